package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.Arrays;
import java.util.List;
import org.theano4j.graph.Constant;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/** Static (build-time) shape reasoning shared by the ops. */
final class StaticShapes {
  private StaticShapes() {}

  /**
   * Right-aligned broadcast of static shapes: a dimension known to be 1 stretches; known
   * sizes that differ fail now, naming both shapes.
   */
  static int[] broadcast(List<Variable> inputs) {
    int n = 0;
    for (Variable v : inputs) {
      n = Math.max(n, v.ndim());
    }
    int[] out = new int[n];
    for (int d = 0; d < n; d++) {
      int known = 1;
      boolean unknown = false;
      for (Variable v : inputs) {
        int k = d - (n - v.ndim());
        if (k < 0) {
          continue;
        }
        int s = v.type().dim(k);
        if (s == UNKNOWN) {
          unknown = true;
        } else if (s != 1) {
          if (known != 1 && known != s) {
            throw new IllegalArgumentException("shapes " + shapes(inputs)
                + " cannot be broadcast together (dimension " + d + ": " + known + " vs " + s
                + ")");
          }
          known = s;
        }
      }
      out[d] = known != 1 ? known : unknown ? UNKNOWN : 1;
    }
    return out;
  }

  static String shapes(List<Variable> inputs) {
    StringBuilder sb = new StringBuilder();
    for (Variable v : inputs) {
      sb.append(sb.length() == 0 ? "" : " and ").append(v.type().shapeString());
    }
    return sb.toString();
  }

  /** The value of a scalar integer constant, or null when not a constant. */
  static Long constantLong(Variable v) {
    if (v instanceof Constant && v.ndim() == 0) {
      return ((Constant) v).value().getLong();
    }
    return null;
  }

  static void requireInteger(Variable v, String what) {
    if (!v.dtype().isInteger()) {
      throw new IllegalArgumentException(what + " must be an integer, got " + v.dtype()
          + (v.name() != null ? " ('" + v.name() + "')" : ""));
    }
  }

  static void requireScalar(Variable v, String what) {
    if (v.ndim() != 0) {
      throw new IllegalArgumentException(what + " must be a scalar, got rank " + v.ndim());
    }
  }

  static int[] dims(TensorType t) {
    return t.shape();
  }

  static String str(int[] s) {
    return Arrays.toString(s);
  }
}
