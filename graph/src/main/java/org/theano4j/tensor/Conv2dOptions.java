package org.theano4j.tensor;

import java.util.Locale;

/**
 * The options of {@code T.conv2d} and its two gradient ops, with Theano's names
 * ({@code theano.tensor.nnet.conv2d}): {@code border_mode} ({@link #borderMode(String)}
 * {@code "valid"}, {@code "full"}, {@code "half"}, or explicit zero padding
 * {@link #borderMode(int, int)}), {@code subsample} (the stride), {@code filter_dilation},
 * {@code num_groups} and {@code filter_flip}. Immutable: each method returns a changed copy,
 * e.g. {@code Conv2dOptions.defaults().borderMode("half").subsample(2, 2)}; a bad value is
 * refused at once with an {@link IllegalArgumentException} naming it.
 *
 * <p>The geometry is defined here once, for every backend: along each spatial axis a filter of
 * {@code k} taps dilated by {@code d} spans {@code (k - 1) d + 1} input positions; the padding
 * is 0 ({@code valid}), {@code (k - 1) d} ({@code full}), {@code ((k - 1) d + 1) / 2}
 * ({@code half}, Theano's {@code dil_kernel // 2}) or the explicit value; the output has
 * {@code (in + 2 pad - ((k - 1) d + 1)) / stride + 1} positions (at least one, or the node is
 * refused).
 *
 * @param borderMode how the padding is chosen
 * @param padH explicit padding of the rows (0 unless {@link BorderMode#EXPLICIT})
 * @param padW explicit padding of the columns (0 unless {@link BorderMode#EXPLICIT})
 * @param subsampleH the stride along the rows (Theano's {@code subsample[0]})
 * @param subsampleW the stride along the columns
 * @param dilationH the filter dilation along the rows (Theano's {@code filter_dilation[0]})
 * @param dilationW the filter dilation along the columns
 * @param numGroups the number of groups (grouped convolution): input and output channels
 *     are split into this many groups, each output group seeing its input group only
 * @param filterFlip true (the default) for a true convolution (the filters flipped, as
 *     Theano's default), false for a cross-correlation
 */
