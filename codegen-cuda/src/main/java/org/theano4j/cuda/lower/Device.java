package org.theano4j.cuda.lower;

import java.util.List;
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

  /**
   * The end of one call of the function: everything it allocated and did not hand over is
   * returned to the device's pool. The runner calls it after the outputs are on the host,
   * also when the call failed.
   */
  default void endCall() {}
}
