package org.theano4j.compile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.theano4j.TheanoException;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Constant;
import org.theano4j.graph.Graphs;
import org.theano4j.graph.Op;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * A subgraph used as one op, as Theano's {@code OpFromGraph}: built from symbolic inputs and
 * the outputs computed from them, then applied to other variables like any op, creating one
 * node per application.
 *
 * <pre>{@code
 * Variable x = T.matrix("x"), y = T.matrix("y");
 * OpFromGraph axpy = new OpFromGraph(List.of(x, y), List.of(x.mul(2).add(y)));
 * Variable z = axpy.apply(a, b).get(0);     // one node, Grad.grad differentiates it
 * }</pre>
 *
 * <p>{@code FAST_RUN} inlines every application (the optimiser's step
 * {@code inline-opfromgraph}, so the inner graph is optimised with the outer one);
 * {@code FAST_COMPILE} and {@code DEBUG} keep it whole and the JVM backend runs the inner graph
 * as a function of its own. Backends that cannot run it whole (the CUDA backends) get it
 * inlined in every mode. Its gradient is an {@code OpFromGraph} of the inner graph's gradient.
 *
 * <p>The inner graph may depend only on its inputs and on constants: a shared variable must be
 * passed as an input. Two instances are different ops even when built from equal graphs.
 */
public final class OpFromGraph implements Op {
  private final List<Variable> inputs;
  private final List<Variable> outputs;
  private final String name;

  /** An op computing {@code outputs} from {@code inputs}, named {@code OpFromGraph}. */
  public OpFromGraph(List<? extends Variable> inputs, List<? extends Variable> outputs) {
    this(inputs, outputs, "OpFromGraph");
  }

  /**
   * An op computing {@code outputs} from {@code inputs}, shown as {@code name} in printed graphs
   * and error messages.
   *
   * @throws TheanoException if a list or an entry is null, an input is not a symbolic root or
   *     appears twice, there are no outputs, or the outputs depend on a variable that is neither
   *     an input nor a constant
   */
  public OpFromGraph(List<? extends Variable> inputs, List<? extends Variable> outputs,
      String name) {
    if (inputs == null || outputs == null || name == null) {
      throw new TheanoException("OpFromGraph: the " + (inputs == null ? "inputs list"
          : outputs == null ? "outputs list" : "name") + " is null");
    }
    Set<Variable> ins = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < inputs.size(); i++) {
      Variable v = inputs.get(i);
      if (v == null) {
        throw new TheanoException("OpFromGraph: input " + i + " is null");
      }
      if (!v.isRoot() || v instanceof Constant || v instanceof SharedVariable) {
        throw new TheanoException("OpFromGraph: input " + i + " must be a symbolic input "
            + "variable (e.g. T.matrix(\"x\")), got " + v.describe());
      }
      if (!ins.add(v)) {
        throw new TheanoException("OpFromGraph: input " + i + " appears twice: " + v.describe());
      }
    }
    if (outputs.isEmpty()) {
      throw new TheanoException("OpFromGraph: needs at least one output");
    }
    for (int i = 0; i < outputs.size(); i++) {
      if (outputs.get(i) == null) {
        throw new TheanoException("OpFromGraph: output " + i + " is null");
      }
    }
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.name = name;
    for (Variable r : new FunctionGraph(this.inputs, this.outputs, this.outputs.size())
        .roots()) {
      if (!ins.contains(r) && !(r instanceof Constant)) {
        throw new TheanoException("OpFromGraph " + name + ": the outputs depend on "
            + r.describe() + ", which is not among the inputs; pass it as an input"
            + (r instanceof SharedVariable ? " (shared variables too)" : ""));
      }
    }
  }

  /** The inner graph's inputs. */
  public List<Variable> inputs() {
    return inputs;
  }

  /** The inner graph's outputs. */
  public List<Variable> outputs() {
    return outputs;
  }

  /** Applies the op to {@code args} (one per inner input): one node, its outputs in order. */
  public List<Variable> apply(Variable... args) {
    if (args == null) {
      throw new TheanoException("OpFromGraph " + name + ": the arguments array is null");
    }
    for (int i = 0; i < args.length; i++) {
      if (args[i] == null) {
        throw new TheanoException("OpFromGraph " + name + ": argument " + i + " is null");
      }
    }
    return Apply.make(this, List.of(args)).outputs();
  }

  /** The inner outputs with {@code args} substituted for the inner inputs (inlining). */
  public List<Variable> inline(List<Variable> args) {
    Map<Variable, Variable> givens = new IdentityHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      givens.put(inputs.get(i), args.get(i));
    }
    return Graphs.substitute(outputs, givens, "the arguments");
  }

  @Override
  public List<TensorType> outputTypes(List<Variable> args) {
    if (args.size() != inputs.size()) {
      throw new IllegalArgumentException("expects " + inputs.size() + " inputs, got "
          + args.size());
    }
    for (int i = 0; i < args.size(); i++) {
      TensorType want = inputs.get(i).type();
      if (!GraphBuilder.compatible(want, args.get(i).type())) {
        throw new IllegalArgumentException("input " + i + " must fit " + want
            + " (the type of inner input " + inputs.get(i).describe() + "), got "
            + args.get(i).type());
      }
    }
    List<TensorType> types = new ArrayList<>(outputs.size());
    for (Variable v : outputs) {
      types.add(v.type());
    }
    return types;
  }

  @Override
  public String describe() {
    return name;
  }
}
