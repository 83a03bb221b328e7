package org.theano4j.random;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.graph.Apply;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.SourceSite;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.MakeVector;
import org.theano4j.tensor.Philox;
import org.theano4j.tensor.RandomDraw;
import org.theano4j.tensor.Shape;
import org.theano4j.tensor.T;

/**
 * Theano's {@code RandomStreams}: a source of random variables for graphs.
 *
 * <p>Each method returns a new symbolic variable whose values are drawn when a compiled
 * function runs. Each such draw keeps its state, an int64 vector {@code [key, counter]}, in a
 * shared variable of its own ({@link #states()}), whose <em>default update</em> adds 1 to the
 * counter: a compiled function that uses the draw and has no update of its own for that state
 * advances it after every successful call (Theano's default updates), so two calls draw
 * different numbers, and a new {@code RandomStreams(seed)} (or {@link #seed}) repeats the
 * sequence. The numbers are a pure function of the state (Philox4x32-10, see
 * {@link Philox}), bit for bit the same on the JVM backend and the CUDA kernel interpreter,
 * and on CUDA by construction (the normal within a few ulps there). See docs/random.md.
 *
 * <pre>{@code
 * RandomStreams srng = new RandomStreams(1234);
 * Variable x = T.matrix("x");
 * Variable mask = srng.binomial(x.shape(), 1, 0.7);         // dropout mask, int64
 * Variable noisy = x.mul(mask);
 * Variable u = srng.uniform(new int[] {2, 3}, -1, 1);        // floatX
 * }</pre>
 *
 * <p>Not thread-safe while drawing (building graphs); the compiled functions are.
 */
public final class RandomStreams {
  private long seed;
  private final List<SharedVariable> states = new ArrayList<>();

  /** A stream source whose draws are determined by {@code seed}. */
  public RandomStreams(long seed) {
    this.seed = seed;
  }

  /**
   * Reseeds every draw made so far (and those to come): draw {@code i}'s state becomes
   * {@code [Philox.streamKey(seed, i), 0]}, what a new {@code RandomStreams(seed)} gives it.
   */
  public void seed(long newSeed) {
    this.seed = newSeed;
    for (int i = 0; i < states.size(); i++) {
      states.get(i).setValue(initialState(newSeed, i));
    }
  }

  /** The state shared variables of the draws made so far, in order. */
  public List<SharedVariable> states() {
    return List.copyOf(states);
  }

  /** Uniform floatX values in [0, 1). */
  public Variable uniform(Object size) {
    return uniform(size, 0, 1, Theano.floatX());
  }

  /** Uniform floatX values in [low, high) ({@code low + (high - low) * u}, see the docs). */
  public Variable uniform(Object size, double low, double high) {
    return uniform(size, low, high, Theano.floatX());
  }

  /** Uniform values of {@code dtype} (float32 or float64) in [low, high). */
  public Variable uniform(Object size, double low, double high, DType dtype) {
    return draw("uniform", size, RandomDraw.Distribution.UNIFORM, dtype, low, high);
  }

  /** Standard normal floatX values. */
  public Variable normal(Object size) {
    return normal(size, 0, 1, Theano.floatX());
  }

  /** Normal floatX values of mean {@code mean} and standard deviation {@code std}. */
  public Variable normal(Object size, double mean, double std) {
    return normal(size, mean, std, Theano.floatX());
  }

  /** Normal values of {@code dtype} (float32 or float64). */
  public Variable normal(Object size, double mean, double std, DType dtype) {
    return draw("normal", size, RandomDraw.Distribution.NORMAL, dtype, mean, std);
  }

  /**
   * Binomial int64 values: the number of successes in {@code n} independent trials of
   * probability {@code p}, a number in [0, 1] or a float Variable that broadcasts to
   * {@code size} (NumPy's rules, aligned at the right). Trial {@code m} of an element succeeds
   * when a float64 uniform draw is below {@code p}; the cost is {@code n} draws per element.
   */
  public Variable binomial(Object size, int n, Object p) {
    SourceSite site = SourceSite.capture();
    if (n < 0) {
      throw error("binomial", "n must be non-negative, got " + n, site);
    }
    if (p == null) {
      throw error("binomial", "p is null; pass a number in [0, 1] or a float Variable", site);
    }
    Variable prob;
    if (p instanceof Number) {
      double pv = ((Number) p).doubleValue();
      if (!(pv >= 0 && pv <= 1)) {
        throw error("binomial", "p must be in [0, 1], got " + p, site);
      }
      prob = T.constant(NDArray.scalar(pv));
    } else if (p instanceof Variable && ((Variable) p).dtype().isFloat()) {
      prob = (Variable) p;
    } else {
      throw error("binomial", "p must be a number in [0, 1] or a float Variable, got "
          + (p instanceof Variable ? ((Variable) p).describe() : p.getClass().getName()), site);
    }
    List<Variable> dims = new ArrayList<>(dims("binomial", size, site));
    if (prob.ndim() > dims.size()) {
      throw error("binomial", "p has rank " + prob.ndim() + ", more than the size's "
          + dims.size() + " dimensions", site);
    }
    RandomDraw uniform = new RandomDraw(RandomDraw.Distribution.UNIFORM, DType.FLOAT64, 0, 1);
    if (n == 1) {
      // The same draws as size + (1,) (the same flat indices) without the trailing axis.
      return T.cast(T.lt(apply(uniform, dims), prob), DType.INT64);
    }
    dims.add(T.constant(NDArray.scalar((long) n)));
    Variable u = apply(uniform, dims);
    Object[] pattern = new Object[prob.ndim() + 1];
    for (int i = 0; i < prob.ndim(); i++) {
      pattern[i] = i;
    }
    pattern[prob.ndim()] = "x";
    Variable trials = T.lt(u, prob.ndim() == 0 ? prob : T.dimshuffle(prob, pattern));
    return T.sum(T.cast(trials, DType.INT64), dims.size() - 1);
  }

