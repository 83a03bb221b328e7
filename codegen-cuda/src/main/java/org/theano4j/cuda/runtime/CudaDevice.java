package org.theano4j.cuda.runtime;

import static org.bytedeco.cuda.global.cudart.CU_STREAM_CAPTURE_MODE_RELAXED;
import static org.bytedeco.cuda.global.cudart.CU_STREAM_NON_BLOCKING;
import static org.bytedeco.cuda.global.cudart.cuCtxSetCurrent;
import static org.bytedeco.cuda.global.cudart.cuGraphDestroy;
import static org.bytedeco.cuda.global.cudart.cuGraphInstantiate;
import static org.bytedeco.cuda.global.cudart.cuGraphLaunch;
import static org.bytedeco.cuda.global.cudart.cuLaunchKernel;
import static org.bytedeco.cuda.global.cudart.cuMemcpyDtoDAsync;
import static org.bytedeco.cuda.global.cudart.cuMemcpyDtoHAsync;
import static org.bytedeco.cuda.global.cudart.cuMemcpyHtoDAsync;
import static org.bytedeco.cuda.global.cudart.cuMemsetD8Async;
import static org.bytedeco.cuda.global.cudart.cuModuleGetFunction;
import static org.bytedeco.cuda.global.cudart.cuModuleLoadData;
import static org.bytedeco.cuda.global.cudart.cuStreamBeginCapture;
import static org.bytedeco.cuda.global.cudart.cuStreamCreate;
import static org.bytedeco.cuda.global.cudart.cuStreamEndCapture;
import static org.bytedeco.cuda.global.cudart.cuStreamSynchronize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUgraphExec_st;
import org.bytedeco.cuda.cudart.CUgraph_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.BytePointer;
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
import org.theano4j.cuda.lower.KernelFailure;
import org.theano4j.cuda.lower.Program;
import org.theano4j.cuda.lower.Step;
import org.theano4j.cuda.render.CudaRenderer;
import org.theano4j.graph.DeviceValue;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;

/**
 * A CUDA device for one compiled function: its kernels in one module (NVRTC → CUBIN through
 * the {@link KernelCache}), device memory from a {@link DeviceAllocator} of its own, and a
 * stream of its own on which every copy, launch and cuBLAS call of the function is queued.
 *
 * <p>A call's device work is recorded as it is issued (host-to-device uploads go out at once)
 * and sent at {@link #finish}. Recorded work is keyed by everything a launch depends on
 * (kernels, grids, every argument including device addresses, GEMM parameters): the second
 * time a key is seen, the work is captured as a CUDA graph, and later calls with that key
 * replay the graph with one launch. A key changes whenever an address or a shape does, so a
 * replay always does what the recorded launches would do. {@code -Dtheano4j.cuda.graphs=false}
 * sends the work launch by launch instead. A call that must read device data on the host
 * half-way sends what it has recorded and is not captured.
 *
 * <p>Kernels with run-time checks (labels, indices) record a failure in an error slot of
 * their own; the slots are read once, at {@link #finish}, and the first failure in launch
 * order becomes the JVM backend's exception. A failed kernel skips the bad access, so the
 * kernels queued after it run harmlessly on wrong values that nobody sees: the call throws
 * and nothing is committed.
 */
final class CudaDevice implements Device {
  private static final System.Logger LOG = System.getLogger(CudaDevice.class.getName());
  /** Graphs kept per function (one per distinct launch sequence). */
  private static final int MAX_GRAPHS = 1024;
  /** Error slots per error area: 4 words (code, three values) each. */
  private static final int SLOTS = 256;

  /** Process-wide counts of graph captures, graph replays and calls sent launch by launch. */
  static final java.util.concurrent.atomic.AtomicLong CAPTURES =
      new java.util.concurrent.atomic.AtomicLong();
  static final java.util.concurrent.atomic.AtomicLong REPLAYS =
      new java.util.concurrent.atomic.AtomicLong();
  static final java.util.concurrent.atomic.AtomicLong SENT =
      new java.util.concurrent.atomic.AtomicLong();
  /** Process-wide count of downloads a call made before its end (each stops its capture). */
  static final java.util.concurrent.atomic.AtomicLong READBACKS =
      new java.util.concurrent.atomic.AtomicLong();

  private final CudaRuntime rt;
  private final DeviceAllocator memory = new DeviceAllocator();
  private final Map<String, CUfunc_st> functions = new HashMap<>();
  private final Map<String, Integer> kernelIds = new HashMap<>();
  private final CUstream_st stream = new CUstream_st();
  private final boolean graphs;

