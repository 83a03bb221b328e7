package org.theano4j.examples;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.autodiff.Grad;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * The MNIST tutorial's model at a small size: softmax regression, negative log-likelihood,
 * errors, gradients by {@link Grad}, SGD updates, minibatches selected from shared data with
 * givens; compiled for a chosen backend. It lives outside the library's packages so that the
 * nodes remember lines of this file (they appear in the generated kernels' comments).
 */
public final class TutorialGraphs {
  public static final int N = 40;
  public static final int D = 12;
  public static final int K = 4;
  public static final int BATCH = 10;
  public static final double LR = 0.13;

  public final SharedVariable trainX;
  public final SharedVariable trainY;
  public final SharedVariable w;
  public final SharedVariable b;
  public final Function train;
  public final Function errors;
  public final Function gradients;

  public TutorialGraphs(String backend) {
    Random rng = new Random(7);
    float[] xs = new float[N * D];
    int[] ys = new int[N];
    for (int i = 0; i < N; i++) {
      ys[i] = rng.nextInt(K);
      for (int j = 0; j < D; j++) {
        xs[i * D + j] = (float) (rng.nextGaussian() * 0.5 + (j % K == ys[i] ? 1 : 0));
      }
    }
    float[] w0 = new float[D * K];
    for (int i = 0; i < w0.length; i++) {
      w0[i] = (float) (rng.nextGaussian() * 0.1);
    }
    trainX = Theano.shared(NDArray.of(xs, N, D), "train_set_x");
    trainY = Theano.shared(NDArray.of(ys, N), "train_set_y");
    w = Theano.shared(NDArray.of(w0, D, K), "W");
    b = Theano.shared(NDArray.zeros(DType.FLOAT32, K), "b");
    Variable index = T.lscalar("index");
    Variable x = T.matrix("x");
    Variable y = T.ivector("y");
    Variable p = T.softmax(T.dot(x, w).add(b)).setName("p_y_given_x");
    Variable yPred = T.argmax(p, 1).setName("y_pred");
    Variable cost = T.log(p).get(T.arange(y.shape(0)), y).mean().neg().setName("cost");
    Variable gw = Grad.grad(cost, w).setName("gW");
    Variable gb = Grad.grad(cost, b).setName("gb");
    Variable lo = index.mul(BATCH);
    Variable hi = index.add(1).mul(BATCH);
    Map<Variable, Variable> givens = Map.of(x, trainX.slice(lo, hi), y, trainY.slice(lo, hi));
    train = Theano.function(List.of(index), List.of(cost))
        .updates(Map.of(w, w.sub(gw.mul(LR)), b, b.sub(gb.mul(LR))))
        .givens(givens).backend(backend).build();
    errors = Theano.function(List.of(index), List.of(T.neq(yPred, y).mean()))
        .givens(givens).backend(backend).build();
    gradients = Theano.function(List.of(index), List.of(cost, gw, gb, p))
        .givens(givens).backend(backend).build();
  }
}
