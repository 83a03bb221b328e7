package org.theano4j.autodiff;

import com.google.auto.service.AutoService;
import java.util.Arrays;
import java.util.List;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.Conv2d;
import org.theano4j.tensor.Conv2dGradInputs;
import org.theano4j.tensor.Conv2dGradWeights;
import org.theano4j.tensor.Conv2dOptions;
import org.theano4j.tensor.T;

/**
 * The convolution's gradients, as Theano's {@code AbstractConv2d} family: each of the three
 * ops is bilinear in its two tensor inputs, and its gradients are the other two ops (or
 * itself) with the same options, so gradients of gradients work to any order.
 * <ul>
 *   <li>{@code conv2d(x, W)}: {@code dx = conv2d_grad_wrt_inputs(gy, W, x.shape)},
 *       {@code dW = conv2d_grad_wrt_weights(x, gy, W.shape)};
 *   <li>{@code conv2d_grad_wrt_inputs(gy, W, rows, cols)} (output {@code x}-shaped), with
 *       {@code g} its output's gradient: {@code d gy = conv2d(g, W)},
 *       {@code dW = conv2d_grad_wrt_weights(g, gy, W.shape)};
 *   <li>{@code conv2d_grad_wrt_weights(x, gy, rows, cols)}: {@code dx =
 *       conv2d_grad_wrt_inputs(gy, g, x.shape)}, {@code d gy = conv2d(x, g)}.
 * </ul>
 * The spatial sizes are integer inputs: no gradient.
 */
@AutoService(GradFamily.class)
public final class ConvGrads implements GradFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public ConvGrads() {}

  @Override
  public void register(Registry r) {
    r.rule(Conv2d.class, ConvGrads::conv2d);
    r.rule(Conv2dGradInputs.class, ConvGrads::gradInputs);
    r.rule(Conv2dGradWeights.class, ConvGrads::gradWeights);
  }

  private static List<Variable> conv2d(Apply node, List<Variable> gz) {
    Conv2dOptions o = ((Conv2d) node.op()).options();
    Variable x = node.input(0);
    Variable w = node.input(1);
    Variable gy = gz.get(0);
    return GradRule.of(T.conv2dGradInputs(gy, w, shape(x), o),
        T.conv2dGradWeights(x, gy, shape(w), o));
  }

  private static List<Variable> gradInputs(Apply node, List<Variable> gz) {
    Conv2dOptions o = ((Conv2dGradInputs) node.op()).options();
    Variable gy = node.input(0);
    Variable w = node.input(1);
    Variable g = gz.get(0);
    return GradRule.of(T.conv2d(g, w, o), T.conv2dGradWeights(g, gy, shape(w), o), null, null);
  }

  private static List<Variable> gradWeights(Apply node, List<Variable> gz) {
    Conv2dOptions o = ((Conv2dGradWeights) node.op()).options();
    Variable x = node.input(0);
    Variable gy = node.input(1);
    Variable g = gz.get(0);
    return GradRule.of(T.conv2dGradInputs(gy, g, shape(x), o), T.conv2d(x, g, o), null, null);
  }

  /** The four sizes of {@code v}: an Integer where static, else a symbolic scalar. */
  private static List<Object> shape(Variable v) {
    return Arrays.asList(GradSupport.dims(v));
  }
}
