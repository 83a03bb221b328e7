package org.theano4j.tutorial.mnist;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.theano4j.Theano;
import org.theano4j.autodiff.Grad;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * Adam (Kingma and Ba, 2015, Algorithm 1) written as shared-variable updates, the way Theano
 * users write it: per parameter {@code p} with gradient {@code g}, at step {@code t = 1, 2, ...}
 * <pre>
 * m = β1·m + (1 - β1)·g;   v = β2·v + (1 - β2)·g²
 * p = p - lr·sqrt(1 - β2^t) / (1 - β1^t) · m / (sqrt(v) + ε)
 * </pre>
 * with β1 = 0.9, β2 = 0.999, ε = 1e-8. {@code m} and {@code v} are floatX shared variables
 * (zeros); {@code β1^t} and {@code β2^t} are float64 shared scalars multiplied by β each step,
 * and the step size is computed in float64 and rounded once to floatX.
 */
final class Adam {
  static final double BETA1 = 0.9;
  static final double BETA2 = 0.999;
  static final double EPSILON = 1e-8;

  private static final Variable ONE = T.constant(NDArray.scalar(1.0));

  private Adam() {}

  /** The updates of one Adam step on {@code params} for {@code cost}, moments included. */
  static Map<SharedVariable, Variable> updates(Variable cost, List<SharedVariable> params,
      double learningRate) {
    Map<SharedVariable, Variable> updates = new LinkedHashMap<>();
    SharedVariable beta1t = Theano.shared(NDArray.scalar(1.0), "adam_beta1_t");
    SharedVariable beta2t = Theano.shared(NDArray.scalar(1.0), "adam_beta2_t");
    Variable b1t = beta1t.mul(BETA1);
    Variable b2t = beta2t.mul(BETA2);
    updates.put(beta1t, b1t);
    updates.put(beta2t, b2t);
    Variable step = T.sqrt(ONE.sub(b2t)).div(ONE.sub(b1t)).mul(learningRate)
        .astype(Theano.floatX());
    List<Variable> grads = Grad.grad(cost, params);
    for (int k = 0; k < params.size(); k++) {
      SharedVariable p = params.get(k);
      Variable g = grads.get(k);
      NDArray zeros = NDArray.zeros(p.dtype(), p.getValue(true).shape());
      SharedVariable m = Theano.shared(zeros, "adam_m_" + p.name());
      SharedVariable v = Theano.shared(zeros.copy(), "adam_v_" + p.name());
      Variable m1 = m.mul(constant(BETA1, p.dtype())).add(g.mul(constant(1 - BETA1, p.dtype())));
      Variable v1 = v.mul(constant(BETA2, p.dtype()))
          .add(T.sqr(g).mul(constant(1 - BETA2, p.dtype())));
      updates.put(m, m1);
      updates.put(v, v1);
      updates.put(p, p.sub(step.mul(m1).div(T.sqrt(v1).add(constant(EPSILON, p.dtype())))));
    }
    return updates;
  }

  private static Variable constant(double value, DType dtype) {
    return T.constant(NDArray.scalar(dtype, value));
  }
}
