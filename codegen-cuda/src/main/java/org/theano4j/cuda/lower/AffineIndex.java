package org.theano4j.cuda.lower;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Constant;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.Cast;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.ScalarProgram;

/**
 * Integer scalars of a graph as affine forms {@code c + Σ k_v·v} over the scalars that are not
 * computed by {@code +}, {@code -}, {@code *} by a constant, negation or an integer cast (the
 * atoms {@code v}: a scan step's index, a function's input, any other node's output). Used to
 * prove that a slice {@code x[lo:hi]} has the same length whatever the atoms' values: {@code
 * hi - lo} is then a constant ({@code i*bs} and {@code (i+1)*bs} differ by {@code bs}). The
 * forms ignore integer overflow; the kernel that relies on the length checks it at run time.
 */
final class AffineIndex {
  /** The constant term and the coefficient of each atom (by identity). */
  private final long constant;
  private final Map<Variable, Long> terms;

  private AffineIndex(long constant, Map<Variable, Long> terms) {
    this.constant = constant;
    this.terms = terms;
  }

  /** {@code hi - lo} if it is a constant of their affine forms, else null. */
  static Long difference(Variable hi, Variable lo) {
    Map<Variable, AffineIndex> memo = new IdentityHashMap<>();
    AffineIndex d = of(hi, memo).plus(of(lo, memo), -1);
    return d.terms.isEmpty() ? d.constant : null;
  }

  private static AffineIndex constant(long c) {
    return new AffineIndex(c, new IdentityHashMap<>());
  }

  private static AffineIndex atom(Variable v) {
    Map<Variable, Long> t = new IdentityHashMap<>();
    t.put(v, 1L);
    return new AffineIndex(0, t);
  }

  /** {@code this + k·other}. */
  private AffineIndex plus(AffineIndex other, long k) {
    Map<Variable, Long> t = new IdentityHashMap<>(terms);
    for (Map.Entry<Variable, Long> e : other.terms.entrySet()) {
      long c = t.getOrDefault(e.getKey(), 0L) + k * e.getValue();
      if (c == 0) {
        t.remove(e.getKey());
      } else {
        t.put(e.getKey(), c);
      }
    }
    return new AffineIndex(constant + k * other.constant, t);
  }

  private AffineIndex times(long k) {
    return constant(0).plus(this, k);
  }

  /** The affine form of the integer scalar {@code v} (forms already found in {@code memo}). */
  private static AffineIndex of(Variable v, Map<Variable, AffineIndex> memo) {
    AffineIndex known = memo.get(v);
    if (known == null) {
      known = find(v, memo);
      memo.put(v, known);
    }
    return known;
  }

  private static AffineIndex find(Variable v, Map<Variable, AffineIndex> memo) {
    if (v.ndim() != 0 || !v.dtype().isDiscrete()) {
      return atom(v);
    }
    if (v instanceof Constant) {
      return constant(((Constant) v).value().getLong());
    }
    Apply o = v.owner();
    if (o == null || !(o.op() instanceof Elemwise) || o.outputs().size() != 1) {
      return atom(v);
    }
    List<AffineIndex> operands = new ArrayList<>();
    List<org.theano4j.ndarray.DType> dtypes = new ArrayList<>();
    for (Variable in : o.inputs()) {
      if (in.ndim() != 0) {
        return atom(v);
      }
      operands.add(of(in, memo));
      dtypes.add(in.dtype());
    }
    ScalarProgram p = ScalarProgram.of(((Elemwise) o.op()).scalar(), dtypes);
    for (ScalarProgram.Step s : p.steps()) {
      AffineIndex r = step(s, operands);
      if (r == null || !s.out().isDiscrete()) {
        return atom(v);
      }
      operands.add(r);
    }
    return operands.get(operands.size() - 1);
  }

  /** One step of a scalar program on affine operands, or null if it is not affine. */
  private static AffineIndex step(ScalarProgram.Step s, List<AffineIndex> operands) {
    List<AffineIndex> a = new ArrayList<>();
    for (int i : s.args()) {
      a.add(operands.get(i));
    }
    if (s.op() instanceof Cast) {
      return a.get(0);
    }
    Scalar fn = (Scalar) s.op();
    if (fn == Scalar.ADD) {
      return a.get(0).plus(a.get(1), 1);
    } else if (fn == Scalar.SUB) {
      return a.get(0).plus(a.get(1), -1);
    } else if (fn == Scalar.NEG) {
      return a.get(0).times(-1);
    } else if (fn == Scalar.MUL) {
      if (a.get(0).terms.isEmpty()) {
        return a.get(1).times(a.get(0).constant);
      }
      return a.get(1).terms.isEmpty() ? a.get(0).times(a.get(1).constant) : null;
    }
    return null;
  }
}
