package org.theano4j.cuda.lower;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.IncSubtensor;
import org.theano4j.tensor.Subtensor;

/**
 * Basic {@code x[entries] = y} / {@code x[entries] += y}: a copy kernel makes a fresh
 * contiguous copy of {@code x}; the region is a view of that copy, found (and its bounds
 * checked, with the JVM backend's messages) by the JVM's {@code Subtensor} on a layout; then a
 * thread per region element writes or accumulates {@code y} broadcast to the region. A basic
 * slice of a fresh array never maps two positions to one element, so no two threads write the
 * same element: deterministic, without atomics.
 */
final class IncSubtensorKernels implements NodeKernels {
  /** Lowers {@code IncSubtensor} to these kernels. */
  @AutoService(LoweringFamily.class)
  public static final class Family implements LoweringFamily {
    @Override
    public void register(Registry r) {
      r.launch(IncSubtensor.class, IncSubtensorKernels::new);
    }
  }

  private final Apply region;
  private final CopyKernel copy;
  private final CopyKernel write;

  IncSubtensorKernels(Apply node, String name) {
    IncSubtensor op = (IncSubtensor) node.op();
    List<Variable> sub = new ArrayList<>();
    sub.add(node.input(0));
    sub.addAll(node.inputs().subList(2, node.inputs().size()));
    this.region = Apply.make(new Subtensor(op.entries()), sub);
    Variable x = node.input(0);
    this.copy = new CopyKernel(node, name + "_copy", x.dtype(), x.dtype(), x.ndim(), false,
        "x copied");
    this.write = new CopyKernel(node, name + (op.set() ? "_set" : "_inc"), node.input(1)
        .dtype(), x.dtype(), region.output(0).ndim(), !op.set(), "y written into the region");
  }

  @Override
  public List<Kernel> kernels() {
    return List.of(copy.kernel(), write.kernel());
  }

  @Override
  public boolean hostInput(int i) {
    return i >= 2;
  }

  @Override
  public ArrayRef[] run(ArrayRef[] in, NDArray[] host, Device device) {
    ArrayRef out = copy.copyOf(device, in[0], in[0].dtype());
    NDArray[] sub = new NDArray[host.length - 1];
    System.arraycopy(host, 2, sub, 1, host.length - 2);
    ArrayRef r = JvmLayouts.view(region, out, sub);
    write.run(device, in[1], CopyKernel.broadcastStrides(in[1], r.shape(), "the value"), r);
    return new ArrayRef[] {out};
  }
}
