package org.theano4j.autodiff;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.ARange;
import org.theano4j.tensor.Alloc;
import org.theano4j.tensor.DimShuffle;
import org.theano4j.tensor.DisconnectedGrad;
import org.theano4j.tensor.Join;
import org.theano4j.tensor.MakeVector;
import org.theano4j.tensor.Reshape;
import org.theano4j.tensor.Shape;
import org.theano4j.tensor.ShapeI;
import org.theano4j.tensor.T;
import org.theano4j.tensor.ZeroGrad;

/**
 * Gradients of the shape and movement ops, and the entries of the shape queries and the
 * gradient-control ops ({@code zeroGrad}, {@code disconnectedGrad}).
 */
@AutoService(GradFamily.class)
public final class ShapeGrads implements GradFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public ShapeGrads() {}

  @Override
  public void register(Registry r) {
    r.rule(DimShuffle.class, ShapeGrads::dimShuffle);
    r.rule(Reshape.class, (node, gz) ->
        GradRule.of(T.reshape(gz.get(0), GradSupport.dims(node.input(0))), null));
    r.rule(Join.class, ShapeGrads::join);
    r.rule(Alloc.class, ShapeGrads::alloc);
    r.rule(MakeVector.class, ShapeGrads::makeVector);
    r.notDifferentiable(Shape.class, true);
    r.notDifferentiable(ShapeI.class, true);
    r.notDifferentiable(ARange.class, false);
    r.notDifferentiable(ZeroGrad.class, false);
    r.notDifferentiable(DisconnectedGrad.class, true);
  }

  /** Sums away the inserted axes, then puts the kept axes back in input order. */
  private static List<Variable> dimShuffle(Apply node, List<Variable> outputGrads) {
    DimShuffle op = (DimShuffle) node.op();
    Variable g = outputGrads.get(0);
    List<Integer> order = op.order();
    List<Integer> inserted = new ArrayList<>();
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      if (order.get(i) == DimShuffle.NEW_AXIS) {
        inserted.add(i);
      } else {
        kept.add(order.get(i));
      }
    }
    if (!inserted.isEmpty()) {
      g = T.sum(g, inserted.stream().mapToInt(Integer::intValue).toArray());
    }
    Object[] pattern = new Object[op.inputNdim()];
    boolean identity = kept.size() == op.inputNdim();
    for (int d = 0; d < pattern.length; d++) {
      int p = kept.indexOf(d);
      pattern[d] = p >= 0 ? (Object) p : "x";
      identity &= p == d;
    }
    return GradRule.of(identity ? g : T.dimshuffle(g, pattern));
  }

  /** Each input gets its slice of the output gradient along the join axis. */
  private static List<Variable> join(Apply node, List<Variable> outputGrads) {
    int axis = ((Join) node.op()).axis();
    Variable gz = outputGrads.get(0);
    List<Variable> out = new ArrayList<>();
    Object start = 0;
    for (Variable x : node.inputs()) {
      Object len = GradSupport.dim(x, axis);
      Object stop = start instanceof Integer && len instanceof Integer
          ? (Object) ((Integer) start + (Integer) len) : T.add(T.asTensor(start, null), len);
      Object[] index = new Object[axis + 1];
      java.util.Arrays.fill(index, T.ALL);
      index[axis] = T.slice(start, stop);
      out.add(gz.get(index));
      start = stop;
    }
    return out;
  }

  /** The fill value's gradient is the output gradient summed over the broadcast axes. */
  private static List<Variable> alloc(Apply node, List<Variable> outputGrads) {
    List<Variable> out = new ArrayList<>();
    out.add(GradSupport.undoBroadcast(outputGrads.get(0), node.input(0).type()));
    for (int i = 1; i < node.inputs().size(); i++) {
      out.add(null);
    }
    return out;
  }

  private static List<Variable> makeVector(Apply node, List<Variable> outputGrads) {
    List<Variable> out = new ArrayList<>();
    for (int i = 0; i < node.inputs().size(); i++) {
      out.add(outputGrads.get(0).get(i));
    }
    return out;
  }
}