public record Conv2dOptions(BorderMode borderMode, int padH, int padW, int subsampleH,
    int subsampleW, int dilationH, int dilationW, int numGroups, boolean filterFlip) {

  /** Theano's {@code border_mode} values. */
  public enum BorderMode {
    /** No padding: the filter stays inside the input. */
    VALID,
    /** Padding {@code (k - 1) d}: every overlap of filter and input. */
    FULL,
    /** Padding {@code ((k - 1) d + 1) / 2}: the input's size for odd filters and stride 1. */
    HALF,
    /** The padding given by {@link #padH} and {@link #padW}. */
    EXPLICIT
  }

  private static final Conv2dOptions DEFAULTS =
      new Conv2dOptions(BorderMode.VALID, 0, 0, 1, 1, 1, 1, 1, true);

  /** Checks every value (the message names Theano's option and the value). */
  public Conv2dOptions {
    if (borderMode == null) {
      throw new IllegalArgumentException("conv2d: border_mode must not be null");
    }
    if (padH < 0 || padW < 0) {
      throw new IllegalArgumentException("conv2d: border_mode padding must be non-negative, "
          + "got (" + padH + ", " + padW + ")");
    }
    if (borderMode != BorderMode.EXPLICIT && (padH != 0 || padW != 0)) {
      throw new IllegalArgumentException("conv2d: padding (" + padH + ", " + padW
          + ") given with border_mode '" + modeName(borderMode) + "'; explicit padding is "
          + "border_mode (ph, pw)");
    }
    if (subsampleH < 1 || subsampleW < 1) {
      throw new IllegalArgumentException("conv2d: subsample must be at least 1 on each axis, "
          + "got (" + subsampleH + ", " + subsampleW + ")");
    }
    if (dilationH < 1 || dilationW < 1) {
      throw new IllegalArgumentException("conv2d: filter_dilation must be at least 1 on each "
          + "axis, got (" + dilationH + ", " + dilationW + ")");
    }
    if (numGroups < 1) {
      throw new IllegalArgumentException("conv2d: num_groups must be at least 1, got "
          + numGroups);
    }
  }

  /** Theano's defaults: {@code valid}, subsample (1, 1), no dilation, one group, flipped. */
  public static Conv2dOptions defaults() {
    return DEFAULTS;
  }

  /** Theano's {@code border_mode="valid"}, {@code "full"} or {@code "half"}. */
  public Conv2dOptions borderMode(String mode) {
    BorderMode m;
    switch (mode == null ? "" : mode.toLowerCase(Locale.ROOT)) {
      case "valid": m = BorderMode.VALID; break;
      case "full": m = BorderMode.FULL; break;
      case "half": m = BorderMode.HALF; break;
      default:
        throw new IllegalArgumentException("conv2d: border_mode must be 'valid', 'full', "
            + "'half', an int or (int, int), got " + (mode == null ? "null" : "'" + mode + "'"));
    }
    return new Conv2dOptions(m, 0, 0, subsampleH, subsampleW, dilationH, dilationW,
        numGroups, filterFlip);
  }

  /** Theano's {@code border_mode=pad}: {@code pad} zeros on each side of both axes. */
  public Conv2dOptions borderMode(int pad) {
    return borderMode(pad, pad);
  }

  /** Theano's {@code border_mode=(padH, padW)}: explicit zero padding of rows and columns. */
  public Conv2dOptions borderMode(int padRows, int padCols) {
    return new Conv2dOptions(BorderMode.EXPLICIT, padRows, padCols, subsampleH, subsampleW,
        dilationH, dilationW, numGroups, filterFlip);
  }

  /** Theano's {@code subsample=(sh, sw)}: the stride along rows and columns. */
  public Conv2dOptions subsample(int sh, int sw) {
    return new Conv2dOptions(borderMode, padH, padW, sh, sw, dilationH, dilationW, numGroups,
        filterFlip);
  }

  /** Theano's {@code filter_dilation=(dh, dw)}. */
  public Conv2dOptions filterDilation(int dh, int dw) {
    return new Conv2dOptions(borderMode, padH, padW, subsampleH, subsampleW, dh, dw,
        numGroups, filterFlip);
  }

  /** Theano's {@code num_groups}. */
  public Conv2dOptions numGroups(int groups) {
    return new Conv2dOptions(borderMode, padH, padW, subsampleH, subsampleW, dilationH,
        dilationW, groups, filterFlip);
  }

  /** Theano's {@code filter_flip}: false computes a cross-correlation. */
  public Conv2dOptions filterFlip(boolean flip) {
    return new Conv2dOptions(borderMode, padH, padW, subsampleH, subsampleW, dilationH,
        dilationW, numGroups, flip);
  }

  /** The stride along spatial axis {@code axis} (0 rows, 1 columns). */
  public int stride(int axis) {
    return axis == 0 ? subsampleH : subsampleW;
  }

  /** The dilation along spatial axis {@code axis}. */
  public int dilation(int axis) {
    return axis == 0 ? dilationH : dilationW;
  }

  /** The zero padding on each side of spatial axis {@code axis} for a filter of {@code k}. */
  public int pad(int axis, int k) {
    int span = (k - 1) * dilation(axis) + 1;
    switch (borderMode) {
      case FULL: return span - 1;
      case HALF: return span / 2;
      case EXPLICIT: return axis == 0 ? padH : padW;
      default: return 0;
    }
  }

  /**
   * The output length along spatial axis {@code axis} for an input of {@code in} positions and
   * a filter of {@code k} taps.
   *
   * @throws IllegalArgumentException if the output would be empty (the padded input is
   *     shorter than the dilated filter), naming the sizes
   */
  public int outputSize(int axis, int in, int k) {
    int span = (k - 1) * dilation(axis) + 1;
    int padded = in + 2 * pad(axis, k);
    if (k < 1 || padded < span) {
      String name = axis == 0 ? "rows" : "columns";
      throw new IllegalArgumentException("conv2d: the output would have no " + name + ": "
          + name + " " + in + " padded by " + pad(axis, k) + " on each side (" + padded
          + ") is shorter than the filter's " + k + " taps" + (dilation(axis) > 1
          ? " dilated by " + dilation(axis) + " (" + span + ")" : "")
          + " (expected a padded input of at least the filter's extent)");
    }
    return (padded - span) / stride(axis) + 1;
  }

  /** Theano's spelling of these options, e.g. {@code border_mode='half', subsample=(2, 2)}. */
  public String theano() {
    String mode = borderMode == BorderMode.EXPLICIT ? "(" + padH + ", " + padW + ")"
        : "'" + modeName(borderMode) + "'";
    return "border_mode=" + mode + ", subsample=(" + subsampleH + ", " + subsampleW
        + "), filter_flip=" + (filterFlip ? "True" : "False") + ", filter_dilation=("
        + dilationH + ", " + dilationW + "), num_groups=" + numGroups;
  }

  private static String modeName(BorderMode m) {
    return m.name().toLowerCase(Locale.ROOT);
  }
}
