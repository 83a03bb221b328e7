package org.theano4j.tensor;

import java.util.List;
import org.theano4j.ndarray.DType;

/**
 * A small scalar program applied elementwise: what elementwise fusion turns a connected group
 * of {@link Elemwise} nodes into ({@code Elemwise(Composite)}).
 *
 * <p>Each {@link Step} applies a primitive {@link ScalarOp} ({@link Scalar} or {@link Cast},
 * never a nested composite) to operands numbered as follows: {@code 0 .. arity-1} are the
 * composite's inputs, {@code arity + k} is the result of step {@code k}. The last step's
 * result is the output. Every step's result is converted to its own dtype before later steps
 * read it, exactly as if each step were its own node, so fusion never changes results. The
 * steps' dtypes for given input dtypes are derived once, by {@link ScalarProgram#of}, whose
 * typed program every backend runs.
 *
 * <pre>{@code
 * // i0 * i1 + i2
 * new Composite(3, List.of(new Step(Scalar.MUL, List.of(0, 1)), new Step(Scalar.ADD, List.of(3, 2))));
 * }</pre>
 */
public record Composite(int arity, List<Step> program) implements ScalarOp {
  /** One instruction: {@code op} applied to the numbered operands {@code args}. */
  public record Step(ScalarOp op, List<Integer> args) {
    public Step {
      args = List.copyOf(args);
      if (op instanceof Composite) {
        throw new IllegalArgumentException("a composite step cannot be a composite");
      }
      if (args.size() != op.arity()) {
        throw new IllegalArgumentException(op.opName() + " takes " + op.arity()
            + " operands, got " + args);
      }
    }
  }

  public Composite {
    program = List.copyOf(program);
    if (program.isEmpty()) {
      throw new IllegalArgumentException("a composite needs at least one step");
    }
    for (int k = 0; k < program.size(); k++) {
      for (int a : program.get(k).args()) {
        if (a < 0 || a >= arity + k) {
          throw new IllegalArgumentException("step " + k + " reads operand " + a
              + ", which is not an input or an earlier step");
        }
      }
    }
  }

  /** The last step's dtype, derived step by step by {@link ScalarProgram#of}. */
  @Override
  public DType outputDType(List<DType> inputs) {
    return ScalarProgram.of(this, inputs).output();
  }

  /** Each step has its own compute dtype; the composite as a whole reports its output's. */
  @Override
  public DType computeDType(List<DType> inputs) {
    return outputDType(inputs);
  }

  /** The program as an expression over {@code i0, i1, ...}, e.g. {@code add(mul(i0, i1), i2)}. */
  public String expression() {
    return render(arity + program.size() - 1);
  }

  private String render(int operand) {
    if (operand < arity) {
      return "i" + operand;
    }
    Step s = program.get(operand - arity);
    StringBuilder sb = new StringBuilder(s.op().opName()).append('(');
    for (int i = 0; i < s.args().size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(render(s.args().get(i)));
    }
    return sb.append(')').toString();
  }

  @Override
  public String opName() {
    return "composite{" + expression() + "}";
  }
}
