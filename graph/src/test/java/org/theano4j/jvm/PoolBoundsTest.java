package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Constant;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.StoragePool;
import org.theano4j.tensor.T;

/**
 * Memory a function keeps between calls is bounded: its buffer pool by bytes, the per-thread
 * kernel scratch by elements.
 */
class PoolBoundsTest {
  /**
   * Runs {@code in} with {@code args} for its inputs and the
   * current values of its shared variables and constants.
   */
  static NDArray[] run(Interpreter in, NDArray... args) {
    FunctionGraph g = in.graph();
    List<Variable> roots = g.roots();
    NDArray[] values = new NDArray[roots.size()];
    System.arraycopy(args, 0, values, 0, args.length);
    for (int i = args.length; i < values.length; i++) {
      Variable r = roots.get(i);
      values[i] = r instanceof SharedVariable ? ((SharedVariable) r).getValue(true)
          : ((Constant) r).value();
    }
    return in.run(values);
  }

  @Test
  void aFunctionCalledWithThreeThousandShapesKeepsAtMostTheBound() {
    Variable x = T.dvector("x");
    // FAST_COMPILE keeps exp, mul, sin and add as separate nodes: at least three of their
    // buffers go back to the pool on every call.
    Variable y = T.exp(x).mul(2).add(T.sin(x)).sum();
    Function f = Theano.function(List.of(x), List.of(y)).mode(Mode.FAST_COMPILE).build();
    Interpreter in = new Interpreter(f.graph(), Mode.FAST_COMPILE, null);
    StoragePool pool = in.pool();
    assertThat(pool.maxBytes()).isEqualTo(StoragePool.DEFAULT_MAX_BYTES);
    long given = 0;
    for (int i = 0; i < 3000; i++) {
      int n = 5000 + 7 * i;
      double[] data = new double[n];
      for (int k = 0; k < n; k++) {
        data[k] = (k % 17) * 0.1 - i * 1e-4;
      }
      double got = run(in, NDArray.of(data, n))[0].getDouble();
      given += 3L * n * 8;
      if (i % 500 == 0) {
        double want = 0;
        for (double v : data) {
          want += 2 * Math.exp(v) + Math.sin(v);
        }
        assertThat(got).isCloseTo(want, offset(1e-9 * n));
      }
      assertThat(pool.pooledBytes()).as("after shape %d", n).isLessThanOrEqualTo(
          pool.maxBytes());
    }
    // Far more than the bound went through the pool, which stays nearly full, not empty.
    assertThat(given).isGreaterThan(4 * pool.maxBytes());
    assertThat(pool.pooledBytes()).isGreaterThan(pool.maxBytes() / 2);
  }

  @Test
  void steadyStateCallsAllocateOnlyTheirOutputs() {
    SharedVariable w = Theano.shared(NDArray.zeros(DType.FLOAT64, 4, 3), "w");
    NDArray data = NDArray.arange(DType.FLOAT64, 0, 24, 1).reshape(6, 4);
    Function f = BufferReuseTest.step(w, data);
    Interpreter in = new Interpreter(f.graph(), f.options().mode(), null);
    for (int i = 0; i < 3; i++) {
      run(in);
    }
    for (int i = 0; i < 10; i++) {
      long before = in.pool().allocations();
      NDArray[] out = run(in);
      // Outputs leave the pool for good; every intermediate comes from it.
      long fresh = Arrays.stream(out)
          .filter(o -> o.storage() != w.getValue(true).storage()).count();
      assertThat(in.pool().allocations() - before).as("call %d", i).isEqualTo(fresh);
    }
  }

  @Test
  void aReductionOverManyRowsLeavesNoLargeScratchOnTheThread() {
    int rows = 200_000;
    Variable m = T.dmatrix("m");
    Function f = Theano.compile(List.of(m), List.of(m.sum(1)));
    double[] data = new double[rows * 2];
    for (int i = 0; i < data.length; i++) {
      data[i] = i % 13;
    }
    double[] got = f.call(NDArray.of(data, rows, 2)).get(0).toDoubleArray();
    for (int r = 0; r < rows; r += 997) {
      assertThat(got[r]).isEqualTo(data[2 * r] + data[2 * r + 1]);
    }
    // The result row buffer (200,000 doubles) was a temporary, not kept by the slot.
    assertThat(Scratch.largestKept()).isLessThanOrEqualTo(Scratch.KEPT_MAX);
  }
}
