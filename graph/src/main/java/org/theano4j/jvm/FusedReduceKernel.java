package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import java.util.List;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.ndarray.ArrayArena;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;
import org.theano4j.tensor.FusedReduce;
import org.theano4j.tensor.ScalarOp;

/**
 * {@link FusedReduce}: the reduction of {@link ReduceKernels} reading its elements from the
 * elementwise program of {@link CompositeLoops} as it goes, chunk by chunk, instead of from an
 * array. Each element is computed and rounded to the elementwise dtype as the elementwise
 * kernel computes it, and {@link ReduceKernels#reduceFloat} accumulates the elements in the
 * order it uses for an array of that shape (which depends on the shape, the axes and the
 * dtype only), so the results are those of the unfused pair bit for bit, without writing and
 * re-reading the elementwise array.
 */
@AutoService(KernelFamily.class)
public final class FusedReduceKernel implements KernelFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public FusedReduceKernel() {}

  @Override
  public void register(Registry r) {
    r.kernel(FusedReduce.class, InplaceInfo.FRESH, FusedReduceKernel::run);
  }

  static NDArray[] run(Apply node, NDArray[] in) {
    FusedReduce op = (FusedReduce) node.op();
    ArrayArena arena = ArrayArena.current();
    ProgramSource src = arena != null && arena.state() instanceof ProgramSource
        ? (ProgramSource) arena.state() : null;
    if (src == null || !src.fits(in)) {
      src = new ProgramSource(op.scalar(), in);
      if (arena != null) {
        arena.state(src);
      }
    }
    int nd = 0;
    for (NDArray a : in) {
      nd = Math.max(nd, a.ndim());
    }
    int[] shape = ElemwiseKernel.broadcastShape(node, in, ArrayArena.scratchInts(0, nd));
    NDArray[] views = src.views;
    for (int i = 0; i < in.length; i++) {
      views[i] = ElemwiseKernel.hasShape(in[i], shape) ? in[i] : in[i].broadcastTo(shape);
    }
    try {
      src.loops.start(views, Shapes.size(shape), FastMathScope.on());
      return ArrayArena.result(ReduceKernels.reduceFloat(op.reduce(), shape, src.output, src));
    } finally {
      java.util.Arrays.fill(views, null);
    }
  }

  /**
   * The elementwise result's elements, computed as they are read: the program over the
   * inputs' views (broadcast to its shape) at the same flat indices. What a node's calls share
   * while its input dtypes stay the same (kept in its {@link ArrayArena}).
   */
  private static final class ProgramSource implements ReduceKernels.Source {
    final List<DType> dtypes;
    final CompositeLoops loops;
    final DType output;
    final NDArray[] views;

    ProgramSource(ScalarOp scalar, NDArray[] in) {
      List<DType> d = ElemwiseKernel.dtypes(in);
      this.dtypes = d;
      this.loops = new CompositeLoops(scalar, d, ElemwiseKernel.CHUNK);
      this.output = scalar.outputDType(d);
      this.views = new NDArray[in.length];
    }

    boolean fits(NDArray[] in) {
      return ElemwiseKernel.sameDTypes(dtypes, in);
    }

    @Override
    public boolean flat() {
      return true;
    }

    @Override
    public void floats(int start, float[] dst, int off, int m) {
      int step = loops.step();
      for (int s = 0; s < m; s += step) {
        int k = Math.min(step, m - s);
        loops.compute(views, start + s, k);
        System.arraycopy(loops.floatResult(), 0, dst, off + s, k);
      }
    }

    @Override
    public float[] floats(int start, int m, float[] dst) {
      if (m > loops.step()) {
        floats(start, dst, 0, m);
        return dst;
      }
      loops.compute(views, start, m);
      return loops.floatResult();
    }

    @Override
    public void doubles(int start, double[] dst, int off, int m) {
      int step = loops.step();
      for (int s = 0; s < m; s += step) {
        int k = Math.min(step, m - s);
        loops.compute(views, start + s, k);
        if (output == DType.FLOAT64) {
          System.arraycopy(loops.doubleResult(), 0, dst, off + s, k);
        } else {
          float[] r = loops.floatResult();
          for (int j = 0; j < k; j++) {
            dst[off + s + j] = r[j];
          }
        }
      }
    }

    @Override
    public void permute(int[] order) {
      for (int i = 0; i < views.length; i++) {
        views[i] = views[i].dimshuffle(order);
      }
    }
  }
}
