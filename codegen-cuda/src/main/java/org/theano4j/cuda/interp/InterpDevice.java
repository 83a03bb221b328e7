package org.theano4j.cuda.interp;

import java.util.List;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.cuda.lower.ArrayRef;
import org.theano4j.cuda.lower.Device;
import org.theano4j.cuda.lower.ErrorBuffer;
import org.theano4j.graph.Apply;
import org.theano4j.jvm.Kernels;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Storage;

/**
 * The JVM as a device: memory is NDArray storage, kernels run in the {@link
 * KernelInterpreter}, and library calls ({@code Dot}) use the JVM backend's kernels.
 */
public final class InterpDevice implements Device {
  @Override
  public ArrayRef allocate(DType dtype, int[] shape) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    return new ArrayRef(dtype, shape, ArrayRef.rowMajor(shape), 0, Storage.allocate(dtype,
        Math.max(n, 0)));
  }

  @Override
  public void launch(Kernel kernel, int grid, List<Object> args) {
    Object[] a = args.toArray();
    for (int i = 0; i < a.length; i++) {
      if (a[i] == ErrorBuffer.MARKER) {
        // Failures throw at once in the interpreter; the buffer only has to exist.
        a[i] = allocate(DType.INT64, new int[] {4});
      }
    }
    KernelInterpreter.launch(kernel, grid, List.of(a));
  }

  @Override
  public ArrayRef[] libraryCall(Apply node, ArrayRef[] inputs) {
    NDArray[] in = new NDArray[inputs.length];
    for (int i = 0; i < in.length; i++) {
      in[i] = inputs[i].toNDArray();
    }
    NDArray[] out = Kernels.forNode(node).run(node, in);
    ArrayRef[] r = new ArrayRef[out.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = ArrayRef.of(out[i]);
    }
    return r;
  }

  @Override
  public NDArray toHost(ArrayRef a) {
    return a.toNDArray();
  }

  @Override
  public ArrayRef fromHost(NDArray a) {
    return ArrayRef.of(a);
  }
}
