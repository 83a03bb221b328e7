package org.theano4j.tutorial.mnist.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.io.FileFormatException;
import org.theano4j.io.NumpyArray;
import org.theano4j.ndarray.DType;

class MnistPickleTest {
  @TempDir Path dir;

  static byte[] gzip(byte[] b) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }

  @Test
  void readsAnMnistPklGzShapedFile() throws Exception {
    Path p = Files.write(dir.resolve("mnist.pkl.gz"),
        gzip(NumpyPickleBytes.mnistLike(new int[] {4, 2, 3})));
    MnistData d = MnistPickle.load(p);
    assertThat(d.train().size()).isEqualTo(4);
    assertThat(d.valid().size()).isEqualTo(2);
    assertThat(d.test().size()).isEqualTo(3);
    assertThat(d.train().images().dtype()).isEqualTo(DType.FLOAT32);
    assertThat(d.train().images().shape()).containsExactly(4, 784);
    assertThat(d.train().labels().dtype()).isEqualTo(DType.INT32);
    assertThat(d.train().labelArray()).containsExactly(0, 1, 2, 3);
    assertThat(d.valid().labelArray()).containsExactly(1, 2);
    assertThat(d.test().labelArray()).containsExactly(2, 3, 4);
    assertThat(d.test().images().getDouble(2, 783)).isEqualTo((double) (22 / 255f));
    assertThat(d.test().pixels(2)[783]).isEqualTo(22);
  }

  @Test
  void handWrittenBytesStartAsCPickleProtocol2Does() {
    byte[] b = NumpyPickleBytes.mnistLike(new int[] {1, 1, 1});
    String head = new String(b, 0, 120, StandardCharsets.ISO_8859_1);
    assertThat(head).startsWith("\u0080\u0002cnumpy.core.multiarray\n_reconstruct\nq\u0001"
        + "cnumpy\nndarray\nq\u0002K\u0000\u0085q\u0003U\u0001bq\u0004\u0087q\u0005Rq\u0006(K\u0001");
  }

  @Test
  void readsFortranOrderAndBigEndianAndFloat64() throws Exception {
    NumpyPickleBytes p = new NumpyPickleBytes().proto(2);
    // [[1, 2, 3], [4, 5, 6]] stored column-major: 1 4 2 5 3 6, big-endian float64
    java.nio.ByteBuffer data = java.nio.ByteBuffer.allocate(48);
    for (double v : new double[] {1, 4, 2, 5, 3, 6}) {
      data.putDouble(v);
    }
    p.ndarray("f8", '>', new int[] {2, 3}, true, data.array());
    Object o = RestrictedUnpickler.load(new ByteArrayInputStream(p.stop()), "t.pkl");
    NumpyArray a = ((PickledArray) o).array();
    assertThat(a.descr()).isEqualTo(">f8");
    assertThat(a.shape()).containsExactly(2, 3);
    assertThat(a.toDoubles("t.pkl")).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void readsProtocol4WithStackGlobalAndNumpy2ModuleName() throws Exception {
    // Python 3 / NumPy 2 style: FRAME, SHORT_BINUNICODE + STACK_GLOBAL, MEMOIZE, SHORT_BINBYTES.
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(0x80);
    o.write(4);
    o.write(0x95);
    o.writeBytes(new byte[8]);
    unicode(o, "numpy._core.multiarray");
    unicode(o, "_reconstruct");
    o.write(0x93);
    o.write(0x94);
    unicode(o, "numpy");
    unicode(o, "ndarray");
    o.write(0x93);
    o.write(0x94);
    o.writeBytes(new byte[] {'K', 0, (byte) 0x85, 'C', 1, 'b', (byte) 0x87, 'R', (byte) 0x94});
    o.writeBytes(new byte[] {'(', 'K', 1, 'K', 2, (byte) 0x85});
    unicode(o, "numpy");
    unicode(o, "dtype");
    o.write(0x93);
    unicode(o, "i4");
    o.writeBytes(new byte[] {(byte) 0x89, (byte) 0x88, (byte) 0x87, 'R', (byte) 0x94});
    o.writeBytes(new byte[] {'(', 'K', 3});
    unicode(o, "<");
    o.writeBytes(new byte[] {'N', 'N', 'N', 'J', -1, -1, -1, -1, 'J', -1, -1, -1, -1, 'K', 0,
        't', 'b'});
    o.write((byte) 0x89);
    o.writeBytes(new byte[] {'C', 8, 7, 0, 0, 0, 9, 0, 0, 0});
    o.writeBytes(new byte[] {'t', 'b', '.'});
    NumpyArray a = ((PickledArray) RestrictedUnpickler.load(
        new ByteArrayInputStream(o.toByteArray()), "p4.pkl")).array();
    assertThat(a.descr()).isEqualTo("<i4");
    assertThat(a.toLongs("p4.pkl")).containsExactly(7, 9);
  }

  private static void unicode(ByteArrayOutputStream o, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    o.write(0x8c);
    o.write(b.length);
    o.writeBytes(b);
  }

  @Test
  void refusesOsSystemNamingIt() throws Exception {
    // The classic exploit: cos\nsystem\n(S'echo pwned'\ntR.
    byte[] evil = "cos\nsystem\n(S'echo pwned'\ntR.".getBytes(StandardCharsets.US_ASCII);
    Path p = Files.write(dir.resolve("evil.pkl.gz"), gzip(evil));
    assertThatThrownBy(() -> MnistPickle.load(p))
        .isInstanceOf(ForbiddenGlobalException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("refusing pickle global 'os.system'")
        .satisfies(e -> assertThat(((ForbiddenGlobalException) e).global())
            .isEqualTo("os.system"));
  }

  @Test
  void refusesOtherGlobalsEvenInsideAnOtherwiseValidArrayPickle() {
    NumpyPickleBytes p = new NumpyPickleBytes().proto(2);
    p.reconstructModule = "numpy.core.numeric"; // not an allowed module
    p.ndarray("f4", '<', new int[] {1}, false, NumpyPickleBytes.floats(1f));
    assertThatThrownBy(() -> RestrictedUnpickler.load(new ByteArrayInputStream(p.stop()), "x"))
        .isInstanceOf(ForbiddenGlobalException.class)
        .hasMessageContaining("'numpy.core.numeric._reconstruct'");
    byte[] codecs = "\u0080\u0002c_codecs\ndecode\nq\u0001.".getBytes(
        StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> RestrictedUnpickler.load(new ByteArrayInputStream(codecs), "y"))
        .isInstanceOf(ForbiddenGlobalException.class)
        .hasMessageContaining("'_codecs.decode'");
  }

  @Test
  void readsBytesAsPython3PicklesThemWithProtocol2() throws Exception {
    // Python 3, protocol 2: bytes become _codecs.encode(text, 'latin1'). Bytes >= 0x80 take
    // two UTF-8 bytes in the BINUNICODE string, so this exercises the decoding.
    NumpyPickleBytes p = new NumpyPickleBytes().proto(2);
    p.python3Bytes = true;
    byte[] data = NumpyPickleBytes.floats(1.5f, -2f, 255f);
    p.ndarray("f4", '<', new int[] {3}, false, data);
    NumpyArray a = ((PickledArray) RestrictedUnpickler.load(
        new ByteArrayInputStream(p.stop()), "py3.pkl")).array();
    assertThat(a.toDoubles("py3.pkl")).containsExactly(1.5, -2, 255);
  }

  @Test
  void codecsEncodeOnlyAcceptsLatin1() {
    NumpyPickleBytes p = new NumpyPickleBytes().proto(2);
    p.py3Bytes(new byte[] {1, 2}, "utf-8");
    assertThatThrownBy(() -> RestrictedUnpickler.load(new ByteArrayInputStream(p.stop()),
        "enc.pkl"))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining("enc.pkl")
        .hasMessageContaining("encoding 'utf-8'");
  }

  @Test
  void refusesCallingAllowedGlobalsOtherwiseThanNumpyDoes() {
    // ndarray((0,)) called directly through REDUCE
    byte[] b = "\u0080\u0002cnumpy\nndarray\nK\u0000\u0085\u0085R.".getBytes(
        StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> RestrictedUnpickler.load(new ByteArrayInputStream(b), "z"))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining("only _reconstruct and numpy.dtype may be called");
  }

  @Test
  void truncatedPickleIsReported() throws Exception {
    byte[] full = NumpyPickleBytes.mnistLike(new int[] {2, 1, 1});
    Path p = Files.write(dir.resolve("short.pkl.gz"),
        gzip(Arrays.copyOf(full, full.length - 3000)));
    assertThatThrownBy(() -> MnistPickle.load(p))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("truncated pickle");
  }

  @Test
  void wrongStructureIsReported() {
    NumpyPickleBytes p = new NumpyPickleBytes().proto(2);
    p.ndarray("f4", '<', new int[] {2, 3}, false, NumpyPickleBytes.floats(1, 2, 3, 4, 5, 6));
    Object root = List.of(List.of(), List.of(), List.of());
    assertThatThrownBy(() -> MnistPickle.fromPickled(root, "m.pkl"))
        .hasMessageContaining("m.pkl [train]: expected a pair of numpy arrays");
    assertThatThrownBy(() -> MnistPickle.fromPickled("x", "m.pkl"))
        .hasMessageContaining("expected a tuple of 3 (images, labels) pairs, got String");
  }

  @Test
  void dataLengthDisagreeingWithShapeIsReported() {
    NumpyPickleBytes p = new NumpyPickleBytes().proto(2);
    p.ndarray("f4", '<', new int[] {2, 784}, false, NumpyPickleBytes.floats(1, 2));
    byte[] bytes = p.stop();
    // Refused when BUILD gives the array its state, not later when it is converted.
    assertThatThrownBy(() -> RestrictedUnpickler.load(new ByteArrayInputStream(bytes), "d.pkl"))
        .isInstanceOf(FileFormatException.class)
        .hasMessage("d.pkl (ndarray at offset 158): array of shape [2, 784] and dtype <f4 needs"
            + " 6272 bytes, found 8");
  }

  @Test
  void labelsOutOfRangeInPickleAreReported() throws Exception {
    NumpyPickleBytes p = new NumpyPickleBytes().proto(2);
    for (int s = 0; s < 3; s++) {
      p.ndarray("f4", '<', new int[] {1, 784}, false, new byte[784 * 4]);
      p.ndarray("i8", '<', new int[] {1}, false, NumpyPickleBytes.longs(s == 1 ? 10 : 0));
      p.op(0x86).binput();
    }
    p.op(0x87);
    byte[] bytes = p.stop();
    assertThatThrownBy(() -> MnistPickle.load(new ByteArrayInputStream(bytes), "l.pkl"))
        .hasMessageContaining("l.pkl [valid]: label 10 of item 0 is out of range 0..9");
  }
}
