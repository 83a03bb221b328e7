package org.theano4j.tensor;

import static org.theano4j.tensor.GradCase.of;
import static org.theano4j.tensor.GradCase.s;
import static org.theano4j.tensor.In.x;
import static org.theano4j.tensor.Row.FIXED;
import static org.theano4j.tensor.Row.NUMERIC;
import static org.theano4j.tensor.Row.row;

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
            .with(x(3, 4)).with(x(4, 3).reversed()).done());
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
