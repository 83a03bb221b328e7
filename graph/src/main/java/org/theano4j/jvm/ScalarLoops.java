package org.theano4j.jvm;

import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.ScalarMath;

/**
 * Tight loops of the primitive scalar functions over chunks: one switch per chunk, then a
 * plain loop the JIT can vectorise. Two lanes: {@code double} for float computations and
 * {@code long} for exact integer/bool ones (stores wrap to the output dtype).
 */
final class ScalarLoops {
  private ScalarLoops() {}

  static void apply(Scalar op, double[][] in, double[] out, int n) {
    double[] a = in[0];
    double[] b = in.length > 1 ? in[1] : null;
    double[] c = in.length > 2 ? in[2] : null;
    switch (op) {
      case ADD: for (int i = 0; i < n; i++) { out[i] = a[i] + b[i]; } return;
      case SUB: for (int i = 0; i < n; i++) { out[i] = a[i] - b[i]; } return;
      case MUL: for (int i = 0; i < n; i++) { out[i] = a[i] * b[i]; } return;
      case TRUE_DIV: for (int i = 0; i < n; i++) { out[i] = a[i] / b[i]; } return;
      case INT_DIV: for (int i = 0; i < n; i++) { out[i] = ScalarMath.floorDiv(a[i], b[i]); } return;
      case MOD: for (int i = 0; i < n; i++) { out[i] = ScalarMath.pyMod(a[i], b[i]); } return;
      case POW: for (int i = 0; i < n; i++) { out[i] = ScalarMath.pow(a[i], b[i]); } return;
      case MAXIMUM: for (int i = 0; i < n; i++) { out[i] = Math.max(a[i], b[i]); } return;
      case MINIMUM: for (int i = 0; i < n; i++) { out[i] = Math.min(a[i], b[i]); } return;
      case NEG: for (int i = 0; i < n; i++) { out[i] = -a[i]; } return;
      case ABS: for (int i = 0; i < n; i++) { out[i] = Math.abs(a[i]); } return;
      case SIGN: for (int i = 0; i < n; i++) { out[i] = ScalarMath.sign(a[i]); } return;
      case SQR: for (int i = 0; i < n; i++) { out[i] = a[i] * a[i]; } return;
      case RELU: for (int i = 0; i < n; i++) { out[i] = Math.max(a[i], 0.0); } return;
      case ROUND: for (int i = 0; i < n; i++) { out[i] = Math.rint(a[i]); } return;
      case FLOOR: for (int i = 0; i < n; i++) { out[i] = Math.floor(a[i]); } return;
      case CEIL: for (int i = 0; i < n; i++) { out[i] = Math.ceil(a[i]); } return;
      case EXP: for (int i = 0; i < n; i++) { out[i] = Math.exp(a[i]); } return;
      case LOG: for (int i = 0; i < n; i++) { out[i] = Math.log(a[i]); } return;
      case LOG1P: for (int i = 0; i < n; i++) { out[i] = Math.log1p(a[i]); } return;
      case EXPM1: for (int i = 0; i < n; i++) { out[i] = Math.expm1(a[i]); } return;
      case SQRT: for (int i = 0; i < n; i++) { out[i] = Math.sqrt(a[i]); } return;
      case TANH: for (int i = 0; i < n; i++) { out[i] = Math.tanh(a[i]); } return;
      case SIGMOID: for (int i = 0; i < n; i++) { out[i] = ScalarMath.sigmoid(a[i]); } return;
      case SOFTPLUS: for (int i = 0; i < n; i++) { out[i] = ScalarMath.softplus(a[i]); } return;
      case SIN: for (int i = 0; i < n; i++) { out[i] = Math.sin(a[i]); } return;
      case COS: for (int i = 0; i < n; i++) { out[i] = Math.cos(a[i]); } return;
      case EQ: for (int i = 0; i < n; i++) { out[i] = a[i] == b[i] ? 1 : 0; } return;
      case NEQ: for (int i = 0; i < n; i++) { out[i] = a[i] != b[i] ? 1 : 0; } return;
      case LT: for (int i = 0; i < n; i++) { out[i] = a[i] < b[i] ? 1 : 0; } return;
      case LE: for (int i = 0; i < n; i++) { out[i] = a[i] <= b[i] ? 1 : 0; } return;
      case GT: for (int i = 0; i < n; i++) { out[i] = a[i] > b[i] ? 1 : 0; } return;
      case GE: for (int i = 0; i < n; i++) { out[i] = a[i] >= b[i] ? 1 : 0; } return;
      case CLIP:
        for (int i = 0; i < n; i++) {
          out[i] = ScalarMath.clip(a[i], b[i], c[i]);
        }
        return;
      case SWITCH: for (int i = 0; i < n; i++) { out[i] = a[i] != 0 ? b[i] : c[i]; } return;
      default:
        throw new UnsupportedOperationException(op.opName() + " has no float implementation");
    }
  }

