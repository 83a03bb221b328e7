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
    Finder f = new Finder(code);
    for (Stmt s : body) {
      s.accept(f);
      if (f.found != null) {
        return f.found;
      }
    }
    return null;
  }

  /** Looks into every statement that holds statements; the others hold no {@code Fail}. */
  private static final class Finder implements Stmt.Visitor {
    private final int code;
    Stmt.Fail found;

    Finder(int code) {
      this.code = code;
    }

    @Override
    public void fail(Stmt.Fail s) {
      if (s.code() == code) {
        found = s;
      }
    }

    @Override
    public void loop(Stmt.For s) {
      found = find(s.body(), code);
    }

    @Override
    public void branch(Stmt.If s) {
      found = find(s.then(), code);
      found = found != null ? found : find(s.otherwise(), code);
    }

    @Override
    public void declare(Stmt.Declare s) {}

    @Override
    public void assign(Stmt.Assign s) {}

    @Override
    public void store(Stmt.Store s) {}

    @Override
    public void sharedStore(Stmt.SharedStore s) {}

    @Override
    public void barrier(Stmt.Barrier s) {}

    @Override
    public void comment(Stmt.Comment s) {}
  }
}
