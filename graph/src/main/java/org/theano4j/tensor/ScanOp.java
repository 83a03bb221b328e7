package org.theano4j.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/**
 * The loop op that {@link org.theano4j.scan.Scan} builds: an inner graph (one step) run a number of times.
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
   * The op; checked by {@link org.theano4j.scan.Scan} (users build scans with it).
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

  /** The input position of output {@code o}'s initial value, or -1 if it is not fed back. */
  public int initInput(int o) {
    if (outTaps[o].length == 0) {
      return -1;
    }
    int at = firstInitInput();
    for (int i = 0; i < o; i++) {
      at += outTaps[i].length > 0 ? 1 : 0;
    }
    return at;
  }

  /**
   * Checks that output {@code o}'s initial value (input {@code inputs.get(initInput(o))}) has
   * the rows its taps read back: {@code rows} is its length along axis 0.
   *
   * @throws IllegalArgumentException naming the initial value, its rows and the taps
   */
  public void checkInitialRows(List<Variable> inputs, int o, int rows) {
    if (outTaps[o].length > 0 && !plainInit[o] && rows < window(o)) {
      throw new IllegalArgumentException("the initial value of output " + o + ", "
          + inputs.get(initInput(o)).describe() + ", has " + rows + " rows, but its taps "
          + Arrays.toString(outTaps[o]) + " need " + window(o));
    }
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

  /**
   * The number of steps of a node with these {@code inputs}, from the value of the nSteps input
   * ({@code nSteps}, ignored without one) or from the sequences' row counts (all equal).
   *
   * @throws IllegalArgumentException naming the sequences or the nSteps input: a negative
   *     count, sequences too short or of different lengths, zero steps
   */
  public int steps(List<Variable> inputs, long nSteps, int[] seqRows) {
    long n = -1;
    if (hasNSteps()) {
      n = nSteps;
      if (n < 0) {
        throw new IllegalArgumentException("the number of steps " + inputs.get(0).describe()
            + " is negative (" + n + ")");
      }
    }
    for (int s = 0; s < nSeqs(); s++) {
      int at = firstSeqInput() + s;
      long rows = seqRows[s];
      long avail = rows - seqLead(s) - seqTail(s);
      if (hasNSteps()) {
        if (avail < n) {
          throw new IllegalArgumentException("sequence " + s + " " + inputs.get(at).describe()
              + " has " + rows + " rows" + tapsText(s) + ", enough for " + Math.max(avail, 0)
              + " steps, fewer than the " + n + " steps asked");
        }
      } else if (s == 0) {
        n = Math.max(avail, 0);
      } else if (avail != n) {
        int first = firstSeqInput();
        throw new IllegalArgumentException("the sequences differ in length: sequence 0 "
            + inputs.get(first).describe() + " gives " + n + " steps (" + seqRows[0]
            + " rows), sequence " + s + " " + inputs.get(at).describe() + " gives "
            + Math.max(avail, 0) + " (" + rows + " rows" + tapsText(s)
            + "); give nSteps to use the first nSteps rows of each");
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("zero steps to run (" + (hasNSteps()
          ? "nSteps is 0" : "the sequences have no rows beyond their taps") + "); as "
          + "Theano's scan, a scan runs at least one step");
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many steps: " + n);
    }
    return (int) n;
  }

  /** " at taps [..]" for an error about sequence {@code s}, or nothing for the one tap 0. */
  private String tapsText(int s) {
    int[] taps = seqTaps[s];
    return taps.length == 1 && taps[0] == 0 ? "" : " at taps " + Arrays.toString(taps);
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
        requireFits(rowType(seq), innerInputs.get(inner++), "sequence " + s, seq);
      }
    }
    int init = firstInitInput();
    for (int o = 0; o < outTaps.length; o++) {
      if (outTaps[o].length == 0) {
        continue;
      }
      Variable v = inputs.get(init++);
      TensorType slice = plainInit[o] ? v.type() : rowType(v);
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
  public static TensorType rowType(Variable v) {
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

  /**
   * True if values of type {@code a} can be values of type {@code b} and back: the same dtype
   * and rank, and no dimension known in both with different sizes (a state fed back, a row
   * read by the inner graph).
   */
  public static boolean fits(TensorType a, TensorType b) {
    boolean ok = a.dtype() == b.dtype() && a.ndim() == b.ndim();
    for (int d = 0; ok && d < a.ndim(); d++) {
      ok = a.dim(d) == TensorType.UNKNOWN || b.dim(d) == TensorType.UNKNOWN
          || a.dim(d) == b.dim(d);
    }
    return ok;
  }

  /**
   * Checks the run-time shape {@code got} of output {@code o} at step {@code t}: as at step 0
   * ({@code first}, null at step 0), and at step 0 as its initial state ({@code initState},
   * null for an output not fed back).
   *
   * @throws IllegalArgumentException naming the output, the step and both shapes
   */
  public void checkOutputShape(List<Variable> inputs, int o, int t, int[] got, int[] first,
      int[] initState) {
    if (first != null && !Arrays.equals(got, first)) {
      throw new IllegalArgumentException("output " + o + " has shape " + Arrays.toString(got)
          + " at step " + t + " but " + Arrays.toString(first) + " at step 0 (every step's "
          + "output must have the same shape)");
    }
    if (first == null && initState != null && !Arrays.equals(got, initState)) {
      throw new IllegalArgumentException("output " + o + " has shape " + Arrays.toString(got)
          + " but its initial state " + inputs.get(initInput(o)).describe() + " has shape "
          + Arrays.toString(initState) + " (a state fed back keeps its shape)");
    }
  }

  /** The shape of one state of output {@code o} given its initial value's shape. */
  public int[] stateShape(int o, int[] initShape) {
    return plainInit[o] ? initShape : Arrays.copyOfRange(initShape, 1, initShape.length);
  }

  private static void requireFits(TensorType have, Variable inner, String what, Variable outer) {
    TensorType want = inner.type();
    if (!fits(have, want)) {
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
