package org.theano4j.tensor;

import static org.theano4j.tensor.ErrorCase.error;
import static org.theano4j.tensor.GradCase.of;
import static org.theano4j.tensor.In.x;
import static org.theano4j.tensor.Row.row;
import static org.theano4j.tensor.TypeCase.type;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.theano4j.ndarray.DType;

/**
 * Op-table rows for {@code conv2d}, {@code conv2d_grad_wrt_inputs} and
 * {@code conv2d_grad_wrt_weights}, each option on a table of shapes (odd sizes, strides,
 * padding of each border mode, dilation, groups, batch of 1, 1x1 filters, a filter as large
 * as the input), against a direct float64 loop over every term of the convolution written
 * here from Theano's definition (its own padding and output-size rules, independent of
 * {@link Conv2dOptions#pad} and {@link ConvGeometry}); and the gradient checks of all three.
 */
final class ConvRows implements RowFamily {
  private static final Conv2dOptions D = Conv2dOptions.defaults();

  /** One option set and the (input, filters) shapes it is checked at. */
  private record Case(String name, Conv2dOptions o, int[]... shapes) {}

  private static int[] s(int... d) {
    return d;
  }

  private static final List<Case> CASES = List.of(
      new Case("valid", D, s(2, 3, 7, 6), s(4, 3, 3, 2), s(1, 1, 5, 5), s(1, 1, 5, 5),
          s(3, 2, 4, 5), s(5, 2, 1, 1), s(1, 2, 3, 9), s(2, 2, 3, 4)),
      new Case("full", D.borderMode("full"), s(2, 2, 5, 4), s(3, 2, 3, 3), s(1, 1, 1, 1),
          s(2, 1, 2, 3)),
      new Case("half", D.borderMode("half"), s(2, 2, 5, 6), s(3, 2, 3, 3), s(1, 2, 4, 5),
          s(2, 2, 2, 4), s(1, 1, 3, 3), s(1, 1, 5, 5)),
      new Case("padding (1, 2)", D.borderMode(1, 2), s(2, 3, 5, 5), s(2, 3, 3, 3),
          s(1, 1, 2, 3), s(2, 1, 4, 4)),
      new Case("padding 2", D.borderMode(2), s(1, 2, 3, 4), s(3, 2, 2, 2)),
      new Case("subsample (2, 3)", D.subsample(2, 3), s(2, 2, 9, 10), s(3, 2, 3, 2),
          s(1, 1, 8, 8), s(2, 1, 1, 1)),
      new Case("half, subsample (2, 2)", D.borderMode("half").subsample(2, 2), s(2, 3, 7, 8),
          s(2, 3, 3, 3)),
      new Case("full, subsample (3, 2)", D.borderMode("full").subsample(3, 2), s(1, 2, 5, 6),
          s(2, 2, 3, 2)),
      new Case("dilation (2, 1)", D.filterDilation(2, 1), s(1, 2, 9, 7), s(3, 2, 3, 3),
          s(2, 1, 5, 5), s(1, 1, 2, 2)),
      new Case("full, dilation (2, 2)", D.borderMode("full").filterDilation(2, 2),
          s(1, 1, 4, 5), s(2, 1, 2, 3)),
      new Case("half, dilation (2, 3)", D.borderMode("half").filterDilation(2, 3),
          s(2, 2, 6, 7), s(2, 2, 3, 2)),
      new Case("2 groups", D.numGroups(2), s(2, 4, 6, 5), s(6, 2, 3, 3)),
      new Case("3 groups, padding 1, subsample 2", D.numGroups(3).borderMode(1).subsample(2, 2),
          s(1, 6, 7, 7), s(3, 2, 2, 2)),
      new Case("no flip", D.filterFlip(false), s(2, 3, 6, 6), s(2, 3, 3, 3), s(1, 1, 4, 3),
          s(1, 1, 4, 3)),
      new Case("no flip, half, subsample, dilation, groups", D.filterFlip(false)
          .borderMode("half").subsample(2, 2).filterDilation(1, 2).numGroups(2),
          s(2, 4, 7, 9), s(4, 2, 3, 3)));

