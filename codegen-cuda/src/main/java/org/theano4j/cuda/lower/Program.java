package org.theano4j.cuda.lower;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.compile.LazyBranches;
import org.theano4j.cuda.ir.Kernel;

/** A lowered function graph: one {@link Step} per node, in the graph's order. */
public record Program(FunctionGraph graph, List<Step> steps, LazyBranches branches) {
  public Program {
    steps = List.copyOf(steps);
  }

  /** Every kernel of every step, in order. */
  public List<Kernel> kernels() {
    List<Kernel> out = new ArrayList<>();
    for (Step s : steps) {
      out.addAll(s.deviceKernels());
    }
    return out;
  }
}
