package org.theano4j.jvm;

import org.theano4j.compile.Backend;
import org.theano4j.compile.CompileOptions;
import org.theano4j.compile.Executable;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.compile.ProfileStats;

/** The default backend: interprets the scheduled graph with the kernels of {@link Kernels}. */
public final class JvmBackend implements Backend {
  @Override
  public String name() {
    return "jvm";
  }

  @Override
  public Executable link(FunctionGraph graph, CompileOptions options) {
    return new Interpreter(graph, options.mode(),
        options.profile() ? new ProfileStats(graph) : null);
  }
}
