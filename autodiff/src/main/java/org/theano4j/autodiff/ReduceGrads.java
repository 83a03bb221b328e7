package org.theano4j.autodiff;

import static org.theano4j.autodiff.GradSupport.keepDims;

import com.google.auto.service.AutoService;
import java.util.List;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.ArgReduce;
import org.theano4j.tensor.FusedReduce;
import org.theano4j.tensor.Reduce;
import org.theano4j.tensor.ReduceKind;
import org.theano4j.tensor.T;

/** Gradients of the reductions; argmax/argmin are marked not differentiable. */
@AutoService(GradFamily.class)
public final class ReduceGrads implements GradFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public ReduceGrads() {}

  @Override
  public void register(Registry r) {
    r.rule(Reduce.class, ReduceGrads::reduce);
    r.rule(FusedReduce.class, ReduceGrads::fusedReduce);
    r.notDifferentiable(ArgReduce.class, false);
  }

  private static List<Variable> reduce(Apply node, List<Variable> outputGrads) {
    Reduce op = (Reduce) node.op();
    Variable x = node.input(0);
    if (!x.dtype().isFloat()) {
      return GradRule.of((Variable) null);
    }
    List<Integer> axes = op.axes();
    Variable gz = outputGrads.get(0);
    Variable z = node.output(0);
    Variable gk = op.keepdims() ? gz : keepDims(gz, axes, x.ndim());
    Variable zk = op.keepdims() ? z : keepDims(z, axes, x.ndim());
    Variable gx = switch (op.kind()) {
      case SUM -> GradSupport.broadcastLike(gk, x);
      case MEAN -> T.trueDiv(GradSupport.broadcastLike(gk, x), count(x, axes, gz));
      case PROD -> T.mul(gk, prodPartials(x, axes, zk));
      // The gradient goes to every element equal to the extreme (Theano's equality mask).
      case MAX, MIN -> T.mul(gk, GradSupport.mask(T.eq(x, zk), gz));
      case ALL, ANY -> null;
    };
    return GradRule.of(gx);
  }

  /**
   * A fused reduction (made by the optimiser, so met only when a compiled graph is
   * differentiated again): the gradient of the pair it fuses ({@link FusedReduce#unfused}),
   * each input's taken once (an input passed twice gets its gradient at its first position).
   */
  private static List<Variable> fusedReduce(Apply node, List<Variable> outputGrads) {
    Variable z = ((FusedReduce) node.op()).unfused(node.inputs());
    List<Variable> wrt = new java.util.ArrayList<>();
    for (Variable v : node.inputs()) {
      if (v.dtype().isFloat() && !wrt.contains(v)) {
        wrt.add(v);
      }
    }
    List<Variable> result = new java.util.ArrayList<>();
    if (wrt.isEmpty() || outputGrads.get(0) == null) {
      node.inputs().forEach(v -> result.add(null));
      return result;
    }
    List<Variable> g = Grad.grad(null, wrt, GradOptions.defaults()
        .knownGrads(java.util.Map.of(z, outputGrads.get(0)))
        .disconnected(DisconnectedPolicy.IGNORE));
    List<Variable> seen = new java.util.ArrayList<>();
    for (Variable v : node.inputs()) {
      int k = wrt.indexOf(v);
      result.add(k < 0 || seen.contains(v) ? null : g.get(k));
      seen.add(v);
    }
    return result;
  }

  /** The number of elements reduced into each output, in {@code like}'s dtype. */
  private static Variable count(Variable x, List<Integer> axes, Variable like) {
    long known = 1;
    Variable sym = null;
    for (int a : axes) {
      Object d = GradSupport.dim(x, a);
      if (d instanceof Integer) {
        known *= (Integer) d;
      } else {
        sym = sym == null ? (Variable) d : T.mul(sym, d);
      }
    }
    Variable c = T.constant(NDArray.scalar(known));
    if (sym != null) {
      c = known == 1 ? sym : T.mul(sym, known);
    }
    return GradSupport.castTo(c, like.dtype());
  }

  /**
   * d prod / d x_i = product of the other elements, safe for zeros: a zero element gets the
   * product of the non-zeros if it is the only zero, else 0; a non-zero gets prod / x_i.
   */
  private static Variable prodPartials(Variable x, List<Integer> axes, Variable zk) {
    int[] ax = axes.stream().mapToInt(Integer::intValue).toArray();
    Variable isZero = T.eq(x, 0);
    Variable nonZero = T.where(isZero, 1, x);
    Variable prodNonZero = T.reduce(ReduceKind.PROD, nonZero, ax, true);
    Variable zeros = T.sum(isZero, ax, true);
    Variable atZero = T.where(T.eq(zeros, 1), prodNonZero, 0);
    return T.where(isZero, atZero, T.trueDiv(zk, nonZero));
  }
}
