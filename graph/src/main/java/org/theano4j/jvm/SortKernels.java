package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import java.util.Arrays;
import java.util.Comparator;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.ArrayArena;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.ArgSort;
import org.theano4j.tensor.Sort;

/**
 * Sort and argsort along an axis: the axis is moved last (a view of the input and of the fresh
 * output), and each row is ordered by {@link Arrays#sort(Object[], Comparator)}, a stable merge
 * sort, on the row's indices. The order is NumPy's: ascending, NaNs last, {@code -0.0} equal
 * to {@code 0.0}; int64 values are compared exactly.
 */
@AutoService(KernelFamily.class)
public final class SortKernels implements KernelFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public SortKernels() {}

  @Override
  public void register(Registry r) {
    r.kernel(Sort.class, InplaceInfo.FRESH,
        (node, in) -> sort(node, in[0], ((Sort) node.op()).axis(), false));
    r.kernel(ArgSort.class, InplaceInfo.FRESH,
        (node, in) -> sort(node, in[0], ((ArgSort) node.op()).axis(), true));
  }

  /** NumPy's order of two floats: NaN after everything, else by value. */
  static int compare(double a, double b) {
    if (a < b) {
      return -1;
    }
    if (a > b) {
      return 1;
    }
    boolean na = Double.isNaN(a);
    return na == Double.isNaN(b) ? 0 : na ? 1 : -1;
  }

  private static NDArray[] sort(Apply node, NDArray x, int axis, boolean indices) {
    int nd = x.ndim();
    int[] order = new int[nd];
    for (int d = 0, k = 0; d < nd; d++) {
      if (d != axis) {
        order[k++] = d;
      }
    }
    order[nd - 1] = axis;
    NDArray rowsIn = x.dimshuffle(order);
    NDArray out = NDArray.zeros(node.output(0).dtype(), x.shape());
    NDArray rowsOut = out.dimshuffle(order);
    int n = x.shape(axis);
    int rows = n == 0 ? 0 : x.size() / n;
    boolean exact = x.dtype() == DType.INT64;
    double[] d = new double[n];
    long[] l = new long[n];
    Integer[] perm = new Integer[n];
    long[] lOut = new long[n];
    double[] dOut = new double[n];
    Comparator<Integer> cmp = exact ? (i, j) -> Long.compare(l[i], l[j])
        : (i, j) -> compare(d[i], d[j]);
    for (int r = 0; r < rows; r++) {
      if (exact) {
        rowsIn.readLongs(r * n, l, 0, n);
      } else {
        rowsIn.readDoubles(r * n, d, 0, n);
      }
      for (int i = 0; i < n; i++) {
        perm[i] = i;
      }
      Arrays.sort(perm, cmp);
      for (int i = 0; i < n; i++) {
        lOut[i] = indices ? perm[i] : l[perm[i]];
        dOut[i] = d[perm[i]];
      }
      if (indices || exact) {
        rowsOut.writeLongs(r * n, lOut, 0, n);
      } else {
        rowsOut.writeDoubles(r * n, dOut, 0, n);
      }
    }
    return ArrayArena.result(out);
  }
}
