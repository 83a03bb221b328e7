package org.theano4j.compile;

import java.util.ArrayList;
import java.util.List;

/**
 * What a backend's kernel for one op may do with memory, as the in-place planner needs to know
 * it ({@link Backend#inplace}).
 *
 * @param fresh the kernel's outputs are always fresh memory: never a view of an input, so
 *     overwriting an output later cannot change a value another node still reads
 * @param anyInput the kernel can write its output into any input of the output's type (an
 *     elementwise kernel: each output element reads only the same element of every input, so
 *     the overwritten input may also be another operand)
 * @param inputs otherwise, the inputs it can write its output into (GEMM: the bias, 2); such an
 *     input must not also be another operand, which the kernel reads while writing
 */
public record InplaceInfo(boolean fresh, boolean anyInput, List<Integer> inputs) {
  /** The conservative answer: may return views, never writes into an input. */
  public static final InplaceInfo NONE = new InplaceInfo(false, false, List.of());

  /** Fresh outputs, never written into an input. */
  public static final InplaceInfo FRESH = new InplaceInfo(true, false, List.of());

  public InplaceInfo {
    inputs = List.copyOf(inputs);
    if ((anyInput || !inputs.isEmpty()) && !fresh) {
      throw new IllegalArgumentException("a kernel that writes into an input must otherwise "
          + "return fresh memory");
    }
    if (anyInput && !inputs.isEmpty()) {
      throw new IllegalArgumentException("anyInput and an input list exclude each other, got "
          + inputs);
    }
    for (int i : inputs) {
      if (i < 0) {
        throw new IllegalArgumentException("input index must be non-negative, got " + i);
      }
    }
  }

  /** Fresh outputs, and the output may be written into any input of its type. */
  public static InplaceInfo overwritesAnyInput() {
    return new InplaceInfo(true, true, List.of());
  }

  /** Fresh outputs, and the output may be written into one of {@code inputs}. */
  public static InplaceInfo overwrites(Integer... inputs) {
    return new InplaceInfo(true, false, List.of(inputs));
  }

  /** The inputs, among {@code arity}, that the output may be written into, in order. */
  public List<Integer> candidates(int arity) {
    if (!anyInput) {
      return inputs.stream().filter(i -> i < arity).toList();
    }
    List<Integer> all = new ArrayList<>(arity);
    for (int i = 0; i < arity; i++) {
      all.add(i);
    }
    return all;
  }
}
