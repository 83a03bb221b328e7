package org.theano4j.autodiff;

import static org.theano4j.tensor.GradCase.of;
import static org.theano4j.tensor.GradCase.s;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.GradCase;
import org.theano4j.tensor.RowFamilies;
import org.theano4j.tensor.T;

/**
 * The gradient-check table: one or more cases for every differentiable op and scalar. The
 * cases the op-table rows declare (graph's {@code RowFamilies.gradChecks()}: every elementwise
 * function, cumsum/cumprod/repeat/tile, sort/diag) come first, then those written here.
 */
final class GradOpTable {
  private GradOpTable() {}

  static List<GradCase> cases() {
    List<GradCase> c = new ArrayList<>(RowFamilies.gradChecks());
    reductions(c);
    products(c);
    shapes(c);
    indexing(c);
    nn(c);
    return c;
  }

  private static Variable x(List<Variable> v) {
    return v.get(0);
  }

  private static Variable y(List<Variable> v) {
    return v.get(1);
  }

  private static void reductions(List<GradCase> c) {
    c.add(of("sum", v -> T.sum(x(v), 1)).shapes(s(3, 4)).shapes(s(2, 1, 3)));
    c.add(of("sum_all", v -> x(v).sum()).shapes(s(3, 4)).shapes(s()));
    c.add(of("sum_keepdims", v -> T.sum(x(v), new int[] {0, 2}, true).mul(x(v)))
        .shapes(s(2, 3, 2)));
    c.add(of("mean", v -> T.mean(x(v), 0)).shapes(s(3, 4)).shapes(s(5)));
    c.add(of("prod", v -> T.prod(x(v), 1)).range(0.5, 1.5, true).shapes(s(3, 4)));
    c.add(of("prod_with_zeros", v -> T.prod(T.mul(x(v), GradCase.zeroMask()), 1))
        .range(0.5, 1.5, true).shapes(s(3, 4)));
    c.add(of("max", v -> T.max(x(v), 0)).shapes(s(4, 3)).shapes(s(5)));
    c.add(of("min", v -> T.reduce(org.theano4j.tensor.ReduceKind.MIN, x(v), new int[] {1}, true)).shapes(s(4, 3)));
  }

  private static void products(List<GradCase> c) {
    c.add(of("dot", v -> T.dot(x(v), y(v)))
        .shapes(s(4), s(4)).shapes(s(3, 4), s(4)).shapes(s(4), s(4, 2)).shapes(s(3, 4), s(4, 2)));
    c.add(of("gemm", v -> T.node(new org.theano4j.tensor.Gemm(), v.get(0), v.get(1), v.get(2),
        v.get(3), v.get(4)))
        .shapes(s(3, 4), s(4, 2), s(2), s(), s()).shapes(s(3, 4), s(4, 2), s(3, 2), s(), s()));
    c.add(of("batched_dot", v -> T.batchedDot(x(v), y(v)))
        .shapes(s(2, 3, 4), s(2, 4, 2)).shapes(s(3, 4), s(3, 4, 2)));
  }

  private static void shapes(List<GradCase> c) {
    c.add(of("dimshuffle", v -> T.dimshuffle(x(v), 1, "x", 0)).shapes(s(2, 3)));
    c.add(of("dimshuffle_drop", v -> T.dimshuffle(x(v), 1, 0)).shapes(s(2, 3, 1)));
    c.add(of("transpose", v -> x(v).T().mul(y(v))).shapes(s(2, 3), s(3, 2)));
    c.add(of("reshape", v -> x(v).reshape(3, -1)).shapes(s(2, 3)).shapes(s(6)));
    c.add(of("flatten", v -> T.flatten(x(v), 2)).shapes(s(2, 3, 2)));
    c.add(of("join", v -> T.concatenate(List.of(x(v), y(v), x(v)), 0))
        .shapes(s(2, 3), s(1, 3)).shapes(s(3), s(2)));
    c.add(of("join_axis1", v -> T.concatenate(List.of(x(v), y(v)), 1)).shapes(s(2, 3), s(2, 2)));
    c.add(of("alloc", v -> T.alloc(x(v), 2, 3, 4)).shapes(s(1, 4)).shapes(s(4)).shapes(s()));
    c.add(of("make_vector", v -> T.makeVector(DType.FLOAT64, x(v), T.mul(y(v), x(v))))
        .shapes(s(), s()));
  }

