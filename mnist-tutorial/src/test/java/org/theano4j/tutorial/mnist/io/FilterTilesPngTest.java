package org.theano4j.tutorial.mnist.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.ndarray.NDArray;

/** The filter tiles follow utils.tile_raster_images, pixel for pixel. */
class FilterTilesPngTest {
  @Test
  void eachTileIsScaledToItsOwnRangeWithBlackSpacing(@TempDir Path dir) throws Exception {
    // filter 0: p / 783 (0 .. 1); filter 1: 5 - 2p (a reversed ramp); filter 2: constant 3
    float[] w = new float[784 * 3];
    for (int p = 0; p < 784; p++) {
      w[p * 3] = p / 783f;
      w[p * 3 + 1] = 5 - 2 * p;
      w[p * 3 + 2] = 3;
    }
    Path file = dir.resolve("tiles.png");
    FilterTilesPng.write(file, NDArray.of(w, 784, 3));
    BufferedImage img = ImageIO.read(file.toFile());
    assertThat(img.getWidth()).isEqualTo(289);
    assertThat(img.getHeight()).isEqualTo(289);
    for (int p = 0; p < 784; p++) {
      int r = p / 28;
      int c = p % 28;
      // tile_raster_images: (x - min) * (1 / (max(x - min) + 1e-8)) * 255, truncated
      int ramp = (int) ((double) (p / 783f) * (1 / (1.0 + 1e-8)) * 255);
      int reversed = (int) ((5 - 2 * p - (5 - 2 * 783.0)) * (1 / (2 * 783.0 + 1e-8)) * 255);
      assertThat(grey(img, c, r)).as("filter 0 pixel %d", p).isEqualTo(ramp);
      assertThat(grey(img, 29 + c, r)).as("filter 1 pixel %d", p).isEqualTo(reversed);
      assertThat(grey(img, 58 + c, r)).as("constant filter pixel %d", p).isZero();
      assertThat(grey(img, 87 + c, 29 + r)).as("no filter: black").isZero();
    }
    assertThat(grey(img, 0, 0)).isZero();
    assertThat(grey(img, 27, 27)).isEqualTo(254); // 1 / (1 + 1e-8) * 255 truncates to 254
    for (int y = 0; y < 289; y++) {
      assertThat(grey(img, 28, y)).as("spacing column").isZero();
    }
  }

  @Test
  void refusesAnotherShape() {
    assertThatThrownBy(() -> FilterTilesPng.render(NDArray.of(new float[10], 10, 1), 10, 10))
        .hasMessage("expected weights of shape [784, k], got [10, 1]");
  }

  private static int grey(BufferedImage img, int x, int y) {
    return img.getRaster().getSample(x, y, 0);
  }
}
