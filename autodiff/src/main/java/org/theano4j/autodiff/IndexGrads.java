package org.theano4j.autodiff;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.AdvancedIncSubtensor;
import org.theano4j.tensor.AdvancedSubtensor;
import org.theano4j.tensor.IncSubtensor;
import org.theano4j.tensor.Subtensor;
import org.theano4j.tensor.T;

/**
 * Gradients of indexing: a gather's gradient is a scatter-add into zeros ({@code x[i]}
 * becomes {@code incSubtensor}, {@code x[idx]} becomes {@code advancedIncSubtensor}, so
 * repeated indices accumulate); an increment passes the gradient through to {@code x} and
 * gathers it for {@code y}; a set also zeroes the overwritten part of {@code x}'s gradient.
 * The index inputs get none.
 */
@AutoService(GradFamily.class)
public final class IndexGrads implements GradFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public IndexGrads() {}

  @Override
  public void register(Registry r) {
    r.rule(Subtensor.class, (node, gz) ->
        scatter(node, new IncSubtensor(((Subtensor) node.op()).entries(), false), gz.get(0)));
    r.rule(AdvancedSubtensor.class, (node, gz) -> scatter(node,
        new AdvancedIncSubtensor(((AdvancedSubtensor) node.op()).advanced(), false), gz.get(0)));
    r.rule(IncSubtensor.class, (node, gz) -> {
      IncSubtensor op = (IncSubtensor) node.op();
      return increment(node, gz.get(0), op.set(), new Subtensor(op.entries()),
          new IncSubtensor(op.entries(), true));
    });
    r.rule(AdvancedIncSubtensor.class, (node, gz) -> {
      AdvancedIncSubtensor op = (AdvancedIncSubtensor) node.op();
      return increment(node, gz.get(0), op.set(), new AdvancedSubtensor(op.advanced()),
          new AdvancedIncSubtensor(op.advanced(), true));
    });
  }

  /** {@code x[index]}: the gradient {@code gz} added into zeros at {@code index}. */
  private static List<Variable> scatter(Apply node, Op incOp, Variable gz) {
    Variable x = node.input(0);
    List<Variable> ins = new ArrayList<>();
    ins.add(GradSupport.zerosLike(x, x.dtype()));
    ins.add(GradSupport.castTo(gz, x.dtype()));
    List<Variable> indices = node.inputs().subList(1, node.inputs().size());
    ins.addAll(indices);
    List<Variable> out = new ArrayList<>();
    out.add(T.node(incOp, ins.toArray(new Variable[0])));
    indices.forEach(i -> out.add(null));
    return out;
  }

  /** {@code inc/set(x[index], y)}; {@code select} gathers, {@code setOp} writes zeros. */
  private static List<Variable> increment(Apply node, Variable gz, boolean set, Op select,
      Op setOp) {
    Variable y = node.input(1);
    List<Variable> indices = node.inputs().subList(2, node.inputs().size());
    Variable gx = gz;
    if (set) {
      List<Variable> ins = new ArrayList<>();
      ins.add(gz);
      ins.add(T.constant(NDArray.zeros(gz.dtype())));
      ins.addAll(indices);
      gx = T.node(setOp, ins.toArray(new Variable[0]));
    }
    List<Variable> selIns = new ArrayList<>();
    selIns.add(gz);
    selIns.addAll(indices);
    Variable gy = GradSupport.undoBroadcast(T.node(select, selIns.toArray(new Variable[0])),
        y.type());
    List<Variable> out = new ArrayList<>();
    out.add(gx);
    out.add(gy);
    indices.forEach(i -> out.add(null));
    return out;
  }
}
