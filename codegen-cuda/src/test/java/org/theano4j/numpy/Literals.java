package org.theano4j.numpy;

import org.theano4j.ndarray.DType;

/** Numbers as Java source, NumPy source and the exchange format of numpy_eval.py. */
final class Literals {
  private Literals() {}

  /** Java source of a Java number literal ({@code 3}, {@code 0.25}, {@code Double.NaN}). */
  static String java(Object literal) {
    if (literal instanceof Double) {
      return java((Double) literal, DType.FLOAT64);
    }
    return literal.toString();
  }

  static String java(double v, DType d) {
    String box = d == DType.FLOAT32 ? "Float" : "Double";
    if (Double.isNaN(v)) {
      return box + ".NaN";
    }
    if (Double.isInfinite(v)) {
      return (v > 0 ? "" : "-") + box + ".POSITIVE_INFINITY";
    }
    return d == DType.FLOAT32 ? (float) v + "f" : Double.toString(v);
  }

  /** NumPy source: a Python int or float ({@code float('nan')}, {@code -0.0}). */
  static String numpy(Object literal) {
    return literal instanceof Double ? numpy((double) (Double) literal) : literal.toString();
  }

  static String numpy(double v) {
    if (Double.isNaN(v)) {
      return "float('nan')";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "float('inf')" : "-float('inf')";
    }
    return Double.toString(v).replace("E", "e");
  }

  /** The exchange form of a float: exact hexadecimal, or nan / inf / -inf. */
  static String exchange(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return Double.toHexString(v);
  }

  /** Reads what {@link #exchange} or Python's {@code float.hex} wrote. */
  static double parse(String s) {
    switch (s) {
      case "nan": return Double.NaN;
      case "inf": return Double.POSITIVE_INFINITY;
      case "-inf": return Double.NEGATIVE_INFINITY;
      default: return Double.parseDouble(s);
    }
  }
}
