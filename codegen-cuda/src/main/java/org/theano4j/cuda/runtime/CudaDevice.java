package org.theano4j.cuda.runtime;

import static org.bytedeco.cuda.global.cudart.cuCtxSetCurrent;
import static org.bytedeco.cuda.global.cudart.cuCtxSynchronize;
import static org.bytedeco.cuda.global.cudart.cuLaunchKernel;
import static org.bytedeco.cuda.global.cudart.cuMemcpyDtoH;
import static org.bytedeco.cuda.global.cudart.cuMemcpyHtoD;
import static org.bytedeco.cuda.global.cudart.cuMemsetD8;
import static org.bytedeco.cuda.global.cudart.cuModuleGetFunction;
import static org.bytedeco.cuda.global.cudart.cuModuleLoadData;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.theano4j.TheanoException;
import org.theano4j.cuda.interp.KernelInterpreter;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.cuda.ir.Stmt;
import org.theano4j.cuda.lower.ArrayRef;
import org.theano4j.cuda.lower.Device;
import org.theano4j.cuda.lower.ErrorBuffer;
import org.theano4j.cuda.lower.GemmCall;
import org.theano4j.cuda.lower.Program;
import org.theano4j.cuda.lower.Step;
import org.theano4j.cuda.render.CudaRenderer;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * A CUDA device for one compiled function: its kernels in one module (NVRTC → CUBIN through
 * the {@link KernelCache}), device memory from the {@link DeviceAllocator}, launches on the
 * default stream, and an error record that kernels with run-time checks write to.
 *
 * <p><b>UNTESTED: this class has never run on a GPU.</b> GEMMs go to {@link Cublas} (its
 * argument mapping, {@link GemmCall}, is tested on the CPU). Missing: shared variables
 * resident on the device, a stream per function, CUDA-graph replay.
 */
final class CudaDevice implements Device {
  private final CudaRuntime rt;
  private final DeviceAllocator memory = new DeviceAllocator();
  private final Map<String, CUfunc_st> functions = new HashMap<>();
  private final long errorRecord;
  /** Device memory taken during the current call, released by {@link #endCall}. */
  private final java.util.ArrayList<Long> callMemory = new java.util.ArrayList<>();

  CudaDevice(CudaRuntime rt, Program program, KernelCache cache) {
    this.rt = rt;
    cuCtxSetCurrent(rt.context);
    String source = CudaRenderer.render(program);
    byte[] cubin = cache.get(source, rt.arch, rt.nvrtcVersion, src -> Nvrtc.compile(src,
        rt.arch));
    CUmod_st module = new CUmod_st();
    check(cuModuleLoadData(module, new BytePointer(cubin)), "loading the compiled kernels");
    for (Kernel k : program.kernels()) {
      CUfunc_st f = new CUfunc_st();
      check(cuModuleGetFunction(f, module, k.name()), "finding kernel " + k.name());
      functions.put(k.name(), f);
    }
    for (Step s : program.steps()) {
      if (s instanceof Step.Library) {
        Cublas.handle(); // fail at compile time, with the reason, if cuBLAS is missing
        break;
      }
    }
    this.errorRecord = memory.allocate(4 * 8L);
    check(cuMemsetD8(errorRecord, (byte) 0, 32), "clearing the error record");
  }

  static void check(int rc, String what) {
    if (rc == 2) {
      throw new TheanoException("CUDA device out of memory while " + what);
    }
    if (rc != 0) {
      throw new TheanoException("CUDA error " + rc + " while " + what);
    }
  }

  @Override
  public ArrayRef allocate(DType dtype, int[] shape) {
    long n = 1;
    for (int s : shape) {
      n *= s;
    }
    long ptr = memory.allocate(Math.max(1, n) * dtype.byteSize());
    callMemory.add(ptr);
    return new ArrayRef(dtype, shape, ArrayRef.rowMajor(shape), 0, ptr);
  }

  @Override
  public void endCall() {
    for (int i = callMemory.size() - 1; i >= 0; i--) {
      memory.release(callMemory.get(i));
    }
    callMemory.clear();
  }

