package org.theano4j.fuzz;

import java.util.List;
import org.theano4j.Theano;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * The roots of one fuzzed graph: symbolic inputs A, B (3, 4), W (4, 4), v (4,), r (3,), labels
 * y (int32, 3) and a row index i (int64), and shared variables S1, S2 (3, 4) and S3 (4,). Made
 * afresh for every build, so each configuration compiles its own graph.
 */
final class Env {
  final DType dt;
  final Variable a;
  final Variable b;
  final Variable w;
  final Variable v;
  final Variable r;
  final Variable y;
  final Variable i;
  final SharedVariable s1;
  final SharedVariable s2;
  final SharedVariable s3;

  Env(DType dt, List<NDArray> sharedValues) {
    this.dt = dt;
    a = T.tensor(dt, new int[] {3, 4}, "A");
    b = T.tensor(dt, new int[] {3, 4}, "B");
    w = T.tensor(dt, new int[] {4, 4}, "W");
    v = T.tensor(dt, new int[] {4}, "v");
    r = T.tensor(dt, new int[] {3}, "r");
    y = T.tensor(DType.INT32, new int[] {3}, "y");
    i = T.tensor(DType.INT64, new int[] {}, "i");
    s1 = Theano.shared(sharedValues.get(0), "S1");
    s2 = Theano.shared(sharedValues.get(1), "S2");
    s3 = Theano.shared(sharedValues.get(2), "S3");
  }

  List<Variable> inputs() {
    return List.of(a, b, w, v, r, y, i);
  }

  List<SharedVariable> shared() {
    return List.of(s1, s2, s3);
  }

  /** The shared variable a leaf op names, or null. */
  SharedVariable sharedOf(Ops.Op op) {
    return op == Ops.S1 ? s1 : op == Ops.S2 ? s2 : op == Ops.S3 ? s3 : null;
  }

  static final String JAVA_DECLARATIONS = """
      Variable A = T.tensor(dt, new int[] {3, 4}, "A"), B = T.tensor(dt, new int[] {3, 4}, "B");
      Variable W = T.tensor(dt, new int[] {4, 4}, "W"), v = T.tensor(dt, new int[] {4}, "v");
      Variable r = T.tensor(dt, new int[] {3}, "r");
      Variable y = T.tensor(DType.INT32, new int[] {3}, "y");
      Variable i = T.tensor(DType.INT64, new int[] {}, "i");
      SharedVariable S1 = Theano.shared(s1, "S1"), S2 = Theano.shared(s2, "S2");
      SharedVariable S3 = Theano.shared(s3, "S3");
      """;
}
