package org.theano4j.tutorial.mnist.io;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.theano4j.ndarray.NDArray;

/**
 * Draws MNIST digits as a grid picture, white ink on black as in the data, e.g. the tutorial's
 * {@code sample.png} of the first 100 training digits.
 */
public final class DigitGridPng {
  private DigitGridPng() {}

  /**
   * A grid of the first {@code count} images, {@code columns} per row, each 28x28 pixels
   * enlarged {@code scale} times: {@code columns*28*scale} wide and
   * {@code ceil(count/columns)*28*scale} high.
   *
   * @param images float {@code [n, 784]} in [0, 1], or uint8 {@code [n, 784]}
   */
  public static BufferedImage render(NDArray images, int count, int columns, int scale) {
    if (columns <= 0 || scale <= 0 || count <= 0) {
      throw new IllegalArgumentException("count, columns and scale must be positive");
    }
    float[][] rows = Pictures.rows(images, count);
    int tile = Pictures.SIDE * scale;
    int gridRows = (count + columns - 1) / columns;
    BufferedImage img = Pictures.canvas(columns * tile, gridRows * tile, Color.BLACK);
    for (int i = 0; i < count; i++) {
      Pictures.drawDigit(img, rows[i], (i % columns) * tile, (i / columns) * tile, scale);
    }
    return img;
  }

  /** Writes {@link #render} as a PNG file. */
  public static void write(Path path, NDArray images, int count, int columns, int scale) {
    Pictures.save(render(images, count, columns, scale), path);
  }

  /** Writes the first 100 images as a 10x10 grid at twice the size (560x560), as {@code sample.png}. */
  public static void writeSample(Path path, NDArray images) {
    write(path, images, Math.min(100, images.shape(0)), 10, 2);
  }
}
