package org.theano4j.tensor;

import static org.theano4j.tensor.ErrorCase.error;
import static org.theano4j.tensor.GradCase.of;
import static org.theano4j.tensor.GradCase.s;
import static org.theano4j.tensor.In.x;
import static org.theano4j.tensor.Row.FIXED;
import static org.theano4j.tensor.Row.NUMERIC;
import static org.theano4j.tensor.Row.row;
import static org.theano4j.tensor.TypeCase.type;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.Theano;
import org.theano4j.ndarray.DType;

/**
 * Op-table rows for sort, argsort, eye and diag, with references written as direct float64
 * loops: an insertion sort (stable, NaNs last) per row, and index arithmetic for eye and diag.
 */
final class SortDiagRows implements RowFamily {
  /** Many ties and some NaNs for floats; small integers (many ties) for the others. */
  private static final In.Values TIES_AND_NANS = In.dual(
      r -> r.nextInt(6) == 0 ? Double.NaN : (r.nextInt(7) - 3) / 2.0, In.SMALL_INT);

  @Override
  public List<Row> rows() {
    List<Row> t = new ArrayList<>();
    for (int axis : new int[] {-1, 0, 1}) {
      t.add(row("sort axis " + axis, Sort.class).dtypes(NUMERIC)
          .build1(a -> T.sort(a, axis)).ref1(a -> sortRef(a, axis, false))
          .with(x(3, 5).values(TIES_AND_NANS)).with(x(4, 6).transposed().values(TIES_AND_NANS))
          .with(x(2, 3, 4).strided()).with(x(3, 4).reversed()).with(x(2, 0)).done());
      t.add(row("argsort axis " + axis, ArgSort.class).dtypes(NUMERIC)
          .build1(a -> T.argsort(a, axis)).ref1(a -> sortRef(a, axis, true))
          .with(x(3, 5).values(TIES_AND_NANS)).with(x(4, 6).transposed().values(TIES_AND_NANS))
          .with(x(2, 3, 4).strided()).with(x(3, 4).reversed()).with(x(2, 0))
          .notDifferentiable().done());
    }
    t.add(row("sort of a vector (default axis)", Sort.class).dtypes(NUMERIC).build1(T::sort)
        .ref1(a -> sortRef(a, -1, false)).with(x(9).values(TIES_AND_NANS))
        .with(x(7).reversed()).with(x(1)).done());
    t.add(row("argsort of a vector (default axis)", ArgSort.class).dtypes(NUMERIC)
        .build1(T::argsort).ref1(a -> sortRef(a, -1, true))
        .with(x(9).values(TIES_AND_NANS)).with(x(7).strided()).notDifferentiable().done());
    t.add(row("eye(n)", Eye.class).dtypes(FIXED).build1(T::eye)
        .ref1(n -> eyeRef(n.data()[0], n.data()[0], 0, T.eye(3).dtype()))
        .with(scalar(DType.INT64, 4)).with(scalar(DType.INT32, 1))
        .with(scalar(DType.INT64, 0)).notDifferentiable().done());
    t.add(row("eye(n, m, k)", Eye.class).dtypes(FIXED)
        .build(in -> T.eye(in.get(0), in.get(1), in.get(2), DType.FLOAT64))
        .ref(in -> eyeRef(in.get(0).data()[0], in.get(1).data()[0], in.get(2).data()[0],
            DType.FLOAT64))
        .with(scalar(DType.INT64, 3), scalar(DType.INT64, 5), scalar(DType.INT64, 1))
        .with(scalar(DType.INT64, 5), scalar(DType.INT32, 3), scalar(DType.INT8, -2))
        .with(scalar(DType.INT64, 3), scalar(DType.INT64, 4), scalar(DType.INT64, 7))
        .with(scalar(DType.INT16, 2), scalar(DType.INT64, 0), scalar(DType.INT64, 0)).done());
    t.add(row("sort and argsort of bool and uint8", Sort.class, ArgSort.class)
        .dtypes(DType.BOOL, DType.UINT8)
        .build1(a -> T.add(T.cast(T.sort(a, 0), DType.INT64), T.mul(T.argsort(a, 0), 100)))
        .ref1(a -> sortAndArgsortRef(a, 0)).with(x(6, 2)).with(x(5, 3).transposed()).done());
    for (DType d : List.of(DType.BOOL, DType.INT8, DType.INT64, DType.FLOAT32)) {
      t.add(row("eye(n, m, k) of " + d, Eye.class).dtypes(FIXED)
          .build(in -> T.eye(in.get(0), in.get(1), in.get(2), d))
          .ref(in -> eyeRef(in.get(0).data()[0], in.get(1).data()[0], in.get(2).data()[0], d))
          .with(scalar(DType.INT64, 4), scalar(DType.INT64, 3), scalar(DType.INT64, -1))
          .done());
    }
    t.add(row("diag of bool and uint8", Diag.class).dtypes(DType.BOOL, DType.UINT8)
        .build1(T::diag).ref1(SortDiagRows::diagRef).with(x(4)).with(x(3, 5).transposed())
        .done());
    t.add(row("diag of a vector", Diag.class).dtypes(NUMERIC).build1(T::diag)
        .ref1(SortDiagRows::diagRef).with(x(4)).with(x(5).reversed()).with(x(3).strided())
        .with(x(1).bcast()).with(x(0)).done());
    t.add(row("diag of a matrix", Diag.class).dtypes(NUMERIC).build1(T::diag)
        .ref1(SortDiagRows::diagRef).with(x(4, 4)).with(x(3, 5).transposed())
        .with(x(5, 2).strided()).with(x(2, 6).reversed()).with(x(3, 4).known()).done());
    return t;
  }

