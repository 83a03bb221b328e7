package org.theano4j.tutorial.mnist.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.theano4j.io.FileFormatException;
import org.theano4j.io.NumpyArray;
import org.theano4j.io.ReadLimits;

/**
 * A pickle reader for NumPy arrays that accepts no globals but the three NumPy ones needed to
 * rebuild an array, so it cannot be made to run code.
 *
 * <p>It implements the binary opcodes of pickle protocols 1 to 4 (as written by Python 2's
 * {@code cPickle} and by Python 3 for protocols 3 and 4). The accepted globals are
 * {@link #ALLOWED_GLOBALS}: {@code numpy.core.multiarray._reconstruct} (or its NumPy 2 name
 * {@code numpy._core.multiarray._reconstruct}), {@code numpy.ndarray} and {@code numpy.dtype};
 * any other global fails with a {@link ForbiddenGlobalException} naming it. REDUCE may only
 * call {@code _reconstruct(numpy.ndarray, ...)} and {@code dtype(...)}, and BUILD may only set
 * the state of the array or dtype so made.
 *
 * <p>Results map to Java as: None to {@code null}, bool to {@link Boolean}, int to {@link Long}
 * (or {@link BigInteger}), float to {@link Double}, Python 2 {@code str} and {@code bytes} to
 * {@code byte[]}, {@code unicode}/{@code str} to {@link String}, tuple and list to
 * {@link List}, dict to {@link Map}, and a NumPy array to a {@link PickledArray} (holding a {@link NumpyArray}).
 *
 * <p>Python 3 writing protocol 2 pickles {@code bytes} as {@code _codecs.encode(text,
 * 'latin1')}; that one call is allowed (with the latin-1 encoding only, which maps each
 * character to the byte of the same value). Protocol 5 arrays use
 * {@code numpy.core.numeric._frombuffer} and are refused.
 *
 * <p>A hostile pickle cannot exhaust memory or the Java stack: the reader holds at most
 * {@link #MAX_STACK} stack entries (MARKs included) and {@link #MAX_MEMO} memo entries, makes
 * at most {@link #MAX_ELEMENTS} objects and container items in all, reads at most
 * {@link #MAX_PAYLOAD_BYTES} of string, bytes and integer payload in all (an integer at most
 * {@link #MAX_INT_BYTES} long), and builds tuples, lists and dicts at most {@link #MAX_DEPTH}
 * deep. As in Python, a dict key must be hashable: a list, dict or array as a key (or inside a
 * tuple used as a key) is refused with "unhashable type", so a self-referential list is never
 * hashed. Every refusal is a {@link FileFormatException} naming the file, the offset and the
 * limit. The real {@code mnist.pkl.gz} (about 220 MB of arrays, a few dozen objects) is far
 * inside all of them.
 */
public final class RestrictedUnpickler {
  /** The globals a pickle may name, as {@code module.name}. */
  public static final List<String> ALLOWED_GLOBALS = List.of(
      "numpy.core.multiarray._reconstruct",
      "numpy._core.multiarray._reconstruct",
      "numpy.ndarray",
      "numpy.dtype",
      "_codecs.encode");

  /** The most stack entries (objects and MARKs) held at once. */
  public static final int MAX_STACK = 100_000;
  /** The most memo entries. */
  public static final int MAX_MEMO = 100_000;
  /** The deepest nesting of tuples, lists and dicts (Python's default recursion limit). */
  public static final int MAX_DEPTH = 1000;
  /** The most objects pushed plus items put into containers, over the whole pickle. */
  public static final long MAX_ELEMENTS = 10_000_000;
  /** The most bytes of string, bytes and integer payload over the whole pickle: 2 GiB. */
  public static final long MAX_PAYLOAD_BYTES = 2L * ReadLimits.MAX_ARRAY_BYTES;
  /** The longest integer (LONG1/LONG4) in bytes. */
  public static final int MAX_INT_BYTES = 256;

  private static final Object MARK = new Object();

