package org.theano4j.tutorial.mnist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Graphs;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.scan.Scan;
import org.theano4j.tensor.T;

/**
 * A whole training epoch as one compiled call: a {@link Scan} over a vector of minibatch
 * indices whose step is {@code train_model}'s graph (the minibatch sliced from the shared
 * training set by the index, as {@code train_model}'s {@code givens} do, the cost, its
 * gradients) and applies the SGD updates <em>inside</em> the loop, so that each step sees the
 * weights the previous step wrote, as {@code nBatches} calls of {@code train_model} do. The
 * call returns the per-step costs; its updates write the final parameters to the shared
 * variables. Used by {@code --bench --whole-epoch} to measure the per-call overhead the loop
 * removes (docs/performance.md, "The whole epoch as one call").
 */
final class WholeEpoch {
  private final Function epoch;
  private final NDArray indices;

  /** Compiles the epoch of {@code fns}' network over minibatches {@code 0 .. nBatches-1}. */
  WholeEpoch(TutorialFunctions fns, int nBatches, String backend) {
    if (nBatches < 1) {
      throw new IllegalArgumentException("a whole epoch needs at least one minibatch, got "
          + nBatches);
    }
    indices = NDArray.arange(nBatches);
    Variable index = T.lvector("minibatches");
    Scan.Result loop = Scan.builder().name("Epoch").sequences(index)
        .outputsInfo(Arrays.asList((Object) null)) // the cost, not fed back
        .step(a -> step(fns, a.get(0))).build();
    epoch = Theano.function(List.of(index), List.of(loop.output(0)))
        .updates(loop.updates()).backend(backend).build();
  }

  /**
   * One minibatch: {@code train_model}'s cost and updates with its {@code x} and {@code y}
   * replaced by the rows of minibatch {@code i}.
   */
  private static Scan.Step step(TutorialFunctions fns, Variable i) {
    int bs = fns.batchSize;
    Variable lo = i.mul(bs);
    Variable hi = i.add(1).mul(bs);
    Map<SharedVariable, Variable> updates = fns.network.updates(fns.cost, fns.learningRate);
    List<Variable> outs = new ArrayList<>();
    outs.add(fns.cost);
    outs.addAll(updates.values());
    List<Variable> given = Graphs.substitute(outs,
        Map.of(fns.x, fns.data.trainX().slice(lo, hi), fns.y, fns.data.trainY().slice(lo, hi)),
        "the minibatch slices of the whole epoch");
    Map<SharedVariable, Variable> stepUpdates = new LinkedHashMap<>();
    int k = 1;
    for (SharedVariable p : updates.keySet()) {
      stepUpdates.put(p, given.get(k++));
    }
    return Scan.Step.of(given.get(0)).updates(stepUpdates);
  }

  /** Trains one epoch; returns each minibatch's cost, in order. */
  double[] run() {
    return epoch.call(indices).get(0).toDoubleArray();
  }
}
