package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.theano4j.Theano;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * The JVM kernels put several images into one GEMM ({@code -Dtheano4j.conv.chunkElements}
 * bounds the column matrix); the op table's small batches fit in one chunk. Here chunks of
 * one image, of two (with a last chunk of one) and of all five images must all give
 * {@link ConvRows}' direct-loop reference, for the three ops, with groups, stride and padding.
 */
class ConvChunkingTest {
  private static final String PROPERTY = "theano4j.conv.chunkElements";

  @AfterEach
  void restore() {
    System.clearProperty(PROPERTY);
  }

  /** {@code imagesPerChunk} images of k · p = 2 · 3 · 3 · 4 · 4 = 288 elements each. */
  @ParameterizedTest(name = "{0} images per chunk")
  @ValueSource(ints = {1, 2, 5})
  void everyChunkingGivesTheReference(int imagesPerChunk) {
    System.setProperty(PROPERTY, Integer.toString(288 * imagesPerChunk));
    Conv2dOptions o = Conv2dOptions.defaults().numGroups(2).borderMode(1).subsample(2, 2);
    int[] xs = {5, 4, 8, 7};
    int[] ws = {6, 2, 3, 3};
    int[] ys = ConvRows.outShape(xs, ws, o);
    assertThat(ys).containsExactly(5, 6, 4, 4);
    for (DType dt : List.of(DType.FLOAT64, DType.FLOAT32)) {
      Random rnd = new Random(3);
      NDArray x = random(rnd, dt, xs);
      NDArray w = random(rnd, dt, ws);
      NDArray gy = random(rnd, dt, ys);
      Variable vx = T.tensor(dt, 4, "x");
      Variable vw = T.tensor(dt, 4, "w");
      Variable vgy = T.tensor(dt, 4, "gy");
      List<NDArray> got = Theano.function(List.of(vx, vw, vgy), List.of(T.conv2d(vx, vw, o),
          T.conv2dGradInputs(vgy, vw, xs, o), T.conv2dGradWeights(vx, vgy, ws, o))).build()
          .call(x, w, gy);
      RefArray rx = RefArray.of(x);
      RefArray rw = RefArray.of(w);
      RefArray rgy = RefArray.of(gy);
      List<RefArray> want = List.of(ConvRows.conv(rx, rw, o),
          ConvRows.gradInputs(rgy, rw, xs, o), ConvRows.gradWeights(rx, rgy, ws, o));
      double tol = dt == DType.FLOAT64 ? 1e-12 : 1e-4;
      for (int i = 0; i < 3; i++) {
        assertThat(got.get(i).shape()).isEqualTo(want.get(i).shape());
        double[] g = got.get(i).toDoubleArray();
        double[] r = want.get(i).data();
        for (int e = 0; e < r.length; e++) {
          assertThat(Math.abs(g[e] - r[e])).as("%s output %d element %d: %s vs %s", dt, i, e,
              g[e], r[e]).isLessThanOrEqualTo(tol * (1 + Math.abs(r[e])));
        }
      }
    }
  }

  private static NDArray random(Random rnd, DType dt, int[] shape) {
    NDArray a = NDArray.zeros(dt, shape);
    for (int i = 0; i < a.size(); i++) {
      a.setDouble(rnd.nextGaussian(), RefArray.unravel(i, shape));
    }
    return a;
  }
}
