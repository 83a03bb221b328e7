package org.theano4j.tensor;

import static org.theano4j.tensor.ErrorCase.error;
import static org.theano4j.tensor.GradCase.of;
import static org.theano4j.tensor.GradCase.s;
import static org.theano4j.tensor.In.x;
import static org.theano4j.tensor.Row.FLOATS;
import static org.theano4j.tensor.Row.row;
import static org.theano4j.tensor.TypeCase.type;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.theano4j.ndarray.DType;

/**
 * Op-table rows for {@link FusedReduce}, the optimiser's reduction of an elementwise result
 * (built directly here), against a reference that maps the function over the broadcast
 * inputs in float64, rounds each element to the elementwise dtype and reduces; its gradient
 * checks, the nodes it refuses and its static types.
 */
final class FusedReduceRows implements RowFamily {
  /** {@code mul(sqr(i0), i1)}: an L2 term's {@code c·x²} with c a broadcast scalar. */
  static final Composite SCALED_SQR = new Composite(2, List.of(
      new Composite.Step(Scalar.SQR, List.of(0)), new Composite.Step(Scalar.MUL, List.of(2, 1))));

  private static FusedReduce op(ReduceKind kind, ScalarOp f, boolean keep, Integer... axes) {
    return new FusedReduce(new Reduce(kind, List.of(axes), keep), f);
  }

  private static RefArray ref(List<RefArray> in, Reference.Fn f, ReduceKind kind, int[] axes,
      boolean keep, ToDoubleFunction<double[]> r) {
    DType t = in.get(0).dtype();
    RefArray y = Reference.map(t, f, in);
    return Reference.reduce(y, axes.length == 0 ? allAxes(y.ndim()) : axes, keep, t, r);
  }

  private static int[] allAxes(int n) {
    int[] a = new int[n];
    for (int d = 0; d < n; d++) {
      a[d] = d;
    }
    return a;
  }

  @Override
  public List<Row> rows() {
    return List.of(
        row("fused sum of sqr, all axes", FusedReduce.class).dtypes(FLOATS)
            .build1(a -> T.node(op(ReduceKind.SUM, Scalar.SQR, false, 0, 1, 2), a))
            .ref1(a -> ref(List.of(a), v -> v[0] * v[0], ReduceKind.SUM, new int[0], false,
                Reference::sum))
            .with(x(2, 3, 4)).with(x(2, 3, 4).transposed()).with(x(3, 2, 4).reversed())
            .with(x(2, 1, 4).bcast()).with(x(2, 0, 4)).done(),
        row("fused sum of c·x² over axis 1, keepdims", FusedReduce.class).dtypes(FLOATS)
            .build2((a, c) -> T.node(op(ReduceKind.SUM, SCALED_SQR, true, 1), a, c))
            .ref2((a, c) -> ref(List.of(a, c), v -> v[0] * v[0] * v[1], ReduceKind.SUM,
                new int[] {1}, true, Reference::sum))
            .with(x(3, 5), x()).with(x(5, 3).transposed(), x()).with(x(4, 6).strided(), x())
            .done(),
        row("fused mean of x·y over axes 0 and 2", FusedReduce.class).dtypes(FLOATS)
            .build2((a, b) -> T.node(op(ReduceKind.MEAN, Scalar.MUL, false, 0, 2), a, b))
            .ref2((a, b) -> ref(List.of(a, b), v -> v[0] * v[1], ReduceKind.MEAN,
                new int[] {0, 2}, false, Reference::mean))
            .with(x(2, 3, 4), x(2, 3, 4)).with(x(2, 3, 4).transposed(), x(2, 3, 4).reversed())
            .done(),
        row("fused prod of exp over axis 0", FusedReduce.class).dtypes(FLOATS)
            .build1(a -> T.node(op(ReduceKind.PROD, Scalar.EXP, false, 0), a))
            .ref1(a -> ref(List.of(a), v -> Math.exp(v[0]), ReduceKind.PROD, new int[] {0},
                false, Reference::prod))
            .with(x(4, 3)).with(x(3, 4).transposed()).done(),
        row("fused max and min of tanh", FusedReduce.class).dtypes(FLOATS)
            .build1(a -> T.sub(T.node(op(ReduceKind.MAX, Scalar.TANH, false, 1), a),
                T.node(op(ReduceKind.MIN, Scalar.TANH, false, 1), a)))
            .ref1(a -> Reference.map(a.dtype(), v -> v[0] - v[1], List.of(
                ref(List.of(a), v -> Math.tanh(v[0]), ReduceKind.MAX, new int[] {1}, false,
                    Reference::max),
                ref(List.of(a), v -> Math.tanh(v[0]), ReduceKind.MIN, new int[] {1}, false,
                    Reference::min))))
            .with(x(3, 7)).with(x(7, 3).transposed()).done());
  }

  /** The gradient is the fused pair's: through the composite's steps, then the reduction. */
  @Override
  public List<GradCase> gradChecks() {
    return List.of(
        of("fused sum of c·x²", v -> T.node(op(ReduceKind.SUM, SCALED_SQR, false, 1),
            v.get(0), v.get(1))).shapes(s(3, 4), s()).shapes(s(2, 5), s(1, 1)),
        of("fused max of x·y", v -> T.node(op(ReduceKind.MAX, Scalar.MUL, false, 0),
            v.get(0), v.get(1))).shapes(s(3, 4), s(3, 4)));
  }

  /** Refused when the node is built: the elementwise node's and the reduction's own checks. */
  @Override
  public List<ErrorCase> errors() {
    return List.of(
        error("an integer elementwise result",
            () -> T.node(op(ReduceKind.SUM, Scalar.ADD, false, 0), T.ivector("i"),
                T.ivector("j")))
            .says("FusedReduce{Sum{axes=[0]}, add}: the elementwise result must be a float, "
                + "but add of these inputs is int32")
            .inputs("'i' TensorType(int32, (?,))", "'j' TensorType(int32, (?,))"),
        error("an axis out of range",
            () -> T.node(op(ReduceKind.SUM, Scalar.SQR, false, 2), T.dmatrix("m")))
            .says("axis 2 is out of range for rank 2"),
        error("shapes that do not broadcast",
            () -> T.node(op(ReduceKind.SUM, Scalar.MUL, false, 0),
                T.tensor(DType.FLOAT64, new int[] {3}, "a"),
                T.tensor(DType.FLOAT64, new int[] {4}, "b")))
            .says("(3,)").inputs("'a' TensorType(float64, (3,))",
                "'b' TensorType(float64, (4,))"),
        error("a max over a statically empty axis",
            () -> T.node(op(ReduceKind.MAX, Scalar.SQR, false, 0),
                T.tensor(DType.FLOAT32, new int[] {0, 3}, "e")))
            .says("MAX over an empty axis 0"));
  }

  @Override
  public List<TypeCase> types() {
    return List.of(
        type("a float32 sum over axis 1 of a (3, 5) composite with a scalar",
            () -> T.node(op(ReduceKind.SUM, SCALED_SQR, false, 1),
                T.tensor(DType.FLOAT32, new int[] {3, 5}, "w"), T.fscalar("c")),
            DType.FLOAT32, 3),
        type("keepdims of a float64 max",
            () -> T.node(op(ReduceKind.MAX, Scalar.SQR, true, 0, 1), T.dmatrix("m")),
            DType.FLOAT64, 1, 1),
        type("an int32 input cast to float32 and summed",
            () -> T.node(op(ReduceKind.SUM, new Cast(DType.FLOAT32), false, 0),
                T.ivector("i")), DType.FLOAT32));
  }
}
