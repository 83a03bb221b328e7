package org.theano4j.numpy;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/** One random expression: its inputs with values, and its nodes in order (the last is the root). */
final class Case {
  /** An input: its value, the declared static shape (unknown dims as -1) and its variable. */
  record Leaf(String name, NDArray value, int[] declared, Variable var) {}

  /**
   * A node as the user wrote it: the Java and NumPy source (naming earlier nodes n0, n1, ...
   * and inputs x0, x1, ...), our dtype (null where we refused to build it), the names whose
   * arrays NumPy recomputes in our dtype after an intended difference, the op's label
   * (for the per-category counts and the allowlist), its input dtypes, and whether some
   * float operand was computed with rounding.
   */
  record Node(String java, String numpy, DType ours, List<String> cast, String op,
      List<DType> inputs, boolean literal, String refusal, boolean roundedOperand) {}

  final int id;
  final List<Leaf> leaves = new ArrayList<>();
  final List<Node> nodes = new ArrayList<>();
  /** The root variable, or null when the last node was refused. */
  Variable root;
  /** True when the root's value is computed with rounding (compared with a tolerance). */
  boolean inexact;
  /** True when some float32 value of the case is rounded (its error reaches float64 ones). */
  boolean lowPrecision;

  Case(int id) {
    this.id = id;
  }

  Node last() {
    return nodes.get(nodes.size() - 1);
  }

  /** The root node's op, as counted per category. */
  String category() {
    return last().op();
  }

  /** A Java reproduction (JUnit-free: paste into a main method). */
  String java() {
    StringBuilder s = new StringBuilder();
    for (Leaf l : leaves) {
      s.append("Variable ").append(l.name()).append(" = T.tensor(DType.")
          .append(l.value().dtype().name()).append(", new int[] {")
          .append(join(l.declared())).append("}, \"").append(l.name()).append("\");\n");
    }
    for (int k = 0; k < nodes.size(); k++) {
      s.append("Variable n").append(k).append(" = ").append(nodes.get(k).java()).append(";\n");
    }
    s.append("Function f = Theano.function(List.of(");
    for (int i = 0; i < leaves.size(); i++) {
      s.append(i > 0 ? ", " : "").append(leaves.get(i).name());
    }
    s.append("), List.of(n").append(nodes.size() - 1)
        .append(")).onUnusedInput(UnusedInputPolicy.IGNORE).build();\n");
    s.append("f.call(");
    for (int i = 0; i < leaves.size(); i++) {
      Leaf l = leaves.get(i);
      s.append(i > 0 ? ",\n    " : "").append(javaArray(l.value()));
    }
    return s.append(");\n").toString();
  }

  /** A NumPy reproduction. */
  String numpy() {
    StringBuilder s = new StringBuilder("import numpy as np\n");
    for (Leaf l : leaves) {
      s.append(l.name()).append(" = np.array([").append(values(l.value(), false))
          .append("], dtype=np.").append(l.value().dtype().numpyName()).append(").reshape((")
          .append(join(l.value().shape())).append(l.value().ndim() == 1 ? ",))\n" : "))\n");
    }
    for (int k = 0; k < nodes.size(); k++) {
      s.append("n").append(k).append(" = ").append(nodes.get(k).numpy()).append('\n');
    }
    return s.append("print(repr(n").append(nodes.size() - 1).append("))\n").toString();
  }

  private static String javaArray(NDArray a) {
    DType d = a.dtype();
    String type = d == DType.FLOAT32 ? "float" : d == DType.FLOAT64 ? "double"
        : d == DType.INT64 ? "long" : d == DType.BOOL ? "boolean" : "int";
    String arr = "new " + type + "[] {" + values(a, true) + "}";
    String shape = a.ndim() == 0 ? "" : ", " + join(a.shape());
    String of = "NDArray.of(" + arr + shape + ")";
    return d == DType.FLOAT32 || d == DType.FLOAT64 || d == DType.INT64 || d == DType.BOOL
        || d == DType.INT32 ? of : of + ".astype(DType." + d.name() + ")";
  }

  static String values(NDArray a, boolean java) {
    StringBuilder s = new StringBuilder();
    if (a.dtype().isFloat()) {
      for (double v : a.toDoubleArray()) {
        s.append(s.length() > 0 ? ", " : "").append(java ? Literals.java(v, a.dtype())
            : Literals.numpy(v));
      }
    } else {
      for (long v : a.toLongArray()) {
        String b = v != 0 ? (java ? "true" : "True") : (java ? "false" : "False");
        s.append(s.length() > 0 ? ", " : "").append(a.dtype() == DType.BOOL ? b
            : Long.toString(v) + (java && a.dtype() == DType.INT64 ? "L" : ""));
      }
    }
    return s.toString();
  }

  static String join(int[] xs) {
    StringBuilder s = new StringBuilder();
    for (int x : xs) {
      s.append(s.length() > 0 ? ", " : "").append(x);
    }
    return s.toString();
  }
}
