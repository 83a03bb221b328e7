package org.theano4j.cuda.runtime;

import java.util.List;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.cuda.ir.Stmt;

/** Finds the {@code Fail} statement of a kernel by the code it records. */
final class Failures {
  private Failures() {}

  static Stmt.Fail find(Kernel k, int code) {
    Stmt.Fail f = find(k.body(), code);
    if (f == null) {
      throw new IllegalStateException("kernel " + k.name() + " recorded unknown failure "
          + code);
    }
    return f;
  }

  private static Stmt.Fail find(List<Stmt> body, int code) {
    for (Stmt s : body) {
      Stmt.Fail f = null;
      if (s instanceof Stmt.Fail && ((Stmt.Fail) s).code() == code) {
        return (Stmt.Fail) s;
      } else if (s instanceof Stmt.For) {
        f = find(((Stmt.For) s).body(), code);
      } else if (s instanceof Stmt.If) {
        f = find(((Stmt.If) s).then(), code);
        f = f != null ? f : find(((Stmt.If) s).otherwise(), code);
      }
      if (f != null) {
        return f;
      }
    }
    return null;
  }
}
