package org.theano4j.graph;

import java.util.concurrent.atomic.AtomicLong;
import org.theano4j.ndarray.DType;
import org.theano4j.tensor.T;

/**
 * A symbolic tensor: either a root (a symbolic input, a {@link Constant} or a
 * {@link SharedVariable}) or the output of an {@link Apply}.
 *
 * <p>Every variable remembers the user's source line that created it ({@link #site()}), and
 * errors about it quote that line. The fluent methods build new nodes; Java numbers are
 * accepted wherever another variable is, and take this variable's dtype where they can
 * ({@code x.mul(0.5)} on a float32 {@code x} stays float32).
 *
 * <pre>{@code
 * Variable x = T.matrix("x");
 * Variable y = x.mul(2).add(1).sum(1);   // a vector
 * }</pre>
 */
public class Variable {
  private static final AtomicLong IDS = new AtomicLong();

  private final TensorType type;
  private final Apply owner;
  private final int outputIndex;
  private final SourceSite site;
  private final long id;
  private String name;

  /** A root variable (no owner) of {@code type}. */
  protected Variable(TensorType type, String name) {
    this(null, -1, type, name, SourceSite.capture());
  }

  Variable(Apply owner, int outputIndex, TensorType type, SourceSite site) {
    this(owner, outputIndex, type, null, site);
  }

  private Variable(Apply owner, int outputIndex, TensorType type, String name, SourceSite site) {
    this.owner = owner;
    this.outputIndex = outputIndex;
    this.type = type;
    this.name = name;
    this.site = site;
    this.id = IDS.incrementAndGet();
  }

  /** A new symbolic input of {@code type} (what {@code T.matrix(name)} etc. return). */
  public static Variable input(TensorType type, String name) {
    return new Variable(type, name);
  }

  public TensorType type() {
    return type;
  }

  public DType dtype() {
    return type.dtype();
  }

  public int ndim() {
    return type.ndim();
  }

  /** The node computing this variable, or null for a root. */
  public Apply owner() {
    return owner;
  }

  /** Which output of {@link #owner()} this is; -1 for a root. */
  public int outputIndex() {
    return outputIndex;
  }

  public boolean isRoot() {
    return owner == null;
  }

  /** The user's name, or null. */
  public String name() {
    return name;
  }

  /** Names this variable (for printing and error messages) and returns it. */
  public Variable setName(String newName) {
    this.name = newName;
    return this;
  }

  /** Where the user's code created this variable. */
  public SourceSite site() {
    return site;
  }

  /** A process-unique creation number (stable ordering in printing). */
  public long id() {
    return id;
  }

  /** Name (or a description of the op), type, and creation site, for error messages. */
  public String describe() {
    String n = name != null ? "'" + name + "'"
        : owner != null ? "output of " + owner.op().describe() : "unnamed " + getClass().getSimpleName();
    return n + " " + type + ", created at " + site;
  }

  /**
   * The name (or, unnamed, the op and output index that compute it) and the type, as Theano
   * prints a variable: {@code x: TensorType(float32, (?, 784))}.
   */
  @Override
  public String toString() {
    String n = name != null ? name
        : owner == null ? "<unnamed>" : owner.op().describe() + ".out" + outputIndex;
    return n + ": " + type;
  }

  // ---------------------------------------------------------------- arithmetic

  public Variable add(Object other) {
    return T.add(this, other);
  }

  public Variable sub(Object other) {
    return T.sub(this, other);
  }

  public Variable mul(Object other) {
    return T.mul(this, other);
  }

  /** True division ({@code /}); integer inputs give a float result. */
  public Variable div(Object other) {
    return T.trueDiv(this, other);
  }

  /** Floor division ({@code //}). */
  public Variable intDiv(Object other) {
    return T.intDiv(this, other);
  }

  public Variable mod(Object other) {
    return T.mod(this, other);
  }

  public Variable neg() {
    return T.neg(this);
  }

  public Variable pow(Object exponent) {
    return T.pow(this, exponent);
  }

  public Variable dot(Object other) {
    return T.dot(this, other);
  }

  // ---------------------------------------------------------------- comparisons

  public Variable eq(Object other) {
    return T.eq(this, other);
  }

