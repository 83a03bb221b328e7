package org.theano4j.tutorial.mnist.io;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import org.theano4j.ndarray.NDArray;

/**
 * Draws the columns of a {@code [784, 10]} weight matrix as ten 28x28 pictures titled with
 * their class digit: positive weights red, negative blue, zero white, on a symmetric scale.
 */
public final class WeightsPng {
  /** How the colour scale is chosen. */
  public enum Scale {
    /** Each picture scaled by the largest absolute weight of its own column. */
    PER_IMAGE,
    /** All pictures scaled by the largest absolute weight of the whole matrix. */
    GLOBAL
  }

  private WeightsPng() {}

  /**
   * The ten (or however many columns) pictures, {@code columns} per row, each enlarged
   * {@code scale} times under an 18-pixel title band.
   *
   * @param w weights of shape {@code [784, k]}, any float or integer dtype
   */
  public static BufferedImage render(NDArray w, Scale mode, int columns, int scale) {
    int[] shape = w.shape();
    if (shape.length != 2 || shape[0] != Pictures.PIXELS) {
      throw new IllegalArgumentException("expected weights of shape [784, k], got "
          + Arrays.toString(shape));
    }
    int k = shape[1];
    double[] flat = w.toDoubleArray(); // row-major [784, k]
    double[] maxAbs = new double[k];
    for (int p = 0; p < Pictures.PIXELS; p++) {
      for (int c = 0; c < k; c++) {
        maxAbs[c] = Math.max(maxAbs[c], Math.abs(flat[p * k + c]));
      }
    }
    if (mode == Scale.GLOBAL) {
      double m = Arrays.stream(maxAbs).max().orElse(0);
      Arrays.fill(maxAbs, m);
    }
    int tile = Pictures.SIDE * scale;
    int cellHeight = tile + Pictures.TITLE_HEIGHT;
    int gridRows = (k + columns - 1) / columns;
    BufferedImage img = Pictures.canvas(columns * tile, gridRows * cellHeight, Color.WHITE);
    Graphics2D g = img.createGraphics();
    try {
      for (int c = 0; c < k; c++) {
        int x = (c % columns) * tile;
        int y = (c / columns) * cellHeight;
        Pictures.drawTitle(g, String.valueOf(c), x, y, tile, Color.BLACK);
        for (int p = 0; p < Pictures.PIXELS; p++) {
          double t = maxAbs[c] == 0 ? 0 : flat[p * k + c] / maxAbs[c];
          Pictures.fill(img, x + (p % Pictures.SIDE) * scale,
              y + Pictures.TITLE_HEIGHT + (p / Pictures.SIDE) * scale, scale, colour(t));
        }
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  /**
   * The colour of a weight scaled to {@code t} in [-1, 1]: white at 0, pure red at 1, pure
   * blue at -1, linear in between.
   */
  public static int colour(double t) {
    double a = Math.max(-1, Math.min(1, t));
    int fade = (int) Math.round(255 * (1 - Math.abs(a)));
    return a >= 0 ? (255 << 16) | (fade << 8) | fade : (fade << 16) | (fade << 8) | 255;
  }

  /** Writes the pictures five per row at three times the size as a PNG file. */
  public static void write(Path path, NDArray w, Scale mode) {
    Pictures.save(render(w, mode, 5, 3), path);
  }
}
