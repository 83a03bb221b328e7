package org.theano4j.tensor;

import static org.theano4j.tensor.In.x;
import static org.theano4j.tensor.Row.NUMERIC;
import static org.theano4j.tensor.Row.row;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.tensor.Reference.Sl;

/** Op-table rows for basic and advanced indexing and set/inc of subtensors. */
final class IndexRows implements RowFamily {
  private static final DType L = DType.INT64;

  /** An index spec: Integer or {@link Sl}, read by both the library call and the reference. */
  private static Object[] lib(Object... spec) {
    Object[] out = new Object[spec.length];
    for (int i = 0; i < spec.length; i++) {
      out[i] = spec[i] instanceof Sl
          ? T.slice(((Sl) spec[i]).start(), ((Sl) spec[i]).stop(), ((Sl) spec[i]).step())
          : spec[i];
    }
    return out;
  }

  private static Sl sl(Integer start, Integer stop, Integer step) {
    return new Sl(start, stop, step);
  }

  private static final Sl ALL = new Sl(null, null, null);

  private static In idx(int n, int lo, int hi) {
    return In.of(L, n).values(In.range(lo, hi));
  }

  @Override
  public List<Row> rows() {
    List<Row> t = new ArrayList<>();
    Object[][] specs = {
      {1}, {-1}, {sl(1, null, null)}, {sl(null, null, -1)}, {ALL, 2}, {sl(-3, null, 2), -2},
      {sl(5, 1, -2)}, {sl(-100, 100, 3)}, {2, sl(1, -1, null)}, {ALL, sl(null, null, -2)},
      {sl(3, 1, null)}, {-5, 0},
    };
    for (Object[] s : specs) {
      t.add(row("x" + Arrays.toString(s), Subtensor.class).dtypes(NUMERIC)
          .build1(a -> a.get(lib(s))).ref1(a -> Reference.get(a, s))
          .with(x(5, 6)).with(x(5, 6).transposed()).with(x(5, 6).strided())
          .with(x(5, 6).reversed()).with(x(5, 6, 2)).with(x(5, 6).known()).done());
    }
    t.add(row("x.slice(1, 3)", Subtensor.class).dtypes(NUMERIC).build1(a -> a.slice(1, 3))
        .ref1(a -> Reference.get(a, sl(1, 3, null))).with(x(5, 6)).with(x(4).strided())
        .done());
    t.add(row("x[a:b:c] symbolic", Subtensor.class).dtypes(NUMERIC)
        .build(in -> in.get(0).get(T.slice(in.get(1), in.get(2), in.get(3))))
        .ref(in -> Reference.get(in.get(0), sl(i(in.get(1)), i(in.get(2)), i(in.get(3)))))
        .with(x(6, 2), scalar(1), scalar(5), scalar(2))
        .with(x(2, 6).transposed(), scalar(-1), scalar(-6), scalar(-2))
        .with(x(6), scalar(-100), scalar(100), scalar(4))
        .with(x(6, 3).strided(), In.of(DType.INT32).values(In.fixed(4)),
            In.of(DType.INT8).values(In.fixed(0)), In.of(DType.INT16).values(In.fixed(-1)))
        .done());
    t.add(row("x[i, j] symbolic", Subtensor.class).dtypes(NUMERIC)
        .build(in -> in.get(0).get(in.get(1), in.get(2)))
        .ref(in -> Reference.get(in.get(0), i(in.get(1)), i(in.get(2))))
        .with(x(4, 5), scalar(3), scalar(-5)).with(x(4, 5).transposed(), scalar(-1), scalar(0))
        .done());
    t.addAll(advancedRows());
    t.addAll(incRows());
    return t;
  }

