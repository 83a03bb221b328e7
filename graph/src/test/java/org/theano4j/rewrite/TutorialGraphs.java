package org.theano4j.rewrite;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.compile.Backend;
import org.theano4j.compile.Backends;
import org.theano4j.compile.CompileOptions;
import org.theano4j.compile.GraphBuilder;
import org.theano4j.compile.Mode;
import org.theano4j.compile.UnusedInputPolicy;
import org.theano4j.graph.Apply;
import org.theano4j.jvm.Kernels;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * The MNIST logistic-regression tutorial's three functions (train with SGD updates, validate,
 * test), with the gradient written out by hand ({@code (softmax - onehot) / n}) so that this
 * module does not need autodiff.
 */
final class TutorialGraphs {
  final SharedVariable w = Theano.shared(NDArray.zeros(DType.FLOAT32, 784, 10), "W");
  final SharedVariable b = Theano.shared(NDArray.zeros(DType.FLOAT32, 10), "b");
  final SharedVariable trainX = Theano.shared(NDArray.zeros(DType.FLOAT32, 1200, 784), "trainX");
  final SharedVariable trainY = Theano.shared(NDArray.zeros(DType.INT32, 1200), "trainY");
  final SharedVariable validX = Theano.shared(NDArray.zeros(DType.FLOAT32, 600, 784), "validX");
  final SharedVariable validY = Theano.shared(NDArray.zeros(DType.INT32, 600), "validY");
  final Variable index = T.lscalar("index");
  final Variable x = T.matrix("x");
  final Variable y = T.ivector("y");
  final Variable p = T.softmax(T.dot(x, w).add(b));
  final Variable cost = T.log(p).get(T.arange(y.shape(0)), y).mean().neg();
  final Variable errors = T.mean(T.neq(T.argmax(p, 1), y));

  /** The training step: cost out, W and b updated by SGD with learning rate 0.13. */
  Function train(Mode mode, String... excluding) {
    return Theano.function(List.of(index), List.of(cost)).updates(trainUpdates())
        .givens(batch(trainX, trainY)).mode(mode).excluding(excluding).build();
  }

  /**
   * The training step's graph, validated by {@code GraphBuilder.build}, optimised for the JVM backend and linked
   * only if the JVM backend has a kernel for every node (the shape and indexing kernels may
   * be missing on this branch).
   */
  Optimizer.Result trainGraph(Mode mode, String... excluding) {
    return build(List.of(cost), trainUpdates(), batch(trainX, trainY), mode, excluding);
  }

  Optimizer.Result evaluateGraph(Mode mode, SharedVariable dataX, SharedVariable dataY) {
    return build(List.of(errors), Map.of(), batch(dataX, dataY), mode);
  }

  private Optimizer.Result build(List<Variable> outs, Map<SharedVariable, Variable> updates,
      Map<Variable, Variable> givens, Mode mode, String... excluding) {
    CompileOptions opts = new CompileOptions(mode, "jvm", UnusedInputPolicy.RAISE,
        java.util.Set.of(excluding), false, false);
    GraphBuilder.Built v = GraphBuilder.build(List.of(index), outs, updates, givens, opts);
    Backend jvm = Backends.find("jvm");
    Optimizer.Result c = Optimizer.optimize(v.graph(), v.updateTargets(), opts, jvm);
    if (linkable(c)) {
      jvm.link(c.graph(), opts);
    }
    return c;
  }

  static boolean linkable(Optimizer.Result c) {
    for (Apply a : c.graph().nodes()) {
      if (!Kernels.supports(a.op().getClass())) {
        return false;
      }
    }
    return true;
  }

  private Map<SharedVariable, Variable> trainUpdates() {
    Variable onehot = T.eq(T.arange(10).dimshuffle("x", 0), y.dimshuffle(0, "x"))
        .astype(DType.FLOAT32);
    Variable n = y.shape(0).astype(DType.FLOAT32);
    Variable g = p.sub(onehot).div(n);
    Variable gw = T.dot(x.T(), g);
    Variable gb = T.sum(g, 0);
    Map<SharedVariable, Variable> updates = new LinkedHashMap<>();
    updates.put(w, w.sub(gw.mul(0.13)));
    updates.put(b, b.sub(gb.mul(0.13)));
    return updates;
  }

  /** The validation (or, with other data, test) error rate of one minibatch. */
  Function evaluate(Mode mode, SharedVariable dataX, SharedVariable dataY) {
    return Theano.function(List.of(index), List.of(errors)).givens(batch(dataX, dataY))
        .mode(mode).build();
  }

  private Map<Variable, Variable> batch(SharedVariable dataX, SharedVariable dataY) {
    Variable lo = index.mul(600);
    Variable hi = index.add(1).mul(600);
    return Map.of(x, dataX.slice(lo, hi), y, dataY.slice(lo, hi));
  }

  /** Compiles all three functions; returns the elapsed nanoseconds. */
  long compileAll(Mode mode) {
    long t0 = System.nanoTime();
    trainGraph(mode);
    evaluateGraph(mode, validX, validY);
    evaluateGraph(mode, trainX, trainY);
    return System.nanoTime() - t0;
  }
}
