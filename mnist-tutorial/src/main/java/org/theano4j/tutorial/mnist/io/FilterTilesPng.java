package org.theano4j.tutorial.mnist.io;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import org.theano4j.ndarray.NDArray;

/**
 * Draws the first columns of a {@code [784, k]} weight matrix (one filter a column) as 28×28
 * grey tiles, as {@code utils.tile_raster_images} of Theano's tutorials does for
 * {@code filters_corruption_*.png}: each tile scaled on its own to [0, 1]
 * ({@code (x - min) / (max(x - min) + 1e-8)}), times 255 truncated to a byte, tiles
 * {@code rows × columns} with one black pixel between them (10×10 tiles: 289×289 pixels).
 */
public final class FilterTilesPng {
  /** {@code scale_to_unit_interval}'s epsilon. */
  static final double EPS = 1e-8;

  private FilterTilesPng() {}

  /**
   * The picture of the first {@code min(k, rows·columns)} filters (columns of {@code w}); the
   * tiles without a filter stay black.
   *
   * @param w weights of shape {@code [784, k]}
   */
  public static BufferedImage render(NDArray w, int rows, int columns) {
    int[] shape = w.shape();
    if (shape.length != 2 || shape[0] != Pictures.PIXELS) {
      throw new IllegalArgumentException("expected weights of shape [784, k], got "
          + Arrays.toString(shape));
    }
    return render(w, Pictures.SIDE, rows, columns);
  }

  /**
   * The picture of the first {@code min(k, rows·columns)} filters of {@code side × side}
   * pixels, the columns of {@code w} ({@code [side², k]}), each scaled on its own as
   * {@link #render(NDArray, int, int)} does.
   */
  static BufferedImage render(NDArray w, int side, int rows, int columns) {
    int[] shape = w.shape();
    if (rows < 1 || columns < 1) {
      throw new IllegalArgumentException("tile shape must be positive, got " + rows + "x"
          + columns);
    }
    int k = shape[1];
    int n = Math.min(k, rows * columns);
    double[] flat = w.toDoubleArray(); // row-major [side², k]: filter f is flat[p * k + f]
    BufferedImage img = new BufferedImage((side + 1) * columns - 1, (side + 1) * rows - 1,
        BufferedImage.TYPE_BYTE_GRAY);
    for (int f = 0; f < n; f++) {
      int[] grey = tile(flat, k, f, side * side);
      int x0 = (f % columns) * (side + 1);
      int y0 = (f / columns) * (side + 1);
      for (int p = 0; p < side * side; p++) {
        // the raster, not setRGB: a grey image's setRGB converts colour spaces
        img.getRaster().setSample(x0 + p % side, y0 + p / side, 0, grey[p]);
      }
    }
    return img;
  }

  /** The grey levels (0–255) of filter {@code f}, scaled to its own [min, max]. */
  static int[] tile(double[] flat, int k, int f, int pixels) {
    double min = Double.POSITIVE_INFINITY;
    for (int p = 0; p < pixels; p++) {
      min = Math.min(min, flat[p * k + f]);
    }
    double max = 0;
    for (int p = 0; p < pixels; p++) {
      max = Math.max(max, flat[p * k + f] - min);
    }
    double scale = 1.0 / (max + EPS);
    int[] grey = new int[pixels];
    for (int p = 0; p < pixels; p++) {
      grey[p] = (int) ((flat[p * k + f] - min) * scale * 255);
    }
    return grey;
  }

  /** Writes the first 100 filters as 10×10 tiles (289×289 pixels), as the tutorials do. */
  public static void write(Path path, NDArray w) {
    Pictures.save(render(w, 10, 10), path);
  }

  /** Each pixel of a convolution filter is drawn as this many screen pixels a side. */
  static final int CONV_ZOOM = 8;

  /**
   * Writes the filters of a convolution's first layer, {@code (k, 1, side, side)}, as tiles of
   * ten a row, each scaled on its own to [0, 1] as {@link #render(NDArray, int, int)} does, the
   * picture enlarged {@value #CONV_ZOOM} times (nearest pixel): LeNet's twenty 5×5 filters give
   * 2 rows of 10 tiles, 472×88 pixels.
   */
  public static void writeConvFilters(Path path, NDArray filters) {
    int[] shape = filters.shape();
    if (shape.length != 4 || shape[1] != 1 || shape[2] != shape[3]) {
      throw new IllegalArgumentException("expected filters of shape (k, 1, side, side), got "
          + Arrays.toString(shape));
    }
    int k = shape[0];
    int side = shape[2];
    // (k, 1, side, side) -> [side², k]: one filter a column, as render expects
    NDArray columns = filters.reshape(k, side * side).transpose().copy();
    int perRow = Math.min(k, 10);
    BufferedImage small = render(columns, side, (k + perRow - 1) / perRow, perRow);
    BufferedImage big = new BufferedImage(small.getWidth() * CONV_ZOOM,
        small.getHeight() * CONV_ZOOM, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < big.getHeight(); y++) {
      for (int x = 0; x < big.getWidth(); x++) {
        big.getRaster().setSample(x, y, 0,
            small.getRaster().getSample(x / CONV_ZOOM, y / CONV_ZOOM, 0));
      }
    }
    Pictures.save(big, path);
  }
}