  private static List<Row> advancedRows() {
    List<Row> t = new ArrayList<>();
    t.add(row("x[arange(n), y]", AdvancedSubtensor.class, ARange.class).dtypes(NUMERIC)
        .build2((a, y) -> a.get(T.arange(a.shape(0)), y))
        .ref2((a, y) -> Reference.get(a, Reference.arange(0, a.dim(0), 1, L), y))
        .with(x(4, 5), In.of(DType.INT32, 4).values(In.range(0, 5)))
        .with(x(4, 5).transposed(), idx(4, -5, 5).strided())
        .with(x(4, 5).reversed(), In.of(DType.INT8, 4).values(In.range(0, 5))).done());
    t.add(row("x[idx] (duplicates, negative)", AdvancedSubtensor.class).dtypes(NUMERIC)
        .build2((a, i) -> a.get(i)).ref2((a, i) -> Reference.get(a, i))
        .with(x(5, 3), idx(7, -5, 5)).with(x(5, 3).transposed(), idx(7, -5, 5).reversed())
        .with(x(5), idx(9, 0, 5)).done());
    t.add(row("x[idx2d]", AdvancedSubtensor.class).dtypes(NUMERIC)
        .build2((a, i) -> a.get(i)).ref2((a, i) -> Reference.get(a, i))
        .with(x(5, 3), In.of(L, 2, 3).values(In.range(0, 5)))
        .with(x(5, 3).strided(), In.of(DType.INT32, 3, 2).values(In.range(-5, 5)).transposed())
        .done());
    t.add(row("x[:, idx] (adjacent, in place)", AdvancedSubtensor.class).dtypes(NUMERIC)
        .build2((a, i) -> a.get(T.ALL, i)).ref2((a, i) -> Reference.get(a, ALL, i))
        .with(x(3, 5, 2), idx(4, 0, 5)).with(x(2, 5, 3).transposed(), idx(2, -5, 0)).done());
    t.add(row("x[i0, :, i2] (non-adjacent: index dims first)", AdvancedSubtensor.class)
        .dtypes(NUMERIC)
        .build(in -> in.get(0).get(in.get(1), T.ALL, in.get(2)))
        .ref(in -> Reference.get(in.get(0), in.get(1), ALL, in.get(2)))
        .with(x(4, 3, 5), idx(2, 0, 4), idx(2, 0, 5))
        .with(x(4, 3, 5).strided(), In.of(L, 3, 1).values(In.range(0, 4)).bcast(),
            idx(2, -5, 5)).done());
    t.add(row("x[:, i1, :, i3] (non-adjacent after a slice)", AdvancedSubtensor.class)
        .dtypes(NUMERIC)
        .build(in -> in.get(0).get(T.ALL, in.get(1), T.ALL, in.get(2)))
        .ref(in -> Reference.get(in.get(0), ALL, in.get(1), ALL, in.get(2)))
        .with(x(3, 4, 2, 5), idx(6, 0, 4), idx(6, -5, 5))
        .with(x(3, 4, 2, 5).transposed(), In.of(L, 2, 1).values(In.range(0, 4)).bcast(),
            idx(3, 0, 5)).done());
    t.add(row("x[1, :, idx] (an int makes the index non-adjacent)", AdvancedSubtensor.class)
        .dtypes(NUMERIC)
        .build2((a, i) -> a.get(1, T.ALL, i)).ref2((a, i) -> Reference.get(a, 1, ALL, i))
        .with(x(3, 4, 5), idx(2, 0, 5)).with(x(3, 4, 5).strided(), idx(6, -5, 5)).done());
    t.add(row("x[i0, i1] (broadcast index arrays)", AdvancedSubtensor.class).dtypes(NUMERIC)
        .build(in -> in.get(0).get(in.get(1), in.get(2)))
        .ref(in -> Reference.get(in.get(0), in.get(1), in.get(2)))
        .with(x(4, 5), In.of(L, 3, 1).values(In.range(0, 4)).bcast(), idx(2, 0, 5))
        .with(x(4, 5).transposed(), idx(3, 0, 4), idx(3, -5, 5)).done());
    t.add(row("x[1:, idx] (slice then gather)", AdvancedSubtensor.class, Subtensor.class)
        .dtypes(NUMERIC)
        .build2((a, i) -> a.get(T.slice(1, null), i))
        .ref2((a, i) -> Reference.get(a, sl(1, null, null), i))
        .with(x(4, 5), idx(3, 0, 5)).with(x(4, 5).transposed(), idx(6, -5, 5)).done());
    t.add(row("x[idx, 2] (int with array)", AdvancedSubtensor.class).dtypes(NUMERIC)
        .build2((a, i) -> a.get(i, 2)).ref2((a, i) -> Reference.get(a, i, 2))
        .with(x(4, 5), idx(3, 0, 4)).with(x(4, 5, 2).reversed(), idx(5, -4, 4)).done());
    return t;
  }

