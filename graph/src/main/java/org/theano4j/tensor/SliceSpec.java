package org.theano4j.tensor;

/**
 * A slice {@code start:stop:step} in an index expression; each bound is null (absent), a Java
 * integer, or an integer scalar variable. Made by {@link T#slice}.
 */
public record SliceSpec(Object start, Object stop, Object step) {
  /** True for {@code :} (no bounds). */
  public boolean isFull() {
    return start == null && stop == null && step == null;
  }
}
