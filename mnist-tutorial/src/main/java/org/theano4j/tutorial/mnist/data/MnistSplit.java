package org.theano4j.tutorial.mnist.data;

import org.theano4j.io.FileFormatException;
import org.theano4j.ndarray.NDArray;

/**
 * One split (train, validation or test) of an MNIST-like data set: {@code n} images of 28x28
 * pixels and their labels 0..9.
 *
 * <p>{@link #images()} is float32 {@code [n, 784]} with pixels scaled to {@code [0, 1]},
 * {@link #labels()} is int32 {@code [n]}, and {@link #pixels()} keeps the uint8 pixels
 * {@code [n, 784]} for pictures.
 */
public final class MnistSplit {
  /** Rows of one image. */
  public static final int ROWS = 28;
  /** Columns of one image. */
  public static final int COLS = 28;
  /** Pixels of one image, {@code ROWS * COLS}. */
  public static final int PIXELS = ROWS * COLS;
  /** Number of classes; labels are {@code 0 .. CLASSES-1}. */
  public static final int CLASSES = 10;

  private final byte[] pixels;
  private final int[] labels;
  private final float[] scaled;

  private MnistSplit(byte[] pixels, int[] labels, float[] scaled) {
    this.pixels = pixels;
    this.labels = labels;
    this.scaled = scaled;
  }

  /**
   * A split from uint8 pixels ({@code n * 784} bytes, row-major) and labels; images are the
   * pixels divided by 255.
   *
   * @param source the file the data came from, for error messages
   * @throws FileFormatException if the sizes disagree or a label is outside 0..9
   */
  public static MnistSplit fromPixels(String source, byte[] pixels, int[] labels) {
    checkSizes(source, pixels.length, labels);
    float[] scaled = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      scaled[i] = (pixels[i] & 0xff) / 255f;
    }
    return new MnistSplit(pixels.clone(), labels.clone(), scaled);
  }

  /**
   * A split from images already scaled to {@code [0, 1]} ({@code n * 784} floats) and labels;
   * the uint8 pixels are {@code round(v * 255)} clamped to 0..255.
   *
   * @param source the file the data came from, for error messages
   * @throws FileFormatException if the sizes disagree or a label is outside 0..9
   */
  public static MnistSplit fromScaled(String source, float[] images, int[] labels) {
    checkSizes(source, images.length, labels);
    byte[] pixels = new byte[images.length];
    for (int i = 0; i < images.length; i++) {
      long v = Math.round(images[i] * 255.0);
      pixels[i] = (byte) Math.max(0, Math.min(255, v));
    }
    return new MnistSplit(pixels, labels.clone(), images.clone());
  }

  private static void checkSizes(String source, int values, int[] labels) {
    if (values % PIXELS != 0) {
      throw new FileFormatException(source, values + " pixel values are not a whole number of "
          + ROWS + "x" + COLS + " images");
    }
    int n = values / PIXELS;
    if (n != labels.length) {
      throw new FileFormatException(source, "images/labels count mismatch: " + n
          + " images but " + labels.length + " labels");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= CLASSES) {
        throw new FileFormatException(source, "label " + labels[i] + " of item " + i
            + " is out of range 0.." + (CLASSES - 1));
      }
    }
  }

  /** The number of examples. */
  public int size() {
    return labels.length;
  }

  /** The images, a new float32 array {@code [n, 784]} with values in {@code [0, 1]}. */
  public NDArray images() {
    return NDArray.of(scaled, size(), PIXELS);
  }

  /** The labels, a new int32 array {@code [n]}. */
  public NDArray labels() {
    return NDArray.of(labels, size());
  }

  /** The pixels, a new uint8 array {@code [n, 784]}. */
  public NDArray pixels() {
    return NDArray.ofUnsigned(pixels, size(), PIXELS);
  }

  /** The label of example {@code i}. */
  public int label(int i) {
    return labels[i];
  }

  /** The pixels of example {@code i} as 784 unsigned values 0..255, row-major. */
  public int[] pixels(int i) {
    int[] p = new int[PIXELS];
    for (int k = 0; k < PIXELS; k++) {
      p[k] = pixels[i * PIXELS + k] & 0xff;
    }
    return p;
  }

  /** The uint8 pixels of all examples, {@code n * 784} bytes row-major (a copy). */
  public byte[] pixelBytes() {
    return pixels.clone();
  }

  /** The labels as a Java array (a copy). */
  public int[] labelArray() {
    return labels.clone();
  }

  /** Examples {@code [start, stop)} as a new split. */
  public MnistSplit range(int start, int stop) {
    if (start < 0 || stop > size() || start > stop) {
      throw new IndexOutOfBoundsException("range [" + start + ", " + stop + ") of a split of "
          + size());
    }
    return new MnistSplit(
        java.util.Arrays.copyOfRange(pixels, start * PIXELS, stop * PIXELS),
        java.util.Arrays.copyOfRange(labels, start, stop),
        java.util.Arrays.copyOfRange(scaled, start * PIXELS, stop * PIXELS));
  }
}
