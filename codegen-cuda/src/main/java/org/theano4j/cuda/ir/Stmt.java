package org.theano4j.cuda.ir;

import java.util.List;
import org.theano4j.ndarray.DType;

/** A statement of one thread. */
public sealed interface Stmt permits Stmt.Declare, Stmt.Assign, Stmt.Store, Stmt.SharedStore,
    Stmt.For, Stmt.If, Stmt.Barrier, Stmt.Fail, Stmt.Comment {

  /** A new local variable. */
  record Declare(String name, DType type, Expr init) implements Stmt {}

  /** Assignment to a declared local. */
  record Assign(String name, Expr value) implements Stmt {}

  /** {@code buffer[index] = value}; the value has the buffer's dtype. */
  record Store(String buffer, Expr index, Expr value) implements Stmt {}

  /** {@code array[index] = value} in shared memory. */
  record SharedStore(String array, Expr index, Expr value) implements Stmt {}

  /** {@code for (int var = start; var < end; var += step) body}, on index values. */
  record For(String var, Expr start, Expr end, Expr step, List<Stmt> body) implements Stmt {
    public For {
      body = List.copyOf(body);
    }
  }

  /** A branch; {@code otherwise} may be empty. */
  record If(Expr cond, List<Stmt> then, List<Stmt> otherwise) implements Stmt {
    public If {
      then = List.copyOf(then);
      otherwise = List.copyOf(otherwise);
    }
  }

  /**
   * {@code __syncthreads()}: every thread of the block waits here; all of them must reach the
   * same barrier (never inside divergent control flow).
   */
  record Barrier() implements Stmt {}

  /**
   * Reports a run-time error of the user's data (an index out of range). On the GPU the first
   * failing thread records {@code code} and {@code values} in the kernel's error buffer and
   * carries on (so barriers are still met; the lowering makes what follows harmless), and the
   * host formats {@code message}, whose {@code {}} placeholders take the values in order, after
   * the kernel; the JVM interpreter throws at once.
   */
  record Fail(int code, String message, List<Expr> values) implements Stmt {
    public Fail {
      values = List.copyOf(values);
    }
  }

  /** A comment in the rendered code. */
  record Comment(String text) implements Stmt {}
}
