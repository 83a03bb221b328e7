package org.theano4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

class NpzTest {
  @TempDir Path dir;

  static NDArray weights() {
    float[] w = new float[784 * 10];
    for (int i = 0; i < w.length; i++) {
      w[i] = (i % 17 - 8) * 0.125f + i * 1e-6f;
    }
    return NDArray.of(w, 784, 10);
  }

  @Test
  void headerFollowsTheNpyFormatSpec() {
    byte[] h = Npy.header("<f4", new int[] {784, 10});
    // magic, version 1.0, little-endian header length
    assertThat(Arrays.copyOf(h, 8)).containsExactly(0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0);
    int headerLen = (h[8] & 0xff) | (h[9] & 0xff) << 8;
    assertThat(10 + headerLen).isEqualTo(h.length);
    assertThat(h.length % 64).isZero();
    assertThat(h.length).isEqualTo(128);
    String dict = new String(h, 10, headerLen, StandardCharsets.US_ASCII);
    assertThat(dict).startsWith(
        "{'descr': '<f4', 'fortran_order': False, 'shape': (784, 10), }");
    assertThat(dict).endsWith("\n");
    assertThat(dict.substring(63, headerLen - 1)).isBlank();
    // 1-d shapes keep the trailing comma of a Python 1-tuple, 0-d shapes are ()
    assertThat(Npy.headerDict("<f4", new int[] {10}))
        .isEqualTo("{'descr': '<f4', 'fortran_order': False, 'shape': (10,), }");
    assertThat(Npy.headerDict("<f8", new int[] {})).contains("'shape': ()");
  }

  @Test
  void roundTripsWAndB() throws Exception {
    NDArray w = weights();
    NDArray b = NDArray.of(new float[] {0.5f, -1.25f, 0, 0, 0, 0, 0, 0, 0, 3e-8f}, 10);
    Map<String, NDArray> model = new LinkedHashMap<>();
    model.put("W", w);
    model.put("b", b);
    Path p = dir.resolve("best_model.npz");
    Npz.write(p, model);

    Map<String, NDArray> back = Npz.read(p);
    assertThat(back.keySet()).containsExactly("W", "b");
    assertThat(back.get("W").dtype()).isEqualTo(DType.FLOAT32);
    assertThat(back.get("W").shape()).containsExactly(784, 10);
    assertThat(back.get("W").toFloatArray()).containsExactly(w.toFloatArray());
    assertThat(back.get("b").toFloatArray()).containsExactly(b.toFloatArray());

    // The archive is numpy.savez-like: stored .npy entries, each a valid .npy file.
    List<String> names = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(p)))) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        names.add(e.getName());
        assertThat(e.getMethod()).isEqualTo(ZipEntry.STORED);
        byte[] npy = zip.readAllBytes();
        if (e.getName().equals("W.npy")) {
          assertThat(npy).hasSize(128 + 784 * 10 * 4);
          // first element little-endian at the 64-aligned data start
          float first = java.nio.ByteBuffer.wrap(npy, 128, 4)
              .order(java.nio.ByteOrder.LITTLE_ENDIAN).getFloat();
          assertThat(first).isEqualTo(w.toFloatArray()[0]);
        }
      }
    }
    assertThat(names).containsExactly("W.npy", "b.npy");
  }

  @Test
  void roundTripsIntegerTypes() {
    for (NDArray a : new NDArray[] {
        NDArray.of(new int[] {1, -2, 3}, 3),
        NDArray.of(new long[] {1L << 40, -5}, 2),
        NDArray.ofUnsigned(new byte[] {(byte) 255, 0, 7, 9}, 2, 2),
        NDArray.of(new double[] {Math.PI, -0.0}, 2)}) {
      NDArray back = Npy.fromBytes(Npy.toBytes(a), "x.npy");
      assertThat(back).isEqualTo(a);
    }
  }

  @Test
  void readsFortranOrder() {
    // "False" -> "True " keeps the header length and alignment
    byte[] h = new String(Npy.header("<i4", new int[] {2, 3}), StandardCharsets.ISO_8859_1)
        .replace("False", "True ").getBytes(StandardCharsets.ISO_8859_1);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(h.length + 24)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put(h);
    for (int v : new int[] {1, 4, 2, 5, 3, 6}) {
      b.putInt(v);
    }
    NDArray a = Npy.fromBytes(b.array(), "f.npy");
    assertThat(a.toIntArray()).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void rejectsBadMagicHeaderAndLength() {
    byte[] good = Npy.toBytes(NDArray.of(new float[] {1, 2}, 2));
    byte[] badMagic = good.clone();
    badMagic[1] = 'X';
    assertThatThrownBy(() -> Npy.fromBytes(badMagic, "m.npy"))
        .isInstanceOf(FileFormatException.class).hasMessageContaining("m.npy: bad magic");

    byte[] badHeader = good.clone();
    badHeader[12] = 'x'; // 'descr' -> 'xescr'
    assertThatThrownBy(() -> Npy.fromBytes(badHeader, "h.npy"))
        .hasMessageContaining("h.npy: header keys");

    assertThatThrownBy(() -> Npy.fromBytes(Arrays.copyOf(good, good.length - 1), "t.npy"))
        .hasMessageContaining("t.npy: array of shape [2] and dtype <f4 needs 8 bytes but the file has 7 bytes of data (truncated?)");

    byte[] version = good.clone();
    version[6] = 9;
    assertThatThrownBy(() -> Npy.fromBytes(version, "v.npy"))
        .hasMessageContaining("unsupported .npy format version 9.0");

    byte[] descr = new String(good, StandardCharsets.ISO_8859_1).replace("<f4", "<c8")
        .getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> Npy.fromBytes(descr, "c.npy"))
        .hasMessageContaining("unsupported dtype <c8");
  }

  @Test
  void rejectsAZipWithoutNpyEntries() {
    assertThatThrownBy(() -> Npz.read(new byte[] {1, 2, 3}, "junk.npz"))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining("junk.npz");
  }

  @Test
  void writesDeflatedEntriesAndReadsThemBack() throws Exception {
    Path p = dir.resolve("c.npz");
    Npz.writeCompressed(p, Map.of("W", weights()));
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(p))) {
      assertThat(zip.getNextEntry().getMethod()).isEqualTo(ZipEntry.DEFLATED);
    }
    assertThat(Files.size(p)).isLessThan(128 + 784 * 10 * 4);
    assertThat(Npz.read(p).get("W")).isEqualTo(weights());
  }

  @Test
  void refusesADuplicateEntry() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
      for (String name : List.of("W.npy", "X.npy")) {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(Npy.toBytes(NDArray.of(new float[] {1}, 1)));
        zip.closeEntry();
      }
    }
    // The JDK will not write a duplicate name; rename X.npy to W.npy in the bytes.
    byte[] bytes = new String(out.toByteArray(), StandardCharsets.ISO_8859_1)
        .replace("X.npy", "W.npy").getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> Npz.read(bytes, "d.npz"))
        .isInstanceOf(FileFormatException.class)
        .hasMessage("d.npz: entry W.npy appears twice");
  }

  @Test
  void aMissingFileIsNamed() {
    Path p = dir.resolve("none.npz");
    assertThatThrownBy(() -> Npz.read(p)).isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessage(".npz file not found: " + p);
    assertThatThrownBy(() -> Npy.read(dir.resolve("none.npy")))
        .hasMessage(".npy file not found: " + dir.resolve("none.npy"));
  }

  @Test
  void refusesAnEmptyName() {
    assertThatThrownBy(() -> Npz.write(dir.resolve("e.npz"), Map.of("", weights())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-empty name");
  }
}
