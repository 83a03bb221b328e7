package org.theano4j.cuda.lower;

import org.theano4j.graph.Apply;

/** How one node of the graph runs on the device. */
public sealed interface Step permits Step.Launch, Step.View, Step.Host, Step.Library {
  /** The graph node. */
  Apply node();

  /** Generated kernels. */
  record Launch(Apply node, NodeKernels kernels) implements Step {}

  /** A new layout of the input's memory (basic slices, dimshuffles, identities): no kernel. */
  record View(Apply node) implements Step {}

  /**
   * A small computation on host values (shapes, scalar index arithmetic), run with the JVM
   * backend's kernel; its result is a host value.
   */
  record Host(Apply node) implements Step {}

  /**
   * A library call ({@code Dot}, {@code Gemm}, {@code BatchedDot} as a cuBLAS GEMM, named by
   * {@code call}), with the kernels that prepare its operands when their layout or dtype does
   * not suit the library (a copy, a broadcast bias).
   */
  record Library(Apply node, String call, NodeKernels kernels) implements Step {}
}
