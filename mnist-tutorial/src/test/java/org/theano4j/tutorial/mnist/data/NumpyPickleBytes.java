package org.theano4j.tutorial.mnist.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes pickle bytes by hand, opcode by opcode, the way Python 2's {@code cPickle} writes
 * numpy arrays with protocol 2 (the format of {@code mnist.pkl.gz}): every global, string and
 * tuple is memoized with BINPUT and globals seen before are fetched back with BINGET.
 */
final class NumpyPickleBytes {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Map<String, Integer> memoizedGlobals = new HashMap<>();
  private int nextMemo = 1;
  String reconstructModule = "numpy.core.multiarray";

  NumpyPickleBytes proto(int version) {
    out.write(0x80);
    out.write(version);
    return this;
  }

  NumpyPickleBytes op(int opcode) {
    out.write(opcode);
    return this;
  }

  NumpyPickleBytes binput() {
    out.write('q');
    out.write(nextMemo++);
    return this;
  }

  /** GLOBAL module\nname\n + BINPUT, or BINGET when seen before. */
  NumpyPickleBytes global(String module, String name) {
    String key = module + "\n" + name + "\n";
    Integer memo = memoizedGlobals.get(key);
    if (memo != null) {
      out.write('h');
      out.write(memo);
      return this;
    }
    out.write('c');
    out.writeBytes(key.getBytes(StandardCharsets.US_ASCII));
    memoizedGlobals.put(key, nextMemo);
    return binput();
  }

  /** BININT1 / BININT2 / BININT as cPickle picks them. */
  NumpyPickleBytes integer(long v) {
    if (v >= 0 && v < 256) {
      out.write('K');
      out.write((int) v);
    } else if (v >= 0 && v < 65536) {
      out.write('M');
      out.write((int) v);
      out.write((int) (v >>> 8));
    } else {
      out.write('J');
      out.writeBytes(le(4).putInt((int) v).array());
    }
    return this;
  }

  /** SHORT_BINSTRING or BINSTRING (a Python 2 str) + BINPUT. */
  NumpyPickleBytes str(byte[] s) {
    if (s.length < 256) {
      out.write('U');
      out.write(s.length);
    } else {
      out.write('T');
      out.writeBytes(le(4).putInt(s.length).array());
    }
    out.writeBytes(s);
    return binput();
  }

  NumpyPickleBytes str(String s) {
    return str(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** When set, array data is written as Python 3 does with protocol 2 (see {@link #py3Bytes}). */
  boolean python3Bytes;

  /** BINUNICODE (a Python 3 str) + BINPUT. */
  NumpyPickleBytes unicode(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.write('X');
    out.writeBytes(le(4).putInt(utf8.length).array());
    out.writeBytes(utf8);
    return binput();
  }

  /**
   * {@code bytes} as Python 3 pickles them with protocol 2:
   * {@code _codecs.encode(data.decode('latin1'), 'latin1')}.
   */
  NumpyPickleBytes py3Bytes(byte[] data, String encoding) {
    global("_codecs", "encode");
    unicode(new String(data, StandardCharsets.ISO_8859_1));
    unicode(encoding);
    op(0x86).binput(); // TUPLE2
    return op('R').binput(); // REDUCE
  }

  /**
   * One ndarray as numpy's {@code __reduce__} gives it: {@code _reconstruct(ndarray, (0,), 'b')}
   * then BUILD with {@code (1, shape, dtype, fortran, data)}.
   */
  NumpyPickleBytes ndarray(String typeCode, char byteOrder, int[] shape, boolean fortran,
      byte[] data) {
    global(reconstructModule, "_reconstruct");
    global("numpy", "ndarray");
    integer(0).op(0x85).binput(); // (0,)
    str("b");
    op(0x87).binput(); // TUPLE3
    op('R').binput(); // REDUCE
    op('('); // MARK of the 5-tuple state
    integer(1);
    for (int d : shape) {
      integer(d);
    }
    op(shape.length == 1 ? 0x85 : shape.length == 2 ? 0x86 : 0x87).binput();
    dtype(typeCode, byteOrder);
    op(fortran ? 0x88 : 0x89); // NEWTRUE / NEWFALSE
    if (python3Bytes) {
      py3Bytes(data, "latin1");
    } else {
      str(data);
    }
    op('t').binput(); // TUPLE
    return op('b'); // BUILD
  }

  /** {@code dtype(typeCode, 0, 1)} then BUILD with (3, order, None, None, None, -1, -1, 0). */
  NumpyPickleBytes dtype(String typeCode, char byteOrder) {
    global("numpy", "dtype");
    str(typeCode);
    integer(0).integer(1).op(0x87).binput();
    op('R').binput();
    op('(').integer(3).str(String.valueOf(byteOrder)).op('N').op('N').op('N');
    integer(-1).integer(-1).integer(0);
    op('t').binput();
    return op('b');
  }

  byte[] stop() {
    out.write('.');
    return out.toByteArray();
  }

  static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  static byte[] floats(float... v) {
    ByteBuffer b = le(4 * v.length);
    for (float f : v) {
      b.putFloat(f);
    }
    return b.array();
  }

  static byte[] longs(long... v) {
    ByteBuffer b = le(8 * v.length);
    for (long x : v) {
      b.putLong(x);
    }
    return b.array();
  }

  /**
   * A whole {@code mnist.pkl.gz}-shaped pickle (not gzipped) of three splits of {@code n[s]}
   * images each; image {@code i} of split {@code s} has every pixel {@code (s*10+i)/255}, and
   * label {@code (i+s) % 10}.
   */
  static byte[] mnistLike(int[] n) {
    NumpyPickleBytes p = new NumpyPickleBytes().proto(2);
    for (int s = 0; s < 3; s++) {
      float[] x = new float[n[s] * 784];
      long[] y = new long[n[s]];
      for (int i = 0; i < n[s]; i++) {
        java.util.Arrays.fill(x, i * 784, (i + 1) * 784, (s * 10 + i) / 255f);
        y[i] = (i + s) % 10;
      }
      p.ndarray("f4", '<', new int[] {n[s], 784}, false, floats(x));
      p.ndarray("i8", '<', new int[] {n[s]}, false, longs(y));
      p.op(0x86).binput(); // (x, y)
    }
    p.op(0x87).binput(); // ((..), (..), (..))
    return p.stop();
  }
}
