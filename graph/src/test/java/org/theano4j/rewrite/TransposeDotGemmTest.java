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
 * Gemm's contiguous bias {@code δzᵀ·h}. The results of the graph with the rule and of the same
 * optimised graph without it are both within the float32 error bound of a float64 evaluation
 * without any rewriting: {@code (k + 4)·2⁻²⁴} times the sum of the magnitudes of the terms, for
 * a sum of {@code k} products (here 2 × 20). (They were bit for bit the same on the Zen 4 machine the rule
 * was written on; on a Zen 5 machine OpenBLAS's kernels for the transposed and the plain
 * product, and for a Gemm's bias against a separate sum, round some elements differently:
 * element 149 by 16 float32 ulps of its value, where the sum cancels.)
 */
class TransposeDotGemmTest {
  @Test
  void tiedWeightGradientHasNoTransposedProductAndStaysWithinTheErrorBound() {
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
    // against float64 arithmetic without rewriting
    NDArray x64 = ((NDArray) args[0]).astype(DType.FLOAT64);
    NDArray h64 = ((NDArray) args[1]).astype(DType.FLOAT64);
    NDArray dh64 = ((NDArray) args[2]).astype(DType.FLOAT64);
    NDArray dz64 = ((NDArray) args[3]).astype(DType.FLOAT64);
    NDArray w64 = ((NDArray) args[4]).astype(DType.FLOAT64);
    for (int i = 0; i < visible; i++) {
      for (int j = 0; j < hidden; j++) {
        double s = 0;
        double magnitude = 0;
        for (int k = 0; k < batch; k++) {
          double p = x64.getDouble(k, i) * dh64.getDouble(k, j);
          double q = h64.getDouble(k, j) * dz64.getDouble(k, i);
          s += p + q;
          magnitude += Math.abs(p) + Math.abs(q);
        }
        double want = w64.getDouble(i, j) - 0.1 * s;
        double bound = (2 * batch + 4) * 0x1p-24 * (Math.abs(w64.getDouble(i, j)) + 0.1 * magnitude);
        assertThat(a.getDouble(i, j)).as("with the rule (%d, %d)", i, j).isCloseTo(want,
            org.assertj.core.data.Offset.offset(bound));
        assertThat(b.getDouble(i, j)).as("without it (%d, %d)", i, j).isCloseTo(want,
            org.assertj.core.data.Offset.offset(bound));
      }
    }
  }
}
