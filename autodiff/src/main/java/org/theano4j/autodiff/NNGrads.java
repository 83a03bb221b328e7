package org.theano4j.autodiff;

import com.google.auto.service.AutoService;
import java.util.List;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.AdvancedIncSubtensor;
import org.theano4j.tensor.CrossentropyCategorical1Hot;
import org.theano4j.tensor.CrossentropySoftmax1Hot;
import org.theano4j.tensor.Softmax;
import org.theano4j.tensor.CrossentropySoftmax1HotWithSoftmax;
import org.theano4j.tensor.T;

/** Closed-form gradients of softmax, log-softmax and categorical cross-entropy. */
@AutoService(GradFamily.class)
public final class NNGrads implements GradFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public NNGrads() {}

  @Override
  public void register(Registry r) {
    r.rule(Softmax.class, NNGrads::softmax);
    r.rule(CrossentropyCategorical1Hot.class, NNGrads::crossentropy);
    r.rule(CrossentropySoftmax1Hot.class, NNGrads::crossentropySoftmax);
    r.rule(CrossentropySoftmax1HotWithSoftmax.class, NNGrads::softmaxCrossentropy);
  }

  /**
   * softmax: {@code gx = (gz - sum(gz * z, -1)) * z}; log-softmax:
   * {@code gx = gz - exp(z) * sum(gz, -1)} (sums keep the last axis).
   */
  private static List<Variable> softmax(Apply node, List<Variable> outputGrads) {
    Variable gz = outputGrads.get(0);
    Variable z = node.output(0);
    int[] last = {-1};
    if (((Softmax) node.op()).log()) {
      return GradRule.of(T.sub(gz, T.mul(T.exp(z), T.sum(gz, last, true))));
    }
    return GradRule.of(T.mul(T.sub(gz, T.sum(T.mul(gz, z), last, true)), z));
  }

  /** {@code out[i] = -log p[i, y[i]]}: {@code gp[i, y[i]] = -gz[i] / p[i, y[i]]}, else 0. */
  private static List<Variable> crossentropy(Apply node, List<Variable> outputGrads) {
    Variable p = node.input(0);
    Variable y = node.input(1);
    Variable rows = T.arange(p.shape(0));
    Variable picked = p.get(rows, y);
    Variable value = T.neg(T.trueDiv(outputGrads.get(0), picked));
    Variable gp = T.node(new AdvancedIncSubtensor(List.of(true, true), false),
        GradSupport.zerosLike(p, p.dtype()), GradSupport.castTo(value, p.dtype()), rows, y);
    return GradRule.of(gp, null);
  }

  /**
   * Zeros shaped like {@code z} with {@code z[i, y[i]] = 1}, set by the advanced-indexing op
   * itself so that the labels follow its index rule exactly as the forward op reads them
   * (-1 is the last class; a label outside {@code [-k, k)} is the same error).
   */
  private static Variable oneHot(Variable z, Variable y) {
    Variable one = T.constant(NDArray.ones(z.dtype()));
    return T.node(new AdvancedIncSubtensor(List.of(true, true), true),
        GradSupport.zerosLike(z, z.dtype()), one, T.arange(z.shape(0)), y);
  }

  /**
   * {@code out[i] = logsumexp(z[i]) - z[i, y[i]]}:
   * {@code gz = gout[:, None] * (softmax(z) - onehot(y))}; the labels get none.
   */
  private static List<Variable> crossentropySoftmax(Apply node, List<Variable> outputGrads) {
    Variable z = node.input(0);
    Variable y = node.input(1);
    Variable d = T.sub(T.softmax(z), oneHot(z, y));
    Variable g = T.mul(outputGrads.get(0).dimshuffle(0, "x"), d);
    return GradRule.of(GradSupport.castTo(g, z.dtype()), null);
  }

  /**
   * Outputs {@code (loss, sm)} with {@code sm = softmax(z)}: the loss contributes
   * {@code gloss[:, None] * (sm - onehot(y))}, the softmax {@code (gsm - sum(gsm * sm)) * sm};
   * the labels get none.
   */
  private static List<Variable> softmaxCrossentropy(Apply node, List<Variable> outputGrads) {
    Variable z = node.input(0);
    Variable y = node.input(1);
    Variable sm = node.output(1);
    Variable gz = null;
    if (outputGrads.get(0) != null) {
      Variable d = T.sub(sm, oneHot(z, y));
      gz = T.mul(outputGrads.get(0).dimshuffle(0, "x"), d);
    }
    if (outputGrads.get(1) != null) {
      Variable gs = outputGrads.get(1);
      Variable g = T.mul(T.sub(gs, T.sum(T.mul(gs, sm), new int[] {-1}, true)), sm);
      gz = gz == null ? g : T.add(gz, g);
    }
    return GradRule.of(gz == null ? null : GradSupport.castTo(gz, z.dtype()), null);
  }
}
