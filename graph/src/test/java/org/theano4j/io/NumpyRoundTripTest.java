package org.theano4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.testing.NumpyPython;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * {@code .npy}/{@code .npz} files round-trip with NumPy itself: what we write, {@code numpy.load}
 * reads as the same dtype, shape and bytes; what {@code numpy.save}, {@code numpy.savez} and
 * {@code numpy.savez_compressed} write (C and Fortran order, little- and big-endian, 0-d and
 * empty arrays) we read as the same values. Both sides build the expected values from the
 * formula below independently (npy_roundtrip.py for NumPy). Skipped, with a message, where
 * {@code python3} with NumPy is missing.
 */
class NumpyRoundTripTest {
  /** One array: a name, a NumPy dtype name, a shape, the memory order and the byte order. */
  record Case(String name, String numpyType, int[] shape, char order, char byteOrder) {
    String line() {
      String s = shape.length == 0 ? "-" : Arrays.stream(shape).mapToObj(String::valueOf)
          .collect(Collectors.joining(","));
      return name + " " + numpyType + " " + s + " " + order + " " + byteOrder;
    }
  }

  private static final List<String> OUR_TYPES = List.of("bool", "int8", "uint8", "int16",
      "int32", "int64", "float32", "float64");

  private static NumpyPython numpy;

  @TempDir Path dir;

  @BeforeAll
  static void findNumpy() {
    numpy = NumpyPython.find();
    if (numpy == null) {
      System.err.println("NumpyRoundTripTest skipped: no interpreter with numpy among "
          + NumpyPython.candidates());
    }
    Assumptions.assumeTrue(numpy != null, "no interpreter with numpy among "
        + NumpyPython.candidates());
  }

  /** Every dtype of ours in several shapes, 0-d and empty arrays, and special floats. */
  private static List<Case> ourCases() {
    List<Case> cases = new ArrayList<>();
    for (String t : OUR_TYPES) {
      cases.add(new Case(t + "_2x3", t, new int[] {2, 3}, 'C', '<'));
      cases.add(new Case(t + "_vec", t, new int[] {7}, 'C', '<'));
      cases.add(new Case(t + "_3d", t, new int[] {2, 3, 4}, 'C', '<'));
      cases.add(new Case(t + "_0d", t, new int[] {}, 'C', '<'));
      cases.add(new Case(t + "_empty", t, new int[] {0, 3}, 'C', '<'));
    }
    cases.add(new Case("empty_3d", "float32", new int[] {2, 0, 4}, 'C', '<'));
    cases.add(new Case("special_f8", "float64", new int[] {7}, 'C', '<'));
    cases.add(new Case("special_f4", "float32", new int[] {7}, 'C', '<'));
    return cases;
  }

  /** Ours, plus Fortran order, big-endian data and uint16/uint32 (widened on reading). */
  private static List<Case> numpyCases() {
    List<Case> cases = new ArrayList<>(ourCases());
    for (String t : OUR_TYPES) {
      cases.add(new Case(t + "_fortran", t, new int[] {3, 4}, 'F', '<'));
      cases.add(new Case(t + "_fortran3d", t, new int[] {2, 3, 4}, 'F', '<'));
      cases.add(new Case(t + "_big", t, new int[] {2, 3}, 'C', '>'));
      cases.add(new Case(t + "_bigfortran", t, new int[] {3, 2}, 'F', '>'));
    }
    for (String t : List.of("uint16", "uint32")) {
      cases.add(new Case(t + "_2x3", t, new int[] {2, 3}, 'C', '<'));
      cases.add(new Case(t + "_big", t, new int[] {5}, 'C', '>'));
    }
    return cases;
  }

  @Test
  void numpyReadsWhatWeWrite() throws Exception {
    Map<String, NDArray> all = new LinkedHashMap<>();
    for (Case c : ourCases()) {
      NDArray a = expected(c);
      Npy.write(dir.resolve(c.name() + ".npy"), a);
      all.put(c.name(), a);
    }
    Npz.write(dir.resolve("all_stored.npz"), all);
    Npz.writeCompressed(dir.resolve("all_deflated.npz"), all);
    String out = runNumpy("check", ourCases());
    assertThat(out).contains("read " + ourCases().size() + " .npy files and 2 .npz archives");
  }

  @Test
  void weReadWhatNumpyWrites() throws Exception {
    List<Case> cases = numpyCases();
    runNumpy("write", cases);
    Map<String, NDArray> stored = Npz.read(dir.resolve("all_stored.npz"));
    Map<String, NDArray> deflated = Npz.read(dir.resolve("all_deflated.npz"));
    assertThat(stored.keySet()).containsExactlyElementsOf(
        cases.stream().map(Case::name).collect(Collectors.toList()));
    assertThat(deflated.keySet()).isEqualTo(stored.keySet());
    for (Case c : cases) {
      NDArray want = expected(c);
      assertSame(Npy.read(dir.resolve(c.name() + ".npy")), want, c.name() + ".npy");
      assertSame(stored.get(c.name()), want, "all_stored.npz!" + c.name());
      assertSame(deflated.get(c.name()), want, "all_deflated.npz!" + c.name());
    }
  }