  /** Device memory taken during the current call, in order, until kept or released. */
  private final List<Long> callMemory = new ArrayList<>();
  private final Set<Long> callMemorySet = new HashSet<>();
  /** The blocks of the last call's allocations, by allocation order. */
  private final List<Long> lastBlocks = new ArrayList<>();

  /** Error areas of {@code SLOTS} slots; slot {@code i} of a call is in area {@code i / SLOTS}. */
  private final List<Long> errorAreas = new ArrayList<>();
  /** The kernel that got each slot this call. */
  private final List<Kernel> checked = new ArrayList<>();
  private final LongPointer errorHost = new LongPointer(SLOTS * 4L);

  /** The work recorded in this call, and its key. */
  private final List<Op> tape = new ArrayList<>();
  private long[] key = new long[256];
  private int keyLength;
  /** Set when the call had to send its work before the end (no capture then). */
  private boolean sentEarly;
  /** True between a call's start and its {@link #finish}. */
  private boolean inCall;
  private final Map<Key, CUgraphExec_st> captured = new HashMap<>();
  private final Set<Key> seen = new HashSet<>();
  private boolean captureFailed;

  /** Launch parameters: one 8-byte word per argument, and a pointer to each word. */
  private final LongPointer argWords;
  private final LongPointer argAddresses;
  private final PointerPointer<?> argPointers;

  CudaDevice(CudaRuntime rt, Program program, KernelCache cache) {
    this.rt = rt;
    this.graphs = !"false".equals(System.getProperty("theano4j.cuda.graphs"));
    cuCtxSetCurrent(rt.context);
    String source = CudaRenderer.render(program);
    byte[] cubin = cache.get(source, rt.arch, rt.nvrtcVersion, src -> Nvrtc.compile(src,
        rt.arch));
    CUmod_st module = new CUmod_st();
    check(cuModuleLoadData(module, new BytePointer(cubin)), "loading the compiled kernels");
    int maxParams = 1;
    for (Kernel k : program.kernels()) {
      CUfunc_st f = new CUfunc_st();
      check(cuModuleGetFunction(f, module, k.name()), "finding kernel " + k.name());
      kernelIds.put(k.name(), functions.size());
      functions.put(k.name(), f);
      maxParams = Math.max(maxParams, k.params().size());
    }
    argWords = new LongPointer(maxParams);
    argAddresses = new LongPointer(maxParams);
    for (int i = 0; i < maxParams; i++) {
      argAddresses.put(i, argWords.address() + 8L * i);
    }
    argPointers = new PointerPointer<>(argAddresses);
    if (program.steps().stream().anyMatch(s -> s.accept(CALLS_LIBRARY))) {
      Cublas.handle(); // fail at compile time, with the reason, if cuBLAS is missing
    }
    check(cuStreamCreate(stream, CU_STREAM_NON_BLOCKING), "creating the function's stream");
  }

  /** True for a step that calls a library (cuBLAS). */
  private static final Step.Visitor<Boolean> CALLS_LIBRARY = new Step.Visitor<>() {
    @Override
    public Boolean launch(Step.Launch s) {
      return false;
    }

    @Override
    public Boolean view(Step.View s) {
      return false;
    }

    @Override
    public Boolean host(Step.Host s) {
      return false;
    }

    @Override
    public Boolean library(Step.Library s) {
      return true;
    }

    @Override
    public Boolean select(Step.Select s) {
      return false;
    }

    @Override
    public Boolean loop(Step.Loop s) {
      return s.body().steps().stream().anyMatch(b -> b.accept(this));
    }
  };

  static void check(int rc, String what) {
    if (rc == 2) {
      throw new IllegalStateException("CUDA device out of memory while " + what);
    }
    if (rc != 0) {
      throw new TheanoException("CUDA error " + rc + " while " + what);
    }
  }

  @Override
  public void beginCall() {
    cuCtxSetCurrent(rt.context);
    tape.clear();
    keyLength = 0;
    sentEarly = false;
    inCall = true;
    checked.clear();
  }

