package org.theano4j.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.theano4j.Theano;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Constant;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * The tensor facade, in Theano's names: type constructors ({@code T.matrix("x")},
 * {@code T.ivector("y")}) and every op as a static method.
 *
 * <p>The elementwise functions ({@code T.exp}, {@code T.add}, ..., one per {@link Scalar}
 * value) and the factories of newer ops ({@code T.cumsum}, {@code T.sort}, ...) are inherited
 * from {@link TFunctions}, which the build generates from the scalar table and from the op
 * records' {@code @Api} factories: each is written once, where the op is defined.
 *
 * <p>Wherever a {@code Variable} is expected, an {@code Object} parameter also takes a Java
 * number, a primitive array or an {@link NDArray}. A number adopts the dtype of the tensor it
 * meets when that loses nothing ({@code x.mul(0.13)} keeps float32); otherwise integers are
 * int64 and fractions {@link Theano#floatX()}.
 *
 * <pre>{@code
 * Variable x = T.matrix("x");
 * Variable p = T.softmax(T.dot(x, W).add(b));
 * Variable nll = T.log(p).get(T.arange(y.shape(0)), y).mean().neg();
 * }</pre>
 */
public final class T extends TFunctions {
  /** The full slice {@code :}. */
  public static final SliceSpec ALL = new SliceSpec(null, null, null);

  private T() {}

  // ================================================================ types

  /** A symbolic input of {@code dtype} and rank {@code ndim}, all dimensions unknown. */
  public static Variable tensor(DType dtype, int ndim, String name) {
    return Variable.input(TensorType.ofRank(dtype, ndim), name);
  }

  /** A symbolic input with a static shape; use {@link TensorType#UNKNOWN} for unknown dims. */
  public static Variable tensor(DType dtype, int[] shape, String name) {
    return Variable.input(new TensorType(dtype, shape), name);
  }

  public static Variable scalar(String name) {
    return tensor(Theano.floatX(), 0, name);
  }

  public static Variable vector(String name) {
    return tensor(Theano.floatX(), 1, name);
  }

  public static Variable matrix(String name) {
    return tensor(Theano.floatX(), 2, name);
  }

  public static Variable tensor3(String name) {
    return tensor(Theano.floatX(), 3, name);
  }

  public static Variable tensor4(String name) {
    return tensor(Theano.floatX(), 4, name);
  }

  public static Variable bscalar(String name) {
    return tensor(DType.INT8, 0, name);
  }

  public static Variable bvector(String name) {
    return tensor(DType.INT8, 1, name);
  }

  public static Variable bmatrix(String name) {
    return tensor(DType.INT8, 2, name);
  }

  public static Variable btensor3(String name) {
    return tensor(DType.INT8, 3, name);
  }

  public static Variable btensor4(String name) {
    return tensor(DType.INT8, 4, name);
  }

  public static Variable iscalar(String name) {
    return tensor(DType.INT32, 0, name);
  }

  public static Variable ivector(String name) {
    return tensor(DType.INT32, 1, name);
  }

  public static Variable imatrix(String name) {
    return tensor(DType.INT32, 2, name);
  }

  public static Variable itensor3(String name) {
    return tensor(DType.INT32, 3, name);
  }

  public static Variable itensor4(String name) {
    return tensor(DType.INT32, 4, name);
  }

  public static Variable lscalar(String name) {
    return tensor(DType.INT64, 0, name);
  }

  public static Variable lvector(String name) {
    return tensor(DType.INT64, 1, name);
  }

  public static Variable lmatrix(String name) {
    return tensor(DType.INT64, 2, name);
  }

  public static Variable ltensor3(String name) {
    return tensor(DType.INT64, 3, name);
  }

  public static Variable ltensor4(String name) {
    return tensor(DType.INT64, 4, name);
  }

  public static Variable fscalar(String name) {
    return tensor(DType.FLOAT32, 0, name);
  }

  public static Variable fvector(String name) {
    return tensor(DType.FLOAT32, 1, name);
  }

  public static Variable fmatrix(String name) {
    return tensor(DType.FLOAT32, 2, name);
  }

  public static Variable ftensor3(String name) {
    return tensor(DType.FLOAT32, 3, name);
  }

  public static Variable ftensor4(String name) {
    return tensor(DType.FLOAT32, 4, name);
  }

  public static Variable dscalar(String name) {
    return tensor(DType.FLOAT64, 0, name);
  }

  public static Variable dvector(String name) {
    return tensor(DType.FLOAT64, 1, name);
  }

  public static Variable dmatrix(String name) {
    return tensor(DType.FLOAT64, 2, name);
  }

  public static Variable dtensor3(String name) {
    return tensor(DType.FLOAT64, 3, name);
  }

  public static Variable dtensor4(String name) {
    return tensor(DType.FLOAT64, 4, name);
  }

  // ================================================================ constants

  /** A constant holding a copy of {@code value}. */
  public static Constant constant(NDArray value, String name) {
    return new Constant(value, name);
  }

  public static Constant constant(NDArray value) {
    return new Constant(value, null);
  }

  /** A constant from a number or primitive array, with the default dtype rules. */
  public static Variable constant(Object value) {
    return asTensor(value, null);
  }

  /**
   * {@code value} as a variable: variables pass through; numbers take {@code like}'s dtype
   * where exact (see the class comment); arrays and NDArrays become constants.
   */
  public static Variable asTensor(Object value, Variable like) {
    if (value instanceof Variable) {
      return (Variable) value;
    }
    if (value instanceof NDArray) {
      return new Constant((NDArray) value, null);
    }
    if (value instanceof Boolean) {
      return new Constant(NDArray.scalar((Boolean) value), null);
    }
    if (value instanceof Double || value instanceof Float) {
      double v = ((Number) value).doubleValue();
      // A float tensor's own dtype; with an integer tensor, the dtype of the result (int64
      // + 0.1 is float64 with 0.1 exact, not 0.1 rounded to floatX first).
      DType d = like != null && like.dtype().isFloat() ? like.dtype()
          : value instanceof Float ? DType.FLOAT32
          : like != null ? DType.promote(like.dtype(), Theano.floatX()) : Theano.floatX();
      return new Constant(NDArray.scalar(d, v), null);
    }
    if (value instanceof Number) {
      long v = ((Number) value).longValue();
      DType d = DType.INT64;
      if (like != null) {
        DType l = like.dtype() == DType.BOOL ? DType.INT8 : like.dtype();
        // Theano's autocast: the tensor's own dtype when the literal fits, else the
        // smallest signed integer type holding it (int8 + 1000 is int16).
        d = l.isFloat() || fits(v, l) ? l : smallestInt(v);
      }
      NDArray a = NDArray.zeros(d);
      a.setLong(v);
      return new Constant(a, null);
    }
    if (value instanceof float[]) {
      float[] a = (float[]) value;
      return new Constant(NDArray.of(a, a.length), null);
    }
    if (value instanceof double[]) {
      double[] a = (double[]) value;
      return new Constant(NDArray.of(a, a.length), null);
    }
    if (value instanceof int[]) {
      int[] a = (int[]) value;
      return new Constant(NDArray.of(a, a.length), null);
    }
    if (value instanceof long[]) {
      long[] a = (long[]) value;
      return new Constant(NDArray.of(a, a.length), null);
    }
    throw new IllegalArgumentException("cannot use " + (value == null ? "null"
        : value.getClass().getName()) + " as a tensor");
  }

  private static DType smallestInt(long v) {
    for (DType d : new DType[] {DType.INT8, DType.INT16, DType.INT32}) {
      if (fits(v, d)) {
        return d;
      }
    }
    return DType.INT64;
  }

  private static boolean fits(long v, DType d) {
    switch (d) {
      case INT8: return v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
      case UINT8: return v >= 0 && v <= 255;
      case INT16: return v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
      case INT32: return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
      case INT64: return true;
      default: return false;
    }
  }

  // ================================================================ elementwise

  /** Applies {@code op} elementwise; numbers take the dtype of the first tensor argument. */
  public static Variable elemwise(ScalarOp op, Object... args) {
    Variable like = null;
    for (int i = op == Scalar.SWITCH ? 1 : 0; i < args.length && like == null; i++) {
      if (args[i] instanceof Variable) {
        like = (Variable) args[i];
      }
    }
    List<Variable> ins = new ArrayList<>(args.length);
    for (Object a : args) {
      ins.add(asTensor(a, like));
    }
    return node(new Elemwise(op), ins);
  }

  /** {@code x.astype(dtype)}; returns {@code x} itself when the dtype already matches. */
  public static Variable cast(Object x, DType dtype) {
    Variable v = asTensor(x, null);
    return v.dtype() == dtype ? v : elemwise(new Cast(dtype), v);
  }

  // ================================================================ reductions

  public static Variable sum(Variable x, int... axes) {
    return reduce(ReduceKind.SUM, x, axes, false);
  }

  public static Variable sum(Variable x, int[] axes, boolean keepdims) {
    return reduce(ReduceKind.SUM, x, axes, keepdims);
  }

  public static Variable prod(Variable x, int... axes) {
    return reduce(ReduceKind.PROD, x, axes, false);
  }

  public static Variable mean(Variable x, int... axes) {
    return reduce(ReduceKind.MEAN, x, axes, false);
  }

  public static Variable mean(Variable x, int[] axes, boolean keepdims) {
    return reduce(ReduceKind.MEAN, x, axes, keepdims);
  }

  public static Variable max(Variable x, int... axes) {
    return reduce(ReduceKind.MAX, x, axes, false);
  }

  public static Variable max(Variable x, int[] axes, boolean keepdims) {
    return reduce(ReduceKind.MAX, x, axes, keepdims);
  }

  public static Variable min(Variable x, int... axes) {
    return reduce(ReduceKind.MIN, x, axes, false);
  }

  public static Variable all(Variable x, int... axes) {
    return reduce(ReduceKind.ALL, x, axes, false);
  }

  public static Variable any(Variable x, int... axes) {
    return reduce(ReduceKind.ANY, x, axes, false);
  }

  /** Population variance ({@code ddof=0}) over {@code axes} (all when none given). */
  public static Variable var(Variable x, int... axes) {
    Variable centred = sub(x, mean(x, axes, true));
    return mean(sqr(centred), axes);
  }

  public static Variable std(Variable x, int... axes) {
    return sqrt(var(x, axes));
  }

  /**
   * A reduction of {@code kind} over {@code axes}; no axes means all of them. Negative axes
   * count from the end.
   */
  public static Variable reduce(ReduceKind kind, Variable x, int[] axes, boolean keepdims) {
    return node(new Reduce(kind, normaliseAxes(x, axes), keepdims), x);
  }

  static List<Integer> normaliseAxes(Variable x, int[] axes) {
    List<Integer> out = new ArrayList<>();
    if (axes == null || axes.length == 0) {
      for (int d = 0; d < x.ndim(); d++) {
        out.add(d);
      }
      return out;
    }
    for (int a : axes) {
      int n = a < 0 ? a + x.ndim() : a;
      if (n < 0 || n >= x.ndim()) {
        throw new IllegalArgumentException("axis " + a + " is out of range for " + x.describe());
      }
      if (out.contains(n)) {
        throw new IllegalArgumentException("axis " + a + " repeated in " + Arrays.toString(axes));
      }
      out.add(n);
    }
    out.sort(null);
    return out;
  }

  /** Index of the maximum of the flattened tensor. */
  public static Variable argmax(Variable x) {
    return node(new ArgReduce(true, ArgReduce.FLAT), x);
  }

  public static Variable argmax(Variable x, int axis) {
    return node(new ArgReduce(true, normaliseAxes(x, new int[] {axis}).get(0)), x);
  }

  public static Variable argmin(Variable x) {
    return node(new ArgReduce(false, ArgReduce.FLAT), x);
  }

  public static Variable argmin(Variable x, int axis) {
    return node(new ArgReduce(false, normaliseAxes(x, new int[] {axis}).get(0)), x);
  }

  // ================================================================ linear algebra

  /**
   * Theano's {@code dot}: scalars multiply; vectors and matrices take the matrix product;
   * higher ranks contract the last axis of {@code a} with the second-to-last of {@code b}.
   */
  public static Variable dot(Object a, Object b) {
    Variable x = asTensor(a, null);
    Variable y = asTensor(b, x);
    if (x.ndim() == 0 || y.ndim() == 0) {
      return mul(x, y);
    }
    Variable bools = LinearAlgebra.boolProduct(x, y, T::dot);
    if (bools != null) {
      return bools;
    }
    if (x.ndim() <= 2 && y.ndim() <= 2) {
      return node(new Dot(), x, y);
    }
    return LinearAlgebra.tensordot(x, y, new int[] {x.ndim() - 1},
        new int[] {y.ndim() >= 2 ? y.ndim() - 2 : 0});
  }

  /**
   * The outer product of two vectors; other ranks are flattened first, as in Theano and
   * NumPy ({@code outer(m, v)} of a 2x3 matrix and a 4-vector is 6x4).
   */
  public static Variable outer(Variable x, Variable y) {
    Variable a = x.ndim() == 1 ? x : flatten(x);
    Variable b = y.ndim() == 1 ? y : flatten(y);
    return mul(a.dimshuffle(0, "x"), b.dimshuffle("x", 0));
  }

  /** Sums products over {@code aAxes} of {@code a} and {@code bAxes} of {@code b}. */
  public static Variable tensordot(Variable a, Variable b, int[] aAxes, int[] bAxes) {
    return LinearAlgebra.tensordot(a, b, aAxes, bAxes);
  }

  /** Contracts the last {@code n} axes of {@code a} with the first {@code n} of {@code b}. */
  public static Variable tensordot(Variable a, Variable b, int n) {
    int[] aa = new int[n];
    int[] bb = new int[n];
    for (int i = 0; i < n; i++) {
      aa[i] = a.ndim() - n + i;
      bb[i] = i;
    }
    return LinearAlgebra.tensordot(a, b, aa, bb);
  }

  /**
   * Per-batch products: {@code (B,m,k)·(B,k,n) -> (B,m,n)}; a rank-2 operand is a batch of
   * vectors, e.g. {@code (B,k)·(B,k,n) -> (B,n)}.
   */
  public static Variable batchedDot(Variable a, Variable b) {
    return LinearAlgebra.batchedDot(a, b);
  }

  // ================================================================ shapes

  /** The shape as an int64 vector. */
  public static Variable shapeOf(Variable x) {
    return node(new Shape(), x);
  }

  /** The length of {@code axis} as an int64 scalar. */
  public static Variable shapeOf(Variable x, int axis) {
    return node(new ShapeI(normaliseAxes(x, new int[] {axis}).get(0)), x);
  }

  /**
   * Reshapes {@code x}; entries are ints (one may be -1) or integer scalar variables, or a
   * single integer vector variable.
   */
  public static Variable reshape(Variable x, Object... shape) {
    Variable s;
    if (shape.length == 1 && shape[0] instanceof Variable && ((Variable) shape[0]).ndim() == 1) {
      s = (Variable) shape[0];
    } else if (shape.length == 1 && shape[0] instanceof int[]) {
      int[] dims = (int[]) shape[0];
      return reshape(x, Arrays.stream(dims).boxed().toArray());
    } else {
      s = makeVector(DType.INT64, shape);
    }
    return node(new Reshape(s.type().dim(0)), x, s);
  }

  /** Flattens to a vector. */
  public static Variable flatten(Variable x) {
    return reshape(x, -1);
  }

  /** Keeps the first {@code ndim - 1} axes and merges the rest (Theano's {@code flatten}). */
  public static Variable flatten(Variable x, int ndim) {
    Object[] shape = new Object[ndim];
    for (int i = 0; i < ndim - 1; i++) {
      shape[i] = shapeOf(x, i);
    }
    shape[ndim - 1] = -1;
    return reshape(x, shape);
  }

  /** A vector of {@code dtype} from numbers and scalar variables (all constants fold). */
  public static Variable makeVector(DType dtype, Object... elements) {
    boolean allNumbers = true;
    for (Object o : elements) {
      allNumbers &= o instanceof Number;
    }
    if (allNumbers) {
      NDArray v = NDArray.zeros(dtype, elements.length);
      for (int i = 0; i < elements.length; i++) {
        v.setDouble(((Number) elements[i]).doubleValue(), i);
      }
      return constant(v);
    }
    List<Variable> ins = new ArrayList<>();
    for (Object o : elements) {
      Variable v = asTensor(o, null);
      ins.add(v.dtype() == dtype ? v : cast(v, dtype));
    }
    return node(new MakeVector(dtype), ins);
  }

  /** Theano's {@code dimshuffle}: ints pick axes, {@code "x"} inserts a broadcastable one. */
  public static Variable dimshuffle(Variable x, Object... pattern) {
    List<Integer> order = new ArrayList<>();
    for (Object o : pattern) {
      if ("x".equals(o)) {
        order.add(DimShuffle.NEW_AXIS);
      } else if (o instanceof Integer) {
        order.add((Integer) o);
      } else {
        throw new IllegalArgumentException("dimshuffle entries are axis ints or \"x\", got " + o);
      }
    }
    return node(new DimShuffle(x.ndim(), order), x);
  }

  public static Variable transpose(Variable x) {
    List<Integer> order = new ArrayList<>();
    for (int d = x.ndim() - 1; d >= 0; d--) {
      order.add(d);
    }
    return x.ndim() < 2 ? x : node(new DimShuffle(x.ndim(), order), x);
  }

  public static Variable transpose(Variable x, int... axes) {
    List<Integer> order = new ArrayList<>();
    for (int a : axes) {
      order.add(a);
    }
    return node(new DimShuffle(x.ndim(), order), x);
  }

  /** Joins tensors of equal rank along {@code axis}. */
  public static Variable concatenate(List<? extends Variable> xs, int axis) {
    if (xs.isEmpty()) {
      throw new IllegalArgumentException("concatenate needs at least one tensor");
    }
    int a = normaliseAxes(xs.get(0), new int[] {axis}).get(0);
    return node(new Join(a), new ArrayList<>(xs));
  }

  /** Stacks tensors of equal shape along a new axis. */
  public static Variable stack(List<?> xs, int axis) {
    List<Variable> parts = new ArrayList<>();
    for (Object o : xs) {
      Variable v = asTensor(o, null);
      int a = axis < 0 ? axis + v.ndim() + 1 : axis;
      Object[] pattern = new Object[v.ndim() + 1];
      for (int i = 0, k = 0; i < pattern.length; i++) {
        pattern[i] = i == a ? "x" : (Object) k++;
      }
      parts.add(dimshuffle(v, pattern));
    }
    return concatenate(parts, axis < 0 ? axis + parts.get(0).ndim() : axis);
  }

  /** {@code [0, stop)}; int64 for integer bounds. */
  public static Variable arange(Object stop) {
    return arange(0, stop, 1);
  }

  public static Variable arange(Object start, Object stop) {
    return arange(start, stop, 1);
  }

  /** {@code [start, stop)} by {@code step}: int64 when all bounds are integers, else floatX. */
  public static Variable arange(Object start, Object stop, Object step) {
    Variable[] b = {asTensor(start, null), asTensor(stop, null), asTensor(step, null)};
    boolean ints = true;
    DType fl = null;
    for (Variable v : b) {
      ints &= v.dtype().isDiscrete();
      if (v.dtype().isFloat()) {
        fl = fl == null ? v.dtype() : DType.promote(fl, v.dtype());
      }
    }
    return node(new ARange(ints ? DType.INT64 : fl), b[0], b[1], b[2]);
  }

  /** A tensor of {@code shape} filled with {@code value} (broadcast). */
  public static Variable alloc(Object value, Object... shape) {
    List<Variable> ins = new ArrayList<>();
    ins.add(asTensor(value, null));
    for (Object s : shape) {
      Variable d = s instanceof Number ? constant(NDArray.scalar(((Number) s).longValue()))
          : asTensor(s, null);
      ins.add(d);
    }
    return node(new Alloc(), ins);
  }

  /** Zeros shaped and typed like {@code x}. */
  public static Variable zerosLike(Variable x) {
    return fill(x, constant(NDArray.zeros(x.dtype())));
  }

  public static Variable onesLike(Variable x) {
    return fill(x, constant(NDArray.ones(x.dtype())));
  }

  /** {@code value} broadcast to {@code model}'s shape (Theano's {@code fill}). */
  public static Variable fill(Variable model, Object value) {
    Object[] shape = new Object[model.ndim()];
    for (int i = 0; i < shape.length; i++) {
      int known = model.type().dim(i);
      shape[i] = known != TensorType.UNKNOWN ? (Object) known : shapeOf(model, i);
    }
    return alloc(asTensor(value, model), shape);
  }

  public static Variable zeros(DType dtype, Object... shape) {
    return alloc(constant(NDArray.zeros(dtype)), shape);
  }

  public static Variable ones(DType dtype, Object... shape) {
    return alloc(constant(NDArray.ones(dtype)), shape);
  }

  // ================================================================ indexing

  /** A slice for {@link Variable#get}: bounds are ints, int scalar variables or null. */
  public static SliceSpec slice(Object start, Object stop, Object step) {
    return new SliceSpec(start, stop, step);
  }

  public static SliceSpec slice(Object start, Object stop) {
    return new SliceSpec(start, stop, null);
  }

  /** NumPy indexing {@code x[index...]}, basic and advanced (see {@link Variable#get}). */
  public static Variable index(Variable x, Object... index) {
    return Indexing.index(x, index);
  }

  /** Basic indexing only (ints, int scalars and slices): the result is a view. */
  public static Variable subtensor(Variable x, Object... index) {
    return Indexing.basic(x, index);
  }

  /** Theano's {@code set_subtensor(x[...], y)}: a copy of x with that part replaced. */
  public static Variable setSubtensor(Variable indexed, Object value) {
    return Indexing.incOrSet(indexed, value, true);
  }

  /** Theano's {@code inc_subtensor(x[...], y)}: repeated advanced indices accumulate. */
  public static Variable incSubtensor(Variable indexed, Object value) {
    return Indexing.incOrSet(indexed, value, false);
  }

  // ================================================================ neural networks

  /** Row-wise softmax along the last axis, numerically stable. */
  public static Variable softmax(Variable x) {
    return node(new Softmax(false), x);
  }

  public static Variable logSoftmax(Variable x) {
    return node(new Softmax(true), x);
  }

  /**
   * Theano's {@code categorical_crossentropy(coding, true)}: with integer labels
   * {@code -log(coding[i, y[i]])}; with a one-hot/probability matrix
   * {@code -sum(true * log(coding), axis=-1)}. Of {@code softmax(z)} with integer labels it is
   * the stable {@link CrossentropySoftmax1Hot} of the logits.
   */
  public static Variable categoricalCrossentropy(Variable coding, Variable target) {
    if (target.dtype().isInteger() && target.ndim() == coding.ndim() - 1) {
      Apply owner = coding.owner();
      if (owner != null && owner.op() instanceof Softmax s && !s.log() && coding.ndim() == 2) {
        // Of a softmax, the loss is built from the logits (logsumexp(z) - z[y]) so that the
        // value and the gradient (softmax(z) - onehot(y)) stay finite at any logit gap, in
        // every mode, not only where the optimiser stabilises it.
        return node(new CrossentropySoftmax1Hot(), owner.input(0), target);
      }
      return node(new CrossentropyCategorical1Hot(), coding, target);
    }
    return neg(sum(mul(target, log(coding)), -1));
  }

  // ================================================================ gradient control

  /**
   * The identity whose gradient is zero (Theano's {@code zero_grad}): {@code x} stays part of
   * the cost but no gradient flows back through this use of it.
   */
  public static Variable zeroGrad(Variable x) {
    return node(new ZeroGrad(), x);
  }

  /** Another name for {@link #zeroGrad}. */
  public static Variable stopGradient(Variable x) {
    return zeroGrad(x);
  }

  /**
   * The identity that disconnects {@code x} from the gradient (Theano's
   * {@code disconnected_grad}): asking for a gradient through it alone is a disconnected input.
   */
  public static Variable disconnectedGrad(Variable x) {
    return node(new DisconnectedGrad(), x);
  }

  // ================================================================ helpers

  /** Applies {@code op} and returns its single output. */
  public static Variable node(Op op, Variable... inputs) {
    return Apply.make(op, List.of(inputs)).output(0);
  }

  static Variable node(Op op, List<Variable> inputs) {
    return Apply.make(op, inputs).output(0);
  }
}