  @Override
  public void launch(Kernel kernel, int grid, List<Object> args) {
    Pointer[] ps = new Pointer[args.size()];
    boolean checks = false;
    for (int i = 0; i < ps.length; i++) {
      Object a = args.get(i);
      if (a instanceof ArrayRef) {
        ArrayRef r = (ArrayRef) a;
        ps[i] = new LongPointer(1).put((Long) r.memory() + (long) r.offset()
            * r.dtype().byteSize());
      } else if (a == ErrorBuffer.MARKER) {
        ps[i] = new LongPointer(1).put(errorRecord);
        checks = true;
      } else if (a instanceof Integer) {
        ps[i] = new IntPointer(1).put((Integer) a);
      } else {
        throw new IllegalStateException("unexpected kernel argument " + a);
      }
    }
    check(cuLaunchKernel(functions.get(kernel.name()), grid, 1, 1, kernel.blockSize(), 1, 1, 0,
        (CUstream_st) null, new PointerPointer<>(ps), (PointerPointer<?>) null),
        "launching " + kernel.name());
    if (checks) {
      readErrors(kernel);
    }
  }

  /** Waits for the kernel and turns a recorded failure into the JVM backend's message. */
  private void readErrors(Kernel kernel) {
    check(cuCtxSynchronize(), "running " + kernel.name());
    LongPointer rec = new LongPointer(4);
    check(cuMemcpyDtoH(rec, errorRecord, 32), "reading the error record");
    long code = rec.get(0);
    if (code == 0) {
      return;
    }
    check(cuMemsetD8(errorRecord, (byte) 0, 32), "clearing the error record");
    Stmt.Fail fail = Failures.find(kernel, (int) code);
    long[] values = new long[fail.values().size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = rec.get(i + 1);
    }
    throw new IllegalArgumentException(KernelInterpreter.format(fail.message(), values));
  }

  /**
   * cuBLAS with the call's arguments; an empty product ({@code k == 0}) with {@code beta == 0}
   * zeroes C (all-zero bytes are 0.0), since cuBLAS is not asked to handle it.
   */
  @Override
  public void gemm(GemmCall call) {
    if (call.k() == 0 && call.beta() == 0) {
      long bytes = (long) call.c().size() * call.c().dtype().byteSize();
      check(cuMemsetD8((Long) call.c().memory() + (long) call.c().offset()
          * call.c().dtype().byteSize(), (byte) 0, bytes), "zeroing an empty product");
      return;
    }
    Cublas.gemm(call);
  }

  @Override
  public NDArray toHost(ArrayRef a) {
    int[] span = span(a);
    NDArray flat = NDArray.zeros(a.dtype(), span[1] - span[0]);
    Pointer host = new Pointer(flat.storage().bytes());
    check(cuMemcpyDtoH(host, (Long) a.memory() + (long) span[0] * a.dtype().byteSize(),
        (long) (span[1] - span[0]) * a.dtype().byteSize()), "copying to the host");
    return NDArray.view(flat.storage(), a.shape(), a.strides(), a.offset() - span[0]).copy();
  }

  @Override
  public ArrayRef fromHost(NDArray a) {
    NDArray c = a.contiguous();
    ArrayRef d = allocate(a.dtype(), a.shape());
    long bytes = (long) c.size() * a.dtype().byteSize();
    if (bytes > 0) {
      Pointer host = new Pointer(c.storage().bytes()).position((long) c.offset()
          * a.dtype().byteSize());
      check(cuMemcpyHtoD((Long) d.memory(), host, bytes), "copying to the device");
    }
    return d;
  }

  /** The first and one-past-last element a view touches. */
  private static int[] span(ArrayRef a) {
    int lo = a.offset();
    int hi = a.offset();
    for (int d = 0; d < a.ndim(); d++) {
      int reach = (a.shape()[d] - 1) * a.strides()[d];
      if (a.shape()[d] == 0) {
        return new int[] {lo, lo};
      }
      lo += Math.min(0, reach);
      hi += Math.max(0, reach);
    }
    return new int[] {lo, hi + 1};
  }
}
