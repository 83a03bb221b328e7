package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.ndarray.ArrayArena;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.DisconnectedGrad;
import org.theano4j.tensor.ZeroGrad;

/** The gradient-control ops, which are the identity when run. */
@AutoService(KernelFamily.class)
public final class GradOpKernels implements KernelFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public GradOpKernels() {}

  @Override
  public void register(Registry r) {
    r.kernel(ZeroGrad.class, InplaceInfo.NONE, GradOpKernels::identity);
    r.kernel(DisconnectedGrad.class, InplaceInfo.NONE, GradOpKernels::identity);
  }

  private static NDArray[] identity(Apply node, NDArray[] in) {
    return ArrayArena.result(in[0]);
  }
}
