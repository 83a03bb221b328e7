package org.theano4j.autodiff;

import com.google.auto.service.AutoService;
import java.util.Arrays;
import java.util.List;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.CumOp;
import org.theano4j.tensor.Repeat;
import org.theano4j.tensor.T;
import org.theano4j.tensor.Tile;

/** Gradients of {@code cumsum}, {@code cumprod}, {@code repeat} and {@code tile}. */
@AutoService(GradFamily.class)
public final class CumRepeatTileGrads implements GradFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public CumRepeatTileGrads() {}

  @Override
  public void register(Registry r) {
    r.rule(CumOp.class, CumRepeatTileGrads::cumulative);
    r.rule(Repeat.class, CumRepeatTileGrads::repeat);
    r.rule(Tile.class, CumRepeatTileGrads::tile);
  }

  /**
   * {@code cumsum}: the reversed cumsum of the reversed output gradient. {@code cumprod}:
   * {@code d out_j / d x_i} is the product of {@code x_k}, {@code k <= j, k != i}, for
   * {@code j >= i}; with {@code z} the first zero of the line, that is {@code out_j / x_i} for
   * {@code i < z}, 0 for {@code i > z}, and for {@code i = z} the running product with that
   * zero replaced by 1 (so zeros get exact gradients, without dividing by them).
   */
  private static List<Variable> cumulative(Apply node, List<Variable> outputGrads) {
    CumOp op = (CumOp) node.op();
    Variable x = node.input(0);
    if (!x.dtype().isFloat()) {
      return GradRule.of((Variable) null);
    }
    int axis = op.axis();
    Variable gz = outputGrads.get(0);
    if (!op.product()) {
      return GradRule.of(reverseCumsum(gz, axis));
    }
    Variable isZero = T.eq(x, 0);
    Variable firstZero = T.and(isZero, T.eq(T.cumsum(isZero, axis), 1));
    Variable withoutFirstZero = T.cumprod(T.where(firstZero, 1, x), axis);
    Variable atFirstZero = reverseCumsum(T.mul(gz, withoutFirstZero), axis);
    Variable elsewhere = T.trueDiv(reverseCumsum(T.mul(gz, node.output(0)), axis),
        T.where(isZero, 1, x));
    return GradRule.of(T.where(firstZero, atFirstZero, T.where(isZero, 0, elsewhere)));
  }

  /** {@code out_i = sum_{j >= i} g_j}. */
  private static Variable reverseCumsum(Variable g, int axis) {
    return reverse(T.cumsum(reverse(g, axis), axis), axis);
  }

  private static Variable reverse(Variable g, int axis) {
    Object[] index = new Object[axis + 1];
    Arrays.fill(index, T.ALL);
    index[axis] = T.slice(null, null, -1);
    return g.get(index);
  }

  /**
   * Each input element gets the sum of its copies: the output gradient added into zeros at
   * the source positions, {@code repeat(arange(n), repeats)}, along the axis.
   */
  private static List<Variable> repeat(Apply node, List<Variable> outputGrads) {
    Repeat op = (Repeat) node.op();
    Variable x = node.input(0);
    Variable source = T.repeat(T.arange(GradSupport.dim(x, op.axis())), node.input(1), 0);
    Object[] index = new Object[op.axis() + 1];
    Arrays.fill(index, T.ALL);
    index[op.axis()] = source;
    Variable zeros = GradSupport.zerosLike(x, outputGrads.get(0).dtype());
    return GradRule.of(T.incSubtensor(zeros.get(index), outputGrads.get(0)), null);
  }

  /**
   * Each input element gets the sum of its tiles: the output gradient reshaped to
   * {@code (reps[0], n[0], reps[1], n[1], ...)} and summed over the repetition axes.
   */
  private static List<Variable> tile(Apply node, List<Variable> outputGrads) {
    Tile op = (Tile) node.op();
    Variable x = node.input(0);
    int nd = x.ndim();
    Object[] split = new Object[2 * nd];
    int[] repAxes = new int[nd];
    for (int d = 0; d < nd; d++) {
      split[2 * d] = op.reps().get(d);
      split[2 * d + 1] = GradSupport.dim(x, d);
      repAxes[d] = 2 * d;
    }
    Variable g = T.reshape(outputGrads.get(0), split);
    return GradRule.of(nd == 0 ? g : T.sum(g, repAxes));
  }
}