  @Override
  public ArrayRef allocate(DType dtype, int[] shape) {
    long bytes = (long) Math.max(1, Shapes.size(shape)) * dtype.byteSize();
    // The i-th allocation of a call takes the i-th block of the last call when it is free, so
    // that repeated calls use the same addresses (and replay their graph); a block kept by an
    // update alternates with the one its predecessor frees.
    int ordinal = callMemory.size();
    Long last = ordinal < lastBlocks.size() ? lastBlocks.get(ordinal) : null;
    long ptr = last != null && memory.takeIfFree(last, bytes) ? last : memory.allocate(bytes);
    if (ordinal < lastBlocks.size()) {
      lastBlocks.set(ordinal, ptr);
    } else {
      lastBlocks.add(ptr);
    }
    callMemory.add(ptr);
    callMemorySet.add(ptr);
    return new ArrayRef(dtype, shape, Shapes.contiguousStrides(shape), 0, ptr);
  }

  @Override
  public void endCall() {
    for (int i = callMemory.size() - 1; i >= 0; i--) {
      if (callMemorySet.contains(callMemory.get(i))) {
        memory.release(callMemory.get(i));
      }
    }
    callMemory.clear();
    callMemorySet.clear();
  }

  @Override
  public DeviceValue keep(ArrayRef a) {
    return callMemorySet.remove((Long) a.memory()) ? new CudaValue(rt, memory, a) : null;
  }

  @Override
  public ArrayRef adopt(DeviceValue v) {
    return v instanceof CudaValue ? ((CudaValue) v).array : null;
  }

  // ---------------------------------------------------------------- recording the call's work

  /** One piece of recorded device work. */
  private sealed interface Op permits LaunchOp, GemmOp, MemsetOp, CopyOp {
    /** Calls the visitor's method for this kind of work. */
    void accept(OpVisitor v);
  }

  /**
   * A walker of recorded work, one method per kind: a new kind must implement {@link
   * Op#accept}, so the compiler names the sender until it handles it.
   */
  private interface OpVisitor {
    void launch(LaunchOp op);

    void gemm(GemmOp op);

    void memset(MemsetOp op);

    void copy(CopyOp op);
  }

  private record LaunchOp(Kernel kernel, int grid, long[] words) implements Op {
    @Override
    public void accept(OpVisitor v) {
      v.launch(this);
    }
  }

  private record GemmOp(GemmCall call) implements Op {
    @Override
    public void accept(OpVisitor v) {
      v.gemm(this);
    }
  }

  private record MemsetOp(long ptr, long bytes) implements Op {
    @Override
    public void accept(OpVisitor v) {
      v.memset(this);
    }
  }

  private record CopyOp(long dst, long src, long bytes) implements Op {
    @Override
    public void accept(OpVisitor v) {
      v.copy(this);
    }
  }

  private void record(Op op, long... keyWords) {
    if (keyLength + keyWords.length > key.length) {
      key = Arrays.copyOf(key, Math.max(2 * key.length, keyLength + keyWords.length));
    }
    System.arraycopy(keyWords, 0, key, keyLength, keyWords.length);
    keyLength += keyWords.length;
    tape.add(op);
    if (!graphs) {
      send();
    }
  }

  @Override
  public void launch(Kernel kernel, int grid, List<Object> args) {
    long[] words = new long[args.size()];
    for (int i = 0; i < words.length; i++) {
      Object a = args.get(i);
      if (a instanceof ArrayRef) {
        words[i] = address((ArrayRef) a);
      } else if (a == ErrorBuffer.MARKER) {
        words[i] = errorSlot(kernel);
      } else if (a instanceof Integer) {
        words[i] = (Integer) a; // little-endian: the kernel's int is the word's low half
      } else {
        throw new IllegalStateException("unexpected kernel argument " + a);
      }
    }
    long[] k = new long[3 + words.length];
    k[0] = 1;
    k[1] = kernelIds.get(kernel.name());
    k[2] = grid;
    System.arraycopy(words, 0, k, 3, words.length);
    record(new LaunchOp(kernel, grid, words), k);
  }

  /** A fresh error slot for {@code kernel} in this call. */
  private long errorSlot(Kernel kernel) {
    int slot = checked.size();
    checked.add(kernel);
    if (slot / SLOTS == errorAreas.size()) {
      long area = memory.allocate(SLOTS * 32L);
      errorAreas.add(area);
      check(cuMemsetD8Async(area, (byte) 0, SLOTS * 32L, stream), "clearing error slots");
    }
    return errorAreas.get(slot / SLOTS) + (slot % SLOTS) * 32L;
  }

