package org.theano4j.cuda.interp;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.theano4j.cuda.ir.Expr;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.cuda.ir.Param;
import org.theano4j.cuda.ir.Shared;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.Storage;

/**
 * A kernel prepared for interpretation: names resolved to slots, expressions turned into
 * closures over a thread's state.
 */
final class Compiled {
  /** One thread's registers, coordinates and its block's shared memory and buffers. */
  static final class Thread {
    final long[] l;
    final double[] d;
    final Block block;
    final int tid;

    Thread(int slots, Block block, int tid) {
      this.l = new long[slots];
      this.d = new double[slots];
      this.block = block;
      this.tid = tid;
    }
  }

  /** What the threads of one block share. */
  static final class Block {
    final int blockIdx;
    final int blockDim;
    final int gridDim;
    final Storage[] buffers;
    final int[] offsets;
    final double[][] sharedD;
    final long[][] sharedL;

    Block(int blockIdx, int blockDim, int gridDim, Storage[] buffers, int[] offsets,
        int sharedCount) {
      this.blockIdx = blockIdx;
      this.blockDim = blockDim;
      this.gridDim = gridDim;
      this.buffers = buffers;
      this.offsets = offsets;
      this.sharedD = new double[sharedCount][];
      this.sharedL = new long[sharedCount][];
    }
  }

  /** An expression of a discrete type (bool as 0/1). */
  interface LongFn {
    long eval(Thread t);
  }

  /** An expression of a float type. */
  interface DoubleFn {
    double eval(Thread t);
  }

  final Kernel kernel;
  final Map<String, Integer> slots = new HashMap<>();
  final Map<String, Integer> buffers = new HashMap<>();
  final Map<String, Integer> shared = new HashMap<>();

  Compiled(Kernel kernel) {
    this.kernel = kernel;
    for (Param p : kernel.params()) {
      p.accept(new Param.Visitor<Void>() {
        @Override
        public Void buffer(Param.Buffer b) {
          buffers.put(b.name(), buffers.size());
          return null;
        }

        @Override
        public Void value(Param.Value v) {
          slot(v.name());
          return null;
        }
      });
    }
    List<Shared> sh = kernel.shared();
    for (int i = 0; i < sh.size(); i++) {
      shared.put(sh.get(i).name(), i);
    }
  }

  int slot(String name) {
    return slots.computeIfAbsent(name, n -> slots.size());
  }

  int buffer(String name) {
    Integer b = buffers.get(name);
    if (b == null) {
      throw new IllegalStateException("kernel " + kernel.name() + " uses unknown buffer "
          + name);
    }
    return b;
  }

  int sharedIndex(String name) {
    Integer s = shared.get(name);
    if (s == null) {
      throw new IllegalStateException("kernel " + kernel.name() + " uses unknown shared "
          + "array " + name);
    }
    return s;
  }

  /** A buffer element position, checked against the buffer's storage. */
  int position(Thread t, int buffer, long index, String name) {
    long p = t.block.offsets[buffer] + index;
    Storage s = t.block.buffers[buffer];
    if (p < 0 || p >= s.size()) {
      throw new IllegalStateException("kernel " + kernel.name() + ": thread "
          + t.tid + " of block " + t.block.blockIdx + " accesses " + name + "[" + index
          + "], outside its memory (" + s.size() + " elements, view offset "
          + t.block.offsets[buffer] + ")");
    }
    return (int) p;
  }

  static boolean isFloat(DType d) {
    return d.isFloat();
  }

  static boolean isFloat(Expr e) {
    return e.type().isFloat();
  }
}
