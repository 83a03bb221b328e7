package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.IfElse;

/**
 * {@link IfElse}: returns the taken branch's values (no copy). The values of the branch not
 * taken are null when the interpreter skipped the nodes computing them.
 */
@AutoService(KernelFamily.class)
public final class IfElseKernels implements KernelFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public IfElseKernels() {}

  @Override
  public void register(Registry r) {
    r.kernel(IfElse.class, InplaceInfo.NONE, IfElseKernels::ifelse);
  }

  static NDArray[] ifelse(Apply node, NDArray[] in) {
    int n = ((IfElse) node.op()).n();
    int from = IfElse.truth(in[0]) ? 1 : 1 + n;
    NDArray[] out = new NDArray[n];
    System.arraycopy(in, from, out, 0, n);
    return out;
  }
}
