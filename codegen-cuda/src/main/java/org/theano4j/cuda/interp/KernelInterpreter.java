package org.theano4j.cuda.interp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.theano4j.cuda.interp.Compiled.Block;
import org.theano4j.cuda.interp.Compiled.DoubleFn;
import org.theano4j.cuda.interp.Compiled.LongFn;
import org.theano4j.cuda.interp.Compiled.Thread;
import org.theano4j.cuda.ir.Expr;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.cuda.ir.Param;
import org.theano4j.cuda.ir.Shared;
import org.theano4j.cuda.ir.Stmt;
import org.theano4j.cuda.lower.ArrayRef;
import org.theano4j.ndarray.Storage;

/**
 * Runs a kernel on the JVM as the GPU would: blocks one after another, and within a block
 * every thread runs until it reaches a barrier (or ends) before any thread passes it. The
 * threads of a phase run in ascending order, then descending in the next phase, so a missing
 * barrier changes results instead of hiding. All threads of a block must meet at the same
 * barrier; anything else is reported as an error of the kernel.
 */
public final class KernelInterpreter {
  private static final Map<Kernel, Program> CACHE = new ConcurrentHashMap<>();

  private KernelInterpreter() {}

  /** A statement in executable form. */
  private sealed interface Node permits Action, Loop, Branch, Barrier {
    /** Calls the visitor's method for this kind of node. */
    <R> R accept(Visitor<R> v);
  }

  /**
   * A walker of executable statements, one method per kind: a new kind must implement {@link
   * Node#accept}, so the compiler names the thread runner until it handles it.
   */
  private interface Visitor<R> {
    R action(Action a);

    R loop(Loop l);

    R branch(Branch b);

    R barrier(Barrier b);
  }

  private non-sealed interface Action extends Node {
    void run(Thread t);

    @Override
    default <R> R accept(Visitor<R> v) {
      return v.action(this);
    }
  }

