package org.theano4j.tensor;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a pooling window computes, with Theano's names ({@code pool_2d}'s {@code mode}):
 * {@code max}, {@code sum}, {@code average_inc_pad} (the window's sum divided by its size,
 * padding included) and {@code average_exc_pad} (divided by the number of input elements in
 * it, padding excluded).
 */
public enum PoolMode {
  /** The largest input element of the window; padding never counts. */
  MAX("max"),
  /** The sum of the window's input elements. */
  SUM("sum"),
  /** The window's sum divided by the window's size, padding included. */
  AVERAGE_INC_PAD("average_inc_pad"),
  /** The window's sum divided by the number of input elements in it (padding excluded). */
  AVERAGE_EXC_PAD("average_exc_pad");

  private final String theanoName;

  PoolMode(String theanoName) {
    this.theanoName = theanoName;
  }

  /** The name Theano's {@code pool_2d} gives the mode, e.g. {@code "average_inc_pad"}. */
  public String theanoName() {
    return theanoName;
  }

  /**
   * The mode of Theano's name ({@code "max"}, {@code "sum"}, {@code "average_inc_pad"},
   * {@code "average_exc_pad"}; Theano's alias {@code "average"} is {@code average_inc_pad}).
   *
   * @throws IllegalArgumentException for any other name, listing the four
   */
  public static PoolMode of(String theanoName) {
    if ("average".equals(theanoName)) {
      return AVERAGE_INC_PAD;
    }
    for (PoolMode m : values()) {
      if (m.theanoName.equals(theanoName)) {
        return m;
      }
    }
    throw new IllegalArgumentException("pool2d: unknown mode '" + theanoName + "' (expected one"
        + " of " + Arrays.stream(values()).map(m -> "'" + m.theanoName + "'")
        .collect(Collectors.joining(", ")) + ")");
  }
}