  private static void indexing(List<GradCase> c) {
    c.add(of("subtensor_index", v -> x(v).get(1)).shapes(s(3, 4)));
    c.add(of("subtensor_slice", v -> x(v).get(T.slice(1, null), T.slice(null, null, 2)))
        .shapes(s(3, 5)));
    c.add(of("subtensor_negative", v -> x(v).get(-1, T.slice(-3, -1))).shapes(s(2, 5)));
    c.add(of("inc_subtensor", v -> T.incSubtensor(x(v).get(T.slice(1, 3)), y(v)))
        .shapes(s(4, 3), s(2, 3)).shapes(s(4, 3), s(3)));
    c.add(of("set_subtensor", v -> T.setSubtensor(x(v).get(T.slice(1, 3)), y(v)))
        .shapes(s(4, 3), s(2, 3)).shapes(s(4, 3), s(1, 3)));
    c.add(of("advanced_subtensor", v -> x(v).get(new int[] {0, 2, 0, 1}))
        .shapes(s(3, 2)).shapes(s(4)));
    c.add(of("advanced_subtensor_2d", v -> x(v).get(new int[] {0, 2, 2}, new int[] {1, 0, 1}))
        .shapes(s(3, 2)));
    c.add(of("advanced_mixed", v -> x(v).get(T.slice(1, null), new int[] {2, 0, 2}))
        .shapes(s(3, 4)));
    c.add(of("advanced_inc_subtensor",
        v -> T.incSubtensor(x(v).get(new int[] {0, 2, 0}), y(v))).shapes(s(4, 2), s(3, 2))
        .shapes(s(4, 2), s(2)));
    c.add(of("advanced_set_subtensor",
        v -> T.setSubtensor(x(v).get(new int[] {3, 1}), y(v))).shapes(s(4, 2), s(2, 2)));
  }

  private static void nn(List<GradCase> c) {
    c.add(of("softmax", v -> T.softmax(x(v))).shapes(s(3, 4)).shapes(s(5)));
    c.add(of("log_softmax", v -> T.logSoftmax(x(v))).shapes(s(3, 4)).shapes(s(5)));
    // T.categoricalCrossentropy(T.softmax(z), y) builds the fused op; the unfused pair is
    // built directly so its rule stays checked.
    c.add(of("crossentropy", v -> T.node(
        new org.theano4j.tensor.CrossentropyCategorical1Hot(), T.softmax(x(v)),
        T.constant(NDArray.of(new int[] {2, 0, 2}, 3)))).shapes(s(3, 4)));
    c.add(of("categorical_crossentropy(softmax)", v -> T.categoricalCrossentropy(
        T.softmax(x(v)), T.constant(NDArray.of(new int[] {2, 0, 2}, 3)))).shapes(s(3, 4)));
    c.add(of("crossentropy_softmax_1hot", v -> T.node(
        new org.theano4j.tensor.CrossentropySoftmax1Hot(), x(v),
        T.constant(NDArray.of(new int[] {2, 0, 3}, 3)))).shapes(s(3, 4)));
    // Labels by the index rule: -1 is the last class, -4 the first of 4 (the gradient's
    // one-hot must put them where the forward op reads them).
    c.add(of("crossentropy negative labels", v -> T.categoricalCrossentropy(T.softmax(x(v)),
        T.constant(NDArray.of(new int[] {-1, 0, -4}, 3)))).shapes(s(3, 4)));
    c.add(of("crossentropy_softmax_1hot negative labels", v -> T.node(
        new org.theano4j.tensor.CrossentropySoftmax1Hot(), x(v),
        T.constant(NDArray.of(new int[] {-1, 0, -4}, 3)))).shapes(s(3, 4)));
    // Both outputs at once: the loss plus a weighted sum of the softmax, so the gradient
    // flows back through each output's rule.
    c.add(of("softmax_crossentropy_1hot (loss and softmax)", v -> {
      java.util.List<org.theano4j.graph.Variable> outs = org.theano4j.graph.Apply.make(
          new org.theano4j.tensor.CrossentropySoftmax1HotWithSoftmax(), java.util.List.of(x(v),
          T.constant(NDArray.of(new int[] {2, -4, -1}, 3)))).outputs();
      return T.add(outs.get(0).dimshuffle(0, "x"), T.mul(outs.get(1), T.constant(
          NDArray.of(new double[] {0.3, -1.2, 0.7, 2.0}, 4).astype(outs.get(1).dtype()))));
    }).shapes(s(3, 4)));
  }
}