  private static List<Row> incRows() {
    List<Row> t = new ArrayList<>();
    t.add(basicInc("set x[1:3] = y", true, new Object[] {sl(1, 3, null)},
        List.of(x(5, 6), x(2, 6)), List.of(x(5, 6).transposed(), x(1, 6).bcast()),
        List.of(x(5, 6).strided(), x())));
    t.add(basicInc("inc x[:, 0] += y", false, new Object[] {ALL, 0},
        List.of(x(5, 6), x(5)), List.of(x(5, 6).transposed(), x(5).strided()),
        List.of(x(5, 6, 2), x(5, 2).reversed())));
    t.add(basicInc("set x[::-2] = y", true, new Object[] {sl(null, null, -2)},
        List.of(x(5, 6), x()), List.of(x(5, 6).transposed(), x(3, 6))));
    t.add(basicInc("inc x[-2:, 1:] += y", false, new Object[] {sl(-2, null, null),
        sl(1, null, null)}, List.of(x(5, 6), x(1, 5).bcast()),
        List.of(x(5, 6).reversed(), x(2, 5).transposed())));
    t.add(basicInc("inc x[1, :, ::2] += y", false, new Object[] {1, ALL, sl(null, null, 2)},
        List.of(x(2, 3, 4), x(3, 2)), List.of(x(2, 3, 4).transposed(), x(2))));
    t.add(row("inc x[1][0:2] += y (through a view)", IncSubtensor.class).dtypes(NUMERIC)
        .build2((a, y) -> T.incSubtensor(a.get(1).get(T.slice(0, 2)), y))
        .ref2((a, y) -> Reference.setInc(a, y, false, 1, sl(0, 2, null)))
        .with(x(3, 4), x(2)).with(x(4, 3).transposed(), x()).done());
    t.add(row("set x[a:b] = y symbolic", IncSubtensor.class).dtypes(NUMERIC)
        .build(in -> T.setSubtensor(in.get(0).get(T.slice(in.get(2), in.get(3))), in.get(1)))
        .ref(in -> Reference.setInc(in.get(0), in.get(1), true,
            sl(i(in.get(2)), i(in.get(3)), null)))
        .with(x(6, 2), x(3, 2), scalar(1), scalar(4))
        .with(x(6, 2).transposed(), x(2), scalar(-2), scalar(100)).done());
    // Advanced: increments accumulate over repeated indices, sets keep the last write.
    for (boolean set : new boolean[] {false, true}) {
      String op = set ? "set x[idx] = y" : "inc x[idx] += y";
      t.add(row(op + " (duplicates)", AdvancedIncSubtensor.class).dtypes(NUMERIC)
          .build(in -> incOrSet(in.get(0).get(in.get(2)), in.get(1), set))
          .ref(in -> Reference.setInc(in.get(0), in.get(1), set, in.get(2)))
          .with(x(5, 3), x(6, 3), idx(6, 0, 3))
          .with(x(5, 3).transposed(), x(1, 3).bcast(), idx(4, -5, 5).strided())
          .with(x(5), x(8), idx(8, -2, 2))
          .with(x(5, 3), x(), In.of(L, 2, 2).values(In.range(0, 2))).done());
      t.add(row(op.replace("[idx]", "[:, idx]"), AdvancedIncSubtensor.class).dtypes(NUMERIC)
          .build(in -> incOrSet(in.get(0).get(T.ALL, in.get(2)), in.get(1), set))
          .ref(in -> Reference.setInc(in.get(0), in.get(1), set, ALL, in.get(2)))
          .with(x(3, 5), x(3, 4), idx(4, 0, 2)).with(x(3, 5).transposed(), x(4), idx(4, -5, 5))
          .done());
      t.add(row(op.replace("[idx]", "[i0, i1]"), AdvancedIncSubtensor.class).dtypes(NUMERIC)
          .build(in -> incOrSet(in.get(0).get(in.get(2), in.get(3)), in.get(1), set))
          .ref(in -> Reference.setInc(in.get(0), in.get(1), set, in.get(2), in.get(3)))
          .with(x(3, 4), x(5), idx(5, 0, 2), idx(5, 0, 2))
          .with(x(3, 4).transposed(), x(), In.of(L, 2, 1).values(In.range(0, 3)).bcast(),
              idx(3, 0, 4)).done());
    }
    t.add(row("inc x[arange(n), y] += -1 literal", AdvancedIncSubtensor.class, ARange.class)
        .dtypes(NUMERIC)
        .build2((a, y) -> T.incSubtensor(a.get(T.arange(a.shape(0)), y), -1))
        .ref2((a, y) -> Reference.setInc(a, RefArray.scalar(a.dtype(), -1), false,
            Reference.arange(0, a.dim(0), 1, L), y))
        .with(x(4, 5), In.of(DType.INT32, 4).values(In.range(0, 5)))
        .with(x(4, 5).transposed(), idx(4, 0, 5)).done());
    return t;
  }

  private static Row basicInc(String name, boolean set, Object[] spec, List<In>... variants) {
    return row(name, IncSubtensor.class).dtypes(NUMERIC)
        .build2((a, y) -> incOrSet(a.get(lib(spec)), y, set))
        .ref2((a, y) -> Reference.setInc(a, y, set, spec))
        .withEach(Arrays.asList(variants)).done();
  }

  private static Variable incOrSet(Variable sub, Variable y, boolean set) {
    return set ? T.setSubtensor(sub, y) : T.incSubtensor(sub, y);
  }

  private static In scalar(long v) {
    return In.of(L).values(In.fixed(v));
  }

  private static int i(RefArray a) {
    return (int) a.data()[0];
  }
}
