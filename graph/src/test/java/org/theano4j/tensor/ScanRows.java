package org.theano4j.tensor;

import static org.theano4j.tensor.ErrorCase.error;
import static org.theano4j.tensor.GradCase.of;
import static org.theano4j.tensor.GradCase.s;
import static org.theano4j.tensor.In.x;
import static org.theano4j.tensor.Row.FLOATS;
import static org.theano4j.tensor.Row.row;
import static org.theano4j.tensor.TypeCase.type;

import java.util.Arrays;
import java.util.List;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.scan.Scan;

/**
 * {@code Scan} ({@link ScanOp}): rows against direct float64 loops, its gradient checks, the
 * malformed scans refused when the node is built, and the stacked static type. The rest of its
 * meaning (until, updates, random draws, run-time errors) is in {@code org.theano4j.scan}'s
 * tests and autodiff's {@code ScanGradTest}.
 */
final class ScanRows implements RowFamily {
  /** h_t = tanh(h_{t-1} W + x_t), x (steps, n), h0 (n), W (n, n). */
  private static Variable rnn(List<Variable> v) {
    return Scan.scan(a -> List.of(T.tanh(T.dot(a.get(1), a.get(2)).add(a.get(0)))),
        List.of(v.get(0)), List.of(v.get(1)), List.of(v.get(2))).output(0);
  }

  /** y_t = s[t-1] - s[t+1] + 0.5 y_{t-2} + 0.25 y_{t-1}; init holds [y_-2, y_-1]. */
  private static Variable taps(List<Variable> v) {
    return Scan.scan(a -> List.of(a.get(0).sub(a.get(1)).add(a.get(2).mul(0.5))
            .add(a.get(3).mul(0.25))), List.of(Scan.taps(v.get(0), -1, 1)),
        List.of(Scan.taps(v.get(1), -2, -1)), List.of()).output(0);
  }

  @Override
  public List<Row> rows() {
    return List.of(
        row("scan: tanh recurrence with a non-sequence weight", ScanOp.class).dtypes(FLOATS)
            .build(ScanRows::rnn).ref(ScanRows::rnnRef)
            .with(x(5, 3), x(3), x(3, 3)).with(x(4, 3).strided(), x(3).reversed(),
                x(3, 3).transposed())
            .with(x(1, 2), x(2), x(2, 2)).with(x(3, 1), x(1), x(1, 1))
            .gradCheck(of("scan rnn", ScanRows::rnn).shapes(s(5, 3), s(3), s(3, 3))
                .shapes(s(2, 1), s(1), s(1, 1)))
            .done(),
        row("scan: sequence taps -1, 1 and output taps -2, -1", ScanOp.class).dtypes(FLOATS)
            .build(ScanRows::taps).ref(ScanRows::tapsRef)
            .with(x(6, 2), x(2, 2)).with(x(3, 4).reversed(), x(2, 4).transposed())
            .gradCheck(of("scan taps", ScanRows::taps).shapes(s(6, 2), s(2, 2)))
            .done());
  }

  static RefArray rnnRef(List<RefArray> in) {
    RefArray x = in.get(0);
    int steps = x.dim(0);
    int n = x.dim(1);
    double[] h = in.get(1).data().clone();
    double[] w = in.get(2).data();
    double[] out = new double[steps * n];
    for (int t = 0; t < steps; t++) {
      double[] nh = new double[n];
      for (int j = 0; j < n; j++) {
        double sum = x.data()[t * n + j];
        for (int k = 0; k < n; k++) {
          sum += h[k] * w[k * n + j];
        }
        nh[j] = Math.tanh(sum);
      }
      h = nh;
      System.arraycopy(h, 0, out, t * n, n);
    }
    return new RefArray(x.dtype(), new int[] {steps, n}, out);
  }

  static RefArray tapsRef(List<RefArray> in) {
    RefArray s = in.get(0);
    int n = s.dim(1);
    int steps = s.dim(0) - 2;
    double[] y = new double[(steps + 2) * n];
    System.arraycopy(in.get(1).data(), 0, y, 0, 2 * n);
    for (int t = 0; t < steps; t++) {
      for (int j = 0; j < n; j++) {
        y[(t + 2) * n + j] = s.data()[t * n + j] - s.data()[(t + 2) * n + j]
            + 0.5 * y[t * n + j] + 0.25 * y[(t + 1) * n + j];
      }
    }
    return new RefArray(s.dtype(), new int[] {steps, n}, Arrays.copyOfRange(y, 2 * n,
        y.length));
  }

  /** Malformed scans, refused when the node is built. */
  @Override
  public List<ErrorCase> errors() {
    return List.of(
        error("the step returns two outputs for one entry", () -> Scan.scan(
                a -> List.of(a.get(0), a.get(0)), List.of(T.dvector("x")),
                Arrays.asList((Object) null), List.of()).output(0))
            .says("scan: the step function returned 2 outputs but outputsInfo has 1 entry "
                + "(one per output; null for an output not fed back)"),
        error("an output of another dtype than its initial value", () -> Scan.scan(
                a -> List.of(a.get(0).add(a.get(1))), List.of(T.dmatrix("x")),
                List.of(T.fvector("h0")), List.of()).output(0))
            .says("scan: output 0 of the step function", "has type TensorType(float64, (?,)) "
                + "but its initial value 'h0' TensorType(float32, (?,))",
                "gives the state type TensorType(float32, (?,)) (expected the same dtype, "
                + "rank and known sizes"),
        error("no sequences and no nSteps", () -> Scan.scan(a -> List.of(a.get(0)),
                List.of(), List.of(T.dscalar("h0")), List.of()).output(0))
            .says("scan: no sequences and no nSteps: give the number of steps with "
                + "nSteps(...)"),
        error("a negative nSteps", () -> Scan.scan(a -> List.of(a.get(0)), List.of(),
                List.of(T.dscalar("h0")), List.of(), -1).output(0))
            .says("scan: nSteps is negative (-1)"));
  }

  /** The stacked output: an unknown number of rows, then the step's static shape. */
  @Override
  public List<TypeCase> types() {
    return List.of(
        type("a recurrence over a known-shape state", () -> Scan.scan(
                a -> List.of(a.get(0).mul(2)), List.of(),
                List.of(T.tensor(DType.FLOAT32, new int[] {4, 3}, "h0")), List.of(), 5)
                .output(0), DType.FLOAT32, -1, 4, 3),
        type("an output not fed back", () -> Scan.scan(a -> List.of(a.get(0).sum()),
                List.of(T.lmatrix("x")), Arrays.asList((Object) null), List.of()).output(0),
            DType.INT64, -1));
  }
}
