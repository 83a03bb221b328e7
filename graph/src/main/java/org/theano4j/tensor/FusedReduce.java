package org.theano4j.tensor;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * A reduction of an elementwise function of the inputs in one pass: {@code reduce} applied to
 * {@code Elemwise(scalar)} of the inputs, without the elementwise array (Theano/PyTensor's
 * {@code local_careduce_fusion}). Made by the optimiser's {@code reduce-fusion} phase from
 * {@code Sum(Elemwise(f)(x...))} (or a mean, product, maximum or minimum) whose elementwise
 * value has no other reader; e.g. the L2 term {@code sum(sqr(W))}.
 *
 * <p>Its meaning is the pair's: the inputs broadcast and the elementwise type as
 * {@code Elemwise(scalar)} has them, each element computed by the scalar program and rounded to
 * the elementwise dtype, then reduced as {@code reduce} reduces an array of those elements
 * (same accumulators, same order), so the fused results are those of the pair bit for bit.
 * The elementwise result must be a float (float32 or float64) and the reduction a sum, mean,
 * product, maximum or minimum.
 *
 * @param reduce the reduction (its axes refer to the elementwise result)
 * @param scalar the elementwise function: a {@link Scalar}, a {@link Cast} or a fused
 *     {@link Composite}
 */
public record FusedReduce(Reduce reduce, ScalarOp scalar) implements Op {
  public FusedReduce {
    java.util.Objects.requireNonNull(reduce, "reduce");
    java.util.Objects.requireNonNull(scalar, "scalar");
    if (reduce.kind() == ReduceKind.ALL || reduce.kind() == ReduceKind.ANY) {
      throw new IllegalArgumentException("FusedReduce reduces by sum, mean, prod, max or min, "
          + "got " + reduce.kind());
    }
  }

  /** The elementwise result's type: {@code Elemwise(scalar)}'s over {@code inputs}. */
  public TensorType elementwiseType(List<Variable> inputs) {
    return new Elemwise(scalar).outputTypes(inputs).get(0);
  }

  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    TensorType y = elementwiseType(inputs);
    if (!y.dtype().isFloat()) {
      throw new IllegalArgumentException("the elementwise result must be a float, but "
          + scalar.opName() + " of these inputs is " + y.dtype());
    }
    return List.of(reduce.outputType(y));
  }

  /**
   * The pair this op fuses, built on {@code inputs}: {@code reduce} of {@code Elemwise(scalar)},
   * a composite as one elementwise node per step (what autodiff differentiates).
   */
  public Variable unfused(List<Variable> inputs) {
    return T.node(reduce, elementwise(scalar, inputs));
  }

  private static Variable elementwise(ScalarOp s, List<Variable> inputs) {
    if (!(s instanceof Composite)) {
      return T.node(new Elemwise(s), inputs);
    }
    Composite c = (Composite) s;
    List<Variable> values = new java.util.ArrayList<>(inputs);
    for (Composite.Step step : c.program()) {
      List<Variable> args = new java.util.ArrayList<>();
      for (int a : step.args()) {
        args.add(values.get(a));
      }
      values.add(T.node(new Elemwise(step.op()), args));
    }
    return values.get(values.size() - 1);
  }

  @Override
  public String describe() {
    return "FusedReduce{" + reduce.describe() + ", " + scalar.opName() + "}";
  }
}
