package org.theano4j.autodiff;

import static org.theano4j.autodiff.OpCase.of;
import static org.theano4j.autodiff.OpCase.s;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/** The gradient-check table: one or more rows for every differentiable op and scalar. */
final class GradOpTable {
  private GradOpTable() {}

  static List<OpCase> cases() {
    List<OpCase> c = new ArrayList<>();
    elementwise(c);
    reductions(c);
    products(c);
    shapes(c);
    indexing(c);
    nn(c);
    cumRepeatTile(c);
    sortAndDiag(c);
    return c;
  }

  private static Variable x(List<Variable> v) {
    return v.get(0);
  }

  private static Variable y(List<Variable> v) {
    return v.get(1);
  }

  private static void binary(List<OpCase> c, String name,
      java.util.function.BiFunction<Variable, Variable, Variable> f) {
    c.add(of(name, v -> f.apply(x(v), y(v)))
        .shapes(s(2, 3), s(2, 3)).shapes(s(2, 3), s(1, 3)).shapes(s(4), s(3, 1))
        .shapes(s(), s(3)));
  }

  private static void unary(List<OpCase> c, String name,
      java.util.function.UnaryOperator<Variable> f, double lo, double hi, boolean signed) {
    c.add(of(name, v -> f.apply(x(v))).range(lo, hi, signed)
        .shapes(s(5)).shapes(s(2, 3)).shapes(s(2, 1, 3)).shapes(s()));
  }

  private static void elementwise(List<OpCase> c) {
    binary(c, "add", T::add);
    binary(c, "sub", T::sub);
    binary(c, "mul", T::mul);
    binary(c, "true_div", T::trueDiv);
    binary(c, "maximum", T::maximum);
    binary(c, "minimum", T::minimum);
    c.add(of("mod", v -> T.mod(x(v), T.add(T.abs(y(v)), 1.5))).range(0.2, 1.3, true)
        .shapes(s(2, 3), s(2, 3)).shapes(s(3), s(1)));
    c.add(of("pow", v -> T.pow(x(v), y(v))).range(0.5, 1.5, false)
        .shapes(s(2, 3), s(2, 3)).shapes(s(2, 3), s(1, 1)).shapes(s(3), s()));
    unary(c, "neg", T::neg, 0.2, 1, true);
    unary(c, "abs", T::abs, 0.2, 1, true);
    unary(c, "sqr", T::sqr, 0.2, 1, true);
    unary(c, "relu", T::relu, 0.2, 1, true);
    unary(c, "exp", T::exp, 0.2, 1, true);
    unary(c, "log", T::log, 0.3, 2, false);
    unary(c, "log1p", T::log1p, 0.1, 2, false);
    unary(c, "expm1", T::expm1, 0.2, 1, true);
    unary(c, "sqrt", T::sqrt, 0.3, 2, false);
    unary(c, "tanh", T::tanh, 0.1, 1.5, true);
    unary(c, "sigmoid", T::sigmoid, 0.1, 3, true);
    unary(c, "softplus", T::softplus, 0.1, 3, true);
    unary(c, "sin", T::sin, 0.1, 3, true);
    unary(c, "cos", T::cos, 0.1, 3, true);
    unary(c, "tan", T::tan, 0.1, 1.2, true);
    unary(c, "log2", T::log2, 0.3, 2, false);
    unary(c, "erf", T::erf, 0.1, 2, true);
    unary(c, "erfc", T::erfc, 0.1, 2, true);
    unary(c, "erfinv", T::erfinv, 0.05, 0.8, true);
    unary(c, "gammaln", T::gammaln, 0.2, 4, false);
    unary(c, "psi", T::psi, 0.3, 4, false);
    unary(c, "cbrt", T::cbrt, 0.2, 3, true);
    unary(c, "log10", T::log10, 0.3, 2, false);
    unary(c, "exp2", T::exp2, 0.2, 2, true);
    unary(c, "arcsin", T::arcsin, 0.1, 0.8, true);
    unary(c, "arccos", T::arccos, 0.1, 0.8, true);
    unary(c, "arctan", T::arctan, 0.1, 3, true);
    c.add(of("arctan2", v -> T.arctan2(x(v), y(v))).range(0.3, 2, true)
        .shapes(s(2, 3), s(2, 3)).shapes(s(2, 3), s(1, 3)).shapes(s(3), s()));
    unary(c, "sinh", T::sinh, 0.1, 2, true);
    unary(c, "cosh", T::cosh, 0.1, 2, true);
    unary(c, "arcsinh", T::arcsinh, 0.1, 3, true);
    unary(c, "arccosh", T::arccosh, 1.2, 3, false);
    unary(c, "arctanh", T::arctanh, 0.1, 0.8, true);
    unary(c, "cast", x -> T.cast(x, DType.FLOAT32).mul(x), 0.2, 1, true);
    c.add(of("clip", v -> T.clip(x(v), y(v), T.add(v.get(2), 0.3)))
        .range(0.05, 1, true).shapes(s(3, 4), s(3, 4), s(3, 4)).shapes(s(6), s(), s(1)));
    c.add(of("switch", v -> T.where(T.gt(x(v), 0), T.mul(x(v), y(v)), T.exp(y(v))))
        .shapes(s(2, 3), s(2, 3)).shapes(s(2, 3), s(1, 3)));
  }

