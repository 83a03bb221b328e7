package org.theano4j.tensor;

import static org.theano4j.tensor.ErrorCase.error;
import static org.theano4j.tensor.GradCase.of;
import static org.theano4j.tensor.GradCase.s;
import static org.theano4j.tensor.In.x;
import static org.theano4j.tensor.Row.NUMERIC;
import static org.theano4j.tensor.Row.row;
import static org.theano4j.tensor.TypeCase.type;

import java.util.List;
import org.theano4j.ndarray.DType;

/**
 * {@code T.ifelse}: the value of the branch the scalar condition selects (nonzero is true, in
 * any dtype), its gradient through the taken branch for both outcomes, the refused nodes and
 * the common static type. Laziness itself is checked by {@code IfElseLazyTest} (jvm), autodiff's
 * {@code IfElseGradTest} and codegen-cuda's {@code CudaIfElseTest}.
 */
final class IfElseRows implements RowFamily {
  @Override
  public List<Row> rows() {
    return List.of(
        row("ifelse", IfElse.class).dtypes(NUMERIC)
            .build(v -> T.ifelse(v.get(0), v.get(1), v.get(2)))
            .ref(v -> v.get(0).data()[0] != 0 ? v.get(1) : v.get(2))
            .with(cond(DType.INT64, 1), x(3, 4), x(3, 4))
            .with(cond(DType.INT64, 0), x(3, 4), x(3, 4))
            .with(cond(DType.BOOL, 1), x(2, 5).transposed(), x(2, 5))
            .with(cond(DType.BOOL, 0), x(2, 5), x(2, 5).strided())
            .with(cond(DType.FLOAT64, 0.5), x(4), x(4).reversed())
            .with(cond(DType.FLOAT32, 0), x(4), x(4).reversed())
            .with(cond(DType.INT8, -3), x(), x())
            .with(cond(DType.UINT8, 0), x(2, 0), x(2, 0))
            // the branches may differ in shape: the output is the taken one's
            .with(cond(DType.INT32, 1), x(2, 3), x(4, 1))
            .with(cond(DType.INT32, 0), x(2, 3), x(4, 1))
            .gradCheck(of("ifelse taken", v -> T.ifelse(1, v.get(0).mul(v.get(1)),
                    T.exp(v.get(1))))
                .shapes(s(3, 4), s(3, 4)).shapes(s(5), s(5)))
            .gradCheck(of("ifelse not taken", v -> T.ifelse(0, v.get(0).mul(v.get(1)),
                    T.exp(v.get(1))))
                .shapes(s(3, 4), s(3, 4)).shapes(s(5), s(5)))
            .gradCheck(of("ifelse with a computed condition",
                v -> T.ifelse(v.get(0).sum().gt(v.get(1).sum()), T.tanh(v.get(0)).sum(),
                    v.get(1).mul(v.get(1)).sum()))
                .shapes(s(3), s(3)).shapes(s(2, 2), s(2, 2)))
            .done());
  }

  private static In cond(DType dtype, double value) {
    return In.of(dtype).values(In.fixed(value));
  }

  /** Bad arguments, refused when the node is built. */
  @Override
  public List<ErrorCase> errors() {
    return List.of(
        error("a vector condition", () -> T.ifelse(T.lvector("c"), T.dvector("a"),
                T.dvector("b")))
            .says("IfElse: ifelse: the condition must be a scalar, got rank 1 (?,)")
            .inputs("'c' TensorType(int64, (?,))", "'a' TensorType(float64, (?,))",
                "'b' TensorType(float64, (?,))"),
        error("branches of different dtypes", () -> T.ifelse(T.lscalar("c"), T.fvector("a"),
                T.dvector("b")))
            .says("ifelse: the then and else branches have incompatible types: then is 'a' "
                + "TensorType(float32, (?,)), created at IfElseRows.java:",
                "else is 'b' TensorType(float64, (?,)), created at IfElseRows.java:",
                "(expected the same dtype and rank; cast one with T.cast or reshape it)"),
        error("branches of different ranks", () -> T.ifelse(T.lscalar("c"), T.dmatrix("a"),
                T.dvector("b")))
            .says("then is 'a' TensorType(float64, (?, ?))", "else is 'b' TensorType(float64, (?,))"),
        error("the second output's branches differ", () -> T.ifelse(T.lscalar("c"),
                List.of(T.dvector("a"), T.dvector("p")), List.of(T.dvector("b"),
                    T.lvector("q"))).get(0))
            .says("ifelse: the then and else branches (output 1) have incompatible types: "
                + "then is 'p' TensorType(float64, (?,))"));
  }

  /** The output type: the branches' dtype, each dimension known where both agree. */
  @Override
  public List<TypeCase> types() {
    return List.of(
        type("two known shapes that agree", () -> T.ifelse(T.bscalar("c"),
            T.tensor(DType.FLOAT32, new int[] {3, 4}, "a"),
            T.tensor(DType.FLOAT32, new int[] {3, 4}, "b")), DType.FLOAT32, 3, 4),
        type("known shapes that differ", () -> T.ifelse(T.bscalar("c"),
            T.tensor(DType.INT16, new int[] {3, 4}, "a"),
            T.tensor(DType.INT16, new int[] {3, 5}, "b")), DType.INT16, 3, -1),
        type("a number takes the other branch's dtype", () -> T.ifelse(T.dscalar("c"),
            T.fscalar("a"), 0), DType.FLOAT32),
        type("a number as the then branch", () -> T.ifelse(T.dscalar("c"), 2,
            T.tensor(DType.INT8, new int[] {}, "b")), DType.INT8));
  }
}
