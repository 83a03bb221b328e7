package org.theano4j.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.theano4j.apigen.Api;
import org.theano4j.graph.Variable;

/**
 * Theano's neural-network functions written as graphs of existing ops (so autodiff
 * differentiates them and every backend runs them): the binary cross-entropies and batch
 * normalisation ({@code theano.tensor.nnet.bn}). Their {@code T} functions are generated from
 * the {@code @Api} methods here; see docs/nnet.md.
 */
final class NNet {
  private NNet() {}

  /**
   * Theano's {@code binary_crossentropy(output, target)}:
   * {@code -(target log(output) + (1 - target) log(1 - output))}, elementwise, for
   * probabilities {@code output}; for logits use {@link #sigmoidBinaryCrossentropy}, which is
   * stable where {@code sigmoid} saturates.
   */
  @Api
  static Variable binaryCrossentropy(Variable output, Object target) {
    Variable t = T.asTensor(target, output);
    return T.neg(T.add(T.mul(t, T.log(output)),
        T.mul(T.sub(1, t), T.log(T.sub(1, output)))));
  }

  /**
   * Theano's {@code sigmoid_binary_crossentropy(output, target)}: the binary cross-entropy of
   * {@code sigmoid(logits)}, computed from the logits without rounding them to probabilities:
   * {@code softplus(-x) + x (1 - target)} for {@code x > 0}, {@code softplus(x) - x target}
   * otherwise (the same function, each form free of cancellation on its side), so it is finite
   * and exact for any {@code |x|}; its gradient is {@code sigmoid(x) - target}.
   */
  @Api
  static Variable sigmoidBinaryCrossentropy(Variable logits, Object target) {
    Variable t = T.asTensor(target, logits);
    Variable x = logits;
    return T.where(T.gt(x, 0), T.add(T.softplus(T.neg(x)), T.mul(x, T.sub(1, t))),
        T.sub(T.softplus(x), T.mul(x, t)));
  }

  /** Theano's default {@code epsilon} of the batch-normalisation functions. */
  static final double BN_EPSILON = 1e-4;

  /**
   * Theano's {@code batch_normalization_train(inputs, gamma, beta, axes)} with
   * {@code epsilon} 1e-4: the list (out, mean, invstd), where {@code mean} and
   * {@code invstd = 1 / sqrt(var + epsilon)} are the batch statistics over {@code axes}
   * ({@code "per-activation"}: axis 0; {@code "spatial"}: 0 and 2, 3, ...; or an
   * {@code int[]}) and {@code out = (x - mean) invstd gamma + beta}. {@code gamma} and
   * {@code beta} have {@code x}'s rank with length 1 on the normalised axes, or the rank
   * without them; {@code mean} and {@code invstd} come in the same form.
   */
  @Api
  static List<Variable> batchNormTrain(Variable x, Variable gamma, Variable beta, Object axes) {
    return batchNormTrain(x, gamma, beta, axes, BN_EPSILON, 0.1, null, null);
  }

  /**
   * Theano's {@code batch_normalization_train} with every argument: as
   * {@link #batchNormTrain(Variable, Variable, Variable, Object)}, and when
   * {@code runningMean} and {@code runningVar} are given (both or neither) the list has two
   * more entries, {@code runningMean (1 - f) + mean f} and
   * {@code runningVar (1 - f) + var m / (m - 1) f} ({@code f} the
   * {@code runningAverageFactor}, {@code m} the number of elements each statistic is over:
   * the unbiased variance, as Theano).
   *
   * @throws IllegalArgumentException for an {@code epsilon} below 1e-5 (Theano's bound), bad
   *     axes, or parameters of another shape
   */
  @Api
  static List<Variable> batchNormTrain(Variable x, Variable gamma, Variable beta, Object axes,
      double epsilon, double runningAverageFactor, Variable runningMean, Variable runningVar) {
    int[] ax = bnAxes(x, axes, "batchNormTrain");
    checkEpsilon(epsilon, "batchNormTrain");
    if ((runningMean == null) != (runningVar == null)) {
      throw new IllegalArgumentException("batchNormTrain: give both runningMean and runningVar"
          + " or neither, got " + (runningMean == null ? "only runningVar" : "only runningMean"));
    }
    Params p = new Params(x, ax, "batchNormTrain");
    Variable g = p.expand(gamma, "gamma");
    Variable b = p.expand(beta, "beta");
    Variable mean = T.mean(x, ax, true);
    Variable var = T.mean(T.sqr(T.sub(x, mean)), ax, true);
    Variable invstd = T.trueDiv(1, T.sqrt(T.add(var, epsilon)));
    Variable out = T.add(T.mul(T.sub(x, mean), T.mul(g, invstd)), b);
    List<Variable> res = new ArrayList<>(List.of(out, p.back(mean), p.back(invstd)));
    if (runningMean != null) {
      double f = runningAverageFactor;
      Variable rm = p.expand(runningMean, "runningMean");
      Variable rv = p.expand(runningVar, "runningVar");
      Variable m = T.cast(T.trueDiv(T.cast(T.prod(x.shape()), x.dtype()),
          T.cast(T.prod(mean.shape()), x.dtype())), x.dtype());
      Variable unbiased = T.mul(var, T.trueDiv(m, T.sub(m, 1)));
      res.add(p.back(T.add(T.mul(rm, 1 - f), T.mul(mean, f))));
      res.add(p.back(T.add(T.mul(rv, 1 - f), T.mul(unbiased, f))));
    }
    return res;
  }

