package org.theano4j.cuda.interp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
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
  /** Downloads made between a call's start and its {@link #finish}, process-wide. */
  private static final AtomicLong READBACKS = new AtomicLong();
  /** The record of the last call that finished on this thread ({@link #lastRecord}). */
  private static final ThreadLocal<List<String>> LAST_RECORD =
      ThreadLocal.withInitial(List::of);

  /** Storage allocated during the current call and not handed over. */
  private final Set<Storage> callMemory = Collections.newSetFromMap(new IdentityHashMap<>());
  /** The current call's launches and GEMMs, memory named by first use ({@link #lastRecord}). */
  private final List<String> record = new ArrayList<>();
  private final Map<Object, Integer> memoryNames = new IdentityHashMap<>();
  private boolean inCall;

  /**
   * How many times, in this process, a call of a {@code cuda-interp} function downloaded device
   * data before its work was complete: on a GPU each is a host readback that sends the
   * recorded work early, so that call is not captured as a CUDA graph.
   */
  public static long readbacks() {
    return READBACKS.get();
  }

  /**
   * The work the last call finished on this thread recorded, one line per kernel launch or
   * GEMM: kernel, grid, and every argument, a buffer as its memory's number in order of first
   * use with its offset, shape and strides. This is the CUDA backend's key of a call up to the
   * choice of addresses: two calls with equal records replay one CUDA graph on a GPU (where a
   * call's i-th allocation reuses the previous call's i-th block).
   */
  public static List<String> lastRecord() {
    return LAST_RECORD.get();
  }

  @Override
  public void beginCall() {
    record.clear();
    memoryNames.clear();
    inCall = true;
  }

  @Override
  public void finish() {
    inCall = false;
    LAST_RECORD.set(List.copyOf(record));
  }

  private String describe(Object arg) {
    if (arg instanceof ArrayRef) {
      ArrayRef a = (ArrayRef) arg;
      int name = memoryNames.computeIfAbsent(a.memory(), m -> memoryNames.size());
      return "m" + name + "+" + a.offset() + Arrays.toString(a.shape())
          + Arrays.toString(a.strides());
    }
    return String.valueOf(arg);
  }

  @Override
  public ArrayRef allocate(DType dtype, int[] shape) {
    Storage st = Storage.allocate(dtype, Shapes.size(shape));
    callMemory.add(st);
    return new ArrayRef(dtype, shape, Shapes.contiguousStrides(shape), 0, st);
  }

  @Override
  public void endCall() {
    callMemory.clear();
    inCall = false;
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
    StringBuilder line = new StringBuilder(kernel.name()).append(" grid ").append(grid);
    for (Object arg : args) {
      line.append(' ').append(describe(arg));
    }
    record.add(line.toString());
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
    record.add("gemm " + describe(g.first()) + " " + describe(g.second()) + " "
        + describe(g.c()) + " " + g.m() + " " + g.n() + " " + g.k() + " " + g.transa() + " "
        + g.transb() + " " + g.lda() + " " + g.ldb() + " " + g.ldc() + " " + g.batch() + " "
        + g.strideA() + " " + g.strideB() + " " + g.strideC() + " " + g.alpha() + " "
        + g.beta());
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
    if (inCall) {
      READBACKS.incrementAndGet();
    }
    return a.toNDArray().copy();
  }

  /** A device copy, as the CUDA device makes of a contiguous array (no download). */
  @Override
  public ArrayRef copy(ArrayRef a) {
    if (!a.isContiguous()) {
      return Device.super.copy(a); // downloaded and uploaded, as on the GPU
    }
    NDArray c = a.toNDArray().copy();
    callMemory.add(c.storage());
    return ArrayRef.of(c);
  }

  /** A copy in fresh storage, as a GPU's upload is: kernels never write the caller's array. */
  @Override
  public ArrayRef fromHost(NDArray a) {
    NDArray c = a.copy();
    callMemory.add(c.storage());
    return ArrayRef.of(c);
  }
}
