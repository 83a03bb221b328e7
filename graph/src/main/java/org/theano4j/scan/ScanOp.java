package org.theano4j.scan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/**
 * The loop op that {@link Scan} builds: an inner graph (one step) run a number of times.
 *
 * <p>Inner inputs, in order: one per (sequence, tap), one per (recurrent output, tap), one per
 * carried state, one per non-sequence. Inner outputs: one per output (the step's value), one
 * per carried state (its next value), then the {@code until} condition if there is one.
 *
 * <p>Outer inputs: the number of steps (an int64 scalar) if given, the sequences, the initial
 * values of the recurrent outputs (those with taps), the carried states' initial values, the
 * non-sequences. Outer outputs: each output stacked along a new axis 0 (one row per step run),
 * then each carried state's value after the last step (no history: shared-variable and random
 * state updates, gradient accumulators).
 *
 * <p>Step {@code t} reads sequence {@code s} at tap {@code k} from row
 * {@code t + k + max(0, -min tap)}; a recurrent output with taps {@code -k...} reads
 * {@code x[t - k]}, where {@code x[-j]} is row {@code K - j} of its initial value for
 * {@code K = -min tap} rows ({@code K = 1} and a plain initial value: the value itself).
 * Two instances are different ops even when built from equal graphs.
 */
public final class ScanOp implements Op {
  private final List<Variable> innerInputs;
  private final List<Variable> innerOutputs;
  private final int[][] seqTaps;
  private final int[][] outTaps;
  private final boolean[] plainInit;
  private final int nStates;
  private final int nNonSeqs;
  private final boolean hasNSteps;
  private final boolean hasUntil;
  private final int truncateGradient;
  private final String name;

  /**
   * The op; checked by {@link Scan} (users build scans with it).
   *
   * @param seqTaps per sequence, its taps (ascending)
   * @param outTaps per output, its taps (negative, ascending; empty: not fed back)
   * @param plainInit per output, true when its initial value is the state itself (taps
   *     {@code [-1]} given as a plain variable) rather than rows
   * @param truncateGradient steps of backpropagation through time, or -1 for all
   */
  public ScanOp(List<Variable> innerInputs, List<Variable> innerOutputs, int[][] seqTaps,
      int[][] outTaps, boolean[] plainInit, int nStates, int nNonSeqs, boolean hasNSteps,
      boolean hasUntil, int truncateGradient, String name) {
    this.innerInputs = List.copyOf(innerInputs);
    this.innerOutputs = List.copyOf(innerOutputs);
    this.seqTaps = deepCopy(seqTaps);
    this.outTaps = deepCopy(outTaps);
    this.plainInit = plainInit.clone();
    this.nStates = nStates;
    this.nNonSeqs = nNonSeqs;
    this.hasNSteps = hasNSteps;
    this.hasUntil = hasUntil;
    this.truncateGradient = truncateGradient;
    this.name = name;
    int expected = 0;
    for (int[] t : seqTaps) {
      expected += t.length;
    }
    for (int[] t : outTaps) {
      expected += t.length;
    }
    if (innerInputs.size() != expected + nStates + nNonSeqs
        || innerOutputs.size() != outTaps.length + nStates + (hasUntil ? 1 : 0)) {
      throw new IllegalArgumentException("ScanOp: inner graph of " + innerInputs.size()
          + " inputs and " + innerOutputs.size() + " outputs does not match its description");
    }
  }

