package org.theano4j.tensor;

import static org.theano4j.tensor.Row.FIXED;
import static org.theano4j.tensor.Row.row;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * Op-table rows for {@link RandomDraw}: the state is an input (key and counter, negative ones
 * included, so both halves of each word are exercised); the reference spells each element's
 * documented formula on the Philox words ({@link Philox}, itself checked against Random123's
 * known answers in {@code PhiloxTest}).
 */
final class RandomRows implements RowFamily {

  private static final In STATE = In.of(DType.INT64, 2).values(In.range(-1_000_000, 1_000_000));

  @Override
  public List<Row> rows() {
    List<Row> t = new ArrayList<>();
    for (DType d : List.of(DType.FLOAT32, DType.FLOAT64)) {
      t.add(row("random uniform " + d, RandomDraw.class).dtypes(FIXED)
          .build1(s -> draw(new RandomDraw(RandomDraw.Distribution.UNIFORM, d, -2, 3), s, 3, 4))
          .ref1(s -> ref(s, d, new int[] {3, 4}, w -> {
            double u = d == DType.FLOAT32 ? (w[0] >>> 8) / 16777216.0
                : ((w[0] >>> 5) * 67108864.0 + (w[1] >>> 6)) / 9007199254740992.0;
            return -2 + 5 * u;
          })).with(STATE).done());
      t.add(row("random normal " + d, RandomDraw.class).dtypes(FIXED)
          .build1(s -> draw(new RandomDraw(RandomDraw.Distribution.NORMAL, d, 1, 0.5), s, 5))
          .ref1(s -> ref(s, d, new int[] {5}, w -> {
            double u1 = ((w[0] >>> 5) * 67108864.0 + (w[1] >>> 6)) / 9007199254740992.0;
            double u2 = ((w[2] >>> 5) * 67108864.0 + (w[3] >>> 6)) / 9007199254740992.0;
            return 1 + 0.5 * StrictMath.sqrt(-2 * StrictMath.log(1 - u1))
                * StrictMath.cos(2 * Math.PI * u2);
          })).with(STATE).done());
    }
    t.add(row("random bits", RandomDraw.class).dtypes(FIXED)
        .build1(s -> draw(new RandomDraw(RandomDraw.Distribution.BITS, DType.INT64, 0, 0), s, 2,
            3, 2))
        .ref1(s -> ref(s, DType.INT64, new int[] {2, 3, 2},
            w -> (double) ((((long) w[1] << 32) | (w[0] & 0xFFFFFFFFL)) >>> 1)))
        .with(STATE).done());
    t.add(row("random uniform of a symbolic size", RandomDraw.class).dtypes(FIXED)
        .build(in -> Apply.make(new RandomDraw(RandomDraw.Distribution.UNIFORM, DType.FLOAT64,
            0, 1), List.of(in.get(0), in.get(1), T.constant(NDArray.scalar(2L)))).output(0))
        .ref(in -> ref(in.get(0), DType.FLOAT64, new int[] {(int) in.get(1).data()[0], 2},
            w -> ((w[0] >>> 5) * 67108864.0 + (w[1] >>> 6)) / 9007199254740992.0))
        .with(STATE, In.of(DType.INT64).values(In.fixed(3)))
        .with(STATE, In.of(DType.INT32).values(In.fixed(0))).done());
    return t;
  }

  private static Variable draw(RandomDraw op, Variable state, long... dims) {
    List<Variable> ins = new ArrayList<>();
    ins.add(state);
    for (long d : dims) {
      ins.add(T.constant(NDArray.scalar(d)));
    }
    return Apply.make(op, ins).output(0);
  }

  private interface Element {
    double of(int[] words);
  }

  /** Element j from the block at counter (j, 0, counter) under the key, rounded to dtype. */
  private static RefArray ref(RefArray state, DType dtype, int[] shape, Element e) {
    long key = (long) state.data()[0];
    long counter = (long) state.data()[1];
    RefArray out = RefArray.zeros(dtype, shape);
    for (int j = 0; j < out.data().length; j++) {
      int[] w = Philox.block(j, 0, (int) counter, (int) (counter >> 32), (int) key,
          (int) (key >> 32));
      out.data()[j] = dtype.isFloat() ? dtype.round(e.of(w)) : e.of(w);
    }
    return out;
  }
}
