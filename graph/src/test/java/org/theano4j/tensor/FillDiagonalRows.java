package org.theano4j.tensor;

import static org.theano4j.tensor.ErrorCase.error;
import static org.theano4j.tensor.GradCase.of;
import static org.theano4j.tensor.GradCase.s;
import static org.theano4j.tensor.In.x;
import static org.theano4j.tensor.Row.FIXED;
import static org.theano4j.tensor.Row.NUMERIC;
import static org.theano4j.tensor.Row.row;
import static org.theano4j.tensor.TypeCase.type;

import java.util.List;
import org.theano4j.ndarray.DType;

/**
 * Op-table rows for {@code fill_diagonal}, with the reference written as a direct float64 loop
 * over the diagonal, and its gradient check (with respect to the matrix and to the value).
 */
final class FillDiagonalRows implements RowFamily {
  @Override
  public List<Row> rows() {
    return List.of(
        row("fill_diagonal", FillDiagonal.class).dtypes(NUMERIC).build2(T::fillDiagonal)
            .ref2(FillDiagonalRows::fillDiagonalRef)
            .with(x(3, 5), x()).with(x(5, 3).transposed(), x()).with(x(4, 4).strided(), x())
            .with(x(3, 6).reversed(), x()).with(x(2, 3).known(), x()).with(x(1, 1), x())
            .with(x(0, 3), x()).with(x(4, 0), x())
            .gradCheck(of("fill_diagonal", v -> T.fillDiagonal(v.get(0), v.get(1)))
                .shapes(s(3, 5), s()).shapes(s(4, 2), s()).shapes(s(3, 3), s()))
            .done(),
        row("fill_diagonal of bool and uint8", FillDiagonal.class).dtypes(DType.BOOL,
            DType.UINT8).build2(T::fillDiagonal).ref2(FillDiagonalRows::fillDiagonalRef)
            .with(x(3, 4), x()).with(x(4, 3).transposed(), x()).done(),
        // val of a narrower dtype than the matrix: converted exactly
        row("fill_diagonal with a narrower val", FillDiagonal.class).dtypes(FIXED)
            .build2(T::fillDiagonal).ref2(FillDiagonalRows::fillDiagonalRef)
            .with(In.of(DType.FLOAT64, 3, 4), In.of(DType.FLOAT32))
            .with(In.of(DType.INT32, 4, 3), In.of(DType.INT8))
            .with(In.of(DType.FLOAT64, 3, 3).strided(), In.of(DType.INT32))
            .with(In.of(DType.INT64, 2, 5), In.of(DType.BOOL))
            .with(In.of(DType.FLOAT32, 2, 2), In.of(DType.UINT8)).done(),
        // a Java number takes the matrix's dtype
        row("fill_diagonal with a number", FillDiagonal.class).dtypes(NUMERIC)
            .build1(a -> T.fillDiagonal(a, 2))
            .ref1(a -> fillDiagonalRef(a, RefArray.scalar(a.dtype(), 2)))
            .with(x(3, 4)).with(x(4, 3).reversed()).done(),
        // the cast the dtype error suggests truncates toward zero, as NumPy's fill_diagonal
        row("fill_diagonal with a val cast first", FillDiagonal.class).dtypes(FIXED)
            .build2((a, val) -> T.fillDiagonal(a, T.cast(val, DType.INT32)))
            .ref2((a, val) -> fillDiagonalRef(a, RefArray.scalar(DType.INT32,
                (long) val.data()[0])))
            .with(In.of(DType.INT32, 2, 3), In.of(DType.FLOAT64).values(In.fixed(2.7)))
            .with(In.of(DType.INT32, 3, 2), In.of(DType.FLOAT64).values(In.fixed(-2.7)))
            .done());
  }

  /** Bad arguments, refused when the node is built (Theano's dtype rule for val). */
  @Override
  public List<ErrorCase> errors() {
    return List.of(
        error("a vector is not a matrix", () -> T.fillDiagonal(T.dvector("v"), 1.0))
            .says("FillDiagonal: fill_diagonal needs a matrix, got rank 1 (?,)")
            .inputs("'v' TensorType(float64, (?,))", "unnamed Constant TensorType(float64, ())"),
        error("a tensor3 is not a matrix", () -> T.fillDiagonal(T.dtensor3("t"), 1.0))
            .says("fill_diagonal needs a matrix, got rank 3 (?, ?, ?)"),
        error("a scalar is not a matrix", () -> T.fillDiagonal(T.dscalar("s"), 1.0))
            .says("fill_diagonal needs a matrix, got rank 0 ()"),
        error("a vector val", () -> T.fillDiagonal(T.dmatrix("a"), T.dvector("val")))
            .says("FillDiagonal: fill_diagonal: val must be a scalar, got rank 1 (?,)")
            .inputs("'a' TensorType(float64, (?, ?))", "'val' TensorType(float64, (?,))"),
        error("a Java array val", () -> T.fillDiagonal(T.dmatrix("a"), new double[] {1, 2}))
            .says("val must be a scalar, got rank 1 (2,)"),
        error("a float val into an int matrix", () -> T.fillDiagonal(T.imatrix("a"), 2.7))
            .says("fill_diagonal: val of dtype float64 does not fit the int32 matrix without "
                + "changing its dtype (expected a val of a dtype that casts safely to int32); "
                + "cast it first, e.g. T.cast(val, DType.INT32), which truncates a float "
                + "toward zero as NumPy's fill_diagonal does")
            .inputs("'a' TensorType(int32, (?, ?))", "unnamed Constant TensorType(float64, ())"),
        error("an int64 val into a float32 matrix",
            () -> T.fillDiagonal(T.fmatrix("f"), T.lscalar("n")))
            .says("val of dtype int64 does not fit the float32 matrix"),
        error("a float64 val into a float32 matrix",
            () -> T.fillDiagonal(T.fmatrix("f"), T.dscalar("d")))
            .says("val of dtype float64 does not fit the float32 matrix"),
        error("an int16 number into an int8 matrix", () -> T.fillDiagonal(T.bmatrix("b"), 1000))
            .says("val of dtype int16 does not fit the int8 matrix"));
  }

  /** The output has the matrix's type, whatever val's (narrower) dtype. */
  @Override
  public List<TypeCase> types() {
    return List.of(
        type("a known int16 matrix and a number",
            () -> T.fillDiagonal(T.tensor(DType.INT16, new int[] {3, 5}, "a"), 7),
            DType.INT16, 3, 5),
        type("a float64 matrix and a float32 val",
            () -> T.fillDiagonal(T.dmatrix("d"), T.fscalar("f")), DType.FLOAT64, -1, -1),
        type("a float32 matrix and a float number",
            () -> T.fillDiagonal(T.fmatrix("f"), 1.5), DType.FLOAT32, -1, -1));
  }

  /** A copy of the matrix {@code a} with {@code a[i][i] = val} for i below min(rows, cols). */
  static RefArray fillDiagonalRef(RefArray a, RefArray val) {
    int rows = a.dim(0);
    int cols = a.dim(1);
    double[] out = a.data().clone();
    for (int i = 0; i < Math.min(rows, cols); i++) {
      out[i * cols + i] = val.data()[0];
    }
    return new RefArray(a.dtype(), a.shape(), out);
  }
}
