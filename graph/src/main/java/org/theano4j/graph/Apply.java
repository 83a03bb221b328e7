package org.theano4j.graph;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.TheanoException;

/** One application of an {@link Op} to input variables, producing output variables. */
public final class Apply {
  private final Op op;
  private final List<Variable> inputs;
  private final List<Variable> outputs;
  private final SourceSite site;

  private Apply(Op op, List<Variable> inputs, List<TensorType> outTypes, SourceSite site) {
    this.op = op;
    this.inputs = List.copyOf(inputs);
    this.site = site;
    List<Variable> outs = new ArrayList<>(outTypes.size());
    for (int i = 0; i < outTypes.size(); i++) {
      outs.add(new Variable(this, i, outTypes.get(i), site));
    }
    this.outputs = List.copyOf(outs);
  }

  /**
   * Applies {@code op} to {@code inputs}, checking them now: a bad input fails here, naming
   * the op, the inputs, and the user's line that asked for the node.
   */
  public static Apply make(Op op, List<? extends Variable> inputs) {
    return make(op, inputs, SourceSite.capture());
  }

  /**
   * As {@link #make(Op, List)}, attributing the node to {@code site} (the optimiser keeps the
   * site of the user's expression it rewrites).
   */
  public static Apply make(Op op, List<? extends Variable> inputs, SourceSite site) {
    List<Variable> ins = List.copyOf(inputs);
    List<TensorType> types;
    try {
      types = op.outputTypes(ins);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      StringBuilder sb = new StringBuilder();
      sb.append(op.describe()).append(": ").append(e.getMessage())
          .append("\n  building the node at ").append(site);
      for (int i = 0; i < ins.size(); i++) {
        sb.append("\n  input ").append(i).append(": ").append(ins.get(i).describe());
      }
      throw new TheanoException(sb.toString(), e);
    }
    return new Apply(op, ins, types, site);
  }

  /** The same op on new inputs (used when cloning graphs); types are re-checked. */
  public Apply cloneWith(List<? extends Variable> newInputs) {
    return new Apply(op, List.copyOf(newInputs), op.outputTypes(List.copyOf(newInputs)), site);
  }

  public Op op() {
    return op;
  }

  public List<Variable> inputs() {
    return inputs;
  }

  public Variable input(int i) {
    return inputs.get(i);
  }

  public List<Variable> outputs() {
    return outputs;
  }

  public Variable output(int i) {
    return outputs.get(i);
  }

  /** Where user code asked for this node. */
  public SourceSite site() {
    return site;
  }

  @Override
  public String toString() {
    return op.describe() + inputs;
  }
}
