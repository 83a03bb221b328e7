package org.theano4j.cuda;

import org.theano4j.TheanoException;
import org.theano4j.cuda.ir.UserFunction;
import org.theano4j.cuda.lower.Lowering;
import org.theano4j.graph.Op;
import org.theano4j.tensor.Scalar;

/**
 * The CUDA lowering of a user-defined elementwise op: a C expression, which the {@code cuda}
 * backend compiles into its generated elementwise kernel, and the same function in Java, which
 * the kernel interpreter ({@code cuda-interp}) runs, since it cannot run C.
 *
 * <pre>{@code
 * CudaElementwise.register(Cube.class, "$a * $a * $a", (a, b, c) -> a * a * a);
 * }</pre>
 *
 * <p>The expression is a template as in the scalar table: {@code $a}, {@code $b}, {@code $c}
 * are the op's inputs, each converted to the type the function computes in, and {@code $t} is
 * that C type: {@code float} for a float32 output, {@code double} for float64. It may call CUDA's
 * device math functions ({@code exp}, {@code tanh}, ...). The Java lane takes the same inputs
 * as doubles (unused ones 0); in a float32 lane the interpreter rounds its result to float32,
 * while C computes in {@code float} throughout, so the two may differ in the last float32 bits
 * (as the built-in functions do). The lowering applies to nodes that are elementwise-shaped: one
 * float output whose type is the broadcast of its 1 to 3 inputs' (a dimension of static length
 * 1 stretches, as in the JVM backend); compiling any other node of the class for a CUDA backend
 * fails at {@code build()} saying why. The op's JVM kernel and gradient are registered as for
 * any user op ({@code Theano.registerJvmKernel}, {@code Grad.registerRule}); registration is
 * global and permanent, once per class.
 */
public final class CudaElementwise {
  private CudaElementwise() {}

  /**
   * Registers the CUDA C expression and Java lane of {@code opClass}.
   *
   * @param opClass the user's op class (one output, computed element by element)
   * @param cExpression the C expression template ({@code $a} .. {@code $c}, {@code $t})
   * @param lane the same function in Java, per element, for {@code cuda-interp}
   * @throws TheanoException if an argument is null or the expression blank, the expression
   *     names another placeholder, or the class already has a CUDA lowering (a built-in op, or
   *     registered before)
   */
  public static void register(Class<? extends Op> opClass, String cExpression,
      Scalar.DoubleLane lane) {
    String owner = "CudaElementwise.register";
    if (opClass == null || cExpression == null || lane == null) {
      throw new TheanoException(owner + ": the " + (opClass == null ? "op class"
          : cExpression == null ? "C expression" : "Java lane") + " is null");
    }
    if (cExpression.isBlank()) {
      throw new TheanoException(owner + ": the C expression of " + opClass.getName()
          + " is blank");
    }
    UserFunction fn = new UserFunction(opClass.getSimpleName(), cExpression, lane);
    try {
      fn.arity();
    } catch (IllegalArgumentException e) {
      throw new TheanoException(owner + ": " + e.getMessage(), e);
    }
    Lowering.registerElementwise(opClass, fn, owner);
  }
}
