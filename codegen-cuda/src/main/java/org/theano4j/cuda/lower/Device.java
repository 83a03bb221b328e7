package org.theano4j.cuda.lower;

import java.util.List;
import org.theano4j.graph.DeviceValue;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * What a lowered program needs from the machine that runs it: the JVM kernel-IR interpreter
 * or a CUDA device.
 */
public interface Device {
  /** A fresh row-major array (contents unspecified). */
  ArrayRef allocate(DType dtype, int[] shape);

  /**
   * Runs {@code kernel} on {@code grid} blocks of {@code kernel.blockSize()} threads; one
   * argument per parameter: an {@link ArrayRef} for a buffer (its offset is applied), an
   * {@link Integer} for an index value, a {@link Long} or {@link Double} otherwise.
   */
  void launch(Kernel kernel, int grid, List<Object> args);

  /**
   * Runs one (batched) GEMM as cuBLAS would with exactly these arguments (column-major; see
   * {@link GemmCall}): a cuBLAS call on a GPU, the same arithmetic on the JVM.
   */
  void gemm(GemmCall call);

  /** A host copy of a (small) array, for host-side scalar computations. */
  NDArray toHost(ArrayRef a);

  /** A device copy of a host array. */
  ArrayRef fromHost(NDArray a);

  /** The start of one call of the function (before any other method of the call). */
  default void beginCall() {}

  /**
   * All work of the call is issued: the device runs what it has queued (a CUDA device may
   * replay it as a captured graph) and turns a failure recorded by a kernel into the JVM
   * backend's exception. The runner calls it before it reads the outputs.
   */
  default void finish() {}

  /**
   * The end of one call of the function: everything it allocated and did not {@link #keep} is
   * returned to the device's pool. The runner calls it after the outputs are on the host,
   * also when the call failed.
   */
  default void endCall() {}

  /**
   * Hands {@code a}'s memory, allocated during this call, over to a value that outlives the
   * call (a shared variable's device value); null if it was not allocated by this call or is
   * already handed over (the caller then keeps a {@link #copy}).
   */
  DeviceValue keep(ArrayRef a);

  /** This device's array for a shared variable's device value, or null if it is another's. */
  ArrayRef adopt(DeviceValue v);

  /** A fresh copy of {@code a}, row-major, allocated in this call. */
  default ArrayRef copy(ArrayRef a) {
    return fromHost(toHost(a));
  }
}