  @Override
  public List<Row> rows() {
    List<Row> t = new ArrayList<>();
    for (Case c : CASES) {
      Row.Builder conv = row("conv2d " + c.name, Conv2d.class).tol(10)
          .build2((x, w) -> T.conv2d(x, w, c.o)).ref2((x, w) -> conv(x, w, c.o));
      Row.Builder gi = row("conv2d_grad_wrt_inputs " + c.name, Conv2dGradInputs.class).tol(10);
      Row.Builder gw = row("conv2d_grad_wrt_weights " + c.name, Conv2dGradWeights.class)
          .tol(10);
      List<List<In>> giVariants = new ArrayList<>();
      List<List<In>> gwVariants = new ArrayList<>();
      for (int k = 0; k < c.shapes.length; k += 2) {
        int[] xs = c.shapes[k];
        int[] ws = c.shapes[k + 1];
        int[] ys = outShape(xs, ws, c.o);
        conv.with(x(xs), x(ws));
        giVariants.add(List.of(x(ys), x(ws)));
        gwVariants.add(List.of(x(xs), x(ys)));
        if (k == 0) {
          // non-contiguous arguments and fully known static shapes
          conv.with(x(xs).strided(), x(ws).transposed()).with(x(xs).reversed(), x(ws).known())
              .with(x(xs).known(), x(ws).strided());
          giVariants.add(List.of(x(ys).transposed(), x(ws).strided()));
          gwVariants.add(List.of(x(xs).transposed(), x(ys).reversed()));
        }
      }
      int[] x0 = c.shapes[0];
      int[] w0 = c.shapes[1];
      t.add(conv.done());
      t.add(gi.build2((gy, w) -> T.conv2dGradInputs(gy, w, x0, c.o))
          .ref2((gy, w) -> gradInputs(gy, w, x0, c.o)).withEach(giVariants.subList(0, 2))
          .done());
      t.add(gw.build2((x, gy) -> T.conv2dGradWeights(x, gy, w0, c.o))
          .ref2((x, gy) -> gradWeights(x, gy, w0, c.o)).withEach(gwVariants.subList(0, 2))
          .done());
    }
    return t;
  }

  /**
   * float64 (and float32) gradient checks of the three ops under several option
   * combinations, each at the case's first shapes.
   */
  @Override
  public List<GradCase> gradChecks() {
    List<GradCase> g = new ArrayList<>();
    for (String name : List.of("valid", "full", "padding (1, 2)", "half, subsample (2, 2)",
        "dilation (2, 1)", "3 groups, padding 1, subsample 2",
        "no flip, half, subsample, dilation, groups")) {
      Case c = CASES.stream().filter(k -> k.name.equals(name)).findFirst().orElseThrow();
      int[] xs = small(c.shapes[0]);
      int[] ws = c.shapes[1];
      int[] ys = outShape(xs, ws, c.o);
      g.add(of("conv2d " + name, v -> T.conv2d(v.get(0), v.get(1), c.o)).shapes(xs, ws));
      g.add(of("conv2d_grad_wrt_inputs " + name,
          v -> T.conv2dGradInputs(v.get(0), v.get(1), xs, c.o)).shapes(ys, ws));
      g.add(of("conv2d_grad_wrt_weights " + name,
          v -> T.conv2dGradWeights(v.get(0), v.get(1), ws, c.o)).shapes(xs, ys));
    }
    return g;
  }

  /** A batch of one keeps the finite differences cheap. */
  private static int[] small(int[] xs) {
    return new int[] {1, xs[1], xs[2], xs[3]};
  }

