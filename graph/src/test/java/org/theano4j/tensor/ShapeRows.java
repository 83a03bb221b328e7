package org.theano4j.tensor;

import static org.theano4j.tensor.In.x;
import static org.theano4j.tensor.Row.FIXED;
import static org.theano4j.tensor.Row.NUMERIC;
import static org.theano4j.tensor.Row.row;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.theano4j.ndarray.DType;

/** Op-table rows for shape ops: reshape, dimshuffle, join/stack, arange, alloc, shape. */
final class ShapeRows implements RowFamily {
  @Override
  public List<Row> rows() {
    List<Row> t = new ArrayList<>();
    int[][] targets = {{6, 4}, {-1}, {4, -1, 3}, {24, 1}, {2, 12}};
    for (int[] s : targets) {
      t.add(row("reshape " + Arrays.toString(s), Reshape.class).dtypes(NUMERIC)
          .build1(a -> a.reshape(Arrays.stream(s).boxed().toArray()))
          .ref1(a -> Reference.reshape(a, s))
          .with(x(2, 3, 4)).with(x(2, 3, 4).transposed()).with(x(2, 3, 4).strided())
          .with(x(2, 3, 4).known()).done());
    }
    t.add(row("reshape to a scalar", Reshape.class).dtypes(NUMERIC).build1(a -> a.reshape())
        .ref1(a -> Reference.reshape(a)).with(x(1, 1)).with(x(1).bcast()).done());
    t.add(row("reshape with symbolic dims", Reshape.class, MakeVector.class, ShapeI.class)
        .dtypes(NUMERIC).build1(a -> a.reshape(a.shape(0), -1))
        .ref1(a -> Reference.reshape(a, a.dim(0), -1))
        .with(x(2, 3, 4)).with(x(3, 4, 2).transposed()).done());
    t.add(row("flatten", Reshape.class).dtypes(NUMERIC).build1(T::flatten)
        .ref1(a -> Reference.reshape(a, -1))
        .with(x(2, 3, 4)).with(x(3, 4).transposed()).with(x(5).reversed()).done());
    t.add(row("flatten(x, 2)", Reshape.class).dtypes(NUMERIC).build1(a -> T.flatten(a, 2))
        .ref1(a -> Reference.reshape(a, a.dim(0), -1))
        .with(x(2, 3, 4)).with(x(2, 3, 4).transposed()).with(x(3, 5).strided()).done());
    Object[][] patterns = {{2, 1, 0}, {1, 0, 2}, {"x", 0, 1, 2}, {1, "x", 0, 2, "x"}};
    for (Object[] p : patterns) {
      int[] order = Arrays.stream(p).mapToInt(o -> "x".equals(o) ? -1 : (Integer) o).toArray();
      t.add(row("dimshuffle " + Arrays.toString(p), DimShuffle.class).dtypes(NUMERIC)
          .build1(a -> a.dimshuffle(p)).ref1(a -> Reference.dimshuffle(a, order))
          .with(x(2, 3, 4)).with(x(2, 3, 4).transposed()).with(x(2, 3, 4).reversed()).done());
    }
    t.add(row("dimshuffle dropping a broadcastable axis", DimShuffle.class).dtypes(NUMERIC)
        .build1(a -> a.dimshuffle(2, 0)).ref1(a -> Reference.dimshuffle(a, 2, 0))
        .with(x(3, 1, 4).bcast()).with(x(3, 1, 4).bcast().transposed()).done());
    t.add(row("transpose()", DimShuffle.class).dtypes(NUMERIC).build1(T::transpose)
        .ref1(a -> Reference.dimshuffle(a, 1, 0))
        .with(x(3, 4)).with(x(3, 4).transposed()).with(x(3, 4).strided()).done());
    t.add(row("transpose(1, 2, 0)", DimShuffle.class).dtypes(NUMERIC)
        .build1(a -> T.transpose(a, 1, 2, 0)).ref1(a -> Reference.dimshuffle(a, 1, 2, 0))
        .with(x(2, 3, 4)).with(x(2, 3, 4).strided()).done());
    t.add(row("concatenate axis 0", Join.class).dtypes(NUMERIC)
        .build2((a, b) -> T.concatenate(List.of(a, b), 0))
        .ref2((a, b) -> Reference.concatenate(List.of(a, b), 0))
        .with(x(2, 3), x(4, 3)).with(x(2, 3).transposed(), x(1, 3).bcast())
        .with(x(2, 3, 2).strided(), x(1, 3, 2).reversed()).done());
    t.add(row("concatenate axis -1 of three", Join.class).dtypes(NUMERIC)
        .build(in -> T.concatenate(in, -1))
        .ref(in -> Reference.concatenate(in, -1))
        .with(x(3, 2), x(3, 4).transposed(), x(3, 1).bcast())
        .with(x(2, 3, 2), x(2, 3, 1), x(2, 3, 3).strided()).done());
    t.add(row("concatenate mixed dtypes", Join.class).dtypes(FIXED)
        .build2((a, b) -> T.concatenate(List.of(a, b), 1))
        .ref2((a, b) -> Reference.concatenate(List.of(a, b), 1))
        .with(In.of(DType.INT32, 3, 2), In.of(DType.FLOAT32, 3, 4))
        .with(In.of(DType.INT8, 2, 2), In.of(DType.INT16, 2, 3)).done());
    for (int axis : new int[] {0, 1, -1}) {
      t.add(row("stack axis " + axis, Join.class, DimShuffle.class).dtypes(NUMERIC)
          .build2((a, b) -> T.stack(List.of(a, b), axis))
          .ref2((a, b) -> Reference.stack(List.of(a, b), axis))
          .with(x(2, 3), x(2, 3)).with(x(2, 3).transposed(), x(2, 3).reversed()).done());
    }
    t.add(row("stack scalars", Join.class, DimShuffle.class).dtypes(NUMERIC)
        .build(in -> T.stack(in, 0)).ref(in -> Reference.stack(in, 0))
        .with(x(), x(), x()).done());
    t.addAll(arangeRows());
    t.addAll(allocRows());
    return t;
  }

