package org.theano4j.jvm;

import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.ScalarMath;

/**
 * Tight loops of the primitive scalar functions over chunks: one switch per chunk, then a
 * plain loop the JIT can vectorise. The switches are expressions without {@code default}, so
 * a new {@link Scalar} does not compile until each lane handles it or lists it as absent. Two lanes: {@code double} for float computations and
 * {@code long} for exact integer/bool ones (stores wrap to the output dtype).
 */
final class ScalarLoops {
  private ScalarLoops() {}

  static void apply(Scalar op, double[][] in, double[] out, int n) {
    double[] a = in[0];
    double[] b = in.length > 1 ? in[1] : null;
    double[] c = in.length > 2 ? in[2] : null;
    boolean known = switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) { out[i] = a[i] + b[i]; } yield true; }
      case SUB -> { for (int i = 0; i < n; i++) { out[i] = a[i] - b[i]; } yield true; }
      case MUL -> { for (int i = 0; i < n; i++) { out[i] = a[i] * b[i]; } yield true; }
      case TRUE_DIV -> { for (int i = 0; i < n; i++) { out[i] = a[i] / b[i]; } yield true; }
      case INT_DIV -> { for (int i = 0; i < n; i++) { out[i] = ScalarMath.floorDiv(a[i], b[i]); } yield true; }
      case MOD -> { for (int i = 0; i < n; i++) { out[i] = ScalarMath.pyMod(a[i], b[i]); } yield true; }
      case POW -> { for (int i = 0; i < n; i++) { out[i] = ScalarMath.pow(a[i], b[i]); } yield true; }
      case MAXIMUM -> { for (int i = 0; i < n; i++) { out[i] = Math.max(a[i], b[i]); } yield true; }
      case MINIMUM -> { for (int i = 0; i < n; i++) { out[i] = Math.min(a[i], b[i]); } yield true; }
      case NEG -> { for (int i = 0; i < n; i++) { out[i] = -a[i]; } yield true; }
      case ABS -> { for (int i = 0; i < n; i++) { out[i] = Math.abs(a[i]); } yield true; }
      case SIGN -> { for (int i = 0; i < n; i++) { out[i] = ScalarMath.sign(a[i]); } yield true; }
      case SQR -> { for (int i = 0; i < n; i++) { out[i] = a[i] * a[i]; } yield true; }
      case RELU -> { for (int i = 0; i < n; i++) { out[i] = Math.max(a[i], 0.0); } yield true; }
      case ROUND -> { for (int i = 0; i < n; i++) { out[i] = Math.rint(a[i]); } yield true; }
      case FLOOR -> { for (int i = 0; i < n; i++) { out[i] = Math.floor(a[i]); } yield true; }
      case CEIL -> { for (int i = 0; i < n; i++) { out[i] = Math.ceil(a[i]); } yield true; }
      case EXP -> { for (int i = 0; i < n; i++) { out[i] = Math.exp(a[i]); } yield true; }
      case LOG -> { for (int i = 0; i < n; i++) { out[i] = Math.log(a[i]); } yield true; }
      case LOG1P -> { for (int i = 0; i < n; i++) { out[i] = Math.log1p(a[i]); } yield true; }
      case EXPM1 -> { for (int i = 0; i < n; i++) { out[i] = Math.expm1(a[i]); } yield true; }
      case SQRT -> { for (int i = 0; i < n; i++) { out[i] = Math.sqrt(a[i]); } yield true; }
      case TANH -> { for (int i = 0; i < n; i++) { out[i] = Math.tanh(a[i]); } yield true; }
      case SIGMOID -> { for (int i = 0; i < n; i++) { out[i] = ScalarMath.sigmoid(a[i]); } yield true; }
      case SOFTPLUS -> { for (int i = 0; i < n; i++) { out[i] = ScalarMath.softplus(a[i]); } yield true; }
      case SIN -> { for (int i = 0; i < n; i++) { out[i] = Math.sin(a[i]); } yield true; }
      case COS -> { for (int i = 0; i < n; i++) { out[i] = Math.cos(a[i]); } yield true; }
      case EQ -> { for (int i = 0; i < n; i++) { out[i] = a[i] == b[i] ? 1 : 0; } yield true; }
      case NEQ -> { for (int i = 0; i < n; i++) { out[i] = a[i] != b[i] ? 1 : 0; } yield true; }
      case LT -> { for (int i = 0; i < n; i++) { out[i] = a[i] < b[i] ? 1 : 0; } yield true; }
      case LE -> { for (int i = 0; i < n; i++) { out[i] = a[i] <= b[i] ? 1 : 0; } yield true; }
      case GT -> { for (int i = 0; i < n; i++) { out[i] = a[i] > b[i] ? 1 : 0; } yield true; }
      case GE -> { for (int i = 0; i < n; i++) { out[i] = a[i] >= b[i] ? 1 : 0; } yield true; }
      case CLIP -> {
        for (int i = 0; i < n; i++) {
          out[i] = ScalarMath.clip(a[i], b[i], c[i]);
        }
        yield true;
      }
      case SWITCH -> { for (int i = 0; i < n; i++) { out[i] = a[i] != 0 ? b[i] : c[i]; } yield true; }
      // Bitwise and logical functions take discrete inputs only (the long lane).
      case AND, OR, XOR, NOT -> false;
    };
    if (!known) {
      throw new UnsupportedOperationException(op.opName() + " has no float implementation");
    }
  }

  static void apply(Scalar op, long[][] in, long[] out, int n, boolean boolResult) {
    long[] a = in[0];
    long[] b = in.length > 1 ? in[1] : null;
    long[] c = in.length > 2 ? in[2] : null;
    boolean known = switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) { out[i] = a[i] + b[i]; } yield true; }
      case SUB -> { for (int i = 0; i < n; i++) { out[i] = a[i] - b[i]; } yield true; }
      case MUL -> { for (int i = 0; i < n; i++) { out[i] = a[i] * b[i]; } yield true; }
      case INT_DIV -> { for (int i = 0; i < n; i++) { out[i] = ScalarMath.floorDiv(a[i], b[i]); } yield true; }
      case MOD -> { for (int i = 0; i < n; i++) { out[i] = ScalarMath.floorMod(a[i], b[i]); } yield true; }
      case POW -> { for (int i = 0; i < n; i++) { out[i] = ScalarMath.ipow(a[i], b[i]); } yield true; }
      case MAXIMUM -> { for (int i = 0; i < n; i++) { out[i] = Math.max(a[i], b[i]); } yield true; }
      case MINIMUM -> { for (int i = 0; i < n; i++) { out[i] = Math.min(a[i], b[i]); } yield true; }
      case NEG -> { for (int i = 0; i < n; i++) { out[i] = -a[i]; } yield true; }
      case ABS -> { for (int i = 0; i < n; i++) { out[i] = Math.abs(a[i]); } yield true; }
      case SIGN -> { for (int i = 0; i < n; i++) { out[i] = Long.signum(a[i]); } yield true; }
      case SQR -> { for (int i = 0; i < n; i++) { out[i] = a[i] * a[i]; } yield true; }
      case RELU -> { for (int i = 0; i < n; i++) { out[i] = Math.max(a[i], 0); } yield true; }
      case ROUND, FLOOR, CEIL -> { System.arraycopy(a, 0, out, 0, n); yield true; }
      case EQ -> { for (int i = 0; i < n; i++) { out[i] = a[i] == b[i] ? 1 : 0; } yield true; }
      case NEQ -> { for (int i = 0; i < n; i++) { out[i] = a[i] != b[i] ? 1 : 0; } yield true; }
      case LT -> { for (int i = 0; i < n; i++) { out[i] = a[i] < b[i] ? 1 : 0; } yield true; }
      case LE -> { for (int i = 0; i < n; i++) { out[i] = a[i] <= b[i] ? 1 : 0; } yield true; }
      case GT -> { for (int i = 0; i < n; i++) { out[i] = a[i] > b[i] ? 1 : 0; } yield true; }
      case GE -> { for (int i = 0; i < n; i++) { out[i] = a[i] >= b[i] ? 1 : 0; } yield true; }
      case AND -> { for (int i = 0; i < n; i++) { out[i] = a[i] & b[i]; } yield true; }
      case OR -> { for (int i = 0; i < n; i++) { out[i] = a[i] | b[i]; } yield true; }
      case XOR -> { for (int i = 0; i < n; i++) { out[i] = a[i] ^ b[i]; } yield true; }
      case NOT -> {
        for (int i = 0; i < n; i++) {
          out[i] = boolResult ? (a[i] == 0 ? 1 : 0) : ~a[i];
        }
        yield true;
      }
      case CLIP -> {
        for (int i = 0; i < n; i++) {
          out[i] = ScalarMath.clip(a[i], b[i], c[i]);
        }
        yield true;
      }
      case SWITCH -> { for (int i = 0; i < n; i++) { out[i] = a[i] != 0 ? b[i] : c[i]; } yield true; }
      // Their results are floats (the double lane).
      case TRUE_DIV, EXP, LOG, LOG1P, EXPM1, SQRT, TANH, SIGMOID, SOFTPLUS, SIN, COS -> false;
    };
    if (!known) {
      throw new UnsupportedOperationException(op.opName() + " has no integer implementation");
    }
  }
}