  @Override
  public List<ErrorCase> errors() {
    return List.of(
        error("a rank-3 input", () -> T.conv2d(T.dtensor3("x"), T.tensor(DType.FLOAT64, 4, "w")))
            .says("conv2d: input must be a 4-d tensor (batch, channels, rows, cols), got rank 3 "
                + "(?, ?, ?)")
            .inputs("'x' TensorType(float64, (?, ?, ?))", "'w' TensorType(float64, (?, ?, ?, ?))"),
        error("matrix filters", () -> T.conv2d(T.tensor(DType.FLOAT32, 4, "x"), T.fmatrix("w")))
            .says("conv2d: filters must be a 4-d tensor", "got rank 2 (?, ?)"),
        error("an int32 input", () -> T.conv2d(T.tensor(DType.INT32, 4, "x"),
            T.tensor(DType.INT32, 4, "w")))
            .says("conv2d: input must be float32 or float64 (Theano's convolutions are float "
                + "only), got int32; cast it first"),
        error("mixed float32 and float64", () -> T.conv2d(T.tensor(DType.FLOAT32, 4, "x"),
            T.tensor(DType.FLOAT64, 4, "w")))
            .says("conv2d: input and filters must have one dtype, got float32 and float64"),
        error("channels differ", () -> T.conv2d(T.tensor(DType.FLOAT64, s(-1, 3, 8, 8), "x"),
            T.tensor(DType.FLOAT64, s(4, 2, 3, 3), "w")))
            .says("conv2d: the input has 3 channels but the filters expect 2 per group",
                "input (?, 3, 8, 8), filters (4, 2, 3, 3)"),
        error("channels differ with groups", () -> T.conv2d(
            T.tensor(DType.FLOAT64, s(-1, 6, 8, 8), "x"),
            T.tensor(DType.FLOAT64, s(4, 2, 3, 3), "w"), D.numGroups(2)))
            .says("the input has 6 channels but the filters expect 2 per group x 2 groups = 4"),
        error("groups do not divide the channels", () -> T.conv2d(
            T.tensor(DType.FLOAT64, s(-1, 5, 8, 8), "x"), T.tensor(DType.FLOAT64, 4, "w"),
            D.numGroups(2)))
            .says("conv2d: num_groups 2 does not divide the input's 5 channels (input (?, 5, 8, "
                + "8))"),
        error("groups do not divide the output channels", () -> T.conv2d(
            T.tensor(DType.FLOAT64, 4, "x"), T.tensor(DType.FLOAT64, s(3, 2, 3, 3), "w"),
            D.numGroups(2)))
            .says("num_groups 2 does not divide the filters' 3 output channels"),
        error("a filter larger than the input", () -> T.conv2d(
            T.tensor(DType.FLOAT64, s(-1, 1, 4, 6), "x"),
            T.tensor(DType.FLOAT64, s(1, 1, 5, 5), "w")))
            .says("conv2d: the output would have no rows: rows 4 padded by 0 on each side (4) is "
                + "shorter than the filter's 5 taps"),
        error("a dilated filter larger than the input", () -> T.conv2d(
            T.tensor(DType.FLOAT64, s(-1, 1, 6, 4), "x"),
            T.tensor(DType.FLOAT64, s(1, 1, 3, 3), "w"), D.filterDilation(1, 2)))
            .says("the output would have no columns: columns 4 padded by 0 on each side (4) is "
                + "shorter than the filter's 3 taps dilated by 2 (5)"),
        error("a grad of the wrong shape", () -> T.conv2dGradInputs(
            T.tensor(DType.FLOAT64, s(2, 4, 5, 5), "gy"),
            T.tensor(DType.FLOAT64, s(4, 3, 3, 3), "w"), s(2, 3, 8, 7), D))
            .says("conv2d_grad_wrt_inputs: grad of shape (2, 4, 5, 5) is not the shape of the "
                + "convolution's output (2, 4, 6, 5)", "axis 2: 5 vs 6")
            .inputs("'gy' TensorType(float64, (2, 4, 5, 5))",
                "'w' TensorType(float64, (4, 3, 3, 3))", "unnamed Constant TensorType(int64, ())",
                "unnamed Constant TensorType(int64, ())"),
        error("a float spatial size", () -> T.conv2dGradInputs(T.tensor(DType.FLOAT64, 4, "gy"),
            T.tensor(DType.FLOAT64, 4, "w"), Arrays.asList(null, null, T.dscalar("h"), 5), D))
            .says("conv2d_grad_wrt_inputs: the input's rows must be an integer scalar, got "
                + "TensorType(float64, ())"),
        error("a zero spatial size", () -> T.conv2dGradWeights(T.tensor(DType.FLOAT64, 4, "x"),
            T.tensor(DType.FLOAT64, 4, "gy"), s(-1, -1, 0, 3), D))
            .says("conv2d_grad_wrt_weights: the filters' rows must be at least 1, got 0"),
        error("a grad of another batch", () -> T.conv2dGradWeights(
            T.tensor(DType.FLOAT32, s(3, 2, 6, 6), "x"),
            T.tensor(DType.FLOAT32, s(2, 4, 4, 4), "gy"), s(4, 2, 3, 3), D))
            .says("conv2d_grad_wrt_weights: grad of shape (2, 4, 4, 4) is not the shape of the "
                + "convolution's output (3, 4, 4, 4)", "axis 0: 2 vs 3"),
        error("an int grad", () -> T.conv2dGradWeights(T.tensor(DType.FLOAT32, 4, "x"),
            T.tensor(DType.INT64, 4, "gy"), s(1, 1, 3, 3), D))
            .says("conv2d_grad_wrt_weights: grad must be float32 or float64"));
  }

