package org.theano4j.ndarray;

/** NumPy-like text for arrays; long arrays are summarised with "...". */
final class Formatting {
  private static final int EDGE = 3;
  private static final int SUMMARY_THRESHOLD = 1000;

  private Formatting() {}

  static String format(NDArray a) {
    StringBuilder sb = new StringBuilder("array(");
    boolean summarise = a.size() > SUMMARY_THRESHOLD;
    body(a, new int[a.ndim()], 0, summarise, sb, "      ");
    if (a.dtype() != DType.FLOAT64 && a.dtype() != DType.INT64 && a.dtype() != DType.BOOL) {
      sb.append(", dtype=").append(a.dtype());
    } else if (a.size() == 0) {
      sb.append(", dtype=").append(a.dtype());
    }
    return sb.append(')').toString();
  }

  private static void body(NDArray a, int[] idx, int d, boolean summarise, StringBuilder sb,
      String indent) {
    if (d == a.ndim()) {
      element(a, idx, sb);
      return;
    }
    sb.append('[');
    int n = a.shape(d);
    for (int i = 0; i < n; i++) {
      if (summarise && n > 2 * EDGE && i == EDGE) {
        sb.append("..., ");
        i = n - EDGE;
      }
      idx[d] = i;
      body(a, idx, d + 1, summarise, sb, indent + " ");
      if (i < n - 1) {
        sb.append(',');
        sb.append(d == a.ndim() - 1 ? " " : "\n" + indent + " ");
      }
    }
    sb.append(']');
  }

  private static void element(NDArray a, int[] idx, StringBuilder sb) {
    switch (a.dtype()) {
      case BOOL:
        sb.append(a.getLong(idx) != 0 ? "True" : "False");
        break;
      case FLOAT32: {
        float v = (float) a.getDouble(idx);
        sb.append(v == Math.rint(v) && !Float.isInfinite(v) && Math.abs(v) < 1e16
            ? (long) v + "." : Float.toString(v));
        break;
      }
      case FLOAT64: {
        double v = a.getDouble(idx);
        sb.append(v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e16
            ? (long) v + "." : Double.toString(v));
        break;
      }
      default:
        sb.append(a.getLong(idx));
    }
  }
}
