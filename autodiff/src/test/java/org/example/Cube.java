package org.example;

import java.util.List;
import org.theano4j.Theano;
import org.theano4j.autodiff.Grad;
import org.theano4j.autodiff.GradRule;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;

/**
 * A user-defined op outside the library: x³ elementwise on a float tensor, with its JVM kernel
 * and gradient registered through the public entry points (the worked example of
 * docs/architecture.md, "User-defined ops").
 */
public record Cube() implements Op {
  static {
    Theano.registerJvmKernel(Cube.class, (node, in) -> {
      double[] x = in[0].toDoubleArray();
      for (int i = 0; i < x.length; i++) {
        x[i] = x[i] * x[i] * x[i];
      }
      return new NDArray[] {NDArray.of(x, in[0].shape()).astype(in[0].dtype())};
    });
    // d(x³) = 3x² · dx
    Grad.registerRule(Cube.class, (node, gz) ->
        GradRule.of(gz.get(0).mul(node.input(0).mul(node.input(0)).mul(3))));
  }

  /** Applies the op: one node. */
  public static Variable cube(Variable x) {
    return Apply.make(new Cube(), List.of(x)).output(0);
  }

  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    if (inputs.size() != 1 || !inputs.get(0).dtype().isFloat()) {
      throw new IllegalArgumentException("Cube takes one float tensor, got " + inputs);
    }
    return List.of(inputs.get(0).type());
  }
}
