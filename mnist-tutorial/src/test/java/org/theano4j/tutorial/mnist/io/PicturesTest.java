package org.theano4j.tutorial.mnist.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.ndarray.NDArray;

class PicturesTest {
  @TempDir Path dir;

  /** {@code n} images; image i is blank except a bright top-left pixel when i is even. */
  static NDArray images(int n) {
    float[] x = new float[n * 784];
    for (int i = 0; i < n; i += 2) {
      x[i * 784] = 1f;
    }
    return NDArray.of(x, n, 784);
  }

  static int red(int rgb) {
    return rgb >> 16 & 0xff;
  }

  static int green(int rgb) {
    return rgb >> 8 & 0xff;
  }

  static int blue(int rgb) {
    return rgb & 0xff;
  }

  @Test
  void sampleGridIs560By560WithWhiteInkOnBlack() throws Exception {
    Path p = dir.resolve("sample.png");
    DigitGridPng.writeSample(p, images(120));
    BufferedImage img = ImageIO.read(p.toFile());
    assertThat(img.getWidth()).isEqualTo(560);
    assertThat(img.getHeight()).isEqualTo(560);
    assertThat(img.getRGB(0, 0) & 0xffffff).isEqualTo(0xffffff); // image 0, pixel (0,0), 2x2
    assertThat(img.getRGB(1, 1) & 0xffffff).isEqualTo(0xffffff);
    assertThat(img.getRGB(2, 2) & 0xffffff).isZero();
    assertThat(img.getRGB(56, 0) & 0xffffff).isZero(); // image 1 is blank
    assertThat(img.getRGB(112, 0) & 0xffffff).isEqualTo(0xffffff); // image 2
    assertThat(img.getRGB(0, 56) & 0xffffff).isEqualTo(0xffffff); // image 10, second row
  }

  @Test
  void predictionGridHasTitlesAndRedForWrongPredictions() throws Exception {
    int[] predicted = new int[25];
    int[] labels = new int[25];
    labels[1] = 3; // prediction 0 for image 1 is wrong
    Path p = dir.resolve("predicted.png");
    PredictionGridPng.write(p, images(25), predicted, labels);
    BufferedImage img = ImageIO.read(p.toFile());
    assertThat(img.getWidth()).isEqualTo(5 * 84);
    assertThat(img.getHeight()).isEqualTo(5 * (84 + 18));
    // the digit of image 0 starts below the 18-pixel title band, 3x3 per source pixel
    assertThat(img.getRGB(0, 18) & 0xffffff).isEqualTo(0xffffff);
    assertThat(img.getRGB(3, 18) & 0xffffff).isZero();
    // title band of cell 0 has dark (black) text, of cell 1 red text
    assertThat(countPixels(img, 0, 0, 84, 18, c -> red(c) < 100 && green(c) < 100))
        .isPositive();
    assertThat(countPixels(img, 84, 0, 84, 18,
        c -> red(c) > 150 && green(c) < 100 && blue(c) < 100)).isPositive();
    assertThat(countPixels(img, 0, 0, 84, 18,
        c -> red(c) > 150 && green(c) < 100 && blue(c) < 100)).isZero();
  }

  interface ColourTest {
    boolean test(int rgb);
  }

  static int countPixels(BufferedImage img, int x, int y, int w, int h, ColourTest t) {
    int n = 0;
    for (int yy = y; yy < y + h; yy++) {
      for (int xx = x; xx < x + w; xx++) {
        if (t.test(img.getRGB(xx, yy) & 0xffffff)) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void weightsArePositiveRedNegativeBlueZeroWhite() throws Exception {
    float[] w = new float[784 * 10];
    w[0 * 10 + 0] = 2f; // pixel 0 of class 0: the largest positive
    w[1 * 10 + 0] = -1f; // pixel 1 of class 0: half as large, negative
    w[0 * 10 + 3] = -0.5f; // pixel 0 of class 3: its column's only weight
    Path p = dir.resolve("weights.png");
    WeightsPng.write(p, NDArray.of(w, 784, 10), WeightsPng.Scale.PER_IMAGE);
    BufferedImage img = ImageIO.read(p.toFile());
    assertThat(img.getWidth()).isEqualTo(5 * 84);
    assertThat(img.getHeight()).isEqualTo(2 * (84 + 18));
    int pos = img.getRGB(1, 19) & 0xffffff;
    assertThat(pos).isEqualTo(0xff0000);
    int neg = img.getRGB(4, 19) & 0xffffff; // pixel 1 -> x 3..5
    assertThat(blue(neg)).isEqualTo(255);
    assertThat(red(neg)).isBetween(120, 135); // half intensity
    assertThat(img.getRGB(7, 19) & 0xffffff).isEqualTo(0xffffff); // zero weight
    assertThat(img.getRGB(3 * 84 + 1, 19) & 0xffffff).isEqualTo(0x0000ff); // per-image scale

    BufferedImage global = WeightsPng.render(NDArray.of(w, 784, 10), WeightsPng.Scale.GLOBAL, 5,
        3);
    int g3 = global.getRGB(3 * 84 + 1, 19) & 0xffffff; // -0.5 of global max 2 -> light blue
    assertThat(blue(g3)).isEqualTo(255);
    assertThat(red(g3)).isBetween(185, 195);
    // the title band holds the class digit
    assertThat(countPixels(img, 0, 0, 84, 18, c -> red(c) < 100)).isPositive();
  }

  @Test
  void colourScaleEnds() {
    assertThat(WeightsPng.colour(1)).isEqualTo(0xff0000);
    assertThat(WeightsPng.colour(-1)).isEqualTo(0x0000ff);
    assertThat(WeightsPng.colour(0)).isEqualTo(0xffffff);
    assertThat(WeightsPng.colour(7)).isEqualTo(0xff0000);
  }

  @Test
  void learningCurveAndCsvLog() throws Exception {
    List<EpochStats> history = new ArrayList<>();
    history.add(new EpochStats(1, 100, 12.5, 13.0, 0.5));
    history.add(new EpochStats(2, 200, 10.25, Double.NaN, 1.0));
    history.add(new EpochStats(3, 300, 9.0, 9.5, 1.5));
    Path png = dir.resolve("out/learning_curve.png");
    LearningCurvePng.write(png, history, "logistic regression, mini MNIST");
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(800);
    assertThat(img.getHeight()).isEqualTo(500);
    assertThat(Files.exists(dir.resolve("out/learning_curve.png.png"))).isFalse();

    Path csv = dir.resolve("out/training_log.csv");
    try (TrainingLogCsv log = TrainingLogCsv.create(csv)) {
      history.forEach(log::log);
    }
    assertThat(Files.readAllLines(csv)).containsExactly(
        "epoch,iteration,validation_error_pct,test_error_pct,elapsed_s,since_jvm_start_s",
        "1,100,12.5000,13.0000,0.500,",
        "2,200,10.2500,,1.000,",
        "3,300,9.0000,9.5000,1.500,");
  }
}