  private static In scalar(DType d, double v) {
    return In.of(d).values(In.fixed(v));
  }

  private static List<Row> arangeRows() {
    List<Row> t = new ArrayList<>();
    DType l = DType.INT64;
    t.add(row("arange(stop)", ARange.class).dtypes(FIXED).build1(T::arange)
        .ref1(s -> Reference.arange(0, s.data()[0], 1, DType.INT64))
        .with(scalar(l, 7)).with(scalar(DType.INT32, 1)).with(scalar(l, 0)).with(scalar(l, -2))
        .done());
    t.add(row("arange(start, stop, step)", ARange.class).dtypes(FIXED)
        .build(in -> T.arange(in.get(0), in.get(1), in.get(2)))
        .ref(in -> Reference.arange(in.get(0).data()[0], in.get(1).data()[0],
            in.get(2).data()[0], DType.INT64))
        .with(scalar(l, 2), scalar(l, 11), scalar(l, 3))
        .with(scalar(l, 10), scalar(l, -3), scalar(l, -2))
        .with(scalar(l, 5), scalar(l, 5), scalar(l, 1))
        .with(scalar(DType.INT32, -4), scalar(DType.INT8, 4), scalar(DType.INT16, 1)).done());
    t.add(row("arange of floats", ARange.class).dtypes(Row.FLOATS)
        .build(in -> T.arange(in.get(0), in.get(1), in.get(2)))
        .ref(in -> Reference.arange(in.get(0).data()[0], in.get(1).data()[0],
            in.get(2).data()[0], in.get(0).dtype()))
        .with(x().values(In.fixed(0.5)), x().values(In.fixed(3.6)), x().values(In.fixed(0.4)))
        .with(x().values(In.fixed(1)), x().values(In.fixed(-2)), x().values(In.fixed(-0.75)))
        .done());
    return t;
  }

