package org.theano4j.autodiff;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.theano4j.compile.OpFromGraph;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;

/**
 * The gradient of an {@link OpFromGraph} node, as Theano builds it: autodiff on the inner
 * graph, from one new inner input per output gradient, wrapped as another
 * {@code OpFromGraph} (named {@code <name>_grad}) applied to the node's inputs and output
 * gradients. So the gradient stays one node too, inlined or kept whole like the forward op,
 * and nested ops differentiate recursively.
 */
@AutoService(GradFamily.class)
public final class OpFromGraphGrads implements GradFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public OpFromGraphGrads() {}

  @Override
  public void register(Registry r) {
    r.rule(OpFromGraph.class, OpFromGraphGrads::grads);
  }

  static List<Variable> grads(Apply node, List<Variable> outputGrads) {
    OpFromGraph op = (OpFromGraph) node.op();
    List<Variable> innerIns = new ArrayList<>(op.inputs());
    List<Variable> args = new ArrayList<>(node.inputs());
    Map<Variable, Variable> known = new IdentityHashMap<>();
    for (int i = 0; i < outputGrads.size(); i++) {
      Variable gz = outputGrads.get(i);
      Variable out = op.outputs().get(i);
      if (gz == null || !out.dtype().isFloat()) {
        continue;
      }
      Variable g = Variable.input(gz.type(), "d(" + op.describe() + " output " + i + ")");
      known.merge(out, g, (a, b) -> a.add(b));
      innerIns.add(g);
      args.add(gz);
    }
    List<Variable> wrt = new ArrayList<>();
    for (Variable v : op.inputs()) {
      if (v.dtype().isFloat()) {
        wrt.add(v);
      }
    }
    List<Variable> result = new ArrayList<>();
    if (known.isEmpty() || wrt.isEmpty()) {
      for (int i = 0; i < node.inputs().size(); i++) {
        result.add(null);
      }
      return result;
    }
    List<Variable> inner = Grad.grad(null, wrt, GradOptions.defaults().knownGrads(known)
        .disconnected(DisconnectedPolicy.IGNORE));
    OpFromGraph gradOp = new OpFromGraph(innerIns, inner, op.describe() + "_grad");
    List<Variable> outs = gradOp.apply(args.toArray(new Variable[0]));
    int k = 0;
    for (Variable v : op.inputs()) {
      result.add(v.dtype().isFloat() ? outs.get(k++) : null);
    }
    return result;
  }
}
