package org.theano4j.tensor;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.ndarray.DType;

/**
 * An elementwise op's scalar function typed for its input dtypes: the one representation of
 * an elementwise program that every backend runs (the JVM loops, the CUDA lowering and so the
 * kernel interpreter and the renderer). Each step applies one primitive ({@link Scalar} or
 * {@link Cast}) to operands numbered {@code 0 .. inputs-1} (the inputs) and {@code inputs + k}
 * (the result of step {@code k}); the last step is the output. Each result is converted to its
 * step's output dtype before later steps read it, exactly as if each step were its own node.
 * A primitive is a one-step program; a fused {@link Composite} maps to its steps one-to-one.
 * {@link #of} is the only place that derives the steps' dtypes.
 *
 * @param inputs the dtypes of the inputs
 * @param steps the instructions
 */
public record ScalarProgram(List<DType> inputs, List<Step> steps) {
  /** One instruction, with its output dtype and the dtype it computes in. */
  public record Step(ScalarOp op, List<Integer> args, DType out, DType compute) {
    public Step {
      args = List.copyOf(args);
      if (!(op instanceof Scalar) && !(op instanceof Cast)) {
        throw new IllegalArgumentException("a program step must be a Scalar or a Cast, got "
            + op.opName());
      }
    }
  }

  public ScalarProgram {
    inputs = List.copyOf(inputs);
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a scalar program needs at least one step");
    }
  }

  /**
   * The program of {@code op} applied to inputs of these dtypes: a composite's steps, or one
   * step for a primitive.
   *
   * @throws IllegalArgumentException if the number of inputs is not the op's arity, or a step
   *     does not support its operands' dtypes
   */
  public static ScalarProgram of(ScalarOp op, List<DType> inputs) {
    if (inputs.size() != op.arity()) {
      throw new IllegalArgumentException(op.opName() + " takes " + op.arity() + " inputs, got "
          + inputs.size());
    }
    List<Composite.Step> body;
    if (op instanceof Composite) {
      body = ((Composite) op).program();
    } else {
      List<Integer> args = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        args.add(i);
      }
      body = List.of(new Composite.Step(op, args));
    }
    List<DType> all = new ArrayList<>(inputs);
    List<Step> steps = new ArrayList<>(body.size());
    for (Composite.Step s : body) {
      List<DType> args = new ArrayList<>(s.args().size());
      for (int a : s.args()) {
        args.add(all.get(a));
      }
      DType out = s.op().outputDType(args);
      steps.add(new Step(s.op(), s.args(), out, s.op().computeDType(args)));
      all.add(out);
    }
    return new ScalarProgram(inputs, steps);
  }

  /** The output dtype (the last step's). */
  public DType output() {
    return steps.get(steps.size() - 1).out();
  }

  /** The dtype of operand {@code i}: an input's, or the result's of step {@code i - inputs}. */
  public DType operand(int i) {
    return i < inputs.size() ? inputs.get(i) : steps.get(i - inputs.size()).out();
  }
}
