package org.theano4j.cuda.ir;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.ndarray.DType;
import org.theano4j.tensor.Cast;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.ScalarOp;

/**
 * The straight-line scalar program of an elementwise kernel: each step applies one primitive
 * ({@link Scalar} or {@link Cast}) to operands numbered {@code 0 .. inputs-1} (the inputs) and
 * {@code inputs + k} (the result of step {@code k}); the last step is the output. Each result
 * is converted to its step's output dtype before later steps read it, exactly as if each step
 * were its own node. A single elementwise op is a one-step program; a fused composite is a
 * longer one.
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

  /** The one-step program of a primitive applied to inputs of these dtypes. */
  public static ScalarProgram of(ScalarOp op, List<DType> inputs) {
    List<Integer> args = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      args.add(i);
    }
    return new ScalarProgram(inputs, List.of(new Step(op, args, op.outputDType(inputs),
        op.computeDType(inputs))));
  }

  /** The output dtype (the last step's). */
  public DType output() {
    return steps.get(steps.size() - 1).out();
  }

  /**
   * The statements computing the program into locals {@code prefix0, prefix1, ...} (one per
   * step) from the input expressions; the last local holds the result.
   */
  public List<Stmt> emit(List<Expr> in, String prefix) {
    List<Expr> operands = new ArrayList<>(in);
    List<Stmt> out = new ArrayList<>();
    for (int k = 0; k < steps.size(); k++) {
      Step s = steps.get(k);
      Expr value;
      if (s.op() instanceof Cast) {
        value = Ir.convert(operands.get(s.args().get(0)), s.out());
      } else {
        Scalar fn = (Scalar) s.op();
        DType lane = Types.lane(s.compute());
        Expr[] args = new Expr[s.args().size()];
        for (int i = 0; i < args.length; i++) {
          args[i] = operands.get(s.args().get(i));
        }
        Expr call = Ir.call(fn, lane, args);
        if (fn == Scalar.NOT && s.out() == DType.BOOL) {
          // Logical not of bools; bitwise not of integers.
          call = new Expr.Call(fn, ((Expr.Call) call).args(), lane, DType.BOOL);
        }
        value = Ir.convert(call, s.out());
      }
      String name = prefix + k;
      out.add(new Stmt.Declare(name, s.out(), value));
      operands.add(new Expr.Var(name, s.out()));
    }
    return out;
  }
}
