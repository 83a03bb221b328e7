package org.theano4j.tensor;

import static org.theano4j.tensor.In.x;
import static org.theano4j.tensor.Row.FLOATS;
import static org.theano4j.tensor.Row.row;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.ndarray.DType;

/** Op-table rows for products (dot, batched dot, tensordot, outer) and the NN ops. */
final class LinalgNNRows implements RowFamily {
  private static final List<DType> DOT_TYPES = List.of(DType.FLOAT32, DType.FLOAT64,
      DType.INT32);
  /** BLAS accumulates float32 products in float32. */
  private static final double BLAS_TOL = 20;

  @Override
  public List<Row> rows() {
    List<Row> t = new ArrayList<>();
    t.add(row("dot vector·vector", Dot.class).dtypes(DOT_TYPES).build2(T::dot)
        .ref2(Reference::dot).tol(BLAS_TOL)
        .with(x(5), x(5)).with(x(5).strided(), x(5).reversed()).with(x(1), x(1)).done());
    t.add(row("dot matrix·vector", Dot.class).dtypes(DOT_TYPES).build2(T::dot)
        .ref2(Reference::dot).tol(BLAS_TOL)
        .with(x(3, 5), x(5)).with(x(3, 5).transposed(), x(5).strided())
        .with(x(3, 5).strided(), x(5).reversed()).done());
    t.add(row("dot vector·matrix", Dot.class).dtypes(DOT_TYPES).build2(T::dot)
        .ref2(Reference::dot).tol(BLAS_TOL)
        .with(x(5), x(5, 3)).with(x(5).reversed(), x(5, 3).transposed()).done());
    t.add(row("dot matrix·matrix", Dot.class).dtypes(DOT_TYPES).build2(T::dot)
        .ref2(Reference::dot).tol(BLAS_TOL)
        .with(x(3, 5), x(5, 4)).with(x(3, 5).transposed(), x(5, 4).transposed())
        .with(x(3, 5).strided(), x(5, 4).reversed()).with(x(1, 5).bcast(), x(5, 1).bcast())
        .with(x(3, 5), x(5, 4).known()).done());
    t.add(row("dot mixed dtypes int32·float32", Dot.class).dtypes(Row.FIXED).build2(T::dot)
        .ref2(Reference::dot).tol(BLAS_TOL)
        .with(In.of(DType.INT32, 3, 5), In.of(DType.FLOAT32, 5, 2))
        .with(In.of(DType.FLOAT32, 4), In.of(DType.FLOAT64, 4, 2)).done());
    t.add(row("dot scalar·matrix", Scalar.MUL).dtypes(DOT_TYPES).build2(T::dot)
        .ref2(Reference::dot).with(x(), x(3, 4)).with(x(3, 4).transposed(), x()).done());
    t.add(row("dot tensor3·matrix", Dot.class, Reshape.class, DimShuffle.class)
        .dtypes(DOT_TYPES).build2(T::dot).ref2(Reference::dot).tol(BLAS_TOL)
        .with(x(2, 3, 4), x(4, 5)).with(x(2, 3, 4).transposed(), x(4, 5).strided())
        .with(x(2, 3, 4).known(), x(4, 5).known()).done());
    t.add(row("tensordot n=2", Dot.class, Reshape.class, DimShuffle.class).dtypes(DOT_TYPES)
        .build2((a, b) -> T.tensordot(a, b, 2))
        .ref2((a, b) -> Reference.tensordot(a, b, new int[] {1, 2}, new int[] {0, 1}))
        .tol(BLAS_TOL)
        .with(x(2, 3, 4), x(3, 4, 5)).with(x(2, 3, 4).transposed(), x(3, 4, 5).reversed())
        .done());
    t.add(row("tensordot n=1 matrices", Dot.class).dtypes(DOT_TYPES)
        .build2((a, b) -> T.tensordot(a, b, 1))
        .ref2((a, b) -> Reference.tensordot(a, b, new int[] {1}, new int[] {0})).tol(BLAS_TOL)
        .with(x(3, 4), x(4, 5)).with(x(3, 4).strided(), x(4, 5).transposed()).done());
    t.add(row("tensordot axes a[0,2]·b[1,0]", Dot.class, Reshape.class, DimShuffle.class)
        .dtypes(DOT_TYPES)
        .build2((a, b) -> T.tensordot(a, b, new int[] {0, 2}, new int[] {1, 0}))
        .ref2((a, b) -> Reference.tensordot(a, b, new int[] {0, 2}, new int[] {1, 0}))
        .tol(BLAS_TOL)
        .with(x(3, 4, 2), x(2, 3, 5)).with(x(3, 4, 2).known(), x(2, 3, 5).transposed())
        .done());
    t.add(row("batchedDot 3·3", BatchedDot.class).dtypes(DOT_TYPES).build2(T::batchedDot)
        .ref2(Reference::batchedDot).tol(BLAS_TOL)
        .with(x(3, 2, 4), x(3, 4, 5)).with(x(3, 2, 4).transposed(), x(3, 4, 5).strided())
        .with(x(1, 2, 4).bcast(), x(1, 4, 5).bcast()).done());
    t.add(row("batchedDot 2·3", BatchedDot.class, DimShuffle.class).dtypes(DOT_TYPES)
        .build2(T::batchedDot).ref2(Reference::batchedDot).tol(BLAS_TOL)
        .with(x(3, 4), x(3, 4, 5)).with(x(3, 4).transposed(), x(3, 4, 5).reversed()).done());
    t.add(row("batchedDot 3·2", BatchedDot.class, DimShuffle.class).dtypes(DOT_TYPES)
        .build2(T::batchedDot).ref2(Reference::batchedDot).tol(BLAS_TOL)
        .with(x(3, 2, 4), x(3, 4)).with(x(3, 2, 4).strided(), x(3, 4).transposed()).done());
    t.add(row("batchedDot 2·2", BatchedDot.class, DimShuffle.class).dtypes(DOT_TYPES)
        .build2(T::batchedDot).ref2(Reference::batchedDot).tol(BLAS_TOL)
        .with(x(3, 4), x(3, 4)).with(x(3, 4).reversed(), x(3, 4).transposed()).done());
    t.add(row("outer", Scalar.MUL, DimShuffle.class).dtypes(DOT_TYPES).build2(T::outer)
        .ref2((a, b) -> Reference.tensordot(a, b, new int[0], new int[0]))
        .with(x(3), x(4)).with(x(3).strided(), x(4).reversed()).with(x(1), x(4)).done());
    // Neural-network ops.
    In.Values huge = r -> 500 + 10 * r.nextGaussian();
    List<DType> nn = List.of(DType.FLOAT32, DType.FLOAT64, DType.INT32);
    for (boolean log : new boolean[] {false, true}) {
      t.add(row(log ? "log_softmax" : "softmax", Softmax.class).dtypes(nn)
          .build1(log ? T::logSoftmax : T::softmax)
          .ref1(a -> Reference.softmax(a, log))
          .with(x(3, 5)).with(x(5)).with(x(5, 3).transposed()).with(x(2, 3, 4).strided())
          .with(x(3, 5).values(huge)).with(x(4, 3).values(In.dual(r -> -huge.draw(r),
              In.SMALL_INT)).reversed())
          .with(x(1, 4).bcast()).done());
    }
    In.Values labels = In.range(0, 5);
    // Labels by the index rule: values in [-5, 5) for 5 classes (-1 is the last class).
    In.Values signedLabels = In.range(-5, 5);
    t.add(row("categorical_crossentropy int labels", CrossentropyCategorical1Hot.class)
        .dtypes(FLOATS).build2(T::categoricalCrossentropy)
        .ref2(Reference::crossentropyLabels)
        .with(x(4, 5).values(In.UNIT), In.of(DType.INT32, 4).values(labels))
        .with(x(4, 5).values(In.UNIT).transposed(), In.of(DType.INT64, 4).values(labels)
            .strided())
        .with(x(4, 5).values(In.UNIT).reversed(), In.of(DType.INT8, 4).values(labels))
        .with(x(10, 5).values(In.UNIT), In.of(DType.INT64, 10).values(signedLabels))
        .done());
    // T.categoricalCrossentropy(T.softmax(p), y) builds the fused op (below); the two nodes
    // are built directly here so the unfused pair stays covered.
    t.add(row("categorical_crossentropy(softmax) int labels", Softmax.class,
        CrossentropyCategorical1Hot.class)
        .dtypes(FLOATS)
        .build2((p, y) -> T.node(new CrossentropyCategorical1Hot(), T.softmax(p), y))
        .ref2((p, y) -> Reference.crossentropyLabels(Reference.softmax(p, false), y))
        .with(x(4, 5), In.of(DType.INT32, 4).values(labels))
        .with(x(4, 5).transposed(), In.of(DType.INT64, 4).values(labels)).done());
    // Ops the optimiser introduces (org.theano4j.rewrite): GEMM with bias, fused cross-entropy.
    t.add(row("gemm alpha·x·y + beta·z", Gemm.class).dtypes(FLOATS)
        .build(in -> T.node(new Gemm(), in.get(0), in.get(1), in.get(2), in.get(3), in.get(4)))
        .ref(in -> Reference.map(in.get(0).dtype(), a -> a[0] * a[1] + a[2] * a[3],
            List.of(in.get(3), Reference.dot(in.get(0), in.get(1)), in.get(4), in.get(2))))
        .tol(BLAS_TOL)
        .with(x(3, 5), x(5, 4), x(4), x(), x())
        .with(x(3, 5).transposed(), x(5, 4).strided(), x(3, 4).reversed(), x(), x())
        .with(x(3, 5), x(5, 4), x(1, 4).bcast(), x(), x()).done());
    t.add(row("categorical_crossentropy(softmax) builds crossentropy_softmax_1hot",
        CrossentropySoftmax1Hot.class).dtypes(FLOATS)
        .build2((z, y) -> T.categoricalCrossentropy(T.softmax(z), y))
        .ref2((z, y) -> Reference.crossentropyLabels(Reference.softmax(z, false), y))
        .with(x(4, 5).values(huge), In.of(DType.INT32, 4).values(labels)).done());
    t.add(row("crossentropy_softmax_1hot", CrossentropySoftmax1Hot.class).dtypes(FLOATS)
        .build2((z, y) -> T.node(new CrossentropySoftmax1Hot(), z, y))
        .ref2((z, y) -> Reference.crossentropyLabels(Reference.softmax(z, false), y))
        .with(x(4, 5), In.of(DType.INT32, 4).values(labels))
        .with(x(4, 5).transposed(), In.of(DType.INT64, 4).values(labels).strided())
        .with(x(4, 5).values(huge), In.of(DType.INT8, 4).values(labels))
        .with(x(10, 5), In.of(DType.INT64, 10).values(signedLabels)).done());
    for (int out = 0; out < 2; out++) {
      int k = out;
      t.add(row("softmax_crossentropy_1hot output " + k, CrossentropySoftmax1HotWithSoftmax.class)
          .dtypes(FLOATS)
          .build2((z, y) -> org.theano4j.graph.Apply.make(new CrossentropySoftmax1HotWithSoftmax(),
              java.util.List.of(z, y)).output(k))
          .ref2((z, y) -> k == 0
              ? Reference.crossentropyLabels(Reference.softmax(z, false), y)
              : Reference.softmax(z, false))
          .with(x(4, 5), In.of(DType.INT32, 4).values(labels))
          .with(x(4, 5).transposed(), In.of(DType.INT64, 4).values(labels).strided())
          .with(x(4, 5).values(huge), In.of(DType.INT8, 4).values(labels))
          .with(x(10, 5), In.of(DType.INT32, 10).values(signedLabels)).done());
    }
    t.add(row("categorical_crossentropy dense targets", Scalar.LOG, Scalar.MUL, Reduce.class)
        .dtypes(FLOATS).build2(T::categoricalCrossentropy)
        .ref2(Reference::crossentropyDense)
        .with(x(4, 5).values(In.UNIT), x(4, 5).values(In.UNIT))
        .with(x(4, 5).values(In.UNIT).transposed(), x(4, 5).values(In.BOOL).strided())
        .done());
    return t;
  }
}
