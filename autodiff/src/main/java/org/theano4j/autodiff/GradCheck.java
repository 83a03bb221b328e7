package org.theano4j.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.theano4j.graph.Graphs;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.compile.UnusedInputPolicy;
import org.theano4j.graph.Apply;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * Checks gradients against finite differences (Theano's {@code verify_grad}).
 *
 * <p>The function's output is projected on a random tensor to give a scalar cost; its
 * analytic gradient (from {@link Grad}) is compared with central differences computed in
 * float64. Tolerances and the step follow the least precise float dtype in the inputs or the
 * graph: float64 checks to 1e-4 (step 1e-7), float32 to 1e-2 (step 1e-3). An element passes
 * when its absolute or its relative error is within tolerance.
 *
 * <pre>{@code
 * GradCheck.verify(xs -> T.tanh(xs.get(0)).mul(xs.get(1)), List.of(a, b));
 * }</pre>
 */
public final class GradCheck {
  private GradCheck() {}

  /** Settings of a check; NaN tolerances or step mean "by dtype". */
  public record Options(long seed, double absTol, double relTol, double eps) {
    public static Options defaults() {
      return new Options(42, Double.NaN, Double.NaN, Double.NaN);
    }

    public Options withSeed(long s) {
      return new Options(s, absTol, relTol, eps);
    }

    public Options withTolerance(double abs, double rel) {
      return new Options(seed, abs, rel, eps);
    }

    public Options withEps(double e) {
      return new Options(seed, absTol, relTol, e);
    }
  }

  /** Checks a function of one tensor at {@code point}. */
  public static void verify(UnaryOperator<Variable> fn, NDArray point) {
    verify(xs -> fn.apply(xs.get(0)), List.of(point), Options.defaults());
  }

  public static void verify(Function<List<Variable>, Variable> fn, List<NDArray> points) {
    verify(fn, points, Options.defaults());
  }

  /**
   * Checks the gradient of {@code fn} with respect to each of its inputs at {@code points}
   * (float arrays, any strides). The inputs given to {@code fn} have the points' dtypes and
   * ranks; dimensions of length 1 are broadcastable, the others unknown.
   *
   * @throws GradientError naming the ops of {@code fn} and showing analytic vs numeric values
   */
  public static void verify(Function<List<Variable>, Variable> fn, List<NDArray> points,
      Options options) {
    List<Variable> ins = inputs(points, null);
    Variable out = fn.apply(ins);
    if (!out.dtype().isFloat()) {
      throw new TheanoException("GradCheck: the function must give a float tensor, got "
          + out.describe());
    }
    NDArray value = compile(ins, List.of(out)).call(points.toArray()).get(0);
    NDArray projection = randomLike(value, new Random(options.seed()));
    Variable cost = project(out, projection);
    List<Variable> grads = Grad.grad(cost, ins,
        GradOptions.defaults().disconnected(DisconnectedPolicy.IGNORE));
    List<NDArray> analytic = compile(ins, grads).call(points.toArray());

    List<Variable> ins64 = inputs(points, DType.FLOAT64);
    Variable cost64 = project(fn.apply(ins64), projection);
    DType precision = leastPrecise(points, cost64);
    double eps = Double.isNaN(options.eps()) ? (precision == DType.FLOAT64 ? 1e-7 : 1e-3)
        : options.eps();
    double tol = precision == DType.FLOAT64 ? 1e-4 : 1e-2;
    double absTol = Double.isNaN(options.absTol()) ? tol : options.absTol();
    double relTol = Double.isNaN(options.relTol()) ? tol : options.relTol();
    org.theano4j.Function f64 = compile(ins64, List.of(cost64));
    NDArray[] base = new NDArray[points.size()];
    for (int i = 0; i < base.length; i++) {
      base[i] = points.get(i).astype(DType.FLOAT64);
    }
    for (int i = 0; i < base.length; i++) {
      double[] numeric = numericGrad(f64, base, i, eps);
      double[] a = analytic.get(i).toDoubleArray();
      compare(out, i, points.get(i), a, numeric, absTol, relTol, eps);
    }
  }

  private static List<Variable> inputs(List<NDArray> points, DType dtype) {
    List<Variable> ins = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      NDArray p = points.get(i);
      if (!p.dtype().isFloat()) {
        throw new TheanoException("GradCheck: point " + i + " must be a float array, got "
            + p.dtype() + " (close over integer arguments as constants)");
      }
      int[] shape = p.shape();
      for (int d = 0; d < shape.length; d++) {
        shape[d] = shape[d] == 1 ? 1 : TensorType.UNKNOWN;
      }
      ins.add(T.tensor(dtype == null ? p.dtype() : dtype, shape, "input" + i));
    }
    return ins;
  }

  private static org.theano4j.Function compile(List<Variable> ins, List<Variable> outs) {
    return Theano.function(ins, outs).onUnusedInput(UnusedInputPolicy.IGNORE).build();
  }

  private static NDArray randomLike(NDArray v, Random rnd) {
    double[] r = new double[v.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = 0.5 + rnd.nextDouble();
    }
    return NDArray.of(r, v.shape());
  }

  /** {@code sum(out * projection)} with the projection in out's dtype. */
  private static Variable project(Variable out, NDArray projection) {
    return T.sum(T.mul(out, T.constant(projection.astype(out.dtype()))));
  }

  private static DType leastPrecise(List<NDArray> points, Variable cost64) {
    boolean low = points.stream().anyMatch(p -> p.dtype() != DType.FLOAT64);
    for (Apply a : Graphs.toposort(List.of(cost64))) {
      for (Variable v : a.inputs()) {
        low |= v.dtype().isFloat() && v.dtype() != DType.FLOAT64;
      }
    }
    return low ? DType.FLOAT32 : DType.FLOAT64;
  }

  private static double[] numericGrad(org.theano4j.Function f, NDArray[] base, int which,
      double eps) {
    NDArray x = base[which];
    double[] g = new double[x.size()];
    for (int k = 0; k < g.length; k++) {
      double v = x.storage().getDouble(k);
      x.storage().setDouble(k, v + eps);
      double plus = f.call((Object[]) base).get(0).getDouble();
      x.storage().setDouble(k, v - eps);
      double minus = f.call((Object[]) base).get(0).getDouble();
      x.storage().setDouble(k, v);
      g[k] = (plus - minus) / (2 * eps);
    }
    return g;
  }

  private static void compare(Variable out, int input, NDArray point, double[] a, double[] n,
      double absTol, double relTol, double eps) {
    int worst = -1;
    double worstRel = -1;
    for (int k = 0; k < a.length; k++) {
      double abs = Math.abs(a[k] - n[k]);
      double rel = abs / Math.max(Math.abs(a[k]) + Math.abs(n[k]), 1e-300);
      boolean ok = abs <= absTol || rel <= relTol;
      if (!ok && rel > worstRel) {
        worst = k;
        worstRel = rel;
      }
    }
    if (worst < 0) {
      return;
    }
    double abs = Math.abs(a[worst] - n[worst]);
    StringBuilder sb = new StringBuilder("GradCheck failed for ").append(ops(out))
        .append(": gradient wrt input ").append(input).append(" (shape ")
        .append(Arrays.toString(point.shape())).append(") at flat index ").append(worst)
        .append(": analytic ").append(a[worst]).append(" vs numeric ").append(n[worst])
        .append(" (abs error ").append(abs).append(", rel error ").append(worstRel)
        .append("; tolerances abs ").append(absTol).append(", rel ").append(relTol)
        .append(", step ").append(eps).append(")");
    if (a.length <= 24) {
      sb.append("\n  analytic: ").append(Arrays.toString(a))
          .append("\n  numeric:  ").append(Arrays.toString(n));
    }
    throw new GradientError(sb.toString(), a[worst], n[worst]);
  }

  /** The distinct ops computing {@code out}, e.g. {@code [Elemwise{tanh}, Sum{axes=[0]}]}. */
  private static String ops(Variable out) {
    Set<String> names = new LinkedHashSet<>();
    for (Apply a : Graphs.toposort(List.of(out))) {
      names.add(a.op().describe());
    }
    return names.isEmpty() ? "the identity" : names.toString();
  }
}
