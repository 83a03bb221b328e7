package org.theano4j.rewrite;

import static org.theano4j.rewrite.RewriteFixtures.assertClose;
import static org.theano4j.rewrite.RewriteFixtures.random;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.compile.Mode;
import org.theano4j.compile.UnusedInputPolicy;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.jvm.Kernels;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.DimShuffle;
import org.theano4j.tensor.T;

/**
 * Random well-typed elementwise / reduction / dot graphs (with shared subexpressions and
 * shared-variable updates) must give the same values under FAST_RUN, FAST_COMPILE and DEBUG.
 * Values stay finite by construction (exp only of bounded values, log only of 1 + x²), since
 * DEBUG rejects NaN/Inf.
 */
class DifferentialTest {
  private static final int GRAPHS = 300;

  /** Builds one random graph over fixed-shape inputs: matrices (3,4), vectors (4,), W (4,4). */
  private static final class Gen {
    final Random rnd;
    final DType dt;
    final List<Variable> inputs = new ArrayList<>();
    final List<Variable> pool = new ArrayList<>();
    final Variable a;
    final Variable b;
    final Variable v;
    final Variable w;

    Gen(long seed) {
      rnd = new Random(seed);
      dt = rnd.nextBoolean() ? DType.FLOAT64 : DType.FLOAT32;
      a = in("A", 3, 4);
      b = in("B", 3, 4);
      v = in("v", 4);
      w = in("W", 4, 4);
    }

    Variable in(String name, int... shape) {
      Variable x = T.tensor(dt, shape, name);
      inputs.add(x);
      return x;
    }

    Variable matrix(int depth) {
      if (!pool.isEmpty() && rnd.nextInt(5) == 0) {
        return pool.get(rnd.nextInt(pool.size()));
      }
      Variable r;
      if (depth == 0 || rnd.nextInt(6) == 0) {
        r = rnd.nextBoolean() ? a : b;
      } else {
        r = switch (rnd.nextInt(12)) {
          case 0, 1 -> unary(matrix(depth - 1));
          case 2, 3 -> binary(matrix(depth - 1), matrix(depth - 1));
          case 4 -> binary(matrix(depth - 1), vector(depth - 1));
          case 5 -> T.dot(matrix(depth - 1), w);
          case 6 -> T.dot(matrix(depth - 1), w).add(vector(depth - 1));
          case 7 -> T.log(T.softmax(matrix(depth - 1)));
          case 8 -> matrix(depth - 1).sub(T.mean(matrix(depth - 1), new int[] {1}, true));
          case 9 -> identity(matrix(depth - 1));
          // DimShuffle runs only once the JVM shape kernels are there.
          case 10 -> Kernels.supports(DimShuffle.class)
              ? matrix(depth - 1).dimshuffle(1, 0).dimshuffle(1, 0) : unary(matrix(depth - 1));
          default -> T.dot(matrix(depth - 1), w).mul(scalarConst()).sub(matrix(depth - 1));
        };
      }
      pool.add(r);
      return r;
    }

    Variable vector(int depth) {
      if (depth == 0 || rnd.nextInt(4) == 0) {
        return v;
      }
      return switch (rnd.nextInt(4)) {
        case 0 -> unary(vector(depth - 1));
        case 1 -> T.sum(matrix(depth - 1), 0);
        case 2 -> T.mean(matrix(depth - 1), 0);
        default -> binary(vector(depth - 1), vector(depth - 1));
      };
    }

    Variable unary(Variable x) {
      return switch (rnd.nextInt(9)) {
        case 0 -> x.neg();
        case 1 -> T.exp(T.tanh(x));
        case 2 -> T.tanh(x);
        case 3 -> T.sigmoid(x);
        case 4 -> T.sqr(x);
        case 5 -> T.abs(x);
        case 6 -> T.log(T.add(1.0, T.sqr(x)));
        case 7 -> x.pow(2.0);
        default -> T.log(T.sigmoid(x));
      };
    }

    Variable binary(Variable x, Variable y) {
      return switch (rnd.nextInt(6)) {
        case 0 -> x.add(y);
        case 1 -> x.sub(y);
        case 2 -> x.mul(y);
        case 3 -> T.maximum(x, y);
        case 4 -> x.div(T.add(1.0, T.sqr(y)));
        default -> T.exp(T.tanh(x)).sub(1.0).mul(y);
      };
    }

    Variable identity(Variable x) {
      return switch (rnd.nextInt(3)) {
        case 0 -> x.mul(1.0);
        case 1 -> x.add(0.0);
        default -> x.sub(x).add(x).neg().neg();
      };
    }

    Variable scalarConst() {
      return T.constant(NDArray.scalar(dt, 0.5 + rnd.nextInt(4)));
    }
  }

  @Test
  void fastRunFastCompileAndDebugAgree() {
    for (int g = 0; g < GRAPHS; g++) {
      Gen gen = new Gen(1000 + g);
      List<Variable> outs = new ArrayList<>();
      outs.add(gen.matrix(4));
      if (gen.rnd.nextBoolean()) {
        outs.add(gen.matrix(3).sum());
      }
      SharedVariable s = null;
      NDArray s0 = random(gen.dt, new int[] {3, 4}, gen.rnd);
      Map<SharedVariable, Variable> updates = Map.of();
      if (g % 3 == 0) {
        s = Theano.shared(s0, "S");
        updates = Map.of(s, s.sub(gen.matrix(3).mul(0.1)));
      }
      Object[] args = new Object[gen.inputs.size()];
      for (int i = 0; i < args.length; i++) {
        args[i] = random(gen.dt, gen.inputs.get(i).type().shape(), gen.rnd);
      }
      List<NDArray> want = null;
      NDArray wantS = null;
      for (Mode m : List.of(Mode.DEBUG, Mode.FAST_COMPILE, Mode.FAST_RUN)) {
        if (s != null) {
          s.setValue(s0);
        }
        Function f = Theano.function(gen.inputs, outs).updates(updates).mode(m)
            .onUnusedInput(UnusedInputPolicy.IGNORE).build();
        List<NDArray> got = f.call(args);
        if (want == null) {
          want = got;
          wantS = s == null ? null : s.getValue();
          continue;
        }
        for (int i = 0; i < want.size(); i++) {
          assertClose(got.get(i), want.get(i), "graph " + g + " " + m + " output " + i + ": "
              + GraphText.print(outs));
        }
        if (s != null) {
          assertClose(s.getValue(), wantS, "graph " + g + " " + m + " update");
        }
      }
    }
  }
}
