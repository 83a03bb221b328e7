package org.theano4j.cuda.lower;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;
import org.theano4j.tensor.BatchedDot;
import org.theano4j.tensor.Dot;
import org.theano4j.tensor.Gemm;

/**
 * The host side of a float {@code Dot}, {@code Gemm} or {@code BatchedDot}: one library GEMM
 * ({@link Device#gemm}) on the operands as they lie in memory when their layout fits (see
 * {@link GemmCall#layout}: row-major or transposed views, slices of rows), else after a copy
 * kernel that also converts mixed dtypes to the output's. Vectors are 1-row or 1-column
 * matrices; {@code Gemm}'s bias is first broadcast into the result by a kernel.
 */
final class GemmKernels implements NodeKernels {
  /**
   * Lowers {@code Dot}, {@code Gemm} and {@code BatchedDot}: float products call cuBLAS (with
   * these kernels for what it cannot do), integer ones a {@link MatmulKernels} kernel.
   */
  @AutoService(LoweringFamily.class)
  public static final class Family implements LoweringFamily {
    @Override
    public void register(Registry r) {
      for (Class<? extends Op> c : List.of(Dot.class, Gemm.class, BatchedDot.class)) {
        r.lowering(c, Family::matmul);
      }
    }

    private static Step matmul(Apply a, String name, Set<Variable> host) {
      DType out = a.output(0).dtype();
      if (!out.isFloat()) {
        return new Step.Launch(a, new MatmulKernels(a, name));
      }
      String call = (out == DType.FLOAT64 ? "cublasDgemm" : "cublasSgemm")
          + (a.op() instanceof BatchedDot ? "StridedBatched" : "");
      return new Step.Library(a, call, new GemmKernels(a, name));
    }
  }

  private final Apply node;
  private final DType out;
  private final boolean gemm;
  private final boolean batched;
  private final CopyKernel[] operand = new CopyKernel[2];
  private final CopyKernel bias;

  GemmKernels(Apply node, String name) {
    this.node = node;
    this.out = node.output(0).dtype();
    this.gemm = node.op() instanceof Gemm;
    this.batched = node.op() instanceof BatchedDot;
    for (int i = 0; i < 2; i++) {
      operand[i] = new CopyKernel(node, name + "_operand" + i, node.input(i).dtype(), out,
          node.input(i).ndim(), false, "operand " + i + " copied for the library call");
    }
    this.bias = gemm ? new CopyKernel(node, name + "_bias", node.input(2).dtype(), out, 2,
        false, "bias broadcast into the result before the library call") : null;
  }

  @Override
  public List<Kernel> kernels() {
    List<Kernel> k = new ArrayList<>(List.of(operand[0].kernel(), operand[1].kernel()));
    if (bias != null) {
      k.add(bias.kernel());
    }
    return k;
  }

  @Override
  public boolean hostInput(int i) {
    return gemm && i >= 3;
  }

  @Override
  public ArrayRef[] run(ArrayRef[] in, NDArray[] host, Device device) {
    ArrayRef a = in[0];
    ArrayRef b = in[1];
    int r = batched ? 3 : 2;
    ArrayRef a2 = prepare(0, a, device, true);
    ArrayRef b2 = prepare(1, b, device, false);
    int m = a2.shape()[r - 2];
    int k = a2.shape()[r - 1];
    int n = b2.shape()[r - 1];
    boolean batchOk = !batched || a2.shape()[0] == b2.shape()[0];
    if (b2.shape()[r - 2] != k || !batchOk) {
      throw new IllegalArgumentException((batched ? "batched shapes do not match: "
          : "inner dimensions differ: ") + Arrays.toString(a.shape())
          + (batched ? " and " : " · ") + Arrays.toString(b.shape()));
    }
    int[] cShape = batched ? new int[] {a2.shape()[0], m, n} : new int[] {m, n};
    ArrayRef c = device.allocate(out, cShape);
    double alpha = 1;
    double beta = 0;
    if (gemm) {
      bias.run(device, in[2], biasStrides(in[2], cShape), c);
      alpha = host[3].getDouble();
      beta = host[4].getDouble();
    }
    if (c.size() > 0) {
      device.gemm(GemmCall.of(a2, b2, c, alpha, beta));
    }
    int[] shape = outputShape(a, b, cShape);
    return new ArrayRef[] {c.view(shape, Shapes.contiguousStrides(shape), 0)};
  }

  /**
   * Operand {@code i} as a matrix (a vector as one row when {@code left}, else one column), in
   * the output's dtype and a layout the library takes, copied by a kernel if needed.
   */
  private ArrayRef prepare(int i, ArrayRef x, Device device, boolean left) {
    ArrayRef m = asMatrix(x, left);
    if (x.dtype() == out && fits(m)) {
      return m;
    }
    return asMatrix(operand[i].copyOf(device, x, out), left);
  }

  private static ArrayRef asMatrix(ArrayRef x, boolean left) {
    if (x.ndim() != 1) {
      return x;
    }
    int len = x.shape()[0];
    int s = x.strides()[0];
    return left ? x.view(new int[] {1, len}, new int[] {0, s}, x.offset())
        : x.view(new int[] {len, 1}, new int[] {s, 0}, x.offset());
  }

  private static boolean fits(ArrayRef m) {
    int o = m.ndim() - 2;
    return GemmCall.layout(m.shape()[o], m.shape()[o + 1], m.strides()[o],
        m.strides()[o + 1]) != null;
  }

  /** The bias's strides over the product's shape: only statically broadcastable dims stretch. */
  private int[] biasStrides(ArrayRef z, int[] shape) {
    int lead = 2 - z.ndim();
    int[] s = new int[2];
    for (int d = 0; d < z.ndim(); d++) {
      boolean stretch = node.input(2).type().isBroadcastable(d);
      if (z.shape()[d] != shape[lead + d] && !stretch) {
        throw new IllegalArgumentException("bias of shape " + Arrays.toString(z.shape())
            + " does not match the product's shape " + Arrays.toString(shape));
      }
      s[lead + d] = stretch && z.shape()[d] == 1 ? 0 : z.strides()[d];
    }
    return s;
  }

  private static int[] outputShape(ArrayRef a, ArrayRef b, int[] cShape) {
    if (a.ndim() == 1 && b.ndim() == 1) {
      return new int[0];
    }
    if (a.ndim() == 1) {
      return new int[] {cShape[1]};
    }
    if (b.ndim() == 1) {
      return new int[] {cShape[0]};
    }
    return cShape;
  }
}
