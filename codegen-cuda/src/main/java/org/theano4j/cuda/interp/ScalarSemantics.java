package org.theano4j.cuda.interp;

import org.theano4j.ndarray.DType;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.ScalarMath;

/**
 * What each primitive scalar function and conversion means in the IR, in the two lanes the
 * interpreter computes in: {@code double} (float32 results are rounded after every function,
 * as a GPU computing in {@code float} does) and exact {@code long}.
 */
final class ScalarSemantics {
  private ScalarSemantics() {}

  static double apply(Scalar fn, double a, double b, double c) {
    return switch (fn) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case TRUE_DIV -> a / b;
      case INT_DIV -> ScalarMath.floorDiv(a, b);
      case MOD -> ScalarMath.pyMod(a, b);
      case POW -> ScalarMath.pow(a, b);
      case MAXIMUM -> Math.max(a, b);
      case MINIMUM -> Math.min(a, b);
      case NEG -> -a;
      case ABS -> Math.abs(a);
      case SIGN -> ScalarMath.sign(a);
      case SQR -> a * a;
      case RELU -> Math.max(a, 0.0);
      case ROUND -> Math.rint(a);
      case FLOOR -> Math.floor(a);
      case CEIL -> Math.ceil(a);
      case EXP -> Math.exp(a);
      case LOG -> Math.log(a);
      case LOG1P -> Math.log1p(a);
      case EXPM1 -> Math.expm1(a);
      case SQRT -> Math.sqrt(a);
      case TANH -> Math.tanh(a);
      case SIGMOID -> ScalarMath.sigmoid(a);
      case SOFTPLUS -> ScalarMath.softplus(a);
      case SIN -> Math.sin(a);
      case COS -> Math.cos(a);
      case EQ -> a == b ? 1 : 0;
      case NEQ -> a != b ? 1 : 0;
      case LT -> a < b ? 1 : 0;
      case LE -> a <= b ? 1 : 0;
      case GT -> a > b ? 1 : 0;
      case GE -> a >= b ? 1 : 0;
      case CLIP -> ScalarMath.clip(a, b, c);
      case SWITCH -> a != 0 ? b : c;
      case AND, OR, XOR, NOT ->
          throw new IllegalArgumentException(fn.opName() + " has no float form");
    };
  }

  static long apply(Scalar fn, long a, long b, long c, boolean logicalNot) {
    return switch (fn) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case INT_DIV -> ScalarMath.floorDiv(a, b);
      case MOD -> ScalarMath.floorMod(a, b);
      case POW -> ScalarMath.ipow(a, b);
      case MAXIMUM -> Math.max(a, b);
      case MINIMUM -> Math.min(a, b);
      case NEG -> -a;
      case ABS -> Math.abs(a);
      case SIGN -> Long.signum(a);
      case SQR -> a * a;
      case RELU -> Math.max(a, 0);
      case ROUND, FLOOR, CEIL -> a;
      case EQ -> a == b ? 1 : 0;
      case NEQ -> a != b ? 1 : 0;
      case LT -> a < b ? 1 : 0;
      case LE -> a <= b ? 1 : 0;
      case GT -> a > b ? 1 : 0;
      case GE -> a >= b ? 1 : 0;
      case AND -> a & b;
      case OR -> a | b;
      case XOR -> a ^ b;
      case NOT -> logicalNot ? (a == 0 ? 1 : 0) : ~a;
      case CLIP -> ScalarMath.clip(a, b, c);
      case SWITCH -> a != 0 ? b : c;
      case TRUE_DIV, EXP, LOG, LOG1P, EXPM1, SQRT, TANH, SIGMOID, SOFTPLUS, SIN, COS ->
          throw new IllegalArgumentException(fn.opName() + " has no integer form");
    };
  }

  /** A double converted to a discrete dtype: truncation toward zero, then wrapping. */
  static long toDiscrete(double v, DType to) {
    return to == DType.BOOL ? (v != 0 ? 1 : 0) : to.wrap((long) v);
  }

}
