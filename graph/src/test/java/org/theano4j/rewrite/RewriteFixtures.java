package org.theano4j.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.compile.Mode;
import org.theano4j.compile.UnusedInputPolicy;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/** Helpers shared by the optimiser tests: running phases, random values, mode comparison. */
final class RewriteFixtures {
  private RewriteFixtures() {}

  /** The printed outputs after running {@code phases}. */
  static String rewrite(List<Variable> inputs, List<Variable> outputs, Phase... phases) {
    return GraphText.print(new Rewriter(false).run(List.of(phases), outputs, inputs));
  }

  /** The printed outputs after running the rule alone, as a one-rule phase. */
  static String rewrite(Rule rule, List<Variable> inputs, Variable... outputs) {
    return rewrite(inputs, List.of(outputs), Phase.of("test", rule));
  }

  /** The printed outputs as FAST_RUN leaves them (without the in-place plan). */
  static String fastRun(List<Variable> inputs, Variable... outputs) {
    return rewrite(inputs, List.of(outputs),
        Optimizer.phases(Mode.FAST_RUN).toArray(new Phase[0]));
  }

  static Function compile(Mode mode, List<Variable> inputs, List<Variable> outputs,
      String... excluding) {
    return Theano.function(inputs, outputs).mode(mode).excluding(excluding)
        .onUnusedInput(UnusedInputPolicy.IGNORE).build();
  }

  /** Random values for {@code inputs}: unknown dimensions become {@code defaultDim}. */
  static Object[] randomArgs(List<Variable> inputs, Random rnd, int defaultDim) {
    Object[] args = new Object[inputs.size()];
    for (int i = 0; i < args.length; i++) {
      TensorType t = inputs.get(i).type();
      int[] shape = t.shape();
      for (int d = 0; d < shape.length; d++) {
        shape[d] = shape[d] == TensorType.UNKNOWN ? defaultDim : shape[d];
      }
      args[i] = random(t.dtype(), shape, rnd);
    }
    return args;
  }

  static NDArray random(DType dtype, int[] shape, Random rnd) {
    NDArray a = NDArray.zeros(dtype, shape);
    int n = a.size();
    double[] v = new double[n];
    for (int k = 0; k < n; k++) {
      v[k] = dtype.isFloat() ? rnd.nextGaussian() : rnd.nextInt(7) - 3;
    }
    a.writeDoubles(0, v, 0, n);
    return a;
  }

  /**
   * Asserts that FAST_RUN (and FAST_COMPILE) compute what DEBUG (no rewriting) computes on
   * random inputs, within a tolerance for float32 rounding.
   */
  static void assertSameValues(List<Variable> inputs, List<Variable> outputs, long seed) {
    Object[] args = randomArgs(inputs, new Random(seed), 3);
    List<NDArray> want = compile(Mode.DEBUG, inputs, outputs).call(args);
    for (Mode m : List.of(Mode.FAST_RUN, Mode.FAST_COMPILE)) {
      List<NDArray> got = compile(m, inputs, outputs).call(args);
      for (int i = 0; i < want.size(); i++) {
        assertClose(got.get(i), want.get(i), m + " output " + i);
      }
    }
  }

  static void assertClose(NDArray got, NDArray want, String what) {
    double tol = want.dtype() == DType.FLOAT32 ? 1e-5 : 1e-10;
    assertThat(got.dtype()).as(what).isEqualTo(want.dtype());
    assertThat(got.shape()).as(what).isEqualTo(want.shape());
    assertThat(got.allClose(want, tol, tol)).as(what + ": got " + got + ", want " + want)
        .isTrue();
  }

  static List<Variable> vars(Variable... v) {
    return new ArrayList<>(List.of(v));
  }
}
