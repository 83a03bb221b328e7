package org.theano4j.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.scan.Scan;
import org.theano4j.tensor.T;

/**
 * Java heap allocated by one steady-state call (borrowed outputs) of a LeNet-like training
 * step (conv2d, 2×2 max pooling, tanh, a dense softmax layer, cross-entropy, SGD) and of a
 * tanh RNN step through {@code Scan} (gradient through the loop, SGD): every byte this thread
 * allocates, counted by the JVM ({@code ThreadMXBean.getThreadAllocatedBytes}), not a timing.
 * docs/performance.md "Allocation per call" lists the figures.
 */
class StepAllocationTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Bytes allocated per call over {@code calls} calls, after {@code warmUp}. */
  private static long bytesPerCall(Function f, Object[] args, int warmUp, int calls) {
    assertThat(THREADS.isThreadAllocatedMemorySupported()).isTrue();
    THREADS.setThreadAllocatedMemoryEnabled(true);
    for (int i = 0; i < warmUp; i++) {
      f.call(args);
    }
    long tid = Thread.currentThread().getId();
    long before = THREADS.getThreadAllocatedBytes(tid);
    for (int i = 0; i < calls; i++) {
      f.call(args);
    }
    return (THREADS.getThreadAllocatedBytes(tid) - before) / calls;
  }

  private static NDArray rand(Random r, double scale, int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
    }
    return NDArray.of(v, shape);
  }

  private static Function sgd(Variable cost, List<SharedVariable> params) {
    List<Variable> grads = Grad.grad(cost, new ArrayList<>(params));
    Map<SharedVariable, Variable> updates = new LinkedHashMap<>();
    for (int i = 0; i < params.size(); i++) {
      updates.put(params.get(i), params.get(i).sub(grads.get(i).mul(0.1)));
    }
    return Theano.function(List.of(), List.of(cost)).updates(updates).borrowOutputs(true)
        .build();
  }

  /**
   * conv2d (8 images of 1×12×12, 4 filters 5×5), 2×2 max pooling, tanh, a dense softmax
   * layer over the 4×4×4 features, the mean negative log-likelihood and its SGD step.
   */
  @Test
  void aLeNetLikeStepWithBorrowedOutputsAllocatesNothing() {
    Random r = new Random(5);
    SharedVariable x = Theano.shared(rand(r, 1, 8, 1, 12, 12), "x");
    int[] labels = new int[8];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = r.nextInt(10);
    }
    SharedVariable y = Theano.shared(NDArray.of(labels, 8), "y");
    SharedVariable w = Theano.shared(rand(r, 0.2, 4, 1, 5, 5), "W");
    SharedVariable b = Theano.shared(NDArray.zeros(DType.FLOAT32, 4), "b");
    SharedVariable w2 = Theano.shared(rand(r, 0.1, 64, 10), "W2");
    SharedVariable b2 = Theano.shared(NDArray.zeros(DType.FLOAT32, 10), "b2");
    Variable h = T.tanh(T.pool2d(T.conv2d(x, w), new int[] {2, 2})
        .add(b.dimshuffle("x", 0, "x", "x")));
    Variable p = T.softmax(T.dot(T.flatten(h, 2), w2).add(b2));
    Variable cost = T.log(p).get(T.arange(y.shape(0)), y).mean().neg();
    Function step = sgd(cost, List.of(w, b, w2, b2));
    long perCall = bytesPerCall(step, new Object[0], 2000, 500);
    System.out.println("LeNet-like step, borrowed outputs: " + perCall + " bytes per call");
    // measured 0 B (15,584 B before the conv/pool kernels kept their plans in the node's
    // arena); a few bytes of bound for a rare JIT or class-loading event on this thread
    assertThat(perCall).isLessThan(16);
  }

  /**
   * A tanh RNN over 5 steps of a (5, 4, 3) sequence, hidden size 6, its cost the last
   * state's sum of squares, and the gradient through the loop (a second scan). The rows the
   * loop passes to the step come from a loop-owned arena that takes them back after each step
   * ({@code ArrayArena.reclaim}), the step's dead outputs and superseded states go back to the
   * arena that made them ({@code ArrayArena.recycle}), and the node's inputs, disowned by the
   * step as its arguments, to theirs after the loop.
   */
  @Test
  void aScanStepWithBorrowedOutputsAllocatesABoundedAmount() {
    Random r = new Random(9);
    SharedVariable x = Theano.shared(rand(r, 1, 5, 4, 3), "x");
    SharedVariable h0 = Theano.shared(NDArray.zeros(DType.FLOAT32, 4, 6), "h0");
    SharedVariable wx = Theano.shared(rand(r, 0.3, 3, 6), "Wx");
    SharedVariable wh = Theano.shared(rand(r, 0.3, 6, 6), "Wh");
    Variable hs = Scan.scan(a -> List.of(T.tanh(T.dot(a.get(0), a.get(2))
        .add(T.dot(a.get(1), a.get(3))))), List.of(x), List.of(h0), List.of(wx, wh)).output(0);
    Variable cost = T.sqr(hs.get(4)).sum();
    Function step = sgd(cost, List.of(wx, wh));
    long perCall = bytesPerCall(step, new Object[0], 2000, 500);
    System.out.println("scan (tanh RNN) step, borrowed outputs: " + perCall + " bytes per call");
    // measured 392 B (8,344 B before the loop kept its plan and working arrays in the node's
    // arena, 5,996 B before it re-pointed its rows' wrappers, recycled the step's dead outputs'
    // and gave its inputs back to their arenas)
    assertThat(perCall).isLessThan(1_024);
  }
}