  static void apply(Scalar op, long[][] in, long[] out, int n, boolean boolResult) {
    long[] a = in[0];
    long[] b = in.length > 1 ? in[1] : null;
    long[] c = in.length > 2 ? in[2] : null;
    switch (op) {
      case ADD: for (int i = 0; i < n; i++) { out[i] = a[i] + b[i]; } return;
      case SUB: for (int i = 0; i < n; i++) { out[i] = a[i] - b[i]; } return;
      case MUL: for (int i = 0; i < n; i++) { out[i] = a[i] * b[i]; } return;
      case INT_DIV: for (int i = 0; i < n; i++) { out[i] = ScalarMath.floorDiv(a[i], b[i]); } return;
      case MOD: for (int i = 0; i < n; i++) { out[i] = ScalarMath.floorMod(a[i], b[i]); } return;
      case POW: for (int i = 0; i < n; i++) { out[i] = ScalarMath.ipow(a[i], b[i]); } return;
      case MAXIMUM: for (int i = 0; i < n; i++) { out[i] = Math.max(a[i], b[i]); } return;
      case MINIMUM: for (int i = 0; i < n; i++) { out[i] = Math.min(a[i], b[i]); } return;
      case NEG: for (int i = 0; i < n; i++) { out[i] = -a[i]; } return;
      case ABS: for (int i = 0; i < n; i++) { out[i] = Math.abs(a[i]); } return;
      case SIGN: for (int i = 0; i < n; i++) { out[i] = Long.signum(a[i]); } return;
      case SQR: for (int i = 0; i < n; i++) { out[i] = a[i] * a[i]; } return;
      case RELU: for (int i = 0; i < n; i++) { out[i] = Math.max(a[i], 0); } return;
      case ROUND:
      case FLOOR:
      case CEIL: System.arraycopy(a, 0, out, 0, n); return;
      case EQ: for (int i = 0; i < n; i++) { out[i] = a[i] == b[i] ? 1 : 0; } return;
      case NEQ: for (int i = 0; i < n; i++) { out[i] = a[i] != b[i] ? 1 : 0; } return;
      case LT: for (int i = 0; i < n; i++) { out[i] = a[i] < b[i] ? 1 : 0; } return;
      case LE: for (int i = 0; i < n; i++) { out[i] = a[i] <= b[i] ? 1 : 0; } return;
      case GT: for (int i = 0; i < n; i++) { out[i] = a[i] > b[i] ? 1 : 0; } return;
      case GE: for (int i = 0; i < n; i++) { out[i] = a[i] >= b[i] ? 1 : 0; } return;
      case AND: for (int i = 0; i < n; i++) { out[i] = a[i] & b[i]; } return;
      case OR: for (int i = 0; i < n; i++) { out[i] = a[i] | b[i]; } return;
      case XOR: for (int i = 0; i < n; i++) { out[i] = a[i] ^ b[i]; } return;
      case NOT:
        for (int i = 0; i < n; i++) {
          out[i] = boolResult ? (a[i] == 0 ? 1 : 0) : ~a[i];
        }
        return;
      case CLIP:
        for (int i = 0; i < n; i++) {
          out[i] = ScalarMath.clip(a[i], b[i], c[i]);
        }
        return;
      case SWITCH: for (int i = 0; i < n; i++) { out[i] = a[i] != 0 ? b[i] : c[i]; } return;
      default:
        throw new UnsupportedOperationException(op.opName() + " has no integer implementation");
    }
  }
}