  private static int[][] deepCopy(int[][] a) {
    int[][] c = new int[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }

  public List<Variable> innerInputs() {
    return innerInputs;
  }

  public List<Variable> innerOutputs() {
    return innerOutputs;
  }

  public int nSeqs() {
    return seqTaps.length;
  }

  public int nOuts() {
    return outTaps.length;
  }

  public int nStates() {
    return nStates;
  }

  public int nNonSeqs() {
    return nNonSeqs;
  }

  public boolean hasNSteps() {
    return hasNSteps;
  }

  public boolean hasUntil() {
    return hasUntil;
  }

  public int truncateGradient() {
    return truncateGradient;
  }

  public String name() {
    return name;
  }

  /** The taps of sequence {@code s} (a copy). */
  public int[] seqTaps(int s) {
    return seqTaps[s].clone();
  }

  /** The taps of output {@code o} (a copy; empty when it is not fed back). */
  public int[] outTaps(int o) {
    return outTaps[o].clone();
  }

  /** True when output {@code o}'s initial value is the state itself, not rows of states. */
  public boolean plainInit(int o) {
    return plainInit[o];
  }

  /** Rows before the first step that sequence {@code s}'s taps reach back: max(0, -min tap). */
  public int seqLead(int s) {
    return Math.max(0, -seqTaps[s][0]);
  }

  /** Rows of sequence {@code s} beyond the last step's position: max(0, max tap). */
  public int seqTail(int s) {
    return Math.max(0, seqTaps[s][seqTaps[s].length - 1]);
  }

  /** The rows of states output {@code o} reads back ({@code -min tap}; 0 when not fed back). */
  public int window(int o) {
    return outTaps[o].length == 0 ? 0 : -outTaps[o][0];
  }

  /** The position of the first outer input of each kind. */
  public int firstSeqInput() {
    return hasNSteps ? 1 : 0;
  }

  public int firstInitInput() {
    return firstSeqInput() + seqTaps.length;
  }

  /** The number of outputs fed back (each has an initial value input). */
  public int nFedBack() {
    int n = 0;
    for (int[] t : outTaps) {
      n += t.length > 0 ? 1 : 0;
    }
    return n;
  }

  public int firstStateInput() {
    return firstInitInput() + nFedBack();
  }

  public int firstNonSeqInput() {
    return firstStateInput() + nStates;
  }

  /** The position of the first inner input of each kind. */
  public int firstInnerOutTap() {
    int n = 0;
    for (int[] t : seqTaps) {
      n += t.length;
    }
    return n;
  }

  public int firstInnerState() {
    int n = firstInnerOutTap();
    for (int[] t : outTaps) {
      n += t.length;
    }
    return n;
  }

  public int firstInnerNonSeq() {
    return firstInnerState() + nStates;
  }

  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    int want = firstNonSeqInput() + nNonSeqs;
    if (inputs.size() != want) {
      throw new IllegalArgumentException("expects " + want + " inputs, got " + inputs.size());
    }
    if (hasNSteps) {
      Variable n = inputs.get(0);
      if (n.ndim() != 0 || n.dtype() != DType.INT64) {
        throw new IllegalArgumentException("the number of steps must be an int64 scalar, got "
            + n.describe());
      }
    }
    int inner = 0;
    for (int s = 0; s < seqTaps.length; s++) {
      Variable seq = inputs.get(firstSeqInput() + s);
      for (int k = 0; k < seqTaps[s].length; k++) {
        requireFits(dropFirst(seq), innerInputs.get(inner++), "sequence " + s, seq);
      }
    }
    int init = firstInitInput();
    for (int o = 0; o < outTaps.length; o++) {
      if (outTaps[o].length == 0) {
        continue;
      }
      Variable v = inputs.get(init++);
      TensorType slice = plainInit[o] ? v.type() : dropFirst(v);
      for (int k = 0; k < outTaps[o].length; k++) {
        requireFits(slice, innerInputs.get(inner++), "the initial value of output " + o, v);
      }
    }
    for (int i = 0; i < nStates + nNonSeqs; i++) {
      Variable v = inputs.get(firstStateInput() + i);
      requireFits(v.type(), innerInputs.get(inner++), i < nStates ? "state " + i
          : "non-sequence " + (i - nStates), v);
    }
    List<TensorType> types = new ArrayList<>();
    for (int o = 0; o < outTaps.length; o++) {
      types.add(stacked(innerOutputs.get(o).type()));
    }
    for (int i = 0; i < nStates; i++) {
      types.add(inputs.get(firstStateInput() + i).type());
    }
    return types;
  }

  /** The type of one row of {@code v} (rank at least 1). */
  static TensorType dropFirst(Variable v) {
    if (v.ndim() == 0) {
      throw new IllegalArgumentException(v.describe() + " is a scalar, which has no rows to "
          + "loop over");
    }
    return new TensorType(v.dtype(), Arrays.copyOfRange(v.type().shape(), 1, v.ndim()));
  }

  /** The type of {@code row} stacked along a new axis 0 of unknown length. */
  static TensorType stacked(TensorType row) {
    int[] shape = new int[row.ndim() + 1];
    shape[0] = TensorType.UNKNOWN;
    System.arraycopy(row.shape(), 0, shape, 1, row.ndim());
    return new TensorType(row.dtype(), shape);
  }

  private static void requireFits(TensorType have, Variable inner, String what, Variable outer) {
    TensorType want = inner.type();
    boolean ok = have.dtype() == want.dtype() && have.ndim() == want.ndim();
    for (int d = 0; ok && d < have.ndim(); d++) {
      ok = have.dim(d) == TensorType.UNKNOWN || want.dim(d) == TensorType.UNKNOWN
          || have.dim(d) == want.dim(d);
    }
    if (!ok) {
      throw new IllegalArgumentException(what + " " + outer.describe() + " gives steps of type "
          + have + ", but the inner graph expects " + want);
    }
  }

  @Override
  public String describe() {
    return name;
  }

  @Override
  public String toString() {
    return name + "{seqTaps=" + Arrays.deepToString(seqTaps) + ", outTaps="
        + Arrays.deepToString(outTaps) + ", states=" + nStates + ", nonSeqs=" + nNonSeqs
        + (hasUntil ? ", until" : "") + "}";
  }
}
