package org.theano4j.cuda.ir;

import java.util.List;
import org.theano4j.ndarray.DType;

/** A statement of one thread. */
public sealed interface Stmt permits Stmt.Declare, Stmt.Assign, Stmt.Store, Stmt.SharedStore,
    Stmt.For, Stmt.If, Stmt.Barrier, Stmt.Fail, Stmt.Comment {

  /** Calls the visitor's method for this kind of statement. */
  void accept(Visitor v);

  /**
   * A walker of statements, one method per kind. A new kind of statement must implement
   * {@link #accept}, which needs a new method here, so the compiler names every walker (the
   * renderer, the interpreter, the error-message lookup) that does not handle it yet.
   */
  interface Visitor {
    void declare(Declare s);

    void assign(Assign s);

    void store(Store s);

    void sharedStore(SharedStore s);

    void loop(For s);

    void branch(If s);

    void barrier(Barrier s);

    void fail(Fail s);

    void comment(Comment s);
  }

  /** A new local variable. */
  record Declare(String name, DType type, Expr init) implements Stmt {
    @Override
    public void accept(Visitor v) {
      v.declare(this);
    }
  }

  /** Assignment to a declared local. */
  record Assign(String name, Expr value) implements Stmt {
    @Override
    public void accept(Visitor v) {
      v.assign(this);
    }
  }

  /** {@code buffer[index] = value}; the value has the buffer's dtype. */
  record Store(String buffer, Expr index, Expr value) implements Stmt {
    @Override
    public void accept(Visitor v) {
      v.store(this);
    }
  }

  /** {@code array[index] = value} in shared memory. */
  record SharedStore(String array, Expr index, Expr value) implements Stmt {
    @Override
    public void accept(Visitor v) {
      v.sharedStore(this);
    }
  }

  /** {@code for (int var = start; var < end; var += step) body}, on index values. */
  record For(String var, Expr start, Expr end, Expr step, List<Stmt> body) implements Stmt {
    @Override
    public void accept(Visitor v) {
      v.loop(this);
    }

    public For {
      body = List.copyOf(body);
    }
  }

  /** A branch; {@code otherwise} may be empty. */
  record If(Expr cond, List<Stmt> then, List<Stmt> otherwise) implements Stmt {
    @Override
    public void accept(Visitor v) {
      v.branch(this);
    }

    public If {
      then = List.copyOf(then);
      otherwise = List.copyOf(otherwise);
    }
  }

  /**
   * {@code __syncthreads()}: every thread of the block waits here; all of them must reach the
   * same barrier (never inside divergent control flow).
   */
  record Barrier() implements Stmt {
    @Override
    public void accept(Visitor v) {
      v.barrier(this);
    }
  }

  /**
   * Reports a run-time error of the user's data (an index out of range). On the GPU the first
   * failing thread records {@code code} and {@code values} in the kernel's error buffer and
   * carries on (so barriers are still met; the lowering makes what follows harmless), and the
   * host formats {@code message}, whose {@code {}} placeholders take the values in order, after
   * the kernel; the JVM interpreter throws at once.
   */
  record Fail(int code, String message, List<Expr> values) implements Stmt {
    @Override
    public void accept(Visitor v) {
      v.fail(this);
    }

    public Fail {
      values = List.copyOf(values);
    }
  }

  /** A comment in the rendered code. */
  record Comment(String text) implements Stmt {
    @Override
    public void accept(Visitor v) {
      v.comment(this);
    }
  }
}