  private enum NumpyGlobal { RECONSTRUCT, NDARRAY, DTYPE, CODECS_ENCODE }

  /** A dtype under construction: its type string, then its byte order from BUILD. */
  private static final class PickledDtype {
    final String typeCode;
    char byteOrder = '|';

    PickledDtype(String typeCode) {
      this.typeCode = typeCode;
    }

    String descr() {
      return (byteOrder == '=' ? '<' : byteOrder) + typeCode;
    }
  }

  private final String source;
  private final InputStream in;
  private long offset;
  private final List<Object> stack = new ArrayList<>();
  private final List<Integer> marks = new ArrayList<>();
  private final Map<Long, Object> memo = new HashMap<>();
  private final List<PickledArray> arrays = new ArrayList<>();
  /** The nesting depth of each container made so far (absent: an empty container, depth 1). */
  private final Map<Object, Integer> depths = new IdentityHashMap<>();
  private long elements;
  private long payloadBytes;

  private RestrictedUnpickler(InputStream in, String source) {
    this.in = new BufferedInputStream(in, 1 << 16);
    this.source = source;
  }

  /**
   * Reads one pickled object from {@code in}.
   *
   * @param source the file name used in error messages
   * @throws ForbiddenGlobalException if the pickle names a global not in {@link #ALLOWED_GLOBALS}
   * @throws FileFormatException if the pickle is truncated, malformed, or uses an unsupported
   *     opcode
   */
  public static Object load(InputStream in, String source) throws IOException {
    return new RestrictedUnpickler(in, source).run();
  }

