package org.theano4j.cuda.interp;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.theano4j.graph.DeviceValue;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.cuda.lower.ArrayRef;
import org.theano4j.cuda.lower.Device;
import org.theano4j.cuda.lower.ErrorBuffer;
import org.theano4j.cuda.lower.GemmCall;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;
import org.theano4j.ndarray.Storage;

/**
 * The JVM as a device: memory is NDArray storage, kernels run in the {@link
 * KernelInterpreter}, and library calls (cuBLAS GEMM) run the same column-major arithmetic on
 * the JVM with the very arguments a GPU would get, so their mapping is checked too.
 */
public final class InterpDevice implements Device {
  /** Storage allocated during the current call and not handed over. */
  private final Set<Storage> callMemory = Collections.newSetFromMap(new IdentityHashMap<>());

  @Override
  public ArrayRef allocate(DType dtype, int[] shape) {
    Storage st = Storage.allocate(dtype, Shapes.size(shape));
    callMemory.add(st);
    return new ArrayRef(dtype, shape, Shapes.contiguousStrides(shape), 0, st);
  }

  @Override
  public void endCall() {
    callMemory.clear();
  }

  @Override
  public DeviceValue keep(ArrayRef a) {
    return callMemory.remove(a.memory()) ? new Value(a) : null;
  }

  @Override
  public ArrayRef adopt(DeviceValue v) {
    return v instanceof Value ? ((Value) v).array : null;
  }

  /** A shared variable's value held by the interpreter: JVM storage. */
  private static final class Value implements DeviceValue {
    private final ArrayRef array;

    Value(ArrayRef array) {
      this.array = array;
    }

    @Override
    public NDArray toHost() {
      return array.toNDArray().copy();
    }

    @Override
    public void release() {}
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

  /**
   * The GEMM cuBLAS would compute with exactly these arguments, column-major, on the storage:
   * element {@code (i, j)} of {@code op(X)} is {@code X[i + j·ld]}, or {@code X[j + i·ld]}
   * when transposed. Sums in double precision; with {@code beta == 0} C is not read.
   */
  @Override
  public void gemm(GemmCall g) {
    Storage a = (Storage) g.first().memory();
    Storage b = (Storage) g.second().memory();
    Storage c = (Storage) g.c().memory();
    for (int p = 0; p < g.batch(); p++) {
      long a0 = g.first().offset() + p * g.strideA();
      long b0 = g.second().offset() + p * g.strideB();
      long c0 = g.c().offset() + p * g.strideC();
      for (int j = 0; j < g.n(); j++) {
        for (int i = 0; i < g.m(); i++) {
          double sum = 0;
          for (int t = 0; t < g.k(); t++) {
            long ai = g.transa() ? t + (long) i * g.lda() : i + (long) t * g.lda();
            long bi = g.transb() ? j + (long) t * g.ldb() : t + (long) j * g.ldb();
            sum += a.getDouble(Math.toIntExact(a0 + ai)) * b.getDouble(Math.toIntExact(b0 + bi));
          }
          int ci = Math.toIntExact(c0 + i + (long) j * g.ldc());
          double old = g.beta() == 0 ? 0 : g.beta() * c.getDouble(ci);
          c.setDouble(ci, g.alpha() * sum + old);
        }
      }
    }
  }

  /** A copy, as a GPU's download is: the caller never holds the device's memory. */
  @Override
  public NDArray toHost(ArrayRef a) {
    return a.toNDArray().copy();
  }

  /** A copy in fresh storage, as a GPU's upload is: kernels never write the caller's array. */
  @Override
  public ArrayRef fromHost(NDArray a) {
    NDArray c = a.copy();
    callMemory.add(c.storage());
    return ArrayRef.of(c);
  }
}
