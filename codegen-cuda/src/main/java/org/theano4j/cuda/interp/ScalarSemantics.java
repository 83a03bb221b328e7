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
    switch (fn) {
      case ADD: return a + b;
      case SUB: return a - b;
      case MUL: return a * b;
      case TRUE_DIV: return a / b;
      case INT_DIV: return ScalarMath.floorDiv(a, b);
      case MOD: return ScalarMath.pyMod(a, b);
      case POW: return ScalarMath.pow(a, b);
      case MAXIMUM: return Math.max(a, b);
      case MINIMUM: return Math.min(a, b);
      case NEG: return -a;
      case ABS: return Math.abs(a);
      case SIGN: return ScalarMath.sign(a);
      case SQR: return a * a;
      case RELU: return Math.max(a, 0.0);
      case ROUND: return Math.rint(a);
      case FLOOR: return Math.floor(a);
      case CEIL: return Math.ceil(a);
      case EXP: return Math.exp(a);
      case LOG: return Math.log(a);
      case LOG1P: return Math.log1p(a);
      case EXPM1: return Math.expm1(a);
      case SQRT: return Math.sqrt(a);
      case TANH: return Math.tanh(a);
      case SIGMOID: return ScalarMath.sigmoid(a);
      case SOFTPLUS: return ScalarMath.softplus(a);
      case SIN: return Math.sin(a);
      case COS: return Math.cos(a);
      case EQ: return a == b ? 1 : 0;
      case NEQ: return a != b ? 1 : 0;
      case LT: return a < b ? 1 : 0;
      case LE: return a <= b ? 1 : 0;
      case GT: return a > b ? 1 : 0;
      case GE: return a >= b ? 1 : 0;
      case CLIP: return ScalarMath.clip(a, b, c);
      case SWITCH: return a != 0 ? b : c;
      default: throw new IllegalArgumentException(fn.opName() + " has no float form");
    }
  }

  static long apply(Scalar fn, long a, long b, long c, boolean logicalNot) {
    switch (fn) {
      case ADD: return a + b;
      case SUB: return a - b;
      case MUL: return a * b;
      case INT_DIV: return ScalarMath.floorDiv(a, b);
      case MOD: return ScalarMath.floorMod(a, b);
      case POW: return ScalarMath.ipow(a, b);
      case MAXIMUM: return Math.max(a, b);
      case MINIMUM: return Math.min(a, b);
      case NEG: return -a;
      case ABS: return Math.abs(a);
      case SIGN: return Long.signum(a);
      case SQR: return a * a;
      case RELU: return Math.max(a, 0);
      case ROUND:
      case FLOOR:
      case CEIL: return a;
      case EQ: return a == b ? 1 : 0;
      case NEQ: return a != b ? 1 : 0;
      case LT: return a < b ? 1 : 0;
      case LE: return a <= b ? 1 : 0;
      case GT: return a > b ? 1 : 0;
      case GE: return a >= b ? 1 : 0;
      case AND: return a & b;
      case OR: return a | b;
      case XOR: return a ^ b;
      case NOT: return logicalNot ? (a == 0 ? 1 : 0) : ~a;
      case CLIP: return ScalarMath.clip(a, b, c);
      case SWITCH: return a != 0 ? b : c;
      default: throw new IllegalArgumentException(fn.opName() + " has no integer form");
    }
  }

  /** A double converted to a discrete dtype: truncation toward zero, then wrapping. */
  static long toDiscrete(double v, DType to) {
    return to == DType.BOOL ? (v != 0 ? 1 : 0) : to.wrap((long) v);
  }

}