  private Object run() throws IOException {
    while (true) {
      long at = offset;
      int op = in.read();
      if (op < 0) {
        throw fail("truncated pickle: end of data at offset " + at + " before the STOP opcode");
      }
      offset++;
      switch (op) {
        case 0x80: // PROTO
          int proto = u8();
          if (proto > 4) {
            throw fail("pickle protocol " + proto + " is not supported (1 to 4 are)");
          }
          break;
        case 0x95: // FRAME
          readBytes(8);
          break;
        case '.': // STOP
          Object result = pop(at);
          for (PickledArray a : arrays) {
            if (!a.isSet()) {
              throw fail("a numpy array was created but never given its state (no BUILD)");
            }
          }
          return result;
        case '(':
          marks.add(stack.size());
          push(MARK);
          break;
        case '0': // POP
          pop(at);
          break;
        case '1': // POP_MARK
          popMark(at);
          break;
        case '2': // DUP
          push(peek(at));
          break;
        case 'N':
          push(null);
          break;
        case 0x88:
          push(Boolean.TRUE);
          break;
        case 0x89:
          push(Boolean.FALSE);
          break;
        case 'I': // INT (text; protocol 1 writes bools as I00/I01)
          push(parseTextInt(line()));
          break;
        case 'J':
          push((long) le(4).getInt());
          break;
        case 'K':
          push((long) u8());
          break;
        case 'M':
          push((long) (le(2).getShort() & 0xffff));
          break;
        case 0x8a: // LONG1
          push(littleEndianLong(readBytes(intLength(u8(), at))));
          break;
        case 0x8b: // LONG4
          push(littleEndianLong(readBytes(intLength(le(4).getInt(), at))));
          break;
        case 'G':
          push(ByteBuffer.wrap(readBytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble());
          break;
        case 'U': // SHORT_BINSTRING
        case 'C': // SHORT_BINBYTES
          push(readBytes(u8()));
          break;
        case 'T': // BINSTRING
        case 'B': // BINBYTES
          push(readBytes(length(le(4).getInt(), at)));
          break;
        case 0x8e: // BINBYTES8
          push(readBytes(length(le(8).getLong(), at)));
          break;
        case 0x8c: // SHORT_BINUNICODE
          push(new String(readBytes(u8()), StandardCharsets.UTF_8));
          break;
        case 'X': // BINUNICODE
          push(new String(readBytes(length(le(4).getInt(), at)), StandardCharsets.UTF_8));
          break;
        case 0x8d: // BINUNICODE8
          push(new String(readBytes(length(le(8).getLong(), at)), StandardCharsets.UTF_8));
          break;
        case ')':
          push(Collections.emptyList());
          break;
        case 't':
          push(tuple(popMark(at), at));
          break;
        case 0x85:
          push(tuple(new Object[] {pop(at)}, at));
          break;
        case 0x86: {
          Object b = pop(at);
          Object a = pop(at);
          push(tuple(new Object[] {a, b}, at));
          break;
        }
        case 0x87: {
          Object c = pop(at);
          Object b = pop(at);
          Object a = pop(at);
          push(tuple(new Object[] {a, b, c}, at));
          break;
        }
        case ']':
          push(new ArrayList<>());
          break;
        case 'l':
          push(addAll(new ArrayList<>(), popMark(at), at));
          break;
        case 'a': {
          Object v = pop(at);
          addAll(list(peek(at), at), new Object[] {v}, at);
          break;
        }
        case 'e': {
          Object[] items = popMark(at);
          addAll(list(peek(at), at), items, at);
          break;
        }
        case '}':
          push(new LinkedHashMap<>());
          break;
        case 'd':
          push(dict(new LinkedHashMap<>(), popMark(at), at));
          break;
        case 's': {
          Object v = pop(at);
          Object k = pop(at);
          dict(map(peek(at), at), new Object[] {k, v}, at);
          break;
        }
        case 'u': {
          Object[] items = popMark(at);
          dict(map(peek(at), at), items, at);
          break;
        }
        case 'c': { // GLOBAL
          String module = line();
          String name = line();
          push(global(module, name));
          break;
        }
        case 0x93: { // STACK_GLOBAL
          Object name = pop(at);
          Object module = pop(at);
          if (!(module instanceof String) || !(name instanceof String)) {
            throw fail("STACK_GLOBAL at offset " + at + " needs two strings");
          }
          push(global((String) module, (String) name));
          break;
        }
        case 'R':
          reduce(at);
          break;
        case 'b':
          build(at);
          break;
        case 'p':
          memoPut(parseMemoKey(line(), at), at);
          break;
        case 'q':
          memoPut(u8(), at);
          break;
        case 'r':
          memoPut(le(4).getInt() & 0xffffffffL, at);
          break;
        case 0x94: // MEMOIZE
          memoPut(memo.size(), at);
          break;
        case 'g':
          push(memoGet(parseMemoKey(line(), at), at));
          break;
        case 'h':
          push(memoGet(u8(), at));
          break;
        case 'j':
          push(memoGet(le(4).getInt() & 0xffffffffL, at));
          break;
        default:
          throw fail(String.format("unsupported pickle opcode 0x%02x ('%s') at offset %d", op,
              op >= 0x20 && op < 0x7f ? String.valueOf((char) op) : "?", at));
      }
    }
  }

  private Object global(String module, String name) {
    String full = module + "." + name;
    switch (full) {
      case "numpy.core.multiarray._reconstruct":
      case "numpy._core.multiarray._reconstruct":
        return NumpyGlobal.RECONSTRUCT;
      case "numpy.ndarray":
        return NumpyGlobal.NDARRAY;
      case "numpy.dtype":
        return NumpyGlobal.DTYPE;
      case "_codecs.encode":
        return NumpyGlobal.CODECS_ENCODE;
      default:
        throw new ForbiddenGlobalException(source, full);
    }
  }

  private void reduce(long at) {
    Object args = pop(at);
    Object callable = pop(at);
    if (!(args instanceof List)) {
      throw fail("REDUCE at offset " + at + " needs an argument tuple");
    }
    List<?> a = (List<?>) args;
    if (callable == NumpyGlobal.RECONSTRUCT) {
      if (a.isEmpty() || a.get(0) != NumpyGlobal.NDARRAY) {
        throw fail("_reconstruct at offset " + at + " may only make a numpy.ndarray");
      }
      PickledArray array = new PickledArray();
      arrays.add(array);
      push(array);
    } else if (callable == NumpyGlobal.DTYPE) {
      if (a.isEmpty() || !(a.get(0) instanceof String || a.get(0) instanceof byte[])) {
        throw fail("numpy.dtype at offset " + at + " needs a type string argument");
      }
      push(new PickledDtype(text(a.get(0))));
    } else if (callable == NumpyGlobal.CODECS_ENCODE) {
      push(latin1Bytes(a, at));
    } else {
      throw fail("REDUCE at offset " + at + " calls " + describe(callable)
          + "; only _reconstruct and numpy.dtype may be called");
    }
  }

  /** {@code _codecs.encode(text, 'latin1')}: the bytes Python 3 wrote as a latin-1 string. */
  private byte[] latin1Bytes(List<?> a, long at) {
    if (a.size() != 2 || !(a.get(0) instanceof String) || !(a.get(1) instanceof String)) {
      throw fail("_codecs.encode at offset " + at + " needs (text, encoding)");
    }
    String encoding = ((String) a.get(1)).toLowerCase(java.util.Locale.ROOT);
    if (!encoding.equals("latin1") && !encoding.equals("latin-1")
        && !encoding.equals("iso-8859-1")) {
      throw fail("_codecs.encode at offset " + at + " uses the encoding '" + a.get(1)
          + "'; only latin1 (Python 3's way of pickling bytes) is accepted");
    }
    String text = (String) a.get(0);
    byte[] bytes = new byte[text.length()];
    for (int i = 0; i < bytes.length; i++) {
      char c = text.charAt(i);
      if (c > 0xFF) {
        throw fail("_codecs.encode at offset " + at + ": character U+"
            + Integer.toHexString(c) + " does not fit latin-1");
      }
      bytes[i] = (byte) c;
    }
    return bytes;
  }

  private void build(long at) {
    Object state = pop(at);
    Object target = peek(at);
    if (!(state instanceof List)) {
      throw fail("BUILD at offset " + at + " needs a state tuple, got " + describe(state));
    }
    List<?> s = (List<?>) state;
    if (target instanceof PickledDtype) {
      // (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])
      if (s.size() < 2) {
        throw fail("dtype state at offset " + at + " has " + s.size() + " items, expected >= 8");
      }
      String order = text(s.get(1));
      if (order.length() != 1) {
        throw fail("dtype byte order '" + order + "' at offset " + at + " is not one character");
      }
      ((PickledDtype) target).byteOrder = order.charAt(0);
    } else if (target instanceof PickledArray) {
      // (version, shape, dtype, is_fortran, data) or, before version 1, without the version
      List<?> t = s.size() == 5 ? s.subList(1, 5) : s;
      if (t.size() != 4) {
        throw fail("ndarray state at offset " + at + " has " + s.size()
            + " items, expected 5 (version, shape, dtype, fortran, data)");
      }
      if (!(t.get(0) instanceof List) || !(t.get(1) instanceof PickledDtype)) {
        throw fail("ndarray state at offset " + at + " needs a shape tuple and a dtype");
      }
      List<?> shapeList = (List<?>) t.get(0);
      int[] shape = new int[shapeList.size()];
      for (int i = 0; i < shape.length; i++) {
        Object d = shapeList.get(i);
        if (!(d instanceof Long) || (Long) d < 0 || (Long) d > Integer.MAX_VALUE) {
          throw fail("bad dimension " + d + " in ndarray shape at offset " + at);
        }
        shape[i] = (int) (long) (Long) d;
      }
      Object fortran = t.get(2);
      boolean isFortran = fortran instanceof Boolean ? (Boolean) fortran
          : fortran instanceof Long && (Long) fortran != 0;
      Object data = t.get(3);
      byte[] bytes = data instanceof byte[] ? (byte[]) data
          : data instanceof String ? ((String) data).getBytes(StandardCharsets.ISO_8859_1) : null;
      if (bytes == null) {
        throw fail("ndarray data at offset " + at + " are " + describe(data)
            + ", expected raw bytes (object arrays are not supported)");
      }
      NumpyArray array = new NumpyArray(((PickledDtype) t.get(1)).descr(), shape, isFortran,
          bytes);
      array.checkLength(source + " (ndarray at offset " + at + ")");
      ((PickledArray) target).set(array);
    } else {
      throw fail("BUILD at offset " + at + " on " + describe(target)
          + "; only numpy arrays and dtypes may be built");
    }
  }

  // ---------------------------------------------------------------- stack and memo

  private void push(Object o) {
    if (stack.size() >= MAX_STACK) {
      throw fail("pickle stack exceeds " + MAX_STACK + " entries at offset " + offset
          + " (limit of this reader; MNIST pickles need a few dozen)");
    }
    count(1);
    stack.add(o);
  }

  /** Counts {@code n} more objects or container items against {@link #MAX_ELEMENTS}. */
  private void count(long n) {
    elements += n;
    if (elements > MAX_ELEMENTS) {
      throw fail("pickle makes more than " + MAX_ELEMENTS + " objects and container items"
          + " (limit of this reader) by offset " + offset);
    }
  }

  private void memoPut(long key, long at) {
    Object value = peek(at);
    if (memo.size() >= MAX_MEMO && !memo.containsKey(key)) {
      throw fail("pickle memo exceeds " + MAX_MEMO + " entries at offset " + at
          + " (limit of this reader)");
    }
    memo.put(key, value);
  }

  /** The nesting depth of {@code o}: 0 for a scalar, 1 for an empty container. */
  private int depth(Object o) {
    return o instanceof List || o instanceof Map ? depths.getOrDefault(o, 1) : 0;
  }

  /** Records that {@code container} now holds {@code items}, refusing too deep nesting. */
  private void nest(Object container, Object[] items, long at) {
    int d = depth(container);
    for (Object item : items) {
      d = Math.max(d, depth(item) + 1);
    }
    if (d > MAX_DEPTH) {
      throw fail("tuples, lists and dicts nested more than " + MAX_DEPTH
          + " deep at offset " + at + " (limit of this reader)");
    }
    count(items.length);
    depths.put(container, d);
  }

  private List<Object> addAll(List<Object> list, Object[] items, long at) {
    nest(list, items, at);
    list.addAll(Arrays.asList(items));
    return list;
  }

  private Object pop(long at) {
    if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
      throw fail("stack underflow at offset " + at);
    }
    return stack.remove(stack.size() - 1);
  }