  /** Uniform int64 values in [low, high) (NumPy's {@code Generator.integers}). */
  public Variable integers(Object size, long low, long high) {
    SourceSite site = SourceSite.capture();
    if (high <= low) {
      throw error("integers", "high must exceed low, got low " + low + ", high " + high, site);
    }
    long range;
    try {
      range = Math.subtractExact(high, low);
    } catch (ArithmeticException e) {
      throw error("integers", "high - low must fit an int64, got low " + low + ", high "
          + high, site);
    }
    Variable bits = bits(dims("integers", size, site));
    return T.add(T.mod(bits, T.constant(NDArray.scalar(range))),
        T.constant(NDArray.scalar(low)));
  }

  /** A random permutation of {@code 0 .. n-1} (int64): the argsort of {@code n} draws. */
  public Variable permutation(int n) {
    SourceSite site = SourceSite.capture();
    if (n < 0) {
      throw error("permutation", "n must be non-negative, got " + n, site);
    }
    return T.argsort(bits(dims("permutation", new int[] {n}, site)));
  }

  /**
   * Uniform choices with replacement: int64 values in [0, a) for an integer {@code a}, or
   * elements of the vector Variable {@code a} (an empty vector fails when called).
   */
  public Variable choice(Object size, Object a) {
    SourceSite site = SourceSite.capture();
    if (a instanceof Integer || a instanceof Long) {
      long n = ((Number) a).longValue();
      if (n <= 0) {
        throw error("choice", "a must be positive, got " + n, site);
      }
      return integers(size, 0, n);
    }
    if (!(a instanceof Variable) || ((Variable) a).ndim() != 1) {
      throw error("choice", "a must be a positive int or a vector Variable, got "
          + (a instanceof Variable ? ((Variable) a).describe() : String.valueOf(a)), site);
    }
    Variable vec = (Variable) a;
    Variable index = T.mod(bits(dims("choice", size, site)), vec.shape(0));
    return vec.get(index);
  }

  private Variable draw(String what, Object size, RandomDraw.Distribution d, DType dtype,
      double p0, double p1) {
    SourceSite site = SourceSite.capture();
    RandomDraw op;
    try {
      op = new RandomDraw(d, dtype, p0, p1);
    } catch (IllegalArgumentException e) {
      throw new TheanoException(e.getMessage() + " (at " + site + ")");
    }
    return apply(op, dims(what, size, site));
  }

  private Variable bits(List<Variable> dims) {
    return apply(new RandomDraw(RandomDraw.Distribution.BITS, DType.INT64, 0, 0), dims);
  }

  /** A draw with a new state shared variable whose default update advances the counter. */
  private Variable apply(RandomDraw op, List<Variable> dims) {
    SharedVariable state = Theano.shared(initialState(seed, states.size()),
        "random_state_" + states.size());
    state.setDefaultUpdate(T.add(state, T.constant(NDArray.of(new long[] {0, 1}, 2))));
    states.add(state);
    List<Variable> ins = new ArrayList<>();
    ins.add(state);
    ins.addAll(dims);
    return Apply.make(op, ins).output(0);
  }

  private static NDArray initialState(long seed, int stream) {
    return NDArray.of(new long[] {Philox.streamKey(seed, stream), 0}, 2);
  }

  /** The dimensions of {@code size} as int64 scalars, checked. */
  private static List<Variable> dims(String what, Object size, SourceSite site) {
    List<Variable> out = new ArrayList<>();
    if (size instanceof int[]) {
      int[] s = (int[]) size;
      for (int i = 0; i < s.length; i++) {
        if (s[i] < 0) {
          throw error(what, "size " + Arrays.toString(s) + " has the negative dimension "
              + s[i] + " at position " + i + "; sizes must be non-negative", site);
        }
        out.add(T.constant(NDArray.scalar((long) s[i])));
      }
      return out;
    }
    if (size instanceof Variable) {
      Variable v = (Variable) size;
      int len = v.ndim() == 1 ? v.type().dim(0) : -1;
      if (v.ndim() != 1 || !v.dtype().isDiscrete() || v.dtype() == DType.BOOL || len < 0) {
        throw error(what, "a symbolic size must be an integer vector of known length (such "
            + "as x.shape()), got " + v.describe(), site);
      }
      Apply owner = v.owner();
      for (int i = 0; i < len; i++) {
        Variable d;
        if (owner != null && owner.op() instanceof Shape) {
          d = owner.input(0).shape(i);
        } else if (owner != null && owner.op() instanceof MakeVector) {
          d = owner.input(i);
        } else {
          d = v.get(i);
        }
        out.add(d.dtype() == DType.INT64 ? d : T.cast(d, DType.INT64));
      }
      return out;
    }
    throw error(what, "size must be an int[] or an integer vector Variable (such as "
        + "x.shape()), got " + (size == null ? "null" : size.getClass().getSimpleName()), site);
  }

  private static TheanoException error(String what, String message, SourceSite site) {
    return new TheanoException(String.format(Locale.ROOT, "%s: %s (at %s)", what, message,
        site));
  }
}
