package org.theano4j.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * A reduction over {@code axes} (sorted, non-negative), optionally keeping them as length-1
 * dimensions.
 */
public record Reduce(ReduceKind kind, List<Integer> axes, boolean keepdims) implements Op {
  public Reduce {
    axes = List.copyOf(axes);
  }

  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    return List.of(outputType(inputs.get(0).type()));
  }

  /**
   * The type of this reduction of a value of type {@code x} (also the reducing step of
   * {@link FusedReduce}).
   *
   * @throws IllegalArgumentException if an axis is out of range, or a max or min is over an
   *     axis statically empty
   */
  public TensorType outputType(TensorType x) {
    int[] in = x.shape();
    for (int a : axes) {
      if (a < 0 || a >= in.length) {
        throw new IllegalArgumentException("axis " + a + " is out of range for rank "
            + in.length);
      }
      if ((kind == ReduceKind.MAX || kind == ReduceKind.MIN) && in[a] == 0) {
        throw new IllegalArgumentException(kind + " over an empty axis " + a);
      }
    }
    List<Integer> out = new ArrayList<>();
    for (int d = 0; d < in.length; d++) {
      if (!axes.contains(d)) {
        out.add(in[d]);
      } else if (keepdims) {
        out.add(1);
      }
    }
    return new TensorType(kind.outputDType(x.dtype()),
        out.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * Refuses, at run time, a max or min over axes with no element ({@code shape} is the
   * input's), as NumPy does, even when the result itself is empty.
   */
  public void checkSelection(int[] shape) {
    if (kind != ReduceKind.MAX && kind != ReduceKind.MIN) {
      return;
    }
    for (int a : axes) {
      if (shape[a] == 0) {
        throw new IllegalArgumentException(kind + " of an empty selection (shape "
            + java.util.Arrays.toString(shape) + ", axes " + axes + ")");
      }
    }
  }

  @Override
  public String describe() {
    String k = kind.name().charAt(0) + kind.name().substring(1).toLowerCase(Locale.ROOT);
    return k + "{axes=" + axes + (keepdims ? ", keepdims" : "") + "}";
  }
}
