package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import java.util.Arrays;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.ArrayArena;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Storage;
import org.theano4j.tensor.ARange;
import org.theano4j.tensor.Alloc;
import org.theano4j.tensor.DimShuffle;
import org.theano4j.tensor.Join;
import org.theano4j.tensor.MakeVector;
import org.theano4j.tensor.Reshape;
import org.theano4j.tensor.Shape;
import org.theano4j.tensor.ShapeI;

/**
 * Shape and movement ops: {@code Shape}, {@code Shape_i}, {@code Reshape} and
 * {@code DimShuffle} (views where possible), {@code Join}, {@code ARange}, {@code Alloc} and
 * {@code MakeVector} (fresh arrays).
 */
@AutoService(KernelFamily.class)
public final class ShapeKernels implements KernelFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public ShapeKernels() {}

  @Override
  public void register(Registry r) {
    r.kernel(Shape.class, InplaceInfo.NONE, ShapeKernels::shape);
    r.kernel(ShapeI.class, InplaceInfo.NONE, ShapeKernels::shapeI);
    r.kernel(Reshape.class, InplaceInfo.NONE, ShapeKernels::reshape);
    r.kernel(DimShuffle.class, InplaceInfo.NONE, ShapeKernels::dimshuffle);
    r.kernel(Join.class, InplaceInfo.NONE, ShapeKernels::join);
    r.kernel(ARange.class, InplaceInfo.NONE, ShapeKernels::arange);
    r.kernel(Alloc.class, InplaceInfo.FRESH, ShapeKernels::alloc);
    r.kernel(MakeVector.class, InplaceInfo.NONE, ShapeKernels::makeVector);
  }

  static NDArray[] shape(Apply node, NDArray[] in) {
    int[] s = in[0].shape();
    long[] l = new long[s.length];
    for (int i = 0; i < s.length; i++) {
      l[i] = s[i];
    }
    return one(NDArray.of(l, s.length));
  }

  static NDArray[] shapeI(Apply node, NDArray[] in) {
    return one(NDArray.scalar((long) in[0].shape(((ShapeI) node.op()).axis())));
  }

  /** A view when {@code x} is contiguous, else a contiguous copy. */
  static NDArray[] reshape(Apply node, NDArray[] in) {
    NDArray x = in[0];
    NDArray requested = in[1];
    int[] to = ArrayArena.scratchInts(0, requested.size());
    for (int i = 0; i < to.length; i++) {
      long r = requested.storage().getLong(requested.storageIndex(i));
      if (r < -1 || r > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("cannot reshape " + Arrays.toString(x.shape())
            + " to " + Arrays.toString(requested.toLongArray()) + ": bad dimension " + r);
      }
      to[i] = (int) r;
    }
    return one(x.reshape(to));
  }

  static NDArray[] dimshuffle(Apply node, NDArray[] in) {
    DimShuffle op = (DimShuffle) node.op();
    int[] order = ArrayArena.scratchInts(0, op.order().size());
    for (int i = 0; i < order.length; i++) {
      order[i] = op.order().get(i);
    }
    return one(in[0].dimshuffle(order));
  }

  /**
   * {@code a}'s shape in the current arena's scratch {@code slot} (a new array outside one),
   * without the copy {@link NDArray#shape()} makes.
   */
  static int[] shapeOf(NDArray a, int slot) {
    int[] s = ArrayArena.scratchInts(slot, a.ndim());
    for (int d = 0; d < s.length; d++) {
      s[d] = a.shape(d);
    }
    return s;
  }

  /** Concatenation; every input is converted to the node's (promoted) output dtype. */
  static NDArray[] join(Apply node, NDArray[] in) {
    int axis = ((Join) node.op()).axis();
    int[] shape = shapeOf(in[0], 0);
    long total = 0;
    for (int i = 0; i < in.length; i++) {
      for (int d = 0; d < shape.length; d++) {
        if (d != axis && in[i].shape(d) != shape[d]) {
          throw new IllegalArgumentException("join along axis " + axis + ": input " + i
              + " has shape " + Arrays.toString(in[i].shape()) + " but input 0 has shape "
              + Arrays.toString(in[0].shape()) + "; they must agree off the join axis");
        }
      }
      total += in[i].shape(axis);
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("join along axis " + axis + " is too long: " + total);
    }
    shape[axis] = (int) total;
    NDArray out = NDArray.zeros(node.output(0).dtype(), shape);
    int at = 0;
    for (NDArray part : in) {
      int n = part.shape(axis);
      NDArray.copyInto(part, out.slice(axis, at, at + n, 1));
      at += n;
    }
    return one(out);
  }

  /**
   * NumPy's {@code arange}: {@code ceil((stop - start) / step)} elements, computed exactly in
   * 64-bit integers when all three bounds are integers.
   */
  static NDArray[] arange(Apply node, NDArray[] in) {
    DType dtype = ((ARange) node.op()).dtype();
    boolean exact = in[0].dtype().isDiscrete() && in[1].dtype().isDiscrete()
        && in[2].dtype().isDiscrete();
    if (!exact) {
      double start = in[0].getDouble();
      double stop = in[1].getDouble();
      double step = in[2].getDouble();
      if (step == 0) {
      throw zeroStep(start, stop, step);
    }
      return one(NDArray.arange(dtype, start, stop, step));
    }
    long start = in[0].getLong();
    long stop = in[1].getLong();
    long step = in[2].getLong();
    if (step == 0) {
      throw zeroStep(start, stop, step);
    }
    long n = Math.max(0, -Math.floorDiv(-(stop - start), step));
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("arange(" + start + ", " + stop + ", " + step
          + ") has " + n + " elements, more than an array can hold");
    }
    int[] shape = ArrayArena.scratchInts(0, 1);
    shape[0] = (int) n;
    NDArray out = NDArray.zeros(dtype, shape);
    // in chunks through the kernel scratch: no array of n values per call
    long[] values = Scratch.longs(0, Math.min((int) n, ElemwiseKernel.CHUNK));
    for (int s0 = 0; s0 < n; s0 += values.length) {
      int m = Math.min(values.length, (int) n - s0);
      for (int i = 0; i < m; i++) {
        values[i] = start + (s0 + i) * step;
      }
      out.writeLongs(s0, values, 0, m);
    }
    return one(out);
  }

  /** The error of a zero step (its arguments boxed only then, not on every call). */
  private static IllegalArgumentException zeroStep(Object start, Object stop, Object step) {
    return new IllegalArgumentException("arange(" + start + ", " + stop + ", " + step
        + "): step cannot be zero");
  }

  /** {@code value} broadcast (NumPy, right-aligned) into a fresh array of the given dims. */
  static NDArray[] alloc(Apply node, NDArray[] in) {
    NDArray value = in[0];
    int[] dims = ArrayArena.scratchInts(0, in.length - 1);
    for (int i = 0; i < dims.length; i++) {
      long d = in[i + 1].getLong();
      if (d < 0 || d > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("alloc: dimension " + i + " is " + d
            + "; dimensions must be non-negative (all requested: " + dimsText(in) + ")");
      }
      dims[i] = (int) d;
    }
    NDArray out = NDArray.zeros(node.output(0).dtype(), dims);
    NDArray fill = Broadcast.to(value, dims, "the alloc value");
    // zeros (+0.0, as NDArray.zeros gives) need no second pass: a gradient's zeros_like
    // (the one element is read in place, without copying the value into an array)
    if (!(value.size() == 1 && Double.doubleToRawLongBits(value.itemDouble()) == 0L)) {
      NDArray.copyInto(fill, out);
    }
    return one(out);
  }

  private static String dimsText(NDArray[] in) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 1; i < in.length; i++) {
      sb.append(i == 1 ? "" : ", ").append(in[i].getLong());
    }
    return sb.append(']').toString();
  }

  static NDArray[] makeVector(Apply node, NDArray[] in) {
    DType dtype = ((MakeVector) node.op()).dtype();
    int[] shape = ArrayArena.scratchInts(0, 1);
    shape[0] = in.length;
    NDArray out = NDArray.zeros(dtype, shape);
    Storage s = out.storage();
    for (int i = 0; i < in.length; i++) {
      if (in[i].dtype().isDiscrete()) {
        s.setLong(out.storageIndex(i), in[i].getLong());
      } else {
        s.setDouble(out.storageIndex(i), in[i].getDouble());
      }
    }
    return one(out);
  }

  static NDArray[] one(NDArray a) {
    return ArrayArena.result(a);
  }
}
