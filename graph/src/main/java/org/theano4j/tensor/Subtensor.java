package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.Shapes;

/**
 * Basic indexing {@code x[e0, e1, ...]} with symbolic bounds: inputs are {@code x} then the
 * scalars of each entry in order. Axes past the entries are kept whole. The result is a view.
 */
public record Subtensor(List<IndexEntry> entries) implements Op {
  public Subtensor {
    entries = List.copyOf(entries);
  }

  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable x = inputs.get(0);
    return List.of(new TensorType(x.dtype(), staticShape(entries, x, inputs.subList(1,
        inputs.size()))));
  }

  /** The static shape of {@code x[entries]} given the entries' scalar inputs. */
  static int[] staticShape(List<IndexEntry> entries, Variable x, List<Variable> scalars) {
    int nd = x.ndim();
    if (entries.size() > nd) {
      throw new IllegalArgumentException("too many indices (" + entries.size()
          + ") for a tensor of rank " + nd);
    }
    int needed = 0;
    for (IndexEntry e : entries) {
      needed += e.inputCount();
    }
    if (scalars.size() != needed) {
      throw new IllegalArgumentException("expected " + needed + " index scalars, got "
          + scalars.size());
    }
    for (Variable s : scalars) {
      StaticShapes.requireScalar(s, "an index");
      StaticShapes.requireInteger(s, "an index");
    }
    List<Integer> out = new ArrayList<>();
    int k = 0;
    for (int d = 0; d < nd; d++) {
      int n = x.type().dim(d);
      if (d >= entries.size()) {
        out.add(n);
        continue;
      }
      IndexEntry e = entries.get(d);
      if (e instanceof IndexEntry.Index) {
        Long c = StaticShapes.constantLong(scalars.get(k++));
        if (c != null && n != UNKNOWN) {
          Shapes.index(c, d, n);
        }
        continue;
      }
      IndexEntry.Slice s = (IndexEntry.Slice) e;
      Long[] b = new Long[3];
      boolean known = true;
      boolean[] has = {s.hasStart(), s.hasStop(), s.hasStep()};
      for (int j = 0; j < 3; j++) {
        if (has[j]) {
          b[j] = StaticShapes.constantLong(scalars.get(k++));
          known &= b[j] != null;
        }
      }
      if (b[2] != null && b[2] == 0) {
        throw new IllegalArgumentException("slice step cannot be zero");
      }
      if (s.equals(IndexEntry.Slice.ALL)) {
        out.add(n);
      } else if (known && n != UNKNOWN) {
        out.add(Shapes.sliceIndices(n, toInt(b[0]), toInt(b[1]),
            b[2] == null ? 1 : toInt(b[2]))[2]);
      } else {
        out.add(UNKNOWN);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static Integer toInt(Long v) {
    return v == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }

  static String describeEntries(List<IndexEntry> entries) {
    StringBuilder sb = new StringBuilder();
    for (IndexEntry e : entries) {
      sb.append(sb.length() == 0 ? "" : ", ").append(e);
    }
    return sb.toString();
  }

  @Override
  public String describe() {
    return "Subtensor{" + describeEntries(entries) + "}";
  }
}
