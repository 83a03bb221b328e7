package org.theano4j.tensor;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * NumPy advanced (integer-array) indexing: {@code advanced.get(d)} says whether axis
 * {@code d} is indexed by an integer tensor (an input) or kept whole. The index tensors
 * broadcast together; as in NumPy, their dimensions replace the indexed axes in place when
 * those axes are adjacent, and come first otherwise. Inputs: {@code x}, then the index
 * tensors in axis order. The result is a new array (a gather).
 */
public record AdvancedSubtensor(List<Boolean> advanced) implements Op {
  public AdvancedSubtensor {
    advanced = List.copyOf(advanced);
  }

  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable x = inputs.get(0);
    return List.of(new TensorType(x.dtype(), staticShape(advanced, x,
        inputs.subList(1, inputs.size()))));
  }

  static int[] staticShape(List<Boolean> advanced, Variable x, List<Variable> indices) {
    int nd = x.ndim();
    if (advanced.size() > nd) {
      throw new IllegalArgumentException("too many indices (" + advanced.size()
          + ") for a tensor of rank " + nd);
    }
    int count = 0;
    for (boolean a : advanced) {
      count += a ? 1 : 0;
    }
    if (count == 0 || indices.size() != count) {
      throw new IllegalArgumentException("expected " + count + " index tensors, got "
          + indices.size());
    }
    for (Variable i : indices) {
      StaticShapes.requireInteger(i, "an index array");
    }
    int[] b = StaticShapes.broadcast(indices);
    List<Integer> out = new ArrayList<>();
    boolean adjacent = isAdjacent(advanced);
    int first = advanced.indexOf(true);
    if (!adjacent) {
      for (int s : b) {
        out.add(s);
      }
    }
    for (int d = 0; d < nd; d++) {
      boolean adv = d < advanced.size() && advanced.get(d);
      if (!adv) {
        out.add(x.type().dim(d));
      } else if (adjacent && d == first) {
        for (int s : b) {
          out.add(s);
        }
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** True if the advanced axes form one run (NumPy then keeps their place). */
  public static boolean isAdjacent(List<Boolean> advanced) {
    int first = advanced.indexOf(true);
    int last = advanced.lastIndexOf(true);
    for (int d = first; d <= last; d++) {
      if (!advanced.get(d)) {
        return false;
      }
    }
    return true;
  }

  static String pattern(List<Boolean> advanced) {
    StringBuilder sb = new StringBuilder();
    for (boolean a : advanced) {
      sb.append(sb.length() == 0 ? "" : ", ").append(a ? "idx" : ":");
    }
    return sb.toString();
  }

  @Override
  public String describe() {
    return "AdvancedSubtensor{" + pattern(advanced) + "}";
  }
}