  /**
   * cuBLAS with the call's arguments; an empty product ({@code k == 0}) with {@code beta == 0}
   * zeroes C (all-zero bytes are 0.0), since cuBLAS is not asked to handle it.
   */
  @Override
  public void gemm(GemmCall g) {
    if (g.k() == 0 && g.beta() == 0) {
      long bytes = (long) g.c().size() * g.c().dtype().byteSize();
      record(new MemsetOp(address(g.c()), bytes), 3, address(g.c()), bytes);
      return;
    }
    record(new GemmOp(g), 2, g.c().dtype().ordinal(), g.transa() ? 1 : 0, g.transb() ? 1 : 0,
        g.m(), g.n(), g.k(), address(g.first()), g.lda(), address(g.second()), g.ldb(),
        address(g.c()), g.ldc(), g.batch(), g.strideA(), g.strideB(), g.strideC(),
        Double.doubleToLongBits(g.alpha()), Double.doubleToLongBits(g.beta()));
  }

  @Override
  public ArrayRef copy(ArrayRef a) {
    if (!Shapes.isContiguous(a.shape(), a.strides())) {
      return Device.super.copy(a);
    }
    ArrayRef d = allocate(a.dtype(), a.shape());
    long bytes = (long) a.size() * a.dtype().byteSize();
    record(new CopyOp(address(d), address(a), bytes), 4, address(d), address(a), bytes);
    return d;
  }

  private static long address(ArrayRef a) {
    return (Long) a.memory() + (long) a.offset() * a.dtype().byteSize();
  }

  // ---------------------------------------------------------------- sending it

  /** Sends the recorded work launch by launch (a call that reads device data half-way). */
  private void send() {
    for (Op op : tape) {
      run(op);
    }
    tape.clear();
    sentEarly = true;
  }

  private void run(Op op) {
    op.accept(sender);
  }

  /** Sends one piece of recorded work to the stream. */
  private final OpVisitor sender = new OpVisitor() {
    @Override
    public void launch(LaunchOp l) {
      argWords.put(l.words());
      check(cuLaunchKernel(functions.get(l.kernel().name()), l.grid(), 1, 1,
          l.kernel().blockSize(), 1, 1, 0, stream, argPointers, (PointerPointer<?>) null),
          "launching " + l.kernel().name());
    }

    @Override
    public void gemm(GemmOp g) {
      Cublas.gemm(g.call(), stream);
    }

    @Override
    public void memset(MemsetOp m) {
      check(cuMemsetD8Async(m.ptr(), (byte) 0, m.bytes(), stream), "zeroing an empty product");
    }

    @Override
    public void copy(CopyOp c) {
      check(cuMemcpyDtoDAsync(c.dst(), c.src(), c.bytes(), stream), "copying on the device");
    }
  };