  /**
   * Theano's {@code batch_normalization_test(inputs, gamma, beta, mean, var, axes, epsilon)}:
   * {@code (x - mean) gamma / sqrt(var + epsilon) + beta}, the parameters in either form of
   * {@link #batchNormTrain(Variable, Variable, Variable, Object)}.
   */
  @Api
  static Variable batchNormInference(Variable x, Variable gamma, Variable beta, Variable mean,
      Variable var, Object axes, double epsilon) {
    int[] ax = bnAxes(x, axes, "batchNormInference");
    checkEpsilon(epsilon, "batchNormInference");
    Params p = new Params(x, ax, "batchNormInference");
    Variable scale = T.trueDiv(p.expand(gamma, "gamma"),
        T.sqrt(T.add(p.expand(var, "var"), epsilon)));
    return T.add(T.mul(T.sub(x, p.expand(mean, "mean")), scale), p.expand(beta, "beta"));
  }

  private static void checkEpsilon(double epsilon, String fn) {
    if (!(epsilon >= 1e-5)) {
      throw new IllegalArgumentException(fn + ": epsilon must be at least 1e-5, as in Theano, "
          + "got " + epsilon);
    }
  }

  /** The normalised axes: Theano's two names, or explicit ones (sorted, distinct). */
  static int[] bnAxes(Variable x, Object axes, String fn) {
    if (x == null) {
      throw new IllegalArgumentException(fn + ": the input must not be null");
    }
    if ("per-activation".equals(axes)) {
      return new int[] {0};
    }
    if ("spatial".equals(axes)) {
      int[] a = new int[Math.max(1, x.ndim() - 1)];
      for (int i = 1; i < a.length; i++) {
        a[i] = i + 1;
      }
      return a;
    }
    if (axes instanceof int[] a) {
      if (a.length == 0) {
        throw new IllegalArgumentException(fn + ": axes must not be empty");
      }
      try {
        return T.normaliseAxes(x, a).stream().mapToInt(Integer::intValue).sorted().toArray();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(fn + ": " + e.getMessage(), e);
      }
    }
    throw new IllegalArgumentException(fn + ": axes must be \"per-activation\", \"spatial\" or "
        + "an int[], got " + axes);
  }

  /** The two forms a parameter may have, and the conversion between them. */
  private static final class Params {
    private final Variable x;
    private final int[] axes;
    private final String fn;
    private boolean reduced;
    private boolean decided;

    Params(Variable x, int[] axes, String fn) {
      this.x = x;
      this.axes = axes;
      this.fn = fn;
    }

    /** {@code v} in x's rank, broadcastable on the axes. */
    Variable expand(Variable v, String name) {
      if (v == null) {
        throw new IllegalArgumentException(fn + ": " + name + " must not be null");
      }
      boolean isReduced;
      if (v.ndim() == x.ndim() - axes.length && axes.length > 0) {
        isReduced = true;
      } else if (v.ndim() == x.ndim()) {
        for (int a : axes) {
          if (!v.type().isBroadcastable(a)) {
            throw new IllegalArgumentException(fn + ": " + name + " " + v.describe() + " must "
                + "have length 1 (broadcastable) on the normalised axes "
                + Arrays.toString(axes) + ", or leave them out");
          }
        }
        isReduced = false;
      } else {
        throw new IllegalArgumentException(fn + ": " + name + " " + v.describe() + " has rank "
            + v.ndim() + ", expected " + x.ndim() + " (length 1 on the axes "
            + Arrays.toString(axes) + ") or " + (x.ndim() - axes.length) + " (without them)");
      }
      if (!decided) {
        reduced = isReduced;
        decided = true;
      }
      if (!isReduced) {
        return v;
      }
      Object[] pattern = new Object[x.ndim()];
      for (int d = 0, k = 0; d < x.ndim(); d++) {
        pattern[d] = contains(d) ? "x" : (Object) k++;
      }
      return T.dimshuffle(v, pattern);
    }

    /** A statistic (x's rank) in the form gamma was given in. */
    Variable back(Variable stat) {
      if (!reduced) {
        return stat;
      }
      List<Object> keep = new ArrayList<>();
      for (int d = 0; d < x.ndim(); d++) {
        if (!contains(d)) {
          keep.add(d);
        }
      }
      return T.dimshuffle(stat, keep.toArray());
    }

    private boolean contains(int d) {
      return Arrays.stream(axes).anyMatch(a -> a == d);
    }
  }
}
