package org.theano4j.tensor;

/**
 * One axis of a basic index: a single position, which removes the axis, or a slice whose
 * present bounds are scalar inputs of the op.
 */
public sealed interface IndexEntry {
  /** How many scalar inputs this entry consumes. */
  int inputCount();

  /** {@code x[i]}: one position (an integer scalar input; negative counts from the end). */
  record Index() implements IndexEntry {
    @Override
    public int inputCount() {
      return 1;
    }

    @Override
    public String toString() {
      return "i";
    }
  }

  /** {@code x[start:stop:step]} with each bound present or absent. */
  record Slice(boolean hasStart, boolean hasStop, boolean hasStep) implements IndexEntry {
    /** The full slice {@code :}. */
    public static final Slice ALL = new Slice(false, false, false);

    @Override
    public int inputCount() {
      return (hasStart ? 1 : 0) + (hasStop ? 1 : 0) + (hasStep ? 1 : 0);
    }

    @Override
    public String toString() {
      return (hasStart ? "a" : "") + ":" + (hasStop ? "b" : "") + (hasStep ? ":c" : "");
    }
  }
}
