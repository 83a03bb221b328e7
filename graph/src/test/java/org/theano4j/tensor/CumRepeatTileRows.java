package org.theano4j.tensor;

import static org.theano4j.tensor.ErrorCase.error;
import static org.theano4j.tensor.GradCase.of;
import static org.theano4j.tensor.GradCase.s;
import static org.theano4j.tensor.In.x;
import static org.theano4j.tensor.Row.FIXED;
import static org.theano4j.tensor.Row.row;
import static org.theano4j.tensor.TypeCase.type;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/**
 * Op-table rows for {@code cumsum}, {@code cumprod}, {@code repeat} and {@code tile}, each
 * against a direct float64 loop over the output's elements written from NumPy's definition.
 */
final class CumRepeatTileRows implements RowFamily {
  private static final List<DType> WITH_BOOL = List.of(DType.FLOAT32, DType.FLOAT64,
      DType.INT32, DType.INT64, DType.INT8, DType.BOOL);

  @Override
  public List<Row> rows() {
    List<Row> t = new ArrayList<>();
    In.Values factors = In.dual(r -> 0.6 + 0.8 * r.nextDouble(), In.SMALL_INT);
    In.Values withZeros = In.dual(r -> r.nextInt(4) == 0 ? 0 : 0.5 + r.nextDouble(),
        In.SMALL_INT);
    for (boolean product : new boolean[] {false, true}) {
      String n = product ? "cumprod" : "cumsum";
      In.Values v = product ? factors : In.NORMAL;
      for (int axis : new int[] {0, 1, -1, 2}) {
        t.add(row(n + " axis=" + axis, CumOp.class).dtypes(WITH_BOOL)
            .build1(a -> product ? T.cumprod(a, axis) : T.cumsum(a, axis))
            .ref1(a -> cumulative(a, axis < 0 ? axis + a.ndim() : axis, product))
            .with(x(2, 3, 4).values(v)).with(x(2, 3, 4).values(v).transposed())
            .with(x(2, 3, 4).values(v).strided()).with(x(3, 4, 2).values(v).reversed())
            .with(x(2, 0, 3)).done());
      }
      t.add(row(n + " flattened", CumOp.class, Reshape.class).dtypes(WITH_BOOL)
          .build1(a -> product ? T.cumprod(a) : T.cumsum(a))
          .ref1(a -> cumulative(flat(a), 0, product))
          .with(x(2, 3).values(v)).with(x(3, 2).values(v).transposed()).with(x().values(v))
          .done());
    }
    t.add(row("cumprod with zeros (fluent)", CumOp.class).dtypes(Row.FLOATS)
        .build1(a -> a.cumprod(1)).ref1(a -> cumulative(a, 1, true))
        .with(x(3, 6).values(withZeros)).with(x(6, 3).values(withZeros).transposed()).done());
    t.add(row("cumsum (fluent)", CumOp.class).dtypes(Row.FLOATS)
        .build1(a -> a.cumsum(0)).ref1(a -> cumulative(a, 0, false))
        .with(x(5)).with(x(4, 2).strided()).done());
    repeatRows(t);
    tileRows(t);
    return t;
  }

  /**
   * The gradients, at several axes and shapes (broadcastable ones included); cumprod's also
   * with inputs that are exactly zero (see {@link GradCase#zeroMask}).
   */
  @Override
  public List<GradCase> gradChecks() {
    List<GradCase> c = new ArrayList<>();
    c.add(of("cumsum", v -> T.cumsum(v.get(0), 1)).shapes(s(3, 4)).shapes(s(2, 3, 2)));
    c.add(of("cumsum_flat", v -> T.cumsum(v.get(0))).shapes(s(2, 3)));
    c.add(of("cumprod", v -> v.get(0).cumprod(-1)).range(0.5, 1.5, true).shapes(s(3, 4))
        .shapes(s(5)));
    c.add(of("cumprod_axis0", v -> T.cumprod(v.get(0), 0)).range(0.5, 1.5, true)
        .shapes(s(4, 3)));
    // Row 0 without zeros, row 1 with one zero, row 2 with two: the partials of the other
    // elements must see the zeros.
    c.add(of("cumprod_with_zeros", v -> T.cumprod(T.mul(v.get(0), GradCase.zeroMask()), 1))
        .range(0.5, 1.5, true).shapes(s(3, 4)));
    c.add(of("repeat", v -> T.repeat(v.get(0), 3, 1)).shapes(s(2, 3)).shapes(s(2, 1)));
    c.add(of("repeat_vector", v -> v.get(0).repeat(new int[] {2, 0, 3}, 0))
        .shapes(s(3, 2)).shapes(s(3)));
    c.add(of("repeat_flat", v -> T.repeat(v.get(0), 2)).shapes(s(2, 2)));
    c.add(of("tile", v -> T.tile(v.get(0), 2, 3)).shapes(s(2, 3)).shapes(s(3))
        .shapes(s(1, 2)));
    c.add(of("tile_rank3", v -> T.tile(v.get(0), 2, 1, 2)).shapes(s(2, 2)));
    return c;
  }