  /**
   * The gradients of sort (scattered back through the sorting permutation) and diag; argsort
   * and eye have a zero gradient (their rows say so).
   */
  @Override
  public List<GradCase> gradChecks() {
    List<GradCase> c = new ArrayList<>();
    c.add(of("sort", v -> T.sort(v.get(0))).shapes(s(5)).shapes(s(3, 4)));
    c.add(of("sort axis 0", v -> T.sort(v.get(0), 0)).shapes(s(4, 3)));
    c.add(of("sort axis 1 of a tensor3", v -> T.sort(v.get(0), 1)).shapes(s(2, 4, 3)));
    c.add(of("diag of a vector", v -> T.diag(v.get(0))).shapes(s(4)).shapes(s(1)));
    c.add(of("diag of a matrix", v -> T.diag(v.get(0))).shapes(s(3, 3)).shapes(s(2, 4))
        .shapes(s(5, 3)));
    return c;
  }

  /**
   * Bad input, refused when the node is built with what was expected (an axis out of range is
   * refused by the factories before any node, so {@code SortDiagErrorsTest} checks it).
   */
  @Override
  public List<ErrorCase> errors() {
    return List.of(
        error("sort of a scalar", () -> T.sort(T.scalar("s")))
            .says("sort needs a tensor of rank 1 or more, got a scalar")
            .inputs("'s' TensorType(float32, ())"),
        error("argsort of a scalar", () -> T.argsort(T.scalar("s"), 0))
            .says("argsort needs a tensor of rank 1 or more, got a scalar"),
        error("diag of rank 3", () -> T.diag(T.tensor3("t")))
            .says("diag needs a vector or a matrix, got rank 3"),
        error("eye of a float n", () -> T.eye(2.5)).says("eye n must be an integer"),
        error("eye of a vector m", () -> T.eye(3, T.lvector("m"), 0))
            .says("eye m must be a scalar, got rank 1"),
        error("eye of a negative n", () -> T.eye(-1))
            .says("eye: n is -1; dimensions must be non-negative"));
  }

  /** Static dtypes and shapes. */
  @Override
  public List<TypeCase> types() {
    return List.of(
        type("eye of a number", () -> T.eye(3), Theano.floatX(), 3, 3),
        type("eye with m and k", () -> T.eye(3, 5, 1), Theano.floatX(), 3, 5),
        type("eye of a variable n", () -> T.eye(T.lscalar("n"), 2, 0, DType.INT32),
            DType.INT32, -1, 2),
        type("diag of a known vector",
            () -> T.diag(T.tensor(DType.FLOAT64, new int[] {4}, "v")), DType.FLOAT64, 4, 4),
        type("diag of a known matrix",
            () -> T.diag(T.tensor(DType.FLOAT64, new int[] {3, 5}, "m")), DType.FLOAT64, 3),
        type("argsort", () -> T.argsort(T.imatrix("m")), DType.INT64, -1, -1),
        type("sort", () -> T.sort(T.imatrix("m"), 0), DType.INT32, -1, -1));
  }

  private static In scalar(DType d, double v) {
    return In.of(d).values(In.fixed(v));
  }

  /** True if {@code a} sorts before {@code b}: smaller, NaNs last. */
  private static boolean before(double a, double b) {
    return a < b || !Double.isNaN(a) && Double.isNaN(b);
  }

  /** Sorted values (or int64 indices) along {@code axis}, by a stable insertion sort. */
  static RefArray sortRef(RefArray a, int axis, boolean indices) {
    int[] shape = a.shape();
    int ax = axis < 0 ? axis + shape.length : axis;
    int n = shape[ax];
    double[] out = new double[a.size()];
    for (int flat = 0; flat < a.size(); flat++) {
      int[] idx = RefArray.unravel(flat, shape);
      if (idx[ax] != 0) {
        continue; // each row is handled from its first element
      }
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        int j = i;
        double v = a.data()[at(idx, ax, i, shape)];
        while (j > 0 && before(v, a.data()[at(idx, ax, order[j - 1], shape)])) {
          order[j] = order[j - 1];
          j--;
        }
        order[j] = i;
      }
      for (int i = 0; i < n; i++) {
        out[at(idx, ax, i, shape)] = indices ? order[i] : a.data()[at(idx, ax, order[i], shape)];
      }
    }
    return new RefArray(indices ? DType.INT64 : a.dtype(), shape, out);
  }

  /** {@code sort(a) + 100 * argsort(a)} in int64: both results of one row checked at once. */
  private static RefArray sortAndArgsortRef(RefArray a, int axis) {
    double[] v = sortRef(a, axis, false).data();
    double[] i = sortRef(a, axis, true).data();
    double[] out = new double[v.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = v[k] + 100 * i[k];
    }
    return new RefArray(DType.INT64, a.shape(), out);
  }

  private static int at(int[] idx, int axis, int i, int[] shape) {
    int[] c = idx.clone();
    c[axis] = i;
    return RefArray.ravel(c, shape);
  }

  static RefArray eyeRef(double n, double m, double k, DType dtype) {
    int rows = (int) n;
    int cols = (int) m;
    double[] out = new double[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out[i * cols + j] = j - i == k ? 1 : 0;
      }
    }
    return new RefArray(dtype, new int[] {rows, cols}, out);
  }

  static RefArray diagRef(RefArray a) {
    if (a.ndim() == 1) {
      int n = a.dim(0);
      double[] out = new double[n * n];
      for (int i = 0; i < n; i++) {
        out[i * n + i] = a.data()[i];
      }
      return new RefArray(a.dtype(), new int[] {n, n}, out);
    }
    int n = Math.min(a.dim(0), a.dim(1));
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = a.data()[i * a.dim(1) + i];
    }
    return new RefArray(a.dtype(), new int[] {n}, out);
  }
}
