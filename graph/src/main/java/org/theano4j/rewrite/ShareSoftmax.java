package org.theano4j.rewrite;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.theano4j.graph.Graphs;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.CrossentropySoftmax1Hot;
import org.theano4j.tensor.Softmax;
import org.theano4j.tensor.CrossentropySoftmax1HotWithSoftmax;

/**
 * A graph-wide rewrite (not a local rule: it pairs two nodes that only share an input): when
 * a graph computes both {@code crossentropySoftmax1Hot(z, y)} and {@code softmax(z)} of the
 * same logits, as the tutorial's cost and its gradient do, both become the outputs of one
 * {@link CrossentropySoftmax1HotWithSoftmax} node, so each row's exponentials are computed once. It runs
 * as the whole-graph phase {@value #NAME} of the optimiser ({@link #PHASE}).
 */
final class ShareSoftmax {
  /** The name by which it is reported and excluded. */
  static final String NAME = "share-softmax";

  /** The phase. */
  static final Phase PHASE = Phase.whole(NAME, (g, ctx, fired) -> {
    int[] pairs = {0};
    List<Variable> outs = apply(g.outputs(), pairs);
    if (pairs[0] == 0) {
      return g;
    }
    fired.put(NAME, pairs[0]);
    return new FunctionGraph(g.inputs(), outs, g.userOutputCount());
  });

  private ShareSoftmax() {}

  /** The rewritten outputs; {@code pairs[0]} receives how many pairs were merged. */
  static List<Variable> apply(List<Variable> outputs, int[] pairs) {
    Map<Variable, Apply> softmaxOf = new IdentityHashMap<>();
    List<Apply> losses = new ArrayList<>();
    for (Apply a : Graphs.toposort(outputs)) {
      if (a.op() instanceof Softmax s && !s.log()) {
        softmaxOf.putIfAbsent(a.input(0), a);
      } else if (a.op() instanceof CrossentropySoftmax1Hot) {
        losses.add(a);
      }
    }
    Map<Variable, Variable> replace = new IdentityHashMap<>();
    for (Apply ce : losses) {
      Apply sm = softmaxOf.get(ce.input(0));
      if (sm == null || replace.containsKey(sm.output(0))
          || !sm.output(0).type().equals(ce.input(0).type())) {
        continue;
      }
      Apply both = Apply.make(new CrossentropySoftmax1HotWithSoftmax(), ce.inputs(), ce.site());
      replace.put(ce.output(0), both.output(0));
      replace.put(sm.output(0), both.output(1));
      pairs[0]++;
    }
    return replace.isEmpty() ? outputs : Graphs.substitute(outputs, replace, "a graph-wide rewrite would");
  }
}
