package org.theano4j.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed header dict of a {@code .npy} file: a Python literal with exactly the keys
 * {@code descr}, {@code fortran_order} and {@code shape}.
 */
record NpyHeader(String descr, boolean fortranOrder, int[] shape) {
  private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

  /** Parses {@code text}, e.g. {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3,), }}. */
  static NpyHeader parse(String text, String source) {
    Parser p = new Parser(text, source);
    Map<String, Object> dict = p.dict();
    p.skipSpaces();
    if (p.pos != text.length()) {
      throw p.fail("unexpected text after the header dict");
    }
    if (!dict.keySet().equals(KEYS)) {
      throw new FileFormatException(source, "header keys " + dict.keySet()
          + ", expected exactly " + KEYS);
    }
    if (!(dict.get("descr") instanceof String)) {
      throw new FileFormatException(source, "header 'descr' must be a string (structured "
          + "dtypes are not supported), got " + dict.get("descr"));
    }
    if (!(dict.get("fortran_order") instanceof Boolean)) {
      throw new FileFormatException(source, "header 'fortran_order' must be True or False");
    }
    if (!(dict.get("shape") instanceof int[])) {
      throw new FileFormatException(source, "header 'shape' must be a tuple of integers");
    }
    return new NpyHeader((String) dict.get("descr"), (Boolean) dict.get("fortran_order"),
        (int[]) dict.get("shape"));
  }

  /** A recursive-descent parser of the few Python literals a header may hold. */
  private static final class Parser {
    final String s;
    final String source;
    int pos;

    Parser(String s, String source) {
      this.s = s;
      this.source = source;
    }

    Map<String, Object> dict() {
      expect('{');
      Map<String, Object> m = new HashMap<>();
      while (true) {
        skipSpaces();
        if (peek() == '}') {
          pos++;
          return m;
        }
        String key = string();
        skipSpaces();
        expect(':');
        skipSpaces();
        if (m.put(key, value()) != null) {
          throw fail("duplicate key '" + key + "'");
        }
        skipSpaces();
        if (peek() == ',') {
          pos++;
        } else if (peek() != '}') {
          throw fail("expected ',' or '}'");
        }
      }
    }

    Object value() {
      char c = peek();
      if (c == '\'' || c == '"') {
        return string();
      }
      if (c == '(') {
        return tuple();
      }
      if (s.startsWith("True", pos)) {
        pos += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("False", pos)) {
        pos += 5;
        return Boolean.FALSE;
      }
      throw fail("unsupported value");
    }

    int[] tuple() {
      expect('(');
      List<Integer> dims = new ArrayList<>();
      while (true) {
        skipSpaces();
        if (peek() == ')') {
          pos++;
          break;
        }
        int start = pos;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
          pos++;
        }
        if (start == pos) {
          throw fail("expected a non-negative integer in the shape");
        }
        try {
          dims.add(Integer.parseInt(s.substring(start, pos)));
        } catch (NumberFormatException e) {
          throw fail("dimension " + s.substring(start, pos) + " is too large");
        }
        skipSpaces();
        if (peek() == ',') {
          pos++;
        } else if (peek() != ')') {
          throw fail("expected ',' or ')' in the shape");
        }
      }
      return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    String string() {
      char q = peek();
      if (q != '\'' && q != '"') {
        throw fail("expected a quoted string");
      }
      int end = s.indexOf(q, pos + 1);
      if (end < 0) {
        throw fail("unterminated string");
      }
      String v = s.substring(pos + 1, end);
      pos = end + 1;
      return v;
    }

    void skipSpaces() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    char peek() {
      if (pos >= s.length()) {
        throw fail("unexpected end of header");
      }
      return s.charAt(pos);
    }

    void expect(char c) {
      if (peek() != c) {
        throw fail("expected '" + c + "'");
      }
      pos++;
    }

    FileFormatException fail(String problem) {
      return new FileFormatException(source, "bad .npy header at character " + pos + " ("
          + problem + "): " + s);
    }
  }
}
