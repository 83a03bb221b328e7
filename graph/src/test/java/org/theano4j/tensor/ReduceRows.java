package org.theano4j.tensor;

import static org.theano4j.tensor.In.x;
import static org.theano4j.tensor.Row.FLOATS;
import static org.theano4j.tensor.Row.row;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.theano4j.ndarray.DType;

/** Op-table rows for reductions, arg-reductions and var/std. */
final class ReduceRows implements RowFamily {
  /** Axes of a reduction of a rank-3 input, with and without keepdims. */
  private static final int[][] AXES_3D = {{}, {0}, {1}, {2}, {0, 2}, {-1}, {1, 0}};

  @Override
  public List<Row> rows() {
    List<Row> t = new ArrayList<>();
    List<DType> numeric = List.of(DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT8);
    List<DType> logical = List.of(DType.BOOL, DType.FLOAT64, DType.INT32);
    // NumPy: integer sums and products are int64, integer means float64, all/any bool.
    t.addAll(reduce("sum", ReduceKind.SUM, numeric, Reference::sum, ReduceRows::sumType,
        In.NORMAL));
    t.addAll(reduce("prod", ReduceKind.PROD, numeric, Reference::prod, ReduceRows::sumType,
        In.dual(r -> 0.6 + 0.8 * r.nextDouble(), In.SMALL_INT)));
    t.addAll(reduce("mean", ReduceKind.MEAN, numeric, Reference::mean,
        d -> Reference.isFloat(d) ? d : DType.FLOAT64, In.NORMAL));
    t.addAll(reduce("max", ReduceKind.MAX, numeric, Reference::max, d -> d, In.NORMAL));
    t.addAll(reduce("min", ReduceKind.MIN, numeric, Reference::min, d -> d, In.NORMAL));
    In.Values mostlyTrue = r -> r.nextInt(8) == 0 ? 0 : 1;
    t.addAll(reduce("all", ReduceKind.ALL, logical, Reference::all, d -> DType.BOOL,
        mostlyTrue));
    t.addAll(reduce("any", ReduceKind.ANY, logical, Reference::any, d -> DType.BOOL,
        r -> r.nextInt(8) == 0 ? 1 : 0));
    t.add(row("sum of a transposed matrix via fluent sum(0)", Reduce.class)
        .dtypes(numeric).build1(a -> a.sum(0))
        .ref1(a -> Reference.reduce(a, new int[] {0}, false, sumType(a.dtype()),
            Reference::sum))
        .with(x(4, 3).transposed()).with(x(5, 2).strided()).with(x(3, 1).bcast()).done());
    for (boolean max : new boolean[] {true, false}) {
      String n = max ? "argmax" : "argmin";
      for (Integer axis : new Integer[] {null, 0, 1, -1}) {
        t.add(row(n + (axis == null ? "" : " axis=" + axis), ArgReduce.class)
            .dtypes(numeric)
            .build1(a -> axis == null ? (max ? T.argmax(a) : T.argmin(a))
                : max ? T.argmax(a, axis) : T.argmin(a, axis))
            .ref1(a -> Reference.argReduce(a, axis == null ? null
                : axis < 0 ? axis + a.ndim() : axis, max))
            .with(x(3, 4).values(In.SMALL_INT)).with(x(4, 3).values(In.SMALL_INT).transposed())
            .with(x(2, 3, 4).values(In.NORMAL).strided()).done());
      }
    }
    for (int[] axes : new int[][] {{}, {0}, {1}, {-1}, {0, 2}}) {
      t.add(row("var axes=" + Arrays.toString(axes), Reduce.class, Scalar.SUB, Scalar.SQR)
          .dtypes(FLOATS).build1(a -> T.var(a, axes))
          .ref1(a -> Reference.reduce(a, axes, false, a.dtype(), Reference::var))
          .with(x(2, 3, 4)).with(x(2, 3, 4).transposed()).done());
      t.add(row("std axes=" + Arrays.toString(axes), Reduce.class, Scalar.SQRT)
          .dtypes(FLOATS).build1(a -> T.std(a, axes))
          .ref1(a -> Reference.reduce(a, axes, false, a.dtype(),
              v -> Math.sqrt(Reference.var(v))))
          .with(x(2, 3, 4).strided()).done());
    }
    return t;
  }

  private static DType sumType(DType d) {
    return Reference.isFloat(d) ? d : DType.INT64;
  }

  private interface TypeRule {
    DType apply(DType in);
  }

  private static List<Row> reduce(String name, ReduceKind kind, List<DType> dts,
      ToDoubleFunction<double[]> f, TypeRule rule, In.Values vals) {
    List<Row> t = new ArrayList<>();
    for (int[] axes : AXES_3D) {
      for (boolean keep : new boolean[] {false, true}) {
        t.add(row(name + " axes=" + Arrays.toString(axes) + (keep ? " keepdims" : ""),
            Reduce.class).dtypes(dts)
            .build1(a -> T.reduce(kind, a, axes, keep))
            .ref1(a -> Reference.reduce(a, axes, keep, rule.apply(a.dtype()), f))
            .with(x(2, 3, 4).values(vals))
            .with(x(2, 3, 4).values(vals).transposed())
            .with(x(3, 2, 4).values(vals).reversed())
            .with(x(2, 1, 4).values(vals).bcast())
            .done());
      }
    }
    return t;
  }
}