  public Variable neq(Object other) {
    return T.neq(this, other);
  }

  public Variable lt(Object other) {
    return T.lt(this, other);
  }

  public Variable le(Object other) {
    return T.le(this, other);
  }

  public Variable gt(Object other) {
    return T.gt(this, other);
  }

  public Variable ge(Object other) {
    return T.ge(this, other);
  }

  // ---------------------------------------------------------------- reductions

  /** Sum over all axes. */
  public Variable sum() {
    return T.sum(this);
  }

  /** Sum over {@code axes} (negative axes count from the end). */
  public Variable sum(int... axes) {
    return T.sum(this, axes);
  }

  public Variable mean() {
    return T.mean(this);
  }

  public Variable mean(int... axes) {
    return T.mean(this, axes);
  }

  public Variable max() {
    return T.max(this);
  }

  public Variable max(int... axes) {
    return T.max(this, axes);
  }

  public Variable min() {
    return T.min(this);
  }

  public Variable min(int... axes) {
    return T.min(this, axes);
  }

  public Variable prod(int... axes) {
    return T.prod(this, axes);
  }

  /** Index of the maximum over the flattened tensor. */
  public Variable argmax() {
    return T.argmax(this);
  }

  public Variable argmax(int axis) {
    return T.argmax(this, axis);
  }

  public Variable argmin(int axis) {
    return T.argmin(this, axis);
  }

  /** NumPy's {@code x.cumsum(axis)}. */
  public Variable cumsum(int axis) {
    return T.cumsum(this, axis);
  }

  /** NumPy's {@code x.cumprod(axis)}. */
  public Variable cumprod(int axis) {
    return T.cumprod(this, axis);
  }

  /** NumPy's {@code x.repeat(repeats, axis)}; see {@link T#repeat(Variable, Object, int)}. */
  public Variable repeat(Object repeats, int axis) {
    return T.repeat(this, repeats, axis);
  }

  /** {@link T#sort(Variable)}: sorted along the last axis. */
  public Variable sort() {
    return T.sort(this);
  }

  /** {@link T#argsort(Variable)}: the indices that sort the last axis. */
  public Variable argsort() {
    return T.argsort(this);
  }

  /** {@link T#sort(Variable, int)} along {@code axis}. */
  public Variable sort(int axis) {
    return T.sort(this, axis);
  }

  /** {@link T#argsort(Variable, int)} along {@code axis}. */
  public Variable argsort(int axis) {
    return T.argsort(this, axis);
  }

  // ---------------------------------------------------------------- shape

  /** The symbolic length of {@code axis} (an int64 scalar). */
  public Variable shape(int axis) {
    return T.shapeOf(this, axis);
  }

  /** The symbolic shape (an int64 vector). */
  public Variable shape() {
    return T.shapeOf(this);
  }

  public Variable transpose() {
    return T.transpose(this);
  }

  /** Theano's {@code T} property. */
  public Variable T() {
    return T.transpose(this);
  }

  /**
   * Reorders axes; an entry {@code "x"} inserts a broadcastable axis, as in Theano:
   * {@code b.dimshuffle("x", 0)}.
   */
  public Variable dimshuffle(Object... pattern) {
    return T.dimshuffle(this, pattern);
  }

  /** Reshape to {@code shape}; entries may be ints (one may be -1) or int scalar variables. */
  public Variable reshape(Object... shape) {
    return T.reshape(this, shape);
  }

  public Variable flatten() {
    return T.flatten(this);
  }

  public Variable astype(DType dtype) {
    return T.cast(this, dtype);
  }

  // ---------------------------------------------------------------- indexing

  /** {@code x[start:stop]} along axis 0; bounds are ints, int scalar variables, or null. */
  public Variable slice(Object start, Object stop) {
    return T.subtensor(this, T.slice(start, stop, null));
  }

  /**
   * NumPy indexing over several axes: each entry is an int or int scalar variable (picks one
   * index), a {@link T#slice} (basic slicing), or an int vector/array (advanced indexing),
   * e.g. {@code logp.get(T.arange(n), y)}.
   */
  public Variable get(Object... index) {
    return T.index(this, index);
  }
}