  /** The call's key: its recorded work in order. */
  private record Key(long[] words) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key && Arrays.equals(words, ((Key) o).words);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(words);
    }
  }

  @Override
  public void finish() {
    inCall = false;
    if (!tape.isEmpty()) {
      if (sentEarly || captureFailed) {
        SENT.incrementAndGet();
        send();
      } else {
        Key k = new Key(Arrays.copyOf(key, keyLength));
        CUgraphExec_st exec = captured.get(k);
        if (exec == null && !seen.add(k) && captured.size() < MAX_GRAPHS) {
          exec = capture();
          if (exec != null) {
            captured.put(k, exec);
            CAPTURES.incrementAndGet();
          }
        } else if (seen.size() > 4 * MAX_GRAPHS) {
          seen.clear();
        }
        if (exec != null) {
          check(cuGraphLaunch(exec, stream), "replaying the function's CUDA graph");
          tape.clear();
          REPLAYS.incrementAndGet();
        } else {
          SENT.incrementAndGet();
          send();
        }
      }
    }
    readErrors();
  }

  /** The recorded work as an instantiated CUDA graph, or null (then graphs stay off). */
  private CUgraphExec_st capture() {
    check(cuStreamBeginCapture(stream, CU_STREAM_CAPTURE_MODE_RELAXED),
        "starting a CUDA graph capture");
    CUgraph_st graph = new CUgraph_st();
    RuntimeException failure = null;
    try {
      for (Op op : tape) {
        run(op);
      }
    } catch (RuntimeException e) {
      failure = e;
    }
    int rc = cuStreamEndCapture(stream, graph);
    CUgraphExec_st exec = new CUgraphExec_st();
    if (failure == null && rc == 0) {
      rc = cuGraphInstantiate(exec, graph, 0);
    }
    if (!graph.isNull()) {
      cuGraphDestroy(graph);
    }
    if (failure != null || rc != 0) {
      captureFailed = true;
      LOG.log(System.Logger.Level.WARNING, "CUDA graph capture failed ("
          + (failure != null ? failure.getMessage() : "error " + rc)
          + "); this function sends its kernels one by one from now on");
      return null;
    }
    return exec;
  }

  /** Waits for the call's work and throws the first failure a kernel recorded. */
  private void readErrors() {
    if (checked.isEmpty()) {
      check(cuStreamSynchronize(stream), "running the function");
      return;
    }
    Kernel failed = null;
    long[] rec = new long[4];
    for (int area = 0; area * SLOTS < checked.size() && failed == null; area++) {
      int n = Math.min(SLOTS, checked.size() - area * SLOTS);
      check(cuMemcpyDtoHAsync(errorHost, errorAreas.get(area), n * 32L, stream),
          "reading the error slots");
      check(cuStreamSynchronize(stream), "running the function");
      for (int s = 0; s < n && failed == null; s++) {
        if (errorHost.get(4L * s) != 0) {
          failed = checked.get(area * SLOTS + s);
          for (int w = 0; w < 4; w++) {
            rec[w] = errorHost.get(4L * s + w);
          }
        }
      }
    }
    if (failed == null) {
      return;
    }
    for (long area : errorAreas) {
      check(cuMemsetD8Async(area, (byte) 0, SLOTS * 32L, stream), "clearing error slots");
    }
    check(cuStreamSynchronize(stream), "clearing error slots");
    Stmt.Fail fail = Failures.find(failed, (int) rec[0]);
    long[] values = new long[fail.values().size()];
    System.arraycopy(rec, 1, values, 0, values.length);
    throw new KernelFailure(failed, KernelInterpreter.format(fail.message(), values));
  }

  // ---------------------------------------------------------------- host copies

  @Override
  public NDArray toHost(ArrayRef a) {
    if (inCall) {
      READBACKS.incrementAndGet();
    }
    if (!tape.isEmpty()) {
      // Host logic needs device data before the end of the call: send what is recorded.
      send();
      readErrors();
    }
    return download(a, stream);
  }

  /** A host copy of {@code a}, after the work queued on {@code s}. */
  static NDArray download(ArrayRef a, CUstream_st s) {
    int[] span = span(a);
    NDArray flat = NDArray.zeros(a.dtype(), span[1] - span[0]);
    long bytes = (long) (span[1] - span[0]) * a.dtype().byteSize();
    if (bytes > 0) {
      Pointer host = new Pointer(flat.storage().bytes());
      check(cuMemcpyDtoHAsync(host, (Long) a.memory() + (long) span[0] * a.dtype().byteSize(),
          bytes, s), "copying to the host");
    }
    check(cuStreamSynchronize(s), "copying to the host");
    return NDArray.view(flat.storage(), a.shape(), a.strides(), a.offset() - span[0]).copy();
  }

  @Override
  public ArrayRef fromHost(NDArray a) {
    NDArray c = a.contiguous();
    ArrayRef d = allocate(a.dtype(), a.shape());
    long bytes = (long) c.size() * a.dtype().byteSize();
    if (bytes > 0) {
      // Sent at once, before the recorded work: d is fresh, so no recorded kernel touches it.
      Pointer host = new Pointer(c.storage().bytes()).position((long) c.offset()
          * a.dtype().byteSize());
      check(cuMemcpyHtoDAsync((Long) d.memory(), host, bytes, stream), "copying to the device");
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

  /**
   * A shared variable's value in device memory: an array handed over by a call. Released to
   * the pool of the function that allocated it.
   */
  static final class CudaValue implements DeviceValue {
    private final CudaRuntime rt;
    private final DeviceAllocator pool;
    final ArrayRef array;
    private boolean released;

    CudaValue(CudaRuntime rt, DeviceAllocator pool, ArrayRef array) {
      this.rt = rt;
      this.pool = pool;
      this.array = array;
    }

    @Override
    public NDArray toHost() {
      cuCtxSetCurrent(rt.context);
      // The call that computed the value has finished (every call ends synchronised).
      return download(array, null);
    }

    @Override
    public synchronized void release() {
      if (!released) {
        released = true;
        pool.release((Long) array.memory());
      }
    }
  }
}