  private static void reductions(List<OpCase> c) {
    c.add(of("sum", v -> T.sum(x(v), 1)).shapes(s(3, 4)).shapes(s(2, 1, 3)));
    c.add(of("sum_all", v -> x(v).sum()).shapes(s(3, 4)).shapes(s()));
    c.add(of("sum_keepdims", v -> T.sum(x(v), new int[] {0, 2}, true).mul(x(v)))
        .shapes(s(2, 3, 2)));
    c.add(of("mean", v -> T.mean(x(v), 0)).shapes(s(3, 4)).shapes(s(5)));
    c.add(of("prod", v -> T.prod(x(v), 1)).range(0.5, 1.5, true).shapes(s(3, 4)));
    c.add(of("prod_with_zeros", v -> T.prod(T.mul(x(v), zeroMask()), 1))
        .range(0.5, 1.5, true).shapes(s(3, 4)));
    c.add(of("max", v -> T.max(x(v), 0)).shapes(s(4, 3)).shapes(s(5)));
    c.add(of("min", v -> T.reduce(org.theano4j.tensor.ReduceKind.MIN, x(v), new int[] {1}, true)).shapes(s(4, 3)));
  }

  /** Row 0 without zeros, row 1 with one zero, row 2 with two. */
  private static Variable zeroMask() {
    double[] m = {1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 0, 1};
    return T.constant(NDArray.of(m, 3, 4));
  }

  private static void products(List<OpCase> c) {
    c.add(of("dot", v -> T.dot(x(v), y(v)))
        .shapes(s(4), s(4)).shapes(s(3, 4), s(4)).shapes(s(4), s(4, 2)).shapes(s(3, 4), s(4, 2)));
    c.add(of("gemm", v -> T.node(new org.theano4j.tensor.Gemm(), v.get(0), v.get(1), v.get(2),
        v.get(3), v.get(4)))
        .shapes(s(3, 4), s(4, 2), s(2), s(), s()).shapes(s(3, 4), s(4, 2), s(3, 2), s(), s()));
    c.add(of("batched_dot", v -> T.batchedDot(x(v), y(v)))
        .shapes(s(2, 3, 4), s(2, 4, 2)).shapes(s(3, 4), s(3, 4, 2)));
  }

  private static void shapes(List<OpCase> c) {
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

  private static void indexing(List<OpCase> c) {
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

  private static void nn(List<OpCase> c) {
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
          new org.theano4j.tensor.SoftmaxCrossentropy1Hot(), java.util.List.of(x(v),
          T.constant(NDArray.of(new int[] {2, -4, -1}, 3)))).outputs();
      return T.add(outs.get(0).dimshuffle(0, "x"), T.mul(outs.get(1), T.constant(
          NDArray.of(new double[] {0.3, -1.2, 0.7, 2.0}, 4).astype(outs.get(1).dtype()))));
    }).shapes(s(3, 4)));
  }

  private static void cumRepeatTile(List<OpCase> c) {
    c.add(of("cumsum", v -> T.cumsum(x(v), 1)).shapes(s(3, 4)).shapes(s(2, 3, 2)));
    c.add(of("cumsum_flat", v -> T.cumsum(x(v))).shapes(s(2, 3)));
    c.add(of("cumprod", v -> x(v).cumprod(-1)).range(0.5, 1.5, true).shapes(s(3, 4))
        .shapes(s(5)));
    c.add(of("cumprod_axis0", v -> T.cumprod(x(v), 0)).range(0.5, 1.5, true)
        .shapes(s(4, 3)));
    // Row 0 without zeros, row 1 with one zero, row 2 with two (see zeroMask): the partials
    // of the other elements must see the zeros.
    c.add(of("cumprod_with_zeros", v -> T.cumprod(T.mul(x(v), zeroMask()), 1))
        .range(0.5, 1.5, true).shapes(s(3, 4)));
    c.add(of("repeat", v -> T.repeat(x(v), 3, 1)).shapes(s(2, 3)).shapes(s(2, 1)));
    c.add(of("repeat_vector", v -> x(v).repeat(new int[] {2, 0, 3}, 0))
        .shapes(s(3, 2)).shapes(s(3)));
    c.add(of("repeat_flat", v -> T.repeat(x(v), 2)).shapes(s(2, 2)));
    c.add(of("tile", v -> T.tile(x(v), 2, 3)).shapes(s(2, 3)).shapes(s(3)).shapes(s(1, 2)));
    c.add(of("tile_rank3", v -> T.tile(x(v), 2, 1, 2)).shapes(s(2, 2)));
  }

  private static void sortAndDiag(List<OpCase> c) {
    c.add(of("sort", v -> T.sort(x(v))).shapes(s(5)).shapes(s(3, 4)));
    c.add(of("sort axis 0", v -> T.sort(x(v), 0)).shapes(s(4, 3)));
    c.add(of("sort axis 1 of a tensor3", v -> T.sort(x(v), 1)).shapes(s(2, 4, 3)));
    c.add(of("diag of a vector", v -> T.diag(x(v))).shapes(s(4)).shapes(s(1)));
    c.add(of("diag of a matrix", v -> T.diag(x(v))).shapes(s(3, 3)).shapes(s(2, 4))
        .shapes(s(5, 3)));
  }
}
