package org.theano4j.tutorial.mnist.io;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.theano4j.ndarray.NDArray;

/**
 * Draws digits with the model's predicted label as a title above each: black when right (or
 * when the true label is not given), red with the true label in brackets when wrong.
 */
public final class PredictionGridPng {
  /** Colour of the title of a wrong prediction. */
  public static final Color WRONG = new Color(200, 0, 0);

  private PredictionGridPng() {}

  /**
   * A grid of the first {@code count} images, {@code columns} per row, each enlarged
   * {@code scale} times under a title band of 18 pixels: {@code columns*28*scale} wide and
   * {@code rows*(28*scale+18)} high.
   *
   * @param predicted the predicted label of each image (at least {@code count})
   * @param labels the true labels, or {@code null}
   */
  public static BufferedImage render(NDArray images, int[] predicted, int[] labels, int count,
      int columns, int scale) {
    if (columns <= 0 || scale <= 0 || count <= 0) {
      throw new IllegalArgumentException("count, columns and scale must be positive");
    }
    if (predicted.length < count || (labels != null && labels.length < count)) {
      throw new IllegalArgumentException("need " + count + " predictions and labels");
    }
    float[][] rows = Pictures.rows(images, count);
    int tile = Pictures.SIDE * scale;
    int cellHeight = tile + Pictures.TITLE_HEIGHT;
    int gridRows = (count + columns - 1) / columns;
    BufferedImage img = Pictures.canvas(columns * tile, gridRows * cellHeight, Color.WHITE);
    Graphics2D g = img.createGraphics();
    try {
      for (int i = 0; i < count; i++) {
        int x = (i % columns) * tile;
        int y = (i / columns) * cellHeight;
        boolean wrong = labels != null && labels[i] != predicted[i];
        String title = wrong ? predicted[i] + " (true " + labels[i] + ")"
            : String.valueOf(predicted[i]);
        Pictures.drawTitle(g, title, x, y, tile, wrong ? WRONG : Color.BLACK);
        Pictures.drawDigit(img, rows[i], x, y + Pictures.TITLE_HEIGHT, scale);
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  /** Writes 25 digits in a 5x5 grid at three times the size (420x510) as a PNG file. */
  public static void write(Path path, NDArray images, int[] predicted, int[] labels) {
    Pictures.save(render(images, predicted, labels, 25, 5, 3), path);
  }
}
