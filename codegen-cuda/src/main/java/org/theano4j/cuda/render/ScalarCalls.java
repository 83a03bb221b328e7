package org.theano4j.cuda.render;

import java.util.List;
import org.theano4j.cuda.ir.Expr;
import org.theano4j.ndarray.DType;

/** C spellings of the primitive scalar functions, in a float lane or the int64 lane. */
final class ScalarCalls {
  private ScalarCalls() {}

  static String render(Expr.Call c) {
    List<Expr> args = c.args();
    String a = CudaRenderer.expr(args.get(0));
    String b = args.size() > 1 ? CudaRenderer.expr(args.get(1)) : null;
    String x = args.size() > 2 ? CudaRenderer.expr(args.get(2)) : null;
    boolean f = c.lane().isFloat();
    String t = CudaRenderer.type(c.lane());
    return switch (c.fn()) {
      case ADD -> bin(a, "+", b);
      case SUB -> bin(a, "-", b);
      case MUL -> bin(a, "*", b);
      case TRUE_DIV -> bin(a, "/", b);
      case INT_DIV -> f ? fn("t4j_floor_divide", a, b) : fn("t4j_floordiv", a, b);
      case MOD -> f ? fn("t4j_mod", a, b) : fn("t4j_floormod", a, b);
      case POW -> f ? fn("pow", a, b) : fn("t4j_ipow", a, b);
      case MAXIMUM -> fn("t4j_maximum", a, b);
      case MINIMUM -> fn("t4j_minimum", a, b);
      case NEG -> "(-" + a + ")";
      case ABS -> f ? fn("fabs", a) : fn("llabs", a);
      case SIGN -> fn("t4j_sign", a);
      case SQR -> bin(a, "*", a);
      case RELU -> fn("t4j_maximum", a, "(" + t + ") 0");
      case ROUND -> f ? fn("rint", a) : a;
      case FLOOR -> f ? fn("floor", a) : a;
      case CEIL -> f ? fn("ceil", a) : a;
      case EXP -> fn("exp", a);
      case LOG -> fn("log", a);
      case LOG1P -> fn("log1p", a);
      case EXPM1 -> fn("expm1", a);
      case SQRT -> fn("sqrt", a);
      case TANH -> fn("tanh", a);
      case SIGMOID -> fn("t4j_sigmoid", a);
      case SOFTPLUS -> fn("t4j_softplus", a);
      case SIN -> fn("sin", a);
      case COS -> fn("cos", a);
      case EQ -> bin(a, "==", b);
      case NEQ -> bin(a, "!=", b);
      case LT -> bin(a, "<", b);
      case LE -> bin(a, "<=", b);
      case GT -> bin(a, ">", b);
      case GE -> bin(a, ">=", b);
      case AND -> bin(a, "&", b);
      case OR -> bin(a, "|", b);
      case XOR -> bin(a, "^", b);
      case NOT -> c.type() == DType.BOOL ? "((long long) (" + a + " == 0))" : "(~" + a + ")";
      case CLIP -> fn("t4j_minimum", fn("t4j_maximum", a, b), x);
      case SWITCH -> "(" + a + " ? " + b + " : " + x + ")";
    };
  }

  private static String bin(String a, String op, String b) {
    return "(" + a + " " + op + " " + b + ")";
  }

  private static String fn(String name, String... args) {
    return name + "(" + String.join(", ", args) + ")";
  }
}
