package org.theano4j.cuda.lower;

import com.google.auto.service.AutoService;
import java.util.List;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.graph.Apply;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Tile;

/**
 * {@code tile} as one {@link CopyKernel} of twice the rank: each output axis of length
 * {@code reps[d] * n[d]} is viewed as two, {@code (reps[d], n[d])}, and the input is
 * broadcast (stride 0) along the repetition axes.
 */
final class TileKernels implements NodeKernels {
  /** Lowers {@code Tile} to these kernels. */
  @AutoService(LoweringFamily.class)
  public static final class Family implements LoweringFamily {
    @Override
    public void register(Registry r) {
      r.launch(Tile.class, TileKernels::new);
    }
  }

  private final Tile op;
  private final CopyKernel copy;

  TileKernels(Apply node, String name) {
    this.op = (Tile) node.op();
    this.copy = new CopyKernel(node, name, node.input(0).dtype(), node.output(0).dtype(),
        2 * node.input(0).ndim(), false, "the input into every tile of the output");
  }

  @Override
  public List<Kernel> kernels() {
    return List.of(copy.kernel());
  }

  @Override
  public ArrayRef[] run(ArrayRef[] in, NDArray[] host, Device device) {
    ArrayRef x = in[0];
    int nd = x.ndim();
    ArrayRef out = device.allocate(x.dtype(), op.outputShape(x.shape()));
    int[] split = new int[2 * nd];
    int[] outStrides = new int[2 * nd];
    int[] inStrides = new int[2 * nd];
    for (int d = 0; d < nd; d++) {
      split[2 * d] = op.reps().get(d);
      split[2 * d + 1] = x.shape()[d];
      outStrides[2 * d] = x.shape()[d] * out.strides()[d];
      outStrides[2 * d + 1] = out.strides()[d];
      inStrides[2 * d + 1] = x.strides()[d];
    }
    copy.run(device, x, inStrides, out.view(split, outStrides, out.offset()));
    return new ArrayRef[] {out};
  }
}
