package org.theano4j.cuda.lower;

import java.util.EnumMap;
import java.util.Map;
import org.theano4j.graph.Apply;
import org.theano4j.jvm.Kernels;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Storage;
import org.theano4j.tensor.Shape;
import org.theano4j.tensor.ShapeI;

/**
 * Layout arithmetic borrowed from the JVM backend's view kernels ({@code Subtensor},
 * {@code DimShuffle}, {@code Reshape} of a contiguous array) and shape kernels ({@code
 * Shape}, {@code Shape_i}): the kernel runs on a metadata array over an empty storage (these
 * kernels never touch elements), so bounds, clamping and error messages are exactly the JVM
 * backend's, only the resulting layout or shape is kept, and nothing is downloaded.
 */
final class JvmLayouts {
  private static final Map<DType, Storage> EMPTY = new EnumMap<>(DType.class);

  static {
    for (DType d : DType.values()) {
      EMPTY.put(d, Storage.allocate(d, 0));
    }
  }

  private JvmLayouts() {}

  /**
   * The view that {@code node}'s JVM kernel makes of {@code x} (input 0), the other inputs
   * being the host values {@code host[1..]}, carried over to {@code x}'s memory.
   */
  static ArrayRef view(Apply node, ArrayRef x, NDArray[] host) {
    NDArray[] in = host.clone();
    in[0] = metadata(x);
    NDArray v = Kernels.forNode(node).run(node, in)[0];
    if (v.storage() != in[0].storage()) {
      throw new IllegalStateException(node.op().describe() + " did not give a view of " + x);
    }
    return x.view(v.shape(), v.strides(), v.offset());
  }

  /** {@code x}'s layout as an NDArray over an empty storage, for kernels that read no element. */
  static NDArray metadata(ArrayRef x) {
    return NDArray.view(EMPTY.get(x.dtype()), x.shape(), x.strides(), x.offset());
  }

  /** True for host nodes that read only their inputs' shapes ({@code Shape}, {@code Shape_i}). */
  static boolean readsShapesOnly(Apply node) {
    return node.op() instanceof Shape || node.op() instanceof ShapeI;
  }
}