  private static List<Row> allocRows() {
    List<Row> t = new ArrayList<>();
    t.add(row("alloc(x, 3, 4)", Alloc.class).dtypes(NUMERIC).build1(a -> T.alloc(a, 3, 4))
        .ref1(a -> Reference.full(a, 3, 4))
        .with(x()).with(x(4).reversed()).with(x(1, 4).bcast()).with(x(3, 1).bcast()).done());
    t.add(row("alloc(x, n)", Alloc.class).dtypes(NUMERIC).build2((a, n) -> T.alloc(a, n, 2))
        .ref2((a, n) -> Reference.full(a, (int) n.data()[0], 2))
        .with(x(), scalar(DType.INT64, 3)).with(x(2).strided(), scalar(DType.INT32, 4))
        .with(x(), scalar(DType.INT64, 0)).done());
    t.add(row("zerosLike", Alloc.class).dtypes(NUMERIC).build1(T::zerosLike)
        .ref1(a -> Reference.full(RefArray.scalar(a.dtype(), 0), a.shape()))
        .with(x(3, 4)).with(x(3, 4).transposed()).with(x()).with(x(2, 3).known()).done());
    t.add(row("onesLike", Alloc.class).dtypes(NUMERIC).build1(T::onesLike)
        .ref1(a -> Reference.full(RefArray.scalar(a.dtype(), 1), a.shape()))
        .with(x(3, 4)).with(x(2, 3, 4).strided()).done());
    t.add(row("fill(x, 2.5)", Alloc.class).dtypes(Row.FLOATS).build1(a -> T.fill(a, 2.5))
        .ref1(a -> Reference.full(RefArray.scalar(a.dtype(), Reference.convert(2.5,
            a.dtype())), a.shape()))
        .with(x(3, 4)).with(x(4, 3).transposed()).done());
    t.add(row("zeros(dtype, x.shape(0), 3)", Alloc.class, ShapeI.class).dtypes(NUMERIC)
        .build1(a -> T.zeros(a.dtype(), a.shape(0), 3))
        .ref1(a -> Reference.full(RefArray.scalar(a.dtype(), 0), a.dim(0), 3))
        .with(x(2)).with(x(5).strided()).done());
    t.add(row("shape", Shape.class).dtypes(NUMERIC).build1(T::shapeOf)
        .ref1(Reference::shapeOf)
        .with(x(2, 3, 4)).with(x(5).strided()).with(x()).with(x(3, 4).transposed()).done());
    for (int axis : new int[] {0, 1, -1}) {
      t.add(row("shape_i " + axis, ShapeI.class).dtypes(NUMERIC).build1(a -> a.shape(axis))
          .ref1(a -> RefArray.scalar(DType.INT64, a.dim(axis < 0 ? axis + a.ndim() : axis)))
          .with(x(2, 3, 4)).with(x(3, 4).transposed()).done());
    }
    t.add(row("makeVector of scalars", MakeVector.class).dtypes(FIXED)
        .build(in -> T.makeVector(DType.INT64, in.get(0), in.get(1), 7))
        .ref(in -> RefArray.vector(DType.INT64, in.get(0).data()[0], in.get(1).data()[0], 7))
        .with(In.of(DType.INT64), In.of(DType.INT32)).with(In.of(DType.INT8), In.of(DType.INT64))
        .done());
    t.add(row("makeVector of floats", MakeVector.class).dtypes(FIXED)
        .build(in -> T.makeVector(DType.FLOAT64, in.get(0), in.get(1)))
        .ref(in -> RefArray.vector(DType.FLOAT64, in.get(0).data()[0], in.get(1).data()[0]))
        .with(In.of(DType.FLOAT32), In.of(DType.FLOAT64)).done());
    // Gradient-control ops are the identity in the forward pass.
    t.add(row("zeroGrad (identity forward)", ZeroGrad.class).dtypes(NUMERIC)
        .build1(T::zeroGrad).ref1(a -> a)
        .with(x(2, 3)).with(x(3, 4).transposed()).done());
    t.add(row("disconnectedGrad (identity forward)", DisconnectedGrad.class).dtypes(NUMERIC)
        .build1(T::disconnectedGrad).ref1(a -> a)
        .with(x(4)).with(x(3, 4).strided()).done());
    return t;
  }
}