  /** Same dtype, shape and bits (NaN and -0.0 included). */
  private static void assertSame(NDArray got, NDArray want, String where) {
    assertThat(got.dtype()).as(where).isEqualTo(want.dtype());
    assertThat(got.shape()).as(where).containsExactly(want.shape());
    if (want.dtype() == DType.FLOAT32) {
      assertThat(bits(got.toFloatArray())).as(where).containsExactly(bits(want.toFloatArray()));
    } else if (want.dtype() == DType.FLOAT64) {
      assertThat(bits(got.toDoubleArray())).as(where).containsExactly(bits(want.toDoubleArray()));
    } else {
      assertThat(got.toLongArray()).as(where).containsExactly(want.toLongArray());
    }
  }

  private static int[] bits(float[] f) {
    int[] b = new int[f.length];
    for (int i = 0; i < f.length; i++) {
      b[i] = Float.floatToRawIntBits(f[i]);
    }
    return b;
  }

  private static long[] bits(double[] d) {
    long[] b = new long[d.length];
    for (int i = 0; i < d.length; i++) {
      b[i] = Double.doubleToRawLongBits(d[i]);
    }
    return b;
  }

  /**
   * The values of a case, as npy_roundtrip.py builds them: with {@code k} the flat C index and
   * {@code base = (37 k mod 251) - 125}: bool {@code k mod 3 == 0}; int8 {@code base}; uint8
   * {@code 37 k mod 251}; int16 {@code 200 base}; int32 {@code 16777259 base}; int64
   * {@code 2^50 base + k}; floats {@code base / 8 + k / 1000} (rounded once to float32);
   * uint16 {@code 40503 k mod 2^16} and uint32 {@code 2654435761 k mod 2^32}, which we read
   * as int32 and int64; "special" cases cycle through NaN, ±inf, -0.0, the smallest
   * subnormal double, the largest double and 1/3.
   */
  static NDArray expected(Case c) {
    int n = Arrays.stream(c.shape()).reduce(1, (x, y) -> x * y);
    double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
        Double.MIN_VALUE, Double.MAX_VALUE, 1.0 / 3.0};
    double[] d = new double[n];
    long[] l = new long[n];
    for (int k = 0; k < n; k++) {
      long base = (k * 37L) % 251 - 125;
      d[k] = c.name().startsWith("special") ? special[k % special.length] : base / 8.0 + k * 1e-3;
      switch (c.numpyType()) {
        case "bool": l[k] = k % 3 == 0 ? 1 : 0; break;
        case "uint8": l[k] = (k * 37L) % 251; break;
        case "uint16": l[k] = (k * 40503L) % 65536; break;
        case "uint32": l[k] = (k * 2654435761L) % (1L << 32); break;
        case "int16": l[k] = base * 200; break;
        case "int32": l[k] = base * 16777259; break;
        case "int64": l[k] = base * (1L << 50) + k; break;
        default: l[k] = base; break;
      }
    }
    switch (c.numpyType()) {
      case "float64":
        return NDArray.of(d, c.shape());
      case "float32": {
        float[] f = new float[n];
        for (int k = 0; k < n; k++) {
          f[k] = (float) d[k];
        }
        return NDArray.of(f, c.shape());
      }
      default: {
        DType t = switch (c.numpyType()) {
          case "uint16" -> DType.INT32;
          case "uint32" -> DType.INT64;
          default -> DType.valueOf(c.numpyType().toUpperCase(java.util.Locale.ROOT));
        };
        NDArray a = NDArray.zeros(t, c.shape());
        a.storage().setLongs(0, l, 0, n);
        return a;
      }
    }
  }

  /** Runs npy_roundtrip.py {@code mode} on {@link #dir}; returns its output. */
  private String runNumpy(String mode, List<Case> cases) throws IOException, InterruptedException {
    Files.write(dir.resolve("cases.txt"), cases.stream().map(Case::line)
        .collect(Collectors.toList()));
    Path script = dir.resolve("npy_roundtrip.py");
    try (InputStream in = NumpyRoundTripTest.class.getResourceAsStream("npy_roundtrip.py")) {
      Files.copy(in, script);
    }
    Process p = new ProcessBuilder(numpy.interpreter(), script.toString(), mode, dir.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("npy_roundtrip.py finished").isTrue();
    assertThat(p.exitValue()).as("npy_roundtrip.py " + mode + " failed:\n" + out).isZero();
    return out;
  }

}