  @Override
  public List<TypeCase> types() {
    return List.of(
        type("valid, known shapes", () -> T.conv2d(T.tensor(DType.FLOAT64, s(2, 3, 7, 6), "x"),
            T.tensor(DType.FLOAT64, s(4, 3, 3, 2), "w")), DType.FLOAT64, 2, 4, 5, 5),
        type("LeNet's first layer, unknown batch", () -> T.conv2d(
            T.tensor(DType.FLOAT32, s(-1, 1, 28, 28), "x"),
            T.tensor(DType.FLOAT32, s(20, 1, 5, 5), "w")), DType.FLOAT32, -1, 20, 24, 24),
        type("half, subsample 2, even filter", () -> T.conv2d(
            T.tensor(DType.FLOAT32, s(1, 2, 7, 8), "x"),
            T.tensor(DType.FLOAT32, s(3, 2, 3, 4), "w"), D.borderMode("half").subsample(2, 2)),
            DType.FLOAT32, 1, 3, 4, 5),
        type("full, dilation 2", () -> T.conv2d(T.tensor(DType.FLOAT64, s(1, 1, 4, 5), "x"),
            T.tensor(DType.FLOAT64, s(2, 1, 2, 3), "w"),
            D.borderMode("full").filterDilation(2, 2)), DType.FLOAT64, 1, 2, 6, 9),
        type("unknown filter size", () -> T.conv2d(T.tensor(DType.FLOAT64, s(2, 3, 7, 6), "x"),
            T.tensor(DType.FLOAT64, s(4, 3, -1, -1), "w")), DType.FLOAT64, 2, 4, -1, -1),
        type("channels from the filters and groups", () -> T.conv2dGradInputs(
            T.tensor(DType.FLOAT64, s(-1, 6, 3, 3), "gy"),
            T.tensor(DType.FLOAT64, s(6, 2, 3, 3), "w"), s(-1, -1, 5, 5), D.numGroups(3)),
            DType.FLOAT64, -1, 6, 5, 5),
        type("a symbolic input size", () -> T.conv2dGradInputs(
            T.tensor(DType.FLOAT32, 4, "gy"), T.tensor(DType.FLOAT32, s(2, 1, 3, 3), "w"),
            Arrays.asList(null, null, T.lscalar("h"), 9), D), DType.FLOAT32, -1, 1, -1, 9),
        type("filters' gradient", () -> T.conv2dGradWeights(
            T.tensor(DType.FLOAT32, s(-1, 4, 9, 9), "x"), T.tensor(DType.FLOAT32, 4, "gy"),
            s(-1, -1, 3, 3), D.numGroups(2)), DType.FLOAT32, -1, 2, 3, 3));
  }

