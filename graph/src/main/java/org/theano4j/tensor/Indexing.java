package org.theano4j.tensor;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;

/** Turns NumPy-style index expressions into Subtensor / AdvancedSubtensor nodes. */
final class Indexing {
  private Indexing() {}

  /** {@code x[index...]} with NumPy's rules for mixing basic and advanced entries. */
  static Variable index(Variable x, Object... index) {
    if (index.length > x.ndim()) {
      throw new IllegalArgumentException("too many indices (" + index.length
          + ") for " + x.describe());
    }
    boolean anyAdvanced = false;
    for (Object o : index) {
      anyAdvanced |= isArrayIndex(o);
    }
    if (!anyAdvanced) {
      return basic(x, index);
    }
    // Slices first (they keep every axis), then a gather over the advanced axes; scalar
    // indices become 0-d index arrays, as in NumPy.
    Object[] basicPart = new Object[index.length];
    boolean anySlice = false;
    List<Boolean> pattern = new ArrayList<>();
    List<Variable> arrays = new ArrayList<>();
    for (int d = 0; d < index.length; d++) {
      Object o = index[d];
      if (o instanceof SliceSpec) {
        basicPart[d] = o;
        anySlice |= !((SliceSpec) o).isFull();
        pattern.add(false);
      } else {
        basicPart[d] = T.ALL;
        Variable v = T.asTensor(o, null);
        pattern.add(true);
        arrays.add(v);
      }
    }
    Variable base = anySlice ? basic(x, basicPart) : x;
    List<Variable> ins = new ArrayList<>();
    ins.add(base);
    ins.addAll(arrays);
    return node(new AdvancedSubtensor(pattern), ins);
  }

  private static boolean isArrayIndex(Object o) {
    if (o instanceof Variable) {
      return ((Variable) o).ndim() > 0;
    }
    return o instanceof NDArray || o instanceof int[] || o instanceof long[];
  }

  /** Basic indexing only: ints, int scalars and slices. */
  static Variable basic(Variable x, Object... index) {
    List<IndexEntry> entries = new ArrayList<>();
    List<Variable> ins = new ArrayList<>();
    ins.add(x);
    for (Object o : index) {
      if (o instanceof SliceSpec) {
        SliceSpec s = (SliceSpec) o;
        entries.add(new IndexEntry.Slice(s.start() != null, s.stop() != null, s.step() != null));
        for (Object b : new Object[] {s.start(), s.stop(), s.step()}) {
          if (b != null) {
            ins.add(scalarIndex(b));
          }
        }
      } else {
        entries.add(new IndexEntry.Index());
        ins.add(scalarIndex(o));
      }
    }
    // Trailing full slices select nothing; one is kept so that x[:] stays a Subtensor node
    // (a view), which setSubtensor / incSubtensor can write through.
    while (entries.size() > 1 && entries.get(entries.size() - 1).equals(IndexEntry.Slice.ALL)) {
      entries.remove(entries.size() - 1);
    }
    if (entries.isEmpty()) {
      return x;
    }
    return node(new Subtensor(entries), ins);
  }

  private static Variable scalarIndex(Object o) {
    if (o instanceof Number && !(o instanceof Double || o instanceof Float)) {
      return T.constant(NDArray.scalar(((Number) o).longValue()));
    }
    if (o instanceof Variable) {
      return (Variable) o;
    }
    throw new IllegalArgumentException("an index must be an int, an int scalar variable, a "
        + "T.slice(...) or an int array, got " + (o == null ? "null" : o.getClass().getName()));
  }

  /** {@code set_subtensor(x[...], y)} or {@code inc_subtensor(x[...], y)}. */
  static Variable incOrSet(Variable sub, Object value, boolean set) {
    Apply a = sub.owner();
    Op op = a == null ? null : a.op();
    if (op instanceof Subtensor) {
      Variable x = a.input(0);
      List<Variable> ins = new ArrayList<>();
      ins.add(x);
      ins.add(castValue(value, x));
      ins.addAll(a.inputs().subList(1, a.inputs().size()));
      Variable r = node(new IncSubtensor(((Subtensor) op).entries(), set), ins);
      return throughView(x, r);
    }
    if (op instanceof AdvancedSubtensor) {
      Variable x = a.input(0);
      List<Variable> ins = new ArrayList<>();
      ins.add(x);
      ins.add(castValue(value, x));
      ins.addAll(a.inputs().subList(1, a.inputs().size()));
      Variable r = node(new AdvancedIncSubtensor(((AdvancedSubtensor) op).advanced(), set), ins);
      return throughView(x, r);
    }
    throw new IllegalArgumentException((set ? "setSubtensor" : "incSubtensor")
        + " needs the result of indexing (x.get(...), x.slice(...)), got " + sub.describe());
  }

  /** If {@code x} is itself a basic slice of a tensor, writes {@code r} back through it. */
  private static Variable throughView(Variable x, Variable r) {
    if (x.owner() != null && x.owner().op() instanceof Subtensor) {
      return incOrSet(x, r, true);
    }
    return r;
  }

  private static Variable castValue(Object value, Variable x) {
    Variable y = T.asTensor(value, x);
    if (y.dtype() != x.dtype() && y.dtype().canCastSafelyTo(x.dtype())) {
      y = T.cast(y, x.dtype());
    }
    return y;
  }

  static Variable node(Op op, List<Variable> inputs) {
    return Apply.make(op, inputs).output(0);
  }
}
