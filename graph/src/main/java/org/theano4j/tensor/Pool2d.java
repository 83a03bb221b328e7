package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * The options of {@link T#pool2d(Variable, Pool2d)}, with Theano's {@code pool_2d} names:
 * the window {@code ws} (rows, cols), {@code stride} (default: {@code ws}), {@code pad}
 * (default 0: implicit padding on both sides of each axis), {@code ignoreBorder} (Theano's
 * {@code ignore_border}, default true: a partial window at the end of an axis is dropped) and
 * {@code mode} (default {@link PoolMode#MAX}). Written fluently:
 * {@code Pool2d.ws(3, 3).stride(2, 2).pad(1, 1).mode("average_exc_pad")}.
 *
 * <p>It is also the one place the window geometry is defined, for every backend: output
 * {@link #outSize lengths}, each window's {@link #start}/{@link #end} in input coordinates
 * (padding at negative indices and past the end), and the divisor of the averaging modes.
 * The values are checked when a node is built ({@link #check}), so a bad option names the
 * user's line.
 */
public record Pool2d(int wsRows, int wsCols, int strideRows, int strideCols, int padRows,
    int padCols, boolean ignoreBorder, PoolMode mode) {

  /** Options with window {@code (rows, cols)}, stride = window, no padding, max pooling. */
  public static Pool2d ws(int rows, int cols) {
    return new Pool2d(rows, cols, rows, cols, 0, 0, true, PoolMode.MAX);
  }

  /** The same options with this stride (Theano's {@code stride}). */
  public Pool2d stride(int rows, int cols) {
    return new Pool2d(wsRows, wsCols, rows, cols, padRows, padCols, ignoreBorder, mode);
  }

  /** The same options with this padding on each side (Theano's {@code pad}). */
  public Pool2d pad(int rows, int cols) {
    return new Pool2d(wsRows, wsCols, strideRows, strideCols, rows, cols, ignoreBorder, mode);
  }

  /** The same options with Theano's {@code ignore_border}. */
  public Pool2d ignoreBorder(boolean ignore) {
    return new Pool2d(wsRows, wsCols, strideRows, strideCols, padRows, padCols, ignore, mode);
  }

  /** The same options with this mode. */
  public Pool2d mode(PoolMode m) {
    if (m == null) {
      throw new IllegalArgumentException("pool2d: mode must not be null");
    }
    return new Pool2d(wsRows, wsCols, strideRows, strideCols, padRows, padCols, ignoreBorder,
        m);
  }

  /** The same options with the mode of Theano's name, see {@link PoolMode#of}. */
  public Pool2d mode(String theanoName) {
    return mode(PoolMode.of(theanoName));
  }

  /**
   * Refuses options Theano refuses: a window or stride below 1, negative padding, padding not
   * smaller than the window, padding with {@code ignoreBorder} false.
   */
  void check() {
    if (wsRows < 1 || wsCols < 1) {
      throw new IllegalArgumentException("pool2d: ws must be at least 1 on each axis, got ("
          + wsRows + ", " + wsCols + ")");
    }
    if (strideRows < 1 || strideCols < 1) {
      throw new IllegalArgumentException("pool2d: stride must be at least 1 on each axis, got ("
          + strideRows + ", " + strideCols + ")");
    }
    if (padRows < 0 || padCols < 0) {
      throw new IllegalArgumentException("pool2d: pad must be non-negative, got (" + padRows
          + ", " + padCols + ")");
    }
    if (padRows >= wsRows || padCols >= wsCols) {
      throw new IllegalArgumentException("pool2d: pad (" + padRows + ", " + padCols
          + ") must be smaller than ws (" + wsRows + ", " + wsCols + ") on each axis, as in "
          + "Theano");
    }
    if (!ignoreBorder && (padRows != 0 || padCols != 0)) {
      throw new IllegalArgumentException("pool2d: padding (" + padRows + ", " + padCols
          + ") needs ignoreBorder true, as in Theano (expected pad (0, 0) with ignoreBorder "
          + "false)");
    }
  }

  /**
   * Checks the options and that {@code x} is a float tensor of rank at least 2 (the pooled
   * axes are the last two).
   */
  void checkInput(Variable x, String what) {
    check();
    if (x.ndim() < 2) {
      throw new IllegalArgumentException("pool2d: " + what + " needs rank at least 2 (the "
          + "last two axes are pooled), got rank " + x.ndim() + " " + x.type().shapeString());
    }
    if (!x.dtype().isFloat()) {
      throw new IllegalArgumentException("pool2d: " + what + " must be float32 or float64, got "
          + x.dtype());
    }
  }

  /** The static type of the pooled output of {@code x}. */
  TensorType pooledType(Variable x) {
    int[] s = x.type().shape();
    int n = s.length;
    for (int a = 0; a < 2; a++) {
      s[n - 2 + a] = s[n - 2 + a] == UNKNOWN ? UNKNOWN : outSize(s[n - 2 + a], a);
    }
    return new TensorType(x.dtype(), s);
  }

  /** The run-time shape of the pooled output of an input of {@code shape}. */
  public int[] pooledShape(int[] shape) {
    int[] s = shape.clone();
    int n = s.length;
    s[n - 2] = outSize(s[n - 2], 0);
    s[n - 1] = outSize(s[n - 1], 1);
    return s;
  }

  /** The window length along pooled axis {@code axis} (0 rows, 1 cols). */
  public int window(int axis) {
    return axis == 0 ? wsRows : wsCols;
  }

  /** The stride along pooled axis {@code axis}. */
  public int step(int axis) {
    return axis == 0 ? strideRows : strideCols;
  }

  /** The padding along pooled axis {@code axis}. */
  public int padding(int axis) {
    return axis == 0 ? padRows : padCols;
  }

  /**
   * The output length along pooled axis {@code axis} for an input of length {@code n},
   * Theano's formula: with {@code ignoreBorder}, {@code (n + 2 pad - ws) / stride + 1} (0 if
   * negative); without, enough windows to cover every element. An empty axis gives 0.
   */
  public int outSize(int n, int axis) {
    int ws = window(axis);
    int st = step(axis);
    int p = padding(axis);
    if (n == 0) {
      return 0;
    }
    if (ignoreBorder) {
      int span = n + 2 * p - ws;
      return span < 0 ? 0 : span / st + 1;
    }
    return st >= ws ? (n - 1) / st + 1 : Math.max(0, Math.floorDiv(n - 1 - ws + st, st)) + 1;
  }

  /** Where window {@code r} starts along {@code axis}, in input coordinates (negative in the padding). */
  public int start(int r, int axis) {
    return r * step(axis) - padding(axis);
  }

  /**
   * Where window {@code r} ends (exclusive) along {@code axis} of length {@code n}, in input
   * coordinates: clipped to the padded input's end (so past {@code n} only by padding).
   */
  public int end(int r, int n, int axis) {
    return Math.min(start(r, axis) + window(axis), n + padding(axis));
  }

  /** The number of elements of window {@code (r, c)} the mode divides its sum by. */
  public int divisor(int r, int c, int rows, int cols) {
    int r0 = start(r, 0);
    int r1 = end(r, rows, 0);
    int c0 = start(c, 1);
    int c1 = end(c, cols, 1);
    return switch (mode) {
      case MAX, SUM -> 1;
      case AVERAGE_INC_PAD -> (r1 - r0) * (c1 - c0);
      case AVERAGE_EXC_PAD -> (Math.min(r1, rows) - Math.max(r0, 0))
          * (Math.min(c1, cols) - Math.max(c0, 0));
    };
  }

  /** Theano's spelling of the options, e.g. {@code ws=(2, 2), stride=(2, 2), ...}. */
  String describeOptions() {
    return "ws=(" + wsRows + ", " + wsCols + "), stride=(" + strideRows + ", " + strideCols
        + "), pad=(" + padRows + ", " + padCols + "), ignore_border=" + ignoreBorder
        + ", mode='" + mode.theanoName() + "'";
  }
}
