package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.Arrays;

/**
 * The shapes of one 2-D convolution and their one set of rules, used when a node is built
 * (with {@link org.theano4j.graph.TensorType#UNKNOWN} for sizes not known statically) and by
 * every backend at run time (all sizes known): input {@code (n, c, h, w)}, filters
 * {@code (o, c / groups, kh, kw)}, output {@code (n, o, oh, ow)}, with the padding and output
 * sizes of {@link Conv2dOptions}.
 *
 * <p>The lowering to a matrix product (im2col) is defined here too: for image {@code n} and
 * group {@code g} the column matrix has {@link #k()} rows, one per filter tap
 * {@code (channel of the group, i, j)} in the filters' row-major order, and {@link #p()}
 * columns, one per output position {@code (y, x)}; its element is the input at row
 * {@code y · strideH + i' · dilH − padH}, column {@code x · strideW + j' · dilW − padW} of that
 * channel (zero outside the input), where {@code (i', j')} is {@code (kh − 1 − i, kw − 1 − j)}
 * when the filters are flipped (a true convolution) and {@code (i, j)} otherwise. Then output
 * group {@code g} of image {@code n} is filters of group {@code g} (as an {@code og × k}
 * matrix) times the column matrix.
 */
public record ConvGeometry(int n, int c, int h, int w, int o, int kh, int kw, int groups,
    int padH, int padW, int strideH, int strideW, int dilH, int dilW, int oh, int ow,
    boolean flip) {

  /**
   * The geometry of {@code conv2d(input, filters)}; a size may be {@code UNKNOWN}.
   *
   * @throws IllegalArgumentException for channels that do not match ({@code c} against
   *     {@code filters' c / groups × groups}), groups that do not divide the channels, or an
   *     empty output, naming the shapes
   */
  public static ConvGeometry of(int[] input, int[] filters, Conv2dOptions opt) {
    int g = opt.numGroups();
    int c = input[1];
    int o = filters[0];
    int cg = filters[1];
    if (c != UNKNOWN && c % g != 0) {
      throw new IllegalArgumentException("conv2d: num_groups " + g + " does not divide the "
          + "input's " + c + " channels (input " + shape(input) + ")");
    }
    if (o != UNKNOWN && o % g != 0) {
      throw new IllegalArgumentException("conv2d: num_groups " + g + " does not divide the "
          + "filters' " + o + " output channels (filters " + shape(filters) + ")");
    }
    if (c != UNKNOWN && cg != UNKNOWN && c != cg * g) {
      throw new IllegalArgumentException("conv2d: the input has " + c + " channels but the "
          + "filters expect " + cg + " per group" + (g > 1 ? " x " + g + " groups = "
          + cg * g : "") + " (input " + shape(input) + ", filters " + shape(filters)
          + ": filters are (out, in / num_groups, rows, cols))");
    }
    int kh = filters[2];
    int kw = filters[3];
    int oh = input[2] == UNKNOWN || kh == UNKNOWN ? UNKNOWN
        : opt.outputSize(0, input[2], kh);
    int ow = input[3] == UNKNOWN || kw == UNKNOWN ? UNKNOWN
        : opt.outputSize(1, input[3], kw);
    return new ConvGeometry(input[0], c != UNKNOWN ? c : cg == UNKNOWN ? UNKNOWN : cg * g,
        input[2], input[3], o, kh, kw, g,
        kh == UNKNOWN ? UNKNOWN : opt.pad(0, kh), kw == UNKNOWN ? UNKNOWN : opt.pad(1, kw),
        opt.subsampleH(), opt.subsampleW(), opt.dilationH(), opt.dilationW(), oh, ow,
        opt.filterFlip());
  }

  /**
   * A spatial size given to a gradient op ({@code what}, e.g. {@code the input's rows}) as an
   * int: at least 1.
   *
   * @throws IllegalArgumentException naming {@code op}, {@code what} and the value
   */
  public static int spatialSize(String op, String what, long v) {
    if (v < 1 || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(op + ": " + what + " must be at least 1"
          + (v > 1 ? " and fit an int" : "") + ", got " + v);
    }
    return (int) v;
  }

  /** The output's shape {@code (n, o, oh, ow)}. */
  public int[] outputShape() {
    return new int[] {n, o, oh, ow};
  }

  /** The input's shape {@code (n, c, h, w)}. */
  public int[] inputShape() {
    return new int[] {n, c, h, w};
  }

  /** The filters' shape {@code (o, c / groups, kh, kw)}. */
  public int[] filterShape() {
    return new int[] {o, cg(), kh, kw};
  }

  /** Input channels per group. */
  public int cg() {
    return c == UNKNOWN ? UNKNOWN : c / groups;
  }

  /** Output channels per group. */
  public int og() {
    return o == UNKNOWN ? UNKNOWN : o / groups;
  }

  /** Rows of the column matrix: taps per output channel, {@code cg · kh · kw}. */
  public int k() {
    return cg() * kh * kw;
  }

  /** Columns of the column matrix: output positions per image, {@code oh · ow}. */
  public int p() {
    return oh * ow;
  }

  /**
   * Checks the shape of a gradient of the output (what the two gradient ops take): each known
   * size must be the output's.
   *
   * @throws IllegalArgumentException naming {@code what}, its shape and the expected one
   */
  public void requireOutput(String op, String what, int[] grad) {
    int[] want = outputShape();
    for (int d = 0; d < 4; d++) {
      if (grad[d] != UNKNOWN && want[d] != UNKNOWN && grad[d] != want[d]) {
        throw new IllegalArgumentException(op + ": " + what + " of shape " + shape(grad)
            + " is not the shape of the convolution's output " + shape(want) + " (input "
            + shape(inputShape()) + ", filters " + shape(filterShape()) + "; axis " + d
            + ": " + grad[d] + " vs " + want[d] + ")");
      }
    }
  }

  /**
   * The im2col gather table (all sizes known): for row {@code r} and column {@code q} of the
   * column matrix, entry {@code r · p() + q} is the element's offset in its group's channels
   * of one image, {@code (channel · h + row) · w + column}, or −1 for padding.
   */
  public int[] im2colTable() {
    int p = p();
    int[] t = new int[k() * p];
    int e = 0;
    for (int cl = 0; cl < cg(); cl++) {
      for (int i = 0; i < kh; i++) {
        int dy = (flip ? kh - 1 - i : i) * dilH - padH;
        for (int j = 0; j < kw; j++) {
          int dx = (flip ? kw - 1 - j : j) * dilW - padW;
          for (int y = 0; y < oh; y++) {
            int iy = y * strideH + dy;
            boolean rowIn = iy >= 0 && iy < h;
            for (int x = 0; x < ow; x++) {
              int ix = x * strideW + dx;
              t[e++] = rowIn && ix >= 0 && ix < w ? (cl * h + iy) * w + ix : -1;
            }
          }
        }
      }
    }
    return t;
  }

  static String shape(int[] s) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < s.length; i++) {
      b.append(i > 0 ? ", " : "").append(s[i] == UNKNOWN ? "?" : Integer.toString(s[i]));
    }
    return b.append(')').toString();
  }

  @Override
  public String toString() {
    return "ConvGeometry" + Arrays.toString(new int[] {n, c, h, w, o, kh, kw, groups, padH,
        padW, strideH, strideW, dilH, dilW, oh, ow}) + (flip ? " flipped" : "");
  }
}
