package org.theano4j.cuda.lower;

import com.google.auto.service.AutoService;
import java.util.List;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.graph.Apply;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.CrossentropySoftmax1HotWithSoftmax;

/**
 * {@code CrossentropySoftmax1HotWithSoftmax}: the per-row loss and the softmax of the same logits, as
 * the two row kernels of {@link SoftmaxKernels} (one writing each output).
 */
final class SoftmaxLossKernels implements NodeKernels {
  /** Lowers {@code CrossentropySoftmax1HotWithSoftmax} to these kernels. */
  @AutoService(LoweringFamily.class)
  public static final class Family implements LoweringFamily {
    @Override
    public void register(Registry r) {
      r.launch(CrossentropySoftmax1HotWithSoftmax.class, SoftmaxLossKernels::new);
    }
  }

  private final SoftmaxKernels loss;
  private final SoftmaxKernels softmax;

  SoftmaxLossKernels(Apply node, String name) {
    this.loss = new SoftmaxKernels(node, name + "_loss", true, true);
    this.softmax = new SoftmaxKernels(node, name + "_softmax", false, false);
  }

  @Override
  public List<Kernel> kernels() {
    return List.of(loss.kernels().get(0), softmax.kernels().get(0));
  }

  @Override
  public ArrayRef[] run(ArrayRef[] inputs, NDArray[] hostValues, Device device) {
    ArrayRef l = loss.run(inputs, hostValues, device)[0];
    ArrayRef s = softmax.run(new ArrayRef[] {inputs[0]}, hostValues, device)[0];
    return new ArrayRef[] {l, s};
  }
}
