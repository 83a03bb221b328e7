package org.theano4j.cuda.interp;

import org.theano4j.compile.Backend;
import org.theano4j.compile.CompileOptions;
import org.theano4j.compile.Executable;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.cuda.lower.Lowering;
import org.theano4j.cuda.lower.ProgramRunner;

/**
 * The backend {@code "cuda-interp"}: the CUDA lowering executed by the kernel-IR interpreter.
 * Slow, but it runs the very kernels the GPU would, so it checks the lowering anywhere.
 */
public final class InterpBackend implements Backend {
  @Override
  public String name() {
    return "cuda-interp";
  }

  /** {@code OpFromGraph} nodes are inlined before lowering (in every mode). */
  @Override
  public boolean runsOpFromGraph() {
    return false;
  }

  @Override
  public Executable link(FunctionGraph graph, CompileOptions options) {
    return new ProgramRunner(Lowering.lower(graph, "t4j"), new InterpDevice());
  }
}