  private Object peek(long at) {
    if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
      throw fail("stack underflow at offset " + at);
    }
    return stack.get(stack.size() - 1);
  }

  private Object[] popMark(long at) {
    if (marks.isEmpty()) {
      throw fail("no MARK on the stack at offset " + at);
    }
    int m = marks.remove(marks.size() - 1);
    List<Object> top = stack.subList(m + 1, stack.size());
    Object[] items = top.toArray();
    stack.subList(m, stack.size()).clear();
    return items;
  }

  private Object memoGet(long key, long at) {
    if (!memo.containsKey(key)) {
      throw fail("memo key " + key + " at offset " + at + " was never stored");
    }
    return memo.get(key);
  }

  private List<Object> tuple(Object[] items, long at) {
    List<Object> t = Collections.unmodifiableList(Arrays.asList(items));
    nest(t, items, at);
    return t;
  }

  @SuppressWarnings("unchecked")
  private List<Object> list(Object o, long at) {
    if (!(o instanceof ArrayList)) {
      throw fail("APPEND at offset " + at + " on " + describe(o) + ", not a list");
    }
    return (List<Object>) o;
  }

  @SuppressWarnings("unchecked")
  private Map<Object, Object> map(Object o, long at) {
    if (!(o instanceof LinkedHashMap)) {
      throw fail("SETITEM at offset " + at + " on " + describe(o) + ", not a dict");
    }
    return (Map<Object, Object>) o;
  }

  private Map<Object, Object> dict(Map<Object, Object> m, Object[] kv, long at) {
    if (kv.length % 2 != 0) {
      throw fail("odd number of dict items at offset " + at);
    }
    nest(m, kv, at);
    for (int i = 0; i < kv.length; i += 2) {
      Object k = kv[i] instanceof byte[] ? text(kv[i]) : kv[i];
      checkHashable(k, k, at);
      m.put(k, kv[i + 1]);
    }
    return m;
  }

  /**
   * Refuses a dict key Python could not hash: a list, dict or array, or a tuple holding one.
   * Tuples are at most {@link #MAX_DEPTH} deep and cannot hold themselves, so the walk ends.
   */
  private void checkHashable(Object key, Object part, long at) {
    String type = part instanceof ArrayList ? "list" : part instanceof Map ? "dict"
        : part instanceof PickledArray ? "numpy.ndarray" : null;
    if (type != null) {
      throw fail("unhashable type: '" + type + "' in a dict key at offset " + at
          + (part == key ? "" : " (inside a tuple)"));
    }
    if (part instanceof List) {
      for (Object item : (List<?>) part) {
        checkHashable(key, item, at);
      }
    }
  }

  // ---------------------------------------------------------------- input

  private int u8() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw fail("truncated pickle at offset " + offset);
    }
    offset++;
    return b;
  }

  private ByteBuffer le(int n) throws IOException {
    return ByteBuffer.wrap(readBytes(n)).order(ByteOrder.LITTLE_ENDIAN);
  }

  private byte[] readBytes(int n) throws IOException {
    payloadBytes += n;
    if (payloadBytes > MAX_PAYLOAD_BYTES) {
      throw fail("pickle payload exceeds " + MAX_PAYLOAD_BYTES + " bytes at offset " + offset
          + " (limit of this reader)");
    }
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw fail("truncated pickle: needed " + n + " bytes at offset " + offset + ", got "
          + b.length);
    }
    offset += n;
    return b;
  }

  private int length(long n, long at) {
    if (n < 0 || n > ReadLimits.MAX_ARRAY_BYTES) {
      throw fail("bad length " + n + " at offset " + at + " (0 to "
          + ReadLimits.MAX_ARRAY_BYTES + " bytes allowed)");
    }
    return (int) n;
  }

  private int intLength(long n, long at) {
    if (n < 0 || n > MAX_INT_BYTES) {
      throw fail("integer of " + n + " bytes at offset " + at + " (limit " + MAX_INT_BYTES
          + " bytes)");
    }
    return (int) n;
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int c = u8();
      if (c == '\n') {
        return sb.toString();
      }
      if (sb.length() > 1000) {
        throw fail("text line longer than 1000 bytes at offset " + offset);
      }
      sb.append((char) c);
    }
  }

  private Object parseTextInt(String s) {
    if (s.equals("00")) {
      return Boolean.FALSE;
    }
    if (s.equals("01")) {
      return Boolean.TRUE;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw fail("bad INT '" + s + "' at offset " + offset);
    }
  }

  private long parseMemoKey(String s, long at) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw fail("bad memo key '" + s + "' at offset " + at);
    }
  }

  private static Object littleEndianLong(byte[] le) {
    if (le.length == 0) {
      return 0L;
    }
    byte[] be = new byte[le.length];
    for (int i = 0; i < le.length; i++) {
      be[i] = le[le.length - 1 - i];
    }
    BigInteger v = new BigInteger(be);
    return v.bitLength() < 64 ? (Object) v.longValue() : v;
  }

  private static String text(Object o) {
    return o instanceof byte[] ? new String((byte[]) o, StandardCharsets.ISO_8859_1)
        : String.valueOf(o);
  }

  private static String describe(Object o) {
    if (o == null) {
      return "None";
    }
    if (o instanceof NumpyGlobal) {
      return "numpy global " + o;
    }
    return o.getClass().getSimpleName();
  }

  private FileFormatException fail(String problem) {
    return new FileFormatException(source, problem);
  }
}
