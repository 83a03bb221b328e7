package org.theano4j.tensor;

import static org.theano4j.tensor.GradCase.of;
import static org.theano4j.tensor.GradCase.s;
import static org.theano4j.tensor.In.x;
import static org.theano4j.tensor.Row.FLOATS;
import static org.theano4j.tensor.Row.row;
import static org.theano4j.tensor.TypeCase.type;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/**
 * Rows for Theano's NN compositions ({@link NNet}): the binary cross-entropies and batch
 * normalisation, each against a float64 recomputation written here from Theano's formulas
 * (batch statistics by explicit loops over the normalised axes).
 */
final class NNetRows implements RowFamily {
  private static final In.Values UNIT = In.UNIT;
  private static final In.Values HUGE = r -> (r.nextBoolean() ? 1 : -1) * (30 + 1000 * r.nextDouble());

  @Override
  public List<Row> rows() {
    List<Row> t = new ArrayList<>();
    t.add(row("binary_crossentropy", Scalar.LOG).dtypes(FLOATS)
        .build2(T::binaryCrossentropy)
        .ref2((o, tg) -> map2(o, tg, (p, y) -> -(y * Math.log(p) + (1 - y) * Math.log(1 - p))))
        .with(x(3, 4).values(UNIT), x(3, 4).values(UNIT))
        .with(x(3, 4).values(UNIT).transposed(), x(1, 4).values(UNIT).bcast()).done());
    t.add(row("sigmoid_binary_crossentropy", Scalar.SOFTPLUS, Scalar.SWITCH).dtypes(FLOATS)
        .build2(T::sigmoidBinaryCrossentropy).ref2((z, tg) -> map2(z, tg, NNetRows::sbce))
        .with(x(3, 4).values(In.WIDE), x(3, 4).values(UNIT))
        .with(x(2, 5).values(In.WIDE).strided(), x(2, 5).values(UNIT).reversed())
        // |logits| from 30 to 1030: finite and exact where sigmoid saturates
        .with(x(4, 3).values(HUGE), x(4, 3).values(UNIT))
        .with(x(6).values(HUGE), x(6).values(In.BOOL)).done());
    // batch normalisation: spatial with params of x's rank, per-activation with reduced ones
    for (int k = 0; k < 3; k++) {
      int output = k;
      String[] names = {"out", "mean", "invstd"};
      t.add(row("batchNormTrain spatial " + names[k], Reduce.class).dtypes(FLOATS)
          .build(v -> T.batchNormTrain(v.get(0), v.get(1), v.get(2), "spatial").get(output))
          .ref(v -> bnTrain(v.get(0), v.get(1), v.get(2), new int[] {0, 2, 3}, 1e-4, 0, null,
              null).get(output))
          .with(x(4, 3, 2, 5), x(1, 3, 1, 1).bcast(), x(1, 3, 1, 1).bcast())
          .with(x(2, 3, 3, 3).transposed(), x(1, 3, 1, 1).bcast(), x(1, 3, 1, 1).bcast())
          .done());
      t.add(row("batchNormTrain per-activation " + names[k], Reduce.class).dtypes(FLOATS)
          .build(v -> T.batchNormTrain(v.get(0), v.get(1), v.get(2), "per-activation")
              .get(output))
          .ref(v -> {
            RefArray r = bnTrain(v.get(0), expand(v.get(1)), expand(v.get(2)), new int[] {0},
                1e-4, 0, null, null).get(output);
            return output == 0 ? r : dropFirst(r);
          })
          .with(x(6, 4), x(4), x(4)).with(x(5, 2, 3).strided(), x(2, 3), x(2, 3)).done());
    }
    for (int k = 3; k < 5; k++) {
      int output = k;
      t.add(row("batchNormTrain running " + (k == 3 ? "mean" : "var"), Reduce.class)
          .dtypes(FLOATS)
          .build(v -> T.batchNormTrain(v.get(0), v.get(1), v.get(2), new int[] {0, 2}, 1e-3,
              0.3, v.get(3), v.get(4)).get(output))
          .ref(v -> bnTrain(v.get(0), v.get(1), v.get(2), new int[] {0, 2}, 1e-3, 0.3,
              v.get(3), v.get(4)).get(output))
          .with(x(5, 3, 4), x(1, 3, 1).bcast(), x(1, 3, 1).bcast(), x(1, 3, 1).bcast(),
              x(1, 3, 1).values(In.POSITIVE).bcast()).done());
    }
    t.add(row("batchNormInference", Scalar.SQRT).dtypes(FLOATS)
        .build(v -> T.batchNormInference(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4),
            "spatial", 1e-3))
        .ref(v -> bnInference(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), 1e-3))
        .with(x(4, 3, 2, 2), x(1, 3, 1, 1).bcast(), x(1, 3, 1, 1).bcast(),
            x(1, 3, 1, 1).bcast(), x(1, 3, 1, 1).values(In.POSITIVE).bcast())
        .done());
    return t;
  }

  @Override
  public List<GradCase> gradChecks() {
    return List.of(
        of("binary_crossentropy", v -> T.binaryCrossentropy(v.get(0), v.get(1)))
            .range(0.1, 0.9, false).shapes(s(3, 4), s(3, 4)),
        of("sigmoid_binary_crossentropy", v -> T.sigmoidBinaryCrossentropy(v.get(0), v.get(1)))
            .range(0.1, 3, true).shapes(s(3, 4), s(3, 4)).shapes(s(5), s()),
        of("batchNormTrain out spatial", v -> T.batchNormTrain(v.get(0), v.get(1), v.get(2),
            "spatial").get(0)).shapes(s(3, 2, 2, 3), s(2), s(2)),
        of("batchNormTrain all outputs per-activation", v -> {
          List<Variable> o = T.batchNormTrain(v.get(0), v.get(1), v.get(2), "per-activation",
              1e-3, 0.2, v.get(3), v.get(4));
          return T.add(T.add(T.sum(o.get(0)), T.sum(T.mul(o.get(1), o.get(2)))),
              T.add(T.sum(T.sqr(o.get(3))), T.sum(T.sqr(o.get(4)))));
        }).shapes(s(4, 3), s(3), s(3), s(3), s(3)),
        of("batchNormInference", v -> T.batchNormInference(v.get(0), v.get(1), v.get(2),
            v.get(3), T.add(T.sqr(v.get(4)), 0.5), new int[] {0}, 1e-4))
            .shapes(s(4, 3), s(3), s(3), s(3), s(3)));
  }

  @Override
  public List<TypeCase> types() {
    return List.of(
        type("spatial mean keeps gamma's form",
            () -> T.batchNormTrain(T.tensor(DType.FLOAT32, new int[] {8, 3, 5, 5}, "x"),
                T.fvector("g"), T.fvector("b"), "spatial").get(1), DType.FLOAT32, 3),
        type("spatial out has x's type",
            () -> T.batchNormTrain(T.tensor(DType.FLOAT32, new int[] {8, 3, 5, 5}, "x"),
                T.fvector("g"), T.fvector("b"), "spatial").get(0), DType.FLOAT32, 8, 3, 5, 5),
        type("binary cross-entropy of float32",
            () -> T.binaryCrossentropy(T.fmatrix("p"), 1.0), DType.FLOAT32, -1, -1));
  }

  // ------------------------------------------------------------------ the references

  private interface D2 {
    double apply(double a, double b);
  }

  /** Elementwise over the broadcast of two arrays of the same rank. */
  private static RefArray map2(RefArray a, RefArray b, D2 f) {
    int[] shape = a.shape();
    for (int d = 0; d < shape.length; d++) {
      shape[d] = Math.max(shape[d], b.dim(d));
    }
    double[] out = new double[RefArray.size(shape)];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.apply(a.data()[bIndex(a, shape, i)], b.data()[bIndex(b, shape, i)]);
    }
    return new RefArray(a.dtype().isFloat() ? a.dtype() : DType.FLOAT64, shape, out);
  }

  /** The flat index into {@code a} of output element {@code i} (a's length-1 dims stretch). */
  private static int bIndex(RefArray a, int[] shape, int i) {
    int idx = 0;
    int stride = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      int c = i % shape[d];
      i /= shape[d];
      idx += (a.dim(d) == 1 ? 0 : c) * stride;
      stride *= a.dim(d);
    }
    return idx;
  }

  /** The standard stable form {@code max(x, 0) - x t + log(1 + exp(-|x|))}. */
  private static double sbce(double x, double t) {
    return Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
  }

  /** A reduced parameter (x's rank without axis 0) with a leading length-1 axis. */
  private static RefArray expand(RefArray p) {
    int[] s = new int[p.ndim() + 1];
    s[0] = 1;
    System.arraycopy(p.shape(), 0, s, 1, p.ndim());
    return new RefArray(p.dtype(), s, p.data());
  }

  /** A statistic of shape (1, ...) in the reduced form (...). */
  private static RefArray dropFirst(RefArray r) {
    int[] s = new int[r.ndim() - 1];
    System.arraycopy(r.shape(), 1, s, 0, s.length);
    return new RefArray(r.dtype(), s, r.data());
  }

  /** out, mean, invstd (and the running averages) by loops over each statistic's elements. */
  static List<RefArray> bnTrain(RefArray x, RefArray gamma, RefArray beta, int[] axes,
      double eps, double f, RefArray rm, RefArray rv) {
    int n = x.ndim();
    int[] statShape = x.shape();
    for (int a : axes) {
      statShape[a] = 1;
    }
    int stats = RefArray.size(statShape);
    double[] sum = new double[stats];
    int[] count = new int[stats];
    for (int i = 0; i < x.size(); i++) {
      int s = statIndex(x.shape(), statShape, i);
      sum[s] += x.data()[i];
      count[s]++;
    }
    double[] mean = new double[stats];
    double[] var = new double[stats];
    for (int s = 0; s < stats; s++) {
      mean[s] = sum[s] / count[s];
    }
    for (int i = 0; i < x.size(); i++) {
      int s = statIndex(x.shape(), statShape, i);
      double d = x.data()[i] - mean[s];
      var[s] += d * d / count[s];
    }
    double[] invstd = new double[stats];
    for (int s = 0; s < stats; s++) {
      invstd[s] = 1 / Math.sqrt(var[s] + eps);
    }
    double[] out = new double[x.size()];
    for (int i = 0; i < x.size(); i++) {
      int s = statIndex(x.shape(), statShape, i);
      out[i] = (x.data()[i] - mean[s]) * invstd[s] * gamma.data()[s] + beta.data()[s];
    }
    DType dt = x.dtype();
    List<RefArray> res = new ArrayList<>(List.of(new RefArray(dt, x.shape(), out),
        new RefArray(dt, statShape, mean), new RefArray(dt, statShape, invstd)));
    if (rm != null) {
      double[] newMean = new double[stats];
      double[] newVar = new double[stats];
      for (int s = 0; s < stats; s++) {
        double m = count[s];
        newMean[s] = rm.data()[s] * (1 - f) + mean[s] * f;
        newVar[s] = rv.data()[s] * (1 - f) + var[s] * m / (m - 1) * f;
      }
      res.add(new RefArray(dt, statShape, newMean));
      res.add(new RefArray(dt, statShape, newVar));
    }
    return res;
  }

  private static int statIndex(int[] shape, int[] statShape, int i) {
    int idx = 0;
    int stride = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      int c = i % shape[d];
      i /= shape[d];
      idx += (statShape[d] == 1 ? 0 : c) * stride;
      stride *= statShape[d];
    }
    return idx;
  }

  static RefArray bnInference(RefArray x, RefArray gamma, RefArray beta, RefArray mean,
      RefArray var, double eps) {
    int[] statShape = gamma.shape();
    double[] out = new double[x.size()];
    for (int i = 0; i < x.size(); i++) {
      int s = statIndex(x.shape(), statShape, i);
      out[i] = (x.data()[i] - mean.data()[s]) * gamma.data()[s]
          / Math.sqrt(var.data()[s] + eps) + beta.data()[s];
    }
    return new RefArray(x.dtype(), x.shape(), out);
  }
}
