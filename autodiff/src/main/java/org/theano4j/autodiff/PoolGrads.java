package org.theano4j.autodiff;

import com.google.auto.service.AutoService;
import java.util.List;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.AveragePoolGrad;
import org.theano4j.tensor.DownsampleFactorMaxGradGrad;
import org.theano4j.tensor.MaxPoolGrad;
import org.theano4j.tensor.Pool;
import org.theano4j.tensor.Pool2d;
import org.theano4j.tensor.PoolMode;
import org.theano4j.tensor.T;

/**
 * Gradients of {@code pool2d} and of its gradient ops, as Theano's: max pooling's is
 * {@code MaxPoolGrad} (to the window's maximum), the sum and averages' {@code AveragePoolGrad};
 * both are linear in the output gradient, so their own gradient with respect to it is the
 * transposed map ({@code DownsampleFactorMaxGradGrad}, resp. the same pooling), and their
 * gradient with respect to {@code x} and {@code maxout} is zero wherever it is defined (the
 * maxima's positions change only at ties).
 */
@AutoService(GradFamily.class)
public final class PoolGrads implements GradFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public PoolGrads() {}

  @Override
  public void register(Registry r) {
    r.rule(Pool.class, PoolGrads::pool);
    r.rule(MaxPoolGrad.class, PoolGrads::maxPoolGrad);
    r.rule(AveragePoolGrad.class, PoolGrads::averagePoolGrad);
    r.rule(DownsampleFactorMaxGradGrad.class, PoolGrads::maxGradGrad);
  }

  private static List<Variable> pool(Apply node, List<Variable> outputGrads) {
    Pool2d o = ((Pool) node.op()).options();
    Variable x = node.input(0);
    Variable gz = GradSupport.castTo(outputGrads.get(0), x.dtype());
    if (o.mode() == PoolMode.MAX) {
      return GradRule.of(MaxPoolGrad.of(o, x, node.output(0), gz));
    }
    return GradRule.of(AveragePoolGrad.of(o, x, gz));
  }

  private static List<Variable> maxPoolGrad(Apply node, List<Variable> outputGrads) {
    Pool2d o = ((MaxPoolGrad) node.op()).options();
    Variable x = node.input(0);
    Variable maxout = node.input(1);
    Variable ggx = GradSupport.castTo(outputGrads.get(0), x.dtype());
    return GradRule.of(GradSupport.zerosLike(x, x.dtype()),
        GradSupport.zerosLike(maxout, maxout.dtype()),
        DownsampleFactorMaxGradGrad.of(o, x, maxout, ggx));
  }

  private static List<Variable> averagePoolGrad(Apply node, List<Variable> outputGrads) {
    Pool2d o = ((AveragePoolGrad) node.op()).options();
    Variable x = node.input(0);
    Variable ggx = GradSupport.castTo(outputGrads.get(0), x.dtype());
    return GradRule.of(GradSupport.zerosLike(x, x.dtype()), T.pool2d(ggx, o));
  }

  private static List<Variable> maxGradGrad(Apply node, List<Variable> outputGrads) {
    Pool2d o = ((DownsampleFactorMaxGradGrad) node.op()).options();
    Variable x = node.input(0);
    Variable maxout = node.input(1);
    Variable gggz = GradSupport.castTo(outputGrads.get(0), x.dtype());
    return GradRule.of(GradSupport.zerosLike(x, x.dtype()),
        GradSupport.zerosLike(maxout, maxout.dtype()), MaxPoolGrad.of(o, x, maxout, gggz));
  }
}
