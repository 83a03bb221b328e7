package org.theano4j.jvm;

import org.theano4j.compile.Backend;
import org.theano4j.compile.CompileOptions;
import org.theano4j.compile.Executable;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.compile.ProfileStats;
import org.theano4j.graph.Op;

/** The default backend: interprets the scheduled graph with the kernels of {@link Kernels}. */
public final class JvmBackend implements Backend {
  @Override
  public String name() {
    return "jvm";
  }

  @Override
  public Executable link(FunctionGraph graph, CompileOptions options) {
    return new Interpreter(graph, options.mode(),
        options.profile() ? new ProfileStats(graph) : null, options.borrowOutputs(),
        options.fastMath());
  }

  /** Fast-math float32 transcendentals: {@code FastFloatPasses}. */
  @Override
  public boolean hasFastMath() {
    return true;
  }

  /** What the JVM kernel of {@code op} does with memory, as {@link Kernels} declares it. */
  @Override
  public InplaceInfo inplace(Op op) {
    return Kernels.inplace(op);
  }
}
