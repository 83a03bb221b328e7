package org.theano4j.rewrite;

import java.util.List;
import java.util.Set;
import org.theano4j.graph.Graphs;
import org.theano4j.TheanoException;
import org.theano4j.compile.GraphBuilder;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Constant;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * Checks the optimiser's invariants, throwing with the phase and rule to blame: replacements
 * keep their variable's type, and each phase leaves a graph whose node types are what their
 * ops infer, whose outputs keep their types, and whose roots are all inputs, shared variables
 * or constants.
 */
final class GraphVerifier {
  private GraphVerifier() {}

  /**
   * True if {@code got} can replace a variable of type {@code want}: same dtype and rank, no
   * conflicting known sizes, and a dimension known to be 1 (broadcastable) stays so.
   */
  static boolean fits(TensorType want, TensorType got) {
    return GraphBuilder.compatible(want, got);
  }

  static void checkReplacement(String phase, String rule, Apply node, int output,
      Variable replacement) {
    Variable old = node.output(output);
    if (!fits(old.type(), replacement.type())) {
      throw new TheanoException("rewrite rule '" + rule + "' (phase " + phase + ") replaced "
          + old.describe() + " by " + replacement.describe()
          + " of an incompatible type: expected " + old.type() + ", got "
          + replacement.type());
    }
  }

  /** Checks the graph at the end of {@code phase}; {@code before} are the phase's inputs. */
  static void checkPhase(String phase, List<Variable> before, List<Variable> after,
      Set<Variable> inputs) {
    for (int i = 0; i < before.size(); i++) {
      if (!fits(before.get(i).type(), after.get(i).type())) {
        throw new TheanoException("phase " + phase + " changed the type of output " + i
            + " from " + before.get(i).type() + " to " + after.get(i).type());
      }
    }
    for (Apply a : Graphs.toposort(after)) {
      List<TensorType> inferred;
      try {
        inferred = a.op().outputTypes(a.inputs());
      } catch (IllegalArgumentException e) {
        throw new TheanoException("after phase " + phase + ", node " + a.op().describe()
            + " created at " + a.site() + " has invalid inputs: " + e.getMessage(), e);
      }
      for (int i = 0; i < inferred.size(); i++) {
        if (!inferred.get(i).equals(a.output(i).type())) {
          throw new TheanoException("after phase " + phase + ", node " + a.op().describe()
              + " has output type " + a.output(i).type() + " but its op infers "
              + inferred.get(i));
        }
      }
      for (Variable v : a.inputs()) {
        if (v.isRoot() && !(v instanceof Constant) && !(v instanceof SharedVariable)
            && !inputs.contains(v)) {
          throw new TheanoException("phase " + phase + " introduced the unknown root "
              + v.describe());
        }
      }
    }
  }
}
