package org.theano4j.cuda.lower;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Constant;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.CudaOpTableTest;
import org.theano4j.tensor.T;

/**
 * The two reduction kernels: the host picks a thread per output element for short reduced
 * lengths (the row sums of an (N, 10) matrix) and a block per output element for long ones;
 * each, forced on every case, equals the JVM backend's result and is deterministic.
 */
class ReduceVariantsTest {
  private static final List<UnaryOperator<Variable>> REDUCTIONS = List.of(
      x -> x.sum(1), x -> x.sum(0), x -> x.max(1), x -> x.min(0), x -> x.mean(1),
      x -> x.prod(1), x -> x.sum(), x -> x.mean(0, 1));

  @Test
  void shortRowsTakeTheThreadKernelAndLongOnesTheBlockKernel() {
    Variable x = T.matrix("x");
    RecordingDevice rowSums = run(x, x.sum(1), data(DType.FLOAT32, 1000, 10, 1)).device;
    assertThat(rowSums.launched).singleElement().asString().endsWith("_reduce_thread");
    RecordingDevice longRows = run(x, x.sum(1), data(DType.FLOAT32, 3, 1000, 2)).device;
    assertThat(longRows.launched).singleElement().asString().endsWith("_reduce");
  }

  @Test
  void bothKernelsEqualTheJvmBackend() {
    int[][] shapes = {{1000, 10}, {7, 300}, {1, 1}, {65, 64}, {64, 65}};
    for (String limit : new String[] {"0", "100000"}) {
      System.setProperty("theano4j.cuda.reduce.threadMax", limit);
      try {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT32}) {
          for (int[] s : shapes) {
            for (int r = 0; r < REDUCTIONS.size(); r++) {
              check(dt, s, r, limit);
            }
          }
        }
      } finally {
        System.clearProperty("theano4j.cuda.reduce.threadMax");
      }
    }
  }

  private static void check(DType dt, int[] shape, int r, String limit) {
    Variable x = T.tensor(dt, 2, "x");
    Variable y = REDUCTIONS.get(r).apply(x);
    NDArray in = data(dt, shape[0], shape[1], r + 31L * shape[0]);
    Run first = run(x, y, in);
    String kernel = "0".equals(limit) ? "_reduce" : "_reduce_thread";
    assertThat(first.device.launched).allMatch(k -> !k.contains("_reduce") || k.endsWith(
        kernel));
    NDArray want = Theano.function(List.of(x), List.of(y)).backend("jvm").build().call(in)
        .get(0);
    String label = "reduction " + r + " of " + dt + " " + shape[0] + "x" + shape[1]
        + " with threadMax " + limit;
    assertThat(first.out.shape()).as(label).isEqualTo(want.shape());
    CudaOpTableTest.compare(label, first.out.toDoubleArray(), want.toDoubleArray(), dt, 4);
    assertThat(run(x, y, in).out.toDoubleArray()).as("%s, run twice", label)
        .isEqualTo(first.out.toDoubleArray());
  }

  private record Run(NDArray out, RecordingDevice device) {}

  /** Lowers the optimised graph of {@code x -> y} and runs it on a recording device. */
  private static Run run(Variable x, Variable y, NDArray in) {
    Function f = Theano.function(List.of(x), List.of(y)).backend("jvm").build();
    List<Variable> roots = f.graph().roots();
    NDArray[] values = new NDArray[roots.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = i == 0 ? in : ((Constant) roots.get(i)).value();
    }
    RecordingDevice d = new RecordingDevice();
    NDArray out = new ProgramRunner(Lowering.lower(f.graph(), "t"), d).run(values)[0];
    return new Run(out, d);
  }

  private static NDArray data(DType dt, int rows, int cols, long seed) {
    Random rnd = new Random(seed);
    double[] v = new double[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = dt.isFloat() ? rnd.nextGaussian() : rnd.nextInt(7) - 3;
    }
    return NDArray.of(v, rows, cols).astype(dt);
  }
}
