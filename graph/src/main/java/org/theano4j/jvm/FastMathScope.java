package org.theano4j.jvm;

/**
 * Whether the function running on this thread was compiled with
 * {@code Theano.Builder.fastMath(true)}: its {@link Interpreter} enters the scope for each call,
 * and the elementwise kernels ({@link ElemwiseKernel}) read it when they prepare a node's loops
 * and hand it to their float32 loops ({@link FloatFunctions#apply(org.theano4j.tensor.Scalar,
 * float[][], float[], int, boolean)}), helper threads included. A function run inside another
 * (a scan's step, an {@code OpFromGraph}) keeps the caller's fast math: entering only ever
 * turns it on.
 */
final class FastMathScope {
  /** One flag per thread, in an array so that entering and leaving allocate nothing. */
  private static final ThreadLocal<boolean[]> ON = ThreadLocal.withInitial(() -> new boolean[1]);

  private FastMathScope() {}

  /** True inside a call of a function compiled with fast math. */
  static boolean on() {
    return ON.get()[0];
  }

  /** Turns fast math on for this thread if {@code fast}; returns the state to restore. */
  static boolean enter(boolean fast) {
    boolean[] s = ON.get();
    boolean previous = s[0];
    s[0] = previous || fast;
    return previous;
  }

  /** Restores the state {@link #enter} returned. */
  static void restore(boolean previous) {
    ON.get()[0] = previous;
  }
}