  private record Loop(int slot, LongFn start, LongFn end, LongFn step, Node[] body)
      implements Node {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.loop(this);
    }
  }

  private record Branch(LongFn cond, Node[] then, Node[] otherwise) implements Node {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.branch(this);
    }
  }

  private record Barrier(int id) implements Node {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.barrier(this);
    }
  }

  private record Program(Compiled k, Node[] body) {}

  /** An active block of statements of one thread; {@code loop} is set for a loop body. */
  private static final class Frame {
    final Node[] nodes;
    final Loop loop;
    int pc;

    Frame(Node[] nodes, Loop loop) {
      this.nodes = nodes;
      this.loop = loop;
    }
  }

  /** Runs {@code kernel} on {@code grid} blocks; arguments as {@code Device.launch}. */
  public static void launch(Kernel kernel, int grid, List<Object> args) {
    Program p = CACHE.computeIfAbsent(kernel, KernelInterpreter::compile);
    Compiled k = p.k();
    List<Param> params = kernel.params();
    if (args.size() != params.size()) {
      throw new IllegalStateException("kernel " + kernel.name() + " takes " + params.size()
          + " arguments, got " + args.size());
    }
    Storage[] buffers = new Storage[k.buffers.size()];
    int[] offsets = new int[buffers.length];
    long[] values = new long[k.slots.size()];
    for (int i = 0; i < params.size(); i++) {
      Object a = args.get(i);
      params.get(i).accept(new Param.Visitor<Void>() {
        @Override
        public Void buffer(Param.Buffer prm) {
          ArrayRef r = (ArrayRef) a;
          int b = k.buffer(prm.name());
          buffers[b] = (Storage) r.memory();
          offsets[b] = r.offset();
          return null;
        }

        @Override
        public Void value(Param.Value prm) {
          values[k.slot(prm.name())] = ((Number) a).longValue();
          return null;
        }
      });
    }
    for (int b = 0; b < grid; b++) {
      runBlock(p, new Block(b, kernel.blockSize(), grid, buffers, offsets,
          kernel.shared().size()), values);
    }
  }

  private static void runBlock(Program p, Block block, long[] values) {
    Kernel kernel = p.k().kernel;
    List<Shared> shared = kernel.shared();
    for (int s = 0; s < shared.size(); s++) {
      if (shared.get(s).dtype().isFloat()) {
        block.sharedD[s] = new double[shared.get(s).length()];
      } else {
        block.sharedL[s] = new long[shared.get(s).length()];
      }
    }
    int n = block.blockDim;
    ThreadRunner[] threads = new ThreadRunner[n];
    for (int i = 0; i < n; i++) {
      Thread t = new Thread(values.length, block, i);
      System.arraycopy(values, 0, t.l, 0, values.length);
      threads[i] = new ThreadRunner(t, p.body());
    }
    Barrier[] at = new Barrier[n];
    for (int phase = 0; ; phase++) {
      int waiting = 0;
      for (int j = 0; j < n; j++) {
        int i = phase % 2 == 0 ? j : n - 1 - j;
        at[i] = threads[i].next();
        waiting += at[i] != null ? 1 : 0;
      }
      if (waiting == 0) {
        return;
      }
      for (int i = 0; i < n; i++) {
        if (at[i] == null || at[0] == null || at[i].id() != at[0].id()) {
          throw new IllegalStateException("kernel " + kernel.name() + ", block "
              + block.blockIdx + ": threads diverge at a barrier (thread 0 at "
              + describe(at[0]) + ", thread " + i + " at " + describe(at[i]) + ")");
        }
      }
    }
  }

  private static String describe(Barrier b) {
    return b == null ? "the end" : "barrier #" + b.id();
  }

  /**
   * One thread's position in the kernel: its stack of active blocks. Visiting a node runs it
   * and returns the barrier the thread stops at, or null to go on.
   */
  private static final class ThreadRunner implements Visitor<Barrier> {
    private final Thread t;
    private final Deque<Frame> stack = new ArrayDeque<>();

    ThreadRunner(Thread t, Node[] body) {
      this.t = t;
      stack.push(new Frame(body, null));
    }

    /** Runs the thread until its next barrier (returned) or its end (null). */
    Barrier next() {
      while (!stack.isEmpty()) {
        Frame f = stack.peek();
        if (f.pc >= f.nodes.length) {
          if (f.loop != null) {
            Loop l = f.loop;
            t.l[l.slot()] += l.step().eval(t);
            if (t.l[l.slot()] < l.end().eval(t)) {
              f.pc = 0;
              continue;
            }
          }
          stack.pop();
          continue;
        }
        Barrier at = f.nodes[f.pc++].accept(this);
        if (at != null) {
          return at;
        }
      }
      return null;
    }

    @Override
    public Barrier action(Action a) {
      a.run(t);
      return null;
    }

    @Override
    public Barrier branch(Branch b) {
      stack.push(new Frame(b.cond().eval(t) != 0 ? b.then() : b.otherwise(), null));
      return null;
    }

    @Override
    public Barrier loop(Loop l) {
      t.l[l.slot()] = l.start().eval(t);
      if (t.l[l.slot()] < l.end().eval(t)) {
        stack.push(new Frame(l.body(), l));
      }
      return null;
    }

    @Override
    public Barrier barrier(Barrier b) {
      return b;
    }
  }

  private static Program compile(Kernel kernel) {
    Compiled k = new Compiled(kernel);
    int[] barriers = {0};
    return new Program(k, compile(kernel.body(), new ExprCompiler(k), k, barriers));
  }

  private static Node[] compile(List<Stmt> body, ExprCompiler ec, Compiled k, int[] barriers) {
    StmtCompiler c = new StmtCompiler(ec, k, barriers);
    for (Stmt s : body) {
      s.accept(c);
    }
    return c.out.toArray(new Node[0]);
  }

  /** Compiles the statements of one block into {@link #out}; a comment compiles to nothing. */
  private static final class StmtCompiler implements Stmt.Visitor {
    private final ExprCompiler ec;
    private final Compiled k;
    private final int[] barriers;
    final List<Node> out = new ArrayList<>();

    StmtCompiler(ExprCompiler ec, Compiled k, int[] barriers) {
      this.ec = ec;
      this.k = k;
      this.barriers = barriers;
    }

    @Override
    public void declare(Stmt.Declare d) {
      out.add(KernelInterpreter.assign(k.slot(d.name()), d.init(), ec));
    }

    @Override
    public void assign(Stmt.Assign a) {
      out.add(KernelInterpreter.assign(k.slot(a.name()), a.value(), ec));
    }

    @Override
    public void store(Stmt.Store st) {
      int b = k.buffer(st.buffer());
      LongFn i = ec.longFn(st.index());
      if (st.value().type().isFloat()) {
        DoubleFn v = ec.doubleFn(st.value());
        out.add((Action) t -> t.block.buffers[b].setDouble(k.position(t, b, i.eval(t),
            st.buffer()), v.eval(t)));
        return;
      }
      LongFn v = ec.longFn(st.value());
      out.add((Action) t -> t.block.buffers[b].setLong(k.position(t, b, i.eval(t),
          st.buffer()), v.eval(t)));
    }

    @Override
    public void sharedStore(Stmt.SharedStore st) {
      int a = k.sharedIndex(st.array());
      LongFn i = ec.longFn(st.index());
      if (st.value().type().isFloat()) {
        DoubleFn v = ec.doubleFn(st.value());
        out.add((Action) t -> t.block.sharedD[a][(int) i.eval(t)] = v.eval(t));
        return;
      }
      LongFn v = ec.longFn(st.value());
      out.add((Action) t -> t.block.sharedL[a][(int) i.eval(t)] = v.eval(t));
    }

    @Override
    public void loop(Stmt.For f) {
      out.add(new Loop(k.slot(f.var()), ec.longFn(f.start()), ec.longFn(f.end()),
          ec.longFn(f.step()), compile(f.body(), ec, k, barriers)));
    }

    @Override
    public void branch(Stmt.If i) {
      out.add(new Branch(ec.longFn(i.cond()), compile(i.then(), ec, k, barriers),
          compile(i.otherwise(), ec, k, barriers)));
    }

    @Override
    public void barrier(Stmt.Barrier b) {
      out.add(new Barrier(barriers[0]++));
    }

    @Override
    public void fail(Stmt.Fail f) {
      List<LongFn> vs = new ArrayList<>();
      for (Expr e : f.values()) {
        vs.add(ec.longFn(e));
      }
      out.add((Action) t -> {
        long[] v = new long[vs.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = vs.get(i).eval(t);
        }
        throw new IllegalArgumentException(format(f.message(), v));
      });
    }

    @Override
    public void comment(Stmt.Comment c) {
      // Rendered for the reader of the CUDA C; nothing to run.
    }
  }

  private static Action assign(int slot, Expr value, ExprCompiler ec) {
    if (value.type().isFloat()) {
      DoubleFn v = ec.doubleFn(value);
      return t -> t.d[slot] = v.eval(t);
    }
    LongFn v = ec.longFn(value);
    return t -> t.l[slot] = v.eval(t);
  }

  /** Replaces each {@code {}} of {@code message} by the next value. */
  public static String format(String message, long[] values) {
    StringBuilder sb = new StringBuilder();
    int from = 0;
    for (long v : values) {
      int at = message.indexOf("{}", from);
      if (at < 0) {
        break;
      }
      sb.append(message, from, at).append(v);
      from = at + 2;
    }
    return sb.append(message.substring(from)).toString();
  }
}
