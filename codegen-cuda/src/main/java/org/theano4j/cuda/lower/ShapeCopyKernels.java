package org.theano4j.cuda.lower;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.graph.Apply;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;
import org.theano4j.tensor.Join;
import org.theano4j.tensor.Reshape;

/**
 * {@code Reshape} and {@code Join}, built on {@link CopyKernel}s.
 *
 * <ul>
 *   <li>Reshape: a view of a contiguous input (no kernel), else a contiguous copy viewed with
 *       the new shape; the new shape (with its {@code -1}) is resolved, and refused with the
 *       JVM backend's message, by that backend's own reshape of a layout.
 *   <li>Join: one copy kernel per input into its slice of the output along the axis, each
 *       converting to the output's (promoted) dtype.
 * </ul>
 */
final class ShapeCopyKernels implements NodeKernels {
  /** Lowers {@code Reshape}, {@code Join} to these kernels. */
  @AutoService(LoweringFamily.class)
  public static final class Family implements LoweringFamily {
    @Override
    public void register(Registry r) {
      r.launch(Reshape.class, ShapeCopyKernels::new);
      r.launch(Join.class, ShapeCopyKernels::new);
    }
  }

  private final Apply node;
  private final List<CopyKernel> copies = new ArrayList<>();

  ShapeCopyKernels(Apply node, String name) {
    this.node = node;
    if (node.op() instanceof Join) {
      for (int i = 0; i < node.inputs().size(); i++) {
        copies.add(new CopyKernel(node, name + "_part" + i, node.input(i).dtype(),
            node.output(0).dtype(), node.output(0).ndim(), false, "input " + i
            + " into its slice of the output"));
      }
    } else {
      copies.add(new CopyKernel(node, name + "_copy", node.input(0).dtype(),
          node.input(0).dtype(), node.input(0).ndim(), false,
          "a non-contiguous input made contiguous"));
    }
  }

  @Override
  public List<Kernel> kernels() {
    return copies.stream().map(CopyKernel::kernel).toList();
  }

  @Override
  public boolean hostInput(int i) {
    return !(node.op() instanceof Join) && i == 1;
  }

  @Override
  public ArrayRef[] run(ArrayRef[] in, NDArray[] host, Device device) {
    return new ArrayRef[] {node.op() instanceof Join ? join(in, device)
        : reshape(in[0], host, device)};
  }

  private ArrayRef reshape(ArrayRef x, NDArray[] host, Device device) {
    ArrayRef dense = x.view(x.shape(), Shapes.contiguousStrides(x.shape()), 0);
    int[] shape = JvmLayouts.view(node, dense, host).shape();
    ArrayRef src = x.isContiguous() ? x : copies.get(0).copyOf(device, x, x.dtype());
    return src.view(shape, Shapes.contiguousStrides(shape), src.offset());
  }

  private ArrayRef join(ArrayRef[] in, Device device) {
    int axis = ((Join) node.op()).axis();
    int[] first = offAxis(in[0].shape(), axis);
    long total = 0;
    for (int i = 0; i < in.length; i++) {
      if (!Arrays.equals(offAxis(in[i].shape(), axis), first)) {
        throw new IllegalArgumentException("join along axis " + axis + ": input " + i
            + " has shape " + Arrays.toString(in[i].shape()) + " but input 0 has shape "
            + Arrays.toString(in[0].shape()) + "; they must agree off the join axis");
      }
      total += in[i].shape()[axis];
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("join along axis " + axis + " is too long: " + total);
    }
    int[] shape = in[0].shape().clone();
    shape[axis] = (int) total;
    ArrayRef out = device.allocate(node.output(0).dtype(), shape);
    int at = 0;
    for (int i = 0; i < in.length; i++) {
      int[] part = shape.clone();
      part[axis] = in[i].shape()[axis];
      copies.get(i).run(device, in[i], out.view(part, out.strides(),
          out.offset() + at * out.strides()[axis]));
      at += part[axis];
    }
    return out;
  }

  /** {@code shape} with the join axis set to 0, for comparing the other axes. */
  private static int[] offAxis(int[] shape, int axis) {
    int[] s = shape.clone();
    s[axis] = 0;
    return s;
  }
}