  /**
   * Bad arguments the types tell when the node is built, with what was expected (the factories'
   * own argument checks, before any node, and the call-time checks are in
   * {@code CumRepeatTileErrorsTest}).
   */
  @Override
  public List<ErrorCase> errors() {
    Supplier<Variable> known = () -> T.tensor(DType.FLOAT64, new int[] {2, 3}, "x");
    return List.of(
        error("a CumOp node of a bad axis", () -> T.node(new CumOp(false, 1), T.dvector("x")))
            .says("cumsum: axis 1 is out of range for rank 1")
            .inputs("'x' TensorType(float64, (?,))"),
        error("float vector repeats", () -> T.repeat(T.dvector("x"), T.dvector("r"), 0))
            .says("repeats must be an integer scalar or vector, got"),
        error("matrix repeats", () -> T.repeat(T.dvector("x"), T.lmatrix("r"), 0))
            .says("repeats must be an integer scalar or vector, got"),
        error("negative repeats, known shape", () -> T.repeat(known.get(), -1, 1))
            .says("repeat: repeats must be non-negative, got -1"),
        error("too few repeats, known shape", () -> T.repeat(known.get(), new int[] {1, 2}, 1))
            .says("repeat: 2 repeats for 3 elements along axis 1"),
        error("a Tile node of too few counts", () -> T.node(new Tile(List.of(2)), T.dmatrix("x")))
            .says("tile: 1 repetitions for an input of rank 2"));
  }

  /** Static shapes and dtypes the ops infer. */
  @Override
  public List<TypeCase> types() {
    Supplier<Variable> known = () -> T.tensor(DType.FLOAT64, new int[] {2, 3}, "x");
    return List.of(
        type("repeat of counts, known shape",
            () -> T.repeat(known.get(), new int[] {1, 0, 4}, 1), DType.FLOAT64, 2, 5),
        type("repeat of a count, known shape", () -> T.repeat(known.get(), 3, 0),
            DType.FLOAT64, 6, 3),
        type("tile adding a dim", () -> T.tile(known.get(), 2, 1, 3), DType.FLOAT64, 2, 2, 9),
        type("cumprod of int8", () -> T.cumprod(T.bvector("b"), 0), DType.INT64, -1),
        type("cumsum of float32", () -> T.cumsum(T.fmatrix("f"), 1), DType.FLOAT32, -1, -1));
  }

  private static void repeatRows(List<Row> t) {
    for (int axis : new int[] {0, 1, -1}) {
      t.add(row("repeat 3 axis=" + axis, Repeat.class).dtypes(WITH_BOOL)
          .build1(a -> T.repeat(a, 3, axis))
          .ref1(a -> repeat(a, new long[] {3}, axis < 0 ? axis + a.ndim() : axis))
          .with(x(2, 3)).with(x(3, 2).transposed()).with(x(2, 3, 2).strided())
          .with(x(2, 3).known()).with(x(0, 2)).done());
    }
    t.add(row("repeat [2, 0, 1] axis=1", Repeat.class).dtypes(WITH_BOOL)
        .build1(a -> a.repeat(new int[] {2, 0, 1}, 1))
        .ref1(a -> repeat(a, new long[] {2, 0, 1}, 1))
        .with(x(2, 3)).with(x(3, 3).transposed()).with(x(4, 3).reversed())
        .with(x(2, 3).known()).done());
    t.add(row("repeat 0 times", Repeat.class).dtypes(WITH_BOOL)
        .build1(a -> T.repeat(a, 0, 0)).ref1(a -> repeat(a, new long[] {0}, 0))
        .with(x(3, 2)).done());
    t.add(row("repeat flattened", Repeat.class, Reshape.class).dtypes(WITH_BOOL)
        .build1(a -> T.repeat(a, 2)).ref1(a -> repeat(flat(a), new long[] {2}, 0))
        .with(x(2, 3)).with(x(3, 2).transposed()).done());
    for (DType rt : new DType[] {DType.INT64, DType.INT32, DType.INT8}) {
      t.add(row("repeat by a symbolic " + rt + " vector", Repeat.class).dtypes(FIXED)
          .build2((a, r) -> T.repeat(a, r, 0))
          .ref2((a, r) -> repeat(a, longs(r), 0))
          .with(x(4, 2), In.of(rt, 4).values(In.range(0, 4)))
          .with(x(3, 2).transposed(), In.of(rt, 3).values(In.range(0, 3)).strided())
          .with(x(3), In.of(rt, 1).values(In.range(0, 4))).done());
    }
    t.add(row("repeat by a symbolic scalar", Repeat.class).dtypes(FIXED)
        .build2((a, r) -> T.repeat(a, r, -1))
        .ref2((a, r) -> repeat(a, longs(r), a.ndim() - 1))
        .with(x(2, 3), In.of(DType.INT64).values(In.range(0, 4)))
        .with(x(3, 2).transposed(), In.of(DType.INT32).values(In.range(0, 4))).done());
  }

