package org.theano4j.tensor;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.apigen.Api;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;

/**
 * Theano's lazy conditional {@code ifelse(cond, then, else)} with {@code n} outputs: inputs are
 * the scalar condition, the {@code n} then-values and the {@code n} else-values; output
 * {@code i} is then-value {@code i} when the condition is nonzero, else else-value {@code i}.
 * The backends run only the nodes the taken branch needs (see {@code compile.LazyBranches}).
 */
public record IfElse(int n) implements Op {
  /** The op with {@code n} outputs (at least one). */
  public IfElse {
    if (n < 1) {
      throw new IllegalArgumentException("ifelse needs at least one output, got " + n);
    }
  }

  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    if (inputs.size() != 2 * n + 1) {
      throw new IllegalArgumentException("ifelse with " + n + " outputs takes " + (2 * n + 1)
          + " inputs (the condition, " + n + " then and " + n + " else), got " + inputs.size());
    }
    Variable cond = inputs.get(0);
    if (cond.ndim() != 0) {
      throw new IllegalArgumentException("ifelse: the condition must be a scalar, got rank "
          + cond.ndim() + " " + cond.type().shapeString());
    }
    List<TensorType> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(commonType(i, inputs.get(1 + i), inputs.get(1 + n + i)));
    }
    return out;
  }

  /** The type of output {@code i}: then and else must agree in dtype and rank. */
  private TensorType commonType(int i, Variable then, Variable otherwise) {
    TensorType a = then.type();
    TensorType b = otherwise.type();
    String which = n == 1 ? "" : " (output " + i + ")";
    if (a.dtype() != b.dtype() || a.ndim() != b.ndim()) {
      throw new IllegalArgumentException("ifelse: the then and else branches" + which
          + " have incompatible types: then is " + then.describe() + ", else is "
          + otherwise.describe() + " (expected the same dtype and rank; cast one with T.cast "
          + "or reshape it)");
    }
    int[] shape = new int[a.ndim()];
    for (int d = 0; d < shape.length; d++) {
      shape[d] = a.dim(d) == b.dim(d) ? a.dim(d) : TensorType.UNKNOWN;
    }
    return new TensorType(a.dtype(), shape);
  }

  @Override
  public String describe() {
    return n == 1 ? "IfElse" : "IfElse{n=" + n + "}";
  }

  /** The positions of the then-inputs ({@code then} true) or else-inputs of an IfElse node. */
  public boolean isBranchInput(int input, boolean then) {
    return then ? input >= 1 && input <= n : input > n && input <= 2 * n;
  }

  /** Theano's truth of a condition value: nonzero (NaN included) is true. */
  public static boolean truth(NDArray cond) {
    return cond.dtype().isFloat() ? cond.getDouble() != 0 : cond.getLong() != 0;
  }

  /**
   * Theano's lazy {@code ifelse}: {@code then} if the scalar {@code cond} (any dtype; nonzero is
   * true) holds, else {@code otherwise}, computing only the branch taken. Both branches must
   * have the same dtype and rank; a Java number takes the other branch's dtype where exact.
   * The gradient flows through the taken branch only.
   */
  @Api
  static Variable ifelse(Object cond, Object then, Object otherwise) {
    Variable t = then instanceof Variable || !(otherwise instanceof Variable)
        ? T.asTensor(then, null) : T.asTensor(then, (Variable) otherwise);
    Variable e = T.asTensor(otherwise, t);
    return ifelse(cond, List.of(t), List.of(e)).get(0);
  }

  /**
   * Theano's lazy {@code ifelse} with several outputs: output {@code i} is {@code then.get(i)}
   * if the scalar {@code cond} is nonzero, else {@code otherwise.get(i)}; only the taken branch
   * is computed.
   */
  @Api
  static List<Variable> ifelse(Object cond, List<Variable> then, List<Variable> otherwise) {
    if (cond == null || then == null || otherwise == null) {
      throw new IllegalArgumentException("ifelse: " + (cond == null ? "the condition"
          : then == null ? "the then list" : "the else list") + " is null");
    }
    if (then.size() != otherwise.size() || then.isEmpty()) {
      throw new IllegalArgumentException("ifelse: the then list has " + then.size()
          + " values and the else list " + otherwise.size()
          + " (expected the same number, at least one)");
    }
    List<Variable> in = new ArrayList<>();
    in.add(T.asTensor(cond, null));
    for (List<Variable> branch : List.of(then, otherwise)) {
      for (int i = 0; i < branch.size(); i++) {
        if (branch.get(i) == null) {
          throw new IllegalArgumentException("ifelse: " + (branch == then ? "then" : "else")
              + " value " + i + " is null");
        }
        in.add(branch.get(i));
      }
    }
    return Apply.make(new IfElse(then.size()), in).outputs();
  }
}