  // ---------------------------------------------------------------- the reference

  /** Theano's padding: valid 0, full (k-1)d, half ((k-1)d+1) div 2, else the given value. */
  private static int pad(Conv2dOptions o, int axis, int k) {
    int d = axis == 0 ? o.dilationH() : o.dilationW();
    switch (o.borderMode()) {
      case FULL: return (k - 1) * d;
      case HALF: return ((k - 1) * d + 1) / 2;
      case EXPLICIT: return axis == 0 ? o.padH() : o.padW();
      default: return 0;
    }
  }

  private static int outSize(Conv2dOptions o, int axis, int in, int k) {
    int d = axis == 0 ? o.dilationH() : o.dilationW();
    int s = axis == 0 ? o.subsampleH() : o.subsampleW();
    return Math.floorDiv(in + 2 * pad(o, axis, k) - (k - 1) * d - 1, s) + 1;
  }

  static int[] outShape(int[] xs, int[] ws, Conv2dOptions o) {
    return new int[] {xs[0], ws[0], outSize(o, 0, xs[2], ws[2]), outSize(o, 1, xs[3], ws[3])};
  }

  /** Receives one term {@code out[oi] += x[xi] * w[wi]} of the convolution. */
  @FunctionalInterface
  private interface Term {
    void add(int xi, int wi, int oi);
  }

  /** Visits every term of {@code conv2d} of these shapes with a direct loop. */
  private static void terms(int[] xs, int[] ws, Conv2dOptions o, Term t) {
    int[] ys = outShape(xs, ws, o);
    int og = ws[0] / o.numGroups();
    int kh = ws[2];
    int kw = ws[3];
    for (int n = 0; n < xs[0]; n++) {
      for (int oc = 0; oc < ws[0]; oc++) {
        int group = oc / og;
        for (int y = 0; y < ys[2]; y++) {
          for (int xo = 0; xo < ys[3]; xo++) {
            int oi = ((n * ys[1] + oc) * ys[2] + y) * ys[3] + xo;
            for (int cl = 0; cl < ws[1]; cl++) {
              int c = group * ws[1] + cl;
              for (int i = 0; i < kh; i++) {
                int row = y * o.subsampleH() + (o.filterFlip() ? kh - 1 - i : i) * o.dilationH()
                    - pad(o, 0, kh);
                for (int j = 0; j < kw; j++) {
                  int col = xo * o.subsampleW() + (o.filterFlip() ? kw - 1 - j : j)
                      * o.dilationW() - pad(o, 1, kw);
                  if (row >= 0 && row < xs[2] && col >= 0 && col < xs[3]) {
                    t.add(((n * xs[1] + c) * xs[2] + row) * xs[3] + col,
                        ((oc * ws[1] + cl) * kh + i) * kw + j, oi);
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  static RefArray conv(RefArray x, RefArray w, Conv2dOptions o) {
    double[] out = new double[RefArray.size(outShape(x.shape(), w.shape(), o))];
    terms(x.shape(), w.shape(), o, (xi, wi, oi) -> out[oi] += x.data()[xi] * w.data()[wi]);
    return new RefArray(x.dtype(), outShape(x.shape(), w.shape(), o), out);
  }

  static RefArray gradInputs(RefArray gy, RefArray w, int[] xs, Conv2dOptions o) {
    double[] out = new double[RefArray.size(xs)];
    terms(xs, w.shape(), o, (xi, wi, oi) -> out[xi] += gy.data()[oi] * w.data()[wi]);
    return new RefArray(gy.dtype(), xs, out);
  }

  static RefArray gradWeights(RefArray x, RefArray gy, int[] ws, Conv2dOptions o) {
    double[] out = new double[RefArray.size(ws)];
    terms(x.shape(), ws, o, (xi, wi, oi) -> out[wi] += gy.data()[oi] * x.data()[xi]);
    return new RefArray(x.dtype(), ws, out);
  }
}