  private static void tileRows(List<Row> t) {
    int[][] reps = {{2, 3}, {3}, {2, 1, 2}, {1, 0}, {3, 1}};
    for (int[] r : reps) {
      t.add(row("tile " + Arrays.toString(r), Tile.class).dtypes(WITH_BOOL)
          .build1(a -> T.tile(a, r)).ref1(a -> tile(a, r))
          .with(x(2, 3)).with(x(3, 2).transposed()).with(x(2, 3).strided())
          .with(x(3, 2).known()).with(x(1, 3).bcast()).done());
    }
    t.add(row("tile of a vector [2, 2]", Tile.class, DimShuffle.class).dtypes(WITH_BOOL)
        .build1(a -> T.tile(a, 2, 2)).ref1(a -> tile(a, new int[] {2, 2}))
        .with(x(3)).with(x(4).reversed()).done());
    t.add(row("tile of a rank-3 tensor [2]", Tile.class).dtypes(WITH_BOOL)
        .build1(a -> T.tile(a, 2)).ref1(a -> tile(a, new int[] {2}))
        .with(x(2, 2, 3)).with(x(3, 2, 2).transposed()).done());
  }

  private static long[] longs(RefArray r) {
    return Arrays.stream(r.data()).mapToLong(d -> (long) d).toArray();
  }

  private static RefArray flat(RefArray a) {
    return new RefArray(a.dtype(), new int[] {a.size()}, a.data());
  }

  /** {@code out[..., i, ...] = x[..., 0, ...] op ... op x[..., i, ...]}, as a direct loop. */
  static RefArray cumulative(RefArray x, int axis, boolean product) {
    DType out = Reference.isFloat(x.dtype()) ? x.dtype() : DType.INT64;
    double[] data = new double[x.size()];
    for (int k = 0; k < data.length; k++) {
      int[] idx = RefArray.unravel(k, x.shape());
      int[] at = idx.clone();
      double acc = product ? 1 : 0;
      for (int i = 0; i <= idx[axis]; i++) {
        at[axis] = i;
        acc = product ? acc * x.at(at) : acc + x.at(at);
      }
      data[k] = Reference.convert(acc, out);
    }
    return new RefArray(out, x.shape(), data);
  }

  /**
   * Each element along {@code axis} repeated {@code reps[i]} times ({@code reps[0]} for all
   * when it has one entry), written out copy by copy.
   */
  static RefArray repeat(RefArray x, long[] reps, int axis) {
    int n = x.dim(axis);
    List<Integer> source = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (long c = 0; c < reps[reps.length == 1 ? 0 : i]; c++) {
        source.add(i);
      }
    }
    int[] shape = x.shape();
    shape[axis] = source.size();
    double[] data = new double[RefArray.size(shape)];
    for (int k = 0; k < data.length; k++) {
      int[] idx = RefArray.unravel(k, shape);
      idx[axis] = source.get(idx[axis]);
      data[k] = x.at(idx);
    }
    return new RefArray(x.dtype(), shape, data);
  }

  /** NumPy's tile: the shorter of shape and reps padded with leading 1s, then {@code c mod}. */
  static RefArray tile(RefArray x, int[] reps) {
    int nd = Math.max(x.ndim(), reps.length);
    int[] in = new int[nd];
    int[] r = new int[nd];
    Arrays.fill(in, 1);
    Arrays.fill(r, 1);
    System.arraycopy(x.shape(), 0, in, nd - x.ndim(), x.ndim());
    System.arraycopy(reps, 0, r, nd - reps.length, reps.length);
    RefArray padded = new RefArray(x.dtype(), in, x.data());
    int[] shape = new int[nd];
    for (int d = 0; d < nd; d++) {
      shape[d] = in[d] * r[d];
    }
    double[] data = new double[RefArray.size(shape)];
    for (int k = 0; k < data.length; k++) {
      int[] idx = RefArray.unravel(k, shape);
      for (int d = 0; d < nd; d++) {
        idx[d] %= in[d];
      }
      data[k] = padded.at(idx);
    }
    return new RefArray(x.dtype(), shape, data);
  }
}
