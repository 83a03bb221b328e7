package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * Bad arguments of {@code fill_diagonal} are refused when the node is built, naming what was
 * expected and the user's line; the dtype rule for {@code val} (Theano's) and the static type.
 * (Rows files hold no error assertions, so this is the op's one file beyond the five.)
 */
class FillDiagonalErrorsTest {
  private static final String FILE = "FillDiagonalErrorsTest.java:";

  @Test
  void aMustBeAMatrix() {
    Variable v = T.dvector("v");
    int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
    assertThatThrownBy(() -> T.fillDiagonal(v, 1.0)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("FillDiagonal: fill_diagonal needs a matrix, got rank 1 (?,)")
        .hasMessageContaining("building the node at " + FILE + line)
        .hasMessageContaining("'v' TensorType(float64, (?,))");
    assertThatThrownBy(() -> T.fillDiagonal(T.dtensor3("t"), 1.0))
        .hasMessageContaining("fill_diagonal needs a matrix, got rank 3 (?, ?, ?)");
    assertThatThrownBy(() -> T.fillDiagonal(T.dscalar("s"), 1.0))
        .hasMessageContaining("fill_diagonal needs a matrix, got rank 0 ()");
  }

  @Test
  void valMustBeAScalar() {
    Variable a = T.dmatrix("a");
    int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
    assertThatThrownBy(() -> T.fillDiagonal(a, T.dvector("val")))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("fill_diagonal: val must be a scalar, got rank 1 (?,)")
        .hasMessageContaining("building the node at " + FILE + line);
    assertThatThrownBy(() -> T.fillDiagonal(a, new double[] {1, 2}))
        .hasMessageContaining("val must be a scalar, got rank 1 (2,)");
  }

  /** Theano refuses a val whose dtype would change the matrix's; NumPy would truncate it. */
  @Test
  void aFloatValIntoAnIntegerMatrixIsRefused() {
    Variable a = T.imatrix("a");
    int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
    assertThatThrownBy(() -> T.fillDiagonal(a, 2.7)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("fill_diagonal: val of dtype float64 does not fit the int32 "
            + "matrix without changing its dtype (expected a val of a dtype that casts "
            + "safely to int32); cast it first, e.g. T.cast(val, DType.INT32)")
        .hasMessageContaining("building the node at " + FILE + line);
    assertThatThrownBy(() -> T.fillDiagonal(T.fmatrix("f"), T.lscalar("n")))
        .hasMessageContaining("val of dtype int64 does not fit the float32 matrix");
    assertThatThrownBy(() -> T.fillDiagonal(T.fmatrix("f"), T.dscalar("d")))
        .hasMessageContaining("val of dtype float64 does not fit the float32 matrix");
    assertThatThrownBy(() -> T.fillDiagonal(T.bmatrix("b"), 1000))
        .hasMessageContaining("val of dtype int16 does not fit the int8 matrix");
  }

  /** The explicit cast the message suggests truncates toward zero, as NumPy's assignment. */
  @Test
  void castingTheValFirstTruncatesTowardZero() {
    Variable a = T.imatrix("a");
    Variable val = T.dscalar("val");
    Function f = Theano.function(List.of(a, val),
        List.of(T.fillDiagonal(a, T.cast(val, DType.INT32)))).build();
    NDArray m = NDArray.zeros(DType.INT32, 2, 3);
    assertThat(f.call(m, 2.7).get(0).toDoubleArray()).containsExactly(2, 0, 0, 0, 2, 0);
    assertThat(f.call(m, -2.7).get(0).toDoubleArray()).containsExactly(-2, 0, 0, 0, -2, 0);
  }

  @Test
  void staticTypeIsTheMatrixType() {
    Variable a = T.tensor(DType.INT16, new int[] {3, 5}, "a");
    assertThat(T.fillDiagonal(a, 7).type()).isEqualTo(a.type());
    assertThat(T.fillDiagonal(T.dmatrix("d"), T.fscalar("f")).dtype()).isEqualTo(DType.FLOAT64);
    assertThat(T.fillDiagonal(T.fmatrix("f"), 1.5).dtype()).isEqualTo(DType.FLOAT32);
  }
}
