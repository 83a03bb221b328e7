package org.theano4j.cuda.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import org.theano4j.compile.Backend;
import org.theano4j.compile.CompileOptions;
import org.theano4j.compile.Executable;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.cuda.lower.Lowering;
import org.theano4j.cuda.lower.Program;
import org.theano4j.cuda.lower.ProgramRunner;

/**
 * The backend {@code "cuda"}: lowers the graph, compiles its kernels with NVRTC for the
 * device (through the {@link KernelCache}) and runs them. Where CUDA is unusable, {@link
 * #link} throws a {@code TheanoException} with one sentence saying why; the JVM backend keeps
 * working.
 */
public final class CudaBackend implements Backend {
  private static final AtomicInteger FUNCTIONS = new AtomicInteger();

  @Override
  public String name() {
    return "cuda";
  }

  /** {@code OpFromGraph} nodes are inlined before lowering (in every mode). */
  @Override
  public boolean runsOpFromGraph() {
    return false;
  }

  @Override
  public Executable link(FunctionGraph graph, CompileOptions options) {
    CudaRuntime rt = CudaRuntime.open();
    Program p = Lowering.lower(graph, "f" + FUNCTIONS.getAndIncrement());
    return new ProgramRunner(p, new CudaDevice(rt, p, KernelCache.standard()));
  }
}
