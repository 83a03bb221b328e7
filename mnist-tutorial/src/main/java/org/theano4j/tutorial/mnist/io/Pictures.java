package org.theano4j.tutorial.mnist.io;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/** Shared helpers of the PNG writers: headless setup, image rows, tiles, titles and saving. */
final class Pictures {
  /** Side of one MNIST image in pixels. */
  static final int SIDE = 28;
  /** Pixels of one MNIST image. */
  static final int PIXELS = SIDE * SIDE;
  /** Height of the title band above a tile. */
  static final int TITLE_HEIGHT = 18;

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Pictures() {}

  /** The first {@code count} rows of a {@code [n, 784]} image array as values in [0, 1]. */
  static float[][] rows(NDArray images, int count) {
    int[] shape = images.shape();
    if (shape.length != 2 || shape[1] != PIXELS) {
      throw new IllegalArgumentException("expected images of shape [n, 784], got "
          + Arrays.toString(shape));
    }
    if (count < 0 || count > shape[0]) {
      throw new IllegalArgumentException("asked for " + count + " images of " + shape[0]);
    }
    float[] flat = images.slice(0, 0, count, 1).toFloatArray();
    float scale = images.dtype() == DType.UINT8 ? 1f / 255f : 1f;
    float[][] rows = new float[count][PIXELS];
    for (int i = 0; i < count; i++) {
      for (int k = 0; k < PIXELS; k++) {
        rows[i][k] = flat[i * PIXELS + k] * scale;
      }
    }
    return rows;
  }

  /** Draws one digit (values in [0, 1], 1 = white ink on black) at {@code (x, y)}. */
  static void drawDigit(BufferedImage img, float[] pixels, int x, int y, int scale) {
    for (int r = 0; r < SIDE; r++) {
      for (int c = 0; c < SIDE; c++) {
        float v = Math.max(0f, Math.min(1f, pixels[r * SIDE + c]));
        int g = Math.round(v * 255f);
        fill(img, x + c * scale, y + r * scale, scale, (g << 16) | (g << 8) | g);
      }
    }
  }

  /** Fills a {@code scale x scale} square at {@code (x, y)} with {@code rgb}. */
  static void fill(BufferedImage img, int x, int y, int scale, int rgb) {
    for (int dy = 0; dy < scale; dy++) {
      for (int dx = 0; dx < scale; dx++) {
        img.setRGB(x + dx, y + dy, rgb);
      }
    }
  }

  /** Draws {@code text} centred in the band {@code [x, x+width) x [y, y+TITLE_HEIGHT)}. */
  static void drawTitle(Graphics2D g, String text, int x, int y, int width, Color color) {
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
    g.setColor(color);
    FontMetrics m = g.getFontMetrics();
    int tx = x + (width - m.stringWidth(text)) / 2;
    int ty = y + (TITLE_HEIGHT - m.getHeight()) / 2 + m.getAscent();
    g.drawString(text, tx, ty);
  }

  /** A new RGB image filled with {@code background}. */
  static BufferedImage canvas(int width, int height, Color background) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(background);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return img;
  }

  /** Writes {@code img} to {@code path} as PNG, creating parent folders. */
  static void save(BufferedImage img, Path path) {
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (!ImageIO.write(img, "png", path.toFile())) {
        throw new IllegalStateException("no PNG writer in javax.imageio");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }
}
