package org.theano4j.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.printing.Printing;
import org.theano4j.tensor.T;

/**
 * The tied-weight gradient of a denoising autoencoder, {@code xᵀ·δh + (hᵀ·δz)ᵀ}, and the SGD
 * update of the weight with it: with {@code transpose-dot} the transposed product becomes the
 * Gemm's contiguous bias {@code δzᵀ·h}. The results equal those of the same optimised graph
 * without the rule bit for bit (the same products summed in the same order by OpenBLAS) and a
 * float64 evaluation without any rewriting to float32 rounding.
 */
class TransposeDotGemmTest {
  @Test
  void tiedWeightGradientHasNoTransposedProductAndTheSameBits() {
    Variable x = T.tensor(DType.FLOAT32, 2, "x");
    Variable h = T.tensor(DType.FLOAT32, 2, "h");
    Variable dh = T.tensor(DType.FLOAT32, 2, "dh");
    Variable dz = T.tensor(DType.FLOAT32, 2, "dz");
    Variable w = T.tensor(DType.FLOAT32, 2, "w");
    Variable g = T.dot(x.dimshuffle(1, 0), dh).add(T.dot(h.dimshuffle(1, 0), dz).dimshuffle(1, 0));
    Variable updated = w.sub(g.mul(T.constant(NDArray.scalar(0.1f))));
    List<Variable> in = List.of(x, h, dh, dz, w);
    Random r = new Random(5);
    int batch = 20;
    int visible = 45;
    int hidden = 33;
    Object[] args = {
      RewriteFixtures.random(DType.FLOAT32, new int[] {batch, visible}, r),
      RewriteFixtures.random(DType.FLOAT32, new int[] {batch, hidden}, r),
      RewriteFixtures.random(DType.FLOAT32, new int[] {batch, hidden}, r),
      RewriteFixtures.random(DType.FLOAT32, new int[] {batch, visible}, r),
      RewriteFixtures.random(DType.FLOAT32, new int[] {visible, hidden}, r)};
    Function with = RewriteFixtures.compile(Mode.FAST_RUN, in, List.of(updated));
    Function without = RewriteFixtures.compile(Mode.FAST_RUN, in, List.of(updated),
        "transpose-dot");
    String printed = Printing.debugPrint(with);
    // a transpose whose argument (the next line) is a product
    java.util.regex.Pattern transposedProduct =
        java.util.regex.Pattern.compile("DimShuffle\\{1,0\\} \\[id \\w+\\][^\\n]*\\n[ |]*Dot ");
    assertThat(printed).contains("Gemm");
    assertThat(transposedProduct.matcher(printed).find()).as(printed).isFalse();
    assertThat(transposedProduct.matcher(Printing.debugPrint(without)).find()).isTrue();
    NDArray a = with.call(args).get(0);
    NDArray b = without.call(args).get(0);
    assertThat(a.shape()).containsExactly(visible, hidden);
    for (int i = 0; i < a.size(); i++) {
      assertThat(Float.floatToRawIntBits((float) a.getDouble(i / hidden, i % hidden)))
          .as("element %d", i)
          .isEqualTo(Float.floatToRawIntBits((float) b.getDouble(i / hidden, i % hidden)));
    }
    // against float64 arithmetic without rewriting
    NDArray x64 = ((NDArray) args[0]).astype(DType.FLOAT64);
    NDArray h64 = ((NDArray) args[1]).astype(DType.FLOAT64);
    NDArray dh64 = ((NDArray) args[2]).astype(DType.FLOAT64);
    NDArray dz64 = ((NDArray) args[3]).astype(DType.FLOAT64);
    NDArray w64 = ((NDArray) args[4]).astype(DType.FLOAT64);
    for (int i = 0; i < visible; i++) {
      for (int j = 0; j < hidden; j++) {
        double s = 0;
        for (int k = 0; k < batch; k++) {
          s += x64.getDouble(k, i) * dh64.getDouble(k, j) + h64.getDouble(k, j) * dz64.getDouble(k, i);
        }
        double want = w64.getDouble(i, j) - 0.1 * s;
        assertThat(a.getDouble(i, j)).as("(%d, %d)", i, j).isCloseTo(want,
            org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(want))));
      }
    }
  }
}
