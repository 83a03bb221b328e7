package org.theano4j.benchmarks;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * The ops table of issue 14 (docs/performance.md "Ops table against NumPy"): one compiled
 * function per expression on 1000×1000 inputs, float32 and float64, timed per
 * {@code Function.call} (argument checks, interpreter and output allocation included), as
 * {@code benchmarks/scripts/ops_numpy.py} times the same NumPy expressions. The expressions
 * and their names are the ones that script uses; {@code benchmarks/scripts/ops-table.sh} runs
 * both and prints the ratios.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
public class OpTableBenchmark {
  /** Rows and columns of every matrix input. */
  public static final int N = 1000;

  /** {@code float32} or {@code float64}. */
  @Param({"float32", "float64"})
  public String dtype;

  /**
   * The expression: {@code x*2}, {@code x*y}, {@code x-s*y} (s a scalar input), {@code 2*x*s},
   * {@code x*(1-y*y)} (tanh's gradient: one fused group where NumPy makes three passes),
   * {@code tanh(x)}, {@code exp(x)}, {@code expm1(x)}, {@code sigmoid(x)}, {@code softplus(x)},
   * {@code erf(x)}, {@code log(p)}, {@code log1p(p)} (p = |x|, positive), {@code x+w} (w a vector: row broadcast), {@code x+c}
   * (c a column: column broadcast), {@code x.T+y} (a transposed, strided input),
   * {@code sum(x)}, {@code sum(x,0)}, {@code sum(x,1)}, {@code sum(x²)} (one fused pass:
   * {@code FusedReduce}), {@code dot(x,y)}; and {@code alloc}:
   * no function, only {@code NDArray.zeros} of one 1000×1000 output, the allocation every
   * call above with a matrix result includes (NumPy: {@code np.empty}).
   */
  @Param({"mul_const", "mul", "axpy", "mul_const_scalar", "tanh_grad", "tanh", "exp", "expm1",
      "log", "log1p", "sigmoid", "softplus", "erf", "add_row", "add_col", "add_transposed",
      "fused_row", "fused_col", "fused_transposed", "sum",
      "sum_axis0", "sum_axis1", "sum_sqr", "dot", "alloc"})
  public String op;

  /**
   * Whether the functions are compiled with {@code borrowOutputs(true)}: each call then
   * reuses its previous output's buffer instead of allocating one (ops-table.sh: {@code
   * BORROW=true}); false by default, as NumPy's expressions return fresh arrays.
   */
  @Param({"false"})
  public boolean borrowOutputs;

  /**
   * Whether the functions are compiled with {@code fastMath(true)}: float32 transcendentals
   * take the fast-math loops of bounded error (docs/performance.md, "Fast-math float32
   * transcendentals"); off by default, as in the library.
   */
  @Param({"false"})
  public boolean fastMath;

  private Function f;
  private Object[] args;
  private DType allocType;

  @Setup
  public void setUp() {
    DType t = DType.valueOf(dtype.toUpperCase(java.util.Locale.ROOT));
    Random rng = new Random(14);
    NDArray xn = RandomArrays.normal(rng, N, N);
    NDArray xv = xn.astype(t);
    NDArray yv = RandomArrays.normal(rng, N, N).astype(t);
    NDArray pv = RandomArrays.abs(xn).astype(t); // |x|: the logarithms' inputs
    NDArray wv = RandomArrays.normal(rng, N).astype(t);
    NDArray sv = NDArray.scalar(t, 0.75);
    Variable x = T.tensor(t, 2, "x");
    Variable y = T.tensor(t, 2, "y");
    Variable w = T.tensor(t, 1, "w");
    Variable s = T.tensor(t, 0, "s");
    switch (op) {
      case "mul_const" -> compile(List.of(x), x.mul(2), xv);
      case "mul" -> compile(List.of(x, y), T.mul(x, y), xv, yv);
      case "axpy" -> compile(List.of(x, s, y), T.sub(x, T.mul(s, y)), xv, sv, yv);
      case "mul_const_scalar" -> compile(List.of(x, s), T.mul(T.mul(2, x), s), xv, sv);
      case "tanh_grad" -> compile(List.of(x, y), T.mul(x, T.sub(1, T.mul(y, y))), xv, yv);
      case "tanh" -> compile(List.of(x), T.tanh(x), xv);
      case "exp" -> compile(List.of(x), T.exp(x), xv);
      case "expm1" -> compile(List.of(x), T.expm1(x), xv);
      case "log" -> compile(List.of(x), T.log(x), pv);
      case "log1p" -> compile(List.of(x), T.log1p(x), pv);
      case "sigmoid" -> compile(List.of(x), T.sigmoid(x), xv);
      case "softplus" -> compile(List.of(x), T.softplus(x), xv);
      case "erf" -> compile(List.of(x), T.erf(x), xv);
      case "add_row" -> compile(List.of(x, w), T.add(x, w), xv, wv);
      case "add_col" -> compile(List.of(x, w), T.add(x, w.dimshuffle(0, "x")), xv, wv);
      case "add_transposed" -> compile(List.of(x, y), T.add(x.T(), y), xv, yv);
      // one fused group over a broadcast or strided input (NumPy: two passes, a temporary)
      case "fused_row" -> compile(List.of(x, w, y), T.mul(T.add(x, w), y), xv, wv, yv);
      case "fused_col" -> compile(List.of(x, w, y), T.mul(T.add(x, w.dimshuffle(0, "x")), y),
          xv, wv, yv);
      case "fused_transposed" -> compile(List.of(x, y), T.mul(T.add(x.T(), y), y), xv, yv);
      case "sum" -> compile(List.of(x), x.sum(), xv);
      case "sum_axis0" -> compile(List.of(x), x.sum(0), xv);
      case "sum_axis1" -> compile(List.of(x), x.sum(1), xv);
      case "sum_sqr" -> compile(List.of(x), T.sqr(x).sum(), xv);
      case "dot" -> compile(List.of(x, y), T.dot(x, y), xv, yv);
      case "alloc" -> allocType = t;
      default -> throw new IllegalArgumentException("unknown op " + op);
    }
  }

  private void compile(List<Variable> inputs, Variable output, Object... values) {
    f = Theano.function(inputs, List.of(output)).borrowOutputs(borrowOutputs)
        .fastMath(fastMath).build();
    args = values;
  }

  /** One call of the compiled expression. */
  @Benchmark
  public Object call() {
    return allocType != null ? NDArray.zeros(allocType, N, N) : f.call(args);
  }
}
