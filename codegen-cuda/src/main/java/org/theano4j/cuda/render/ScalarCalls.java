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
    switch (c.fn()) {
      case ADD: return bin(a, "+", b);
      case SUB: return bin(a, "-", b);
      case MUL: return bin(a, "*", b);
      case TRUE_DIV: return bin(a, "/", b);
      case INT_DIV: return f ? fn("t4j_floor_divide", a, b) : fn("t4j_floordiv", a, b);
      case MOD: return f ? fn("t4j_mod", a, b) : fn("t4j_floormod", a, b);
      case POW: return f ? fn("pow", a, b) : fn("t4j_ipow", a, b);
      case MAXIMUM: return fn("t4j_maximum", a, b);
      case MINIMUM: return fn("t4j_minimum", a, b);
      case NEG: return "(-" + a + ")";
      case ABS: return f ? fn("fabs", a) : fn("llabs", a);
      case SIGN: return fn("t4j_sign", a);
      case SQR: return bin(a, "*", a);
      case RELU: return fn("t4j_maximum", a, "(" + t + ") 0");
      case ROUND: return f ? fn("rint", a) : a;
      case FLOOR: return f ? fn("floor", a) : a;
      case CEIL: return f ? fn("ceil", a) : a;
      case EXP: return fn("exp", a);
      case LOG: return fn("log", a);
      case LOG1P: return fn("log1p", a);
      case EXPM1: return fn("expm1", a);
      case SQRT: return fn("sqrt", a);
      case TANH: return fn("tanh", a);
      case SIGMOID: return fn("t4j_sigmoid", a);
      case SOFTPLUS: return fn("t4j_softplus", a);
      case SIN: return fn("sin", a);
      case COS: return fn("cos", a);
      case EQ: return bin(a, "==", b);
      case NEQ: return bin(a, "!=", b);
      case LT: return bin(a, "<", b);
      case LE: return bin(a, "<=", b);
      case GT: return bin(a, ">", b);
      case GE: return bin(a, ">=", b);
      case AND: return bin(a, "&", b);
      case OR: return bin(a, "|", b);
      case XOR: return bin(a, "^", b);
      case NOT: return c.type() == DType.BOOL ? "((long long) (" + a + " == 0))" : "(~" + a + ")";
      case CLIP: return fn("t4j_minimum", fn("t4j_maximum", a, b), x);
      default: return "(" + a + " ? " + b + " : " + x + ")";
    }
  }

  private static String bin(String a, String op, String b) {
    return "(" + a + " " + op + " " + b + ")";
  }

  private static String fn(String name, String... args) {
    return name + "(" + String.join(", ", args) + ")";
  }
}
