package org.theano4j.cuda.render;

import java.util.List;
import java.util.Locale;
import org.theano4j.cuda.ir.Expr;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.cuda.ir.Param;
import org.theano4j.cuda.ir.Shared;
import org.theano4j.cuda.ir.Stmt;
import org.theano4j.cuda.lower.Program;
import org.theano4j.cuda.lower.Step;
import org.theano4j.ndarray.DType;


/**
 * Renders kernels as CUDA C: one {@code extern "C" __global__} function per kernel, preceded
 * by a comment naming its source node and the user's line.
 *
 * <pre>{@code
 * String cu = CudaRenderer.render(Lowering.lower(graph, "train"));
 * }</pre>
 */
public final class CudaRenderer {
  private CudaRenderer() {}

  /** A whole program: the prelude, a summary of its steps, then every kernel. */
  public static String render(Program program) {
    StringBuilder sb = new StringBuilder(Prelude.TEXT);
    sb.append("/* Steps of the function, in order:\n");
    List<Step> steps = program.steps();
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      sb.append(String.format(Locale.ROOT, " * %2d %-32s %s%n", i, s.node().op().describe(),
          what(s)));
    }
    sb.append(" */\n\n");
    for (Kernel k : program.kernels()) {
      kernel(k, sb);
    }
    return sb.toString();
  }

  /** Kernels only, with the prelude (for batching several programs into one file). */
  public static String render(List<Kernel> kernels) {
    StringBuilder sb = new StringBuilder(Prelude.TEXT);
    for (Kernel k : kernels) {
      kernel(k, sb);
    }
    return sb.toString();
  }

  private static String what(Step s) {
    return s.accept(new Step.Visitor<String>() {
      @Override
      public String launch(Step.Launch l) {
        return names("kernels", l.kernels().kernels());
      }

      @Override
      public String view(Step.View v) {
        return "view (no kernel)";
      }

      @Override
      public String host(Step.Host h) {
        return "host (shape / scalar index arithmetic)";
      }

      @Override
      public String library(Step.Library l) {
        return names(l.call() + " (cuBLAS); if needed kernels", l.kernels().kernels());
      }

      @Override
      public String select(Step.Select s) {
        return "ifelse (no kernel: the condition is read on the host)";
      }

      @Override
      public String loop(Step.Loop l) {
        return names("scan: a host loop over its body's " + l.body().steps().size()
            + " steps, then a row copy per output; kernels", l.deviceKernels());
      }
    });
  }

  private static String names(String head, List<Kernel> kernels) {
    StringBuilder sb = new StringBuilder(head);
    for (Kernel k : kernels) {
      sb.append(' ').append(k.name());
    }
    return sb.toString();
  }

  /** A parameter's C declaration. */
  private static final Param.Visitor<String> PARAMETER = new Param.Visitor<>() {
    @Override
    public String buffer(Param.Buffer p) {
      return (p.access() == Param.Access.READ ? "const " : "") + type(p.dtype())
          + " *__restrict__ " + p.name();
    }

    @Override
    public String value(Param.Value p) {
      return type(p.dtype()) + ' ' + p.name();
    }
  };

  static void kernel(Kernel k, StringBuilder sb) {
    sb.append("/* ").append(k.comment().replace("*/", "* /").replace("\n", "\n * "))
        .append("\n */\n");
    sb.append("extern \"C\" __global__ void __launch_bounds__(").append(k.blockSize())
        .append(") ").append(k.name()).append('(');
    List<Param> ps = k.params();
    for (int i = 0; i < ps.size(); i++) {
      sb.append(i == 0 ? "" : ", ");
      sb.append(ps.get(i).accept(PARAMETER));
    }
    sb.append(") {\n");
    for (Shared s : k.shared()) {
      sb.append("  __shared__ ").append(type(s.dtype())).append(' ').append(s.name())
          .append('[').append(s.length()).append("];\n");
    }
    block(k.body(), 1, sb);
    sb.append("}\n\n");
  }

  private static void block(List<Stmt> body, int depth, StringBuilder sb) {
    StmtWriter w = new StmtWriter("  ".repeat(depth), depth, sb);
    for (Stmt s : body) {
      s.accept(w);
    }
  }

  /** Writes the statements of one block at one indentation. */
  private static final class StmtWriter implements Stmt.Visitor {
    private final String ind;
    private final int depth;
    private final StringBuilder sb;

    StmtWriter(String ind, int depth, StringBuilder sb) {
      this.ind = ind;
      this.depth = depth;
      this.sb = sb;
    }

    @Override
    public void declare(Stmt.Declare d) {
      sb.append(ind).append(type(d.type())).append(' ').append(d.name()).append(" = ")
          .append(expr(d.init())).append(";\n");
    }

    @Override
    public void assign(Stmt.Assign a) {
      sb.append(ind).append(a.name()).append(" = ").append(expr(a.value())).append(";\n");
    }

    @Override
    public void store(Stmt.Store st) {
      sb.append(ind).append(st.buffer()).append('[').append(expr(st.index())).append("] = ")
          .append(expr(st.value())).append(";\n");
    }

    @Override
    public void sharedStore(Stmt.SharedStore st) {
      sb.append(ind).append(st.array()).append('[').append(expr(st.index())).append("] = ")
          .append(expr(st.value())).append(";\n");
    }

    @Override
    public void loop(Stmt.For f) {
      sb.append(ind).append("for (int ").append(f.var()).append(" = ").append(expr(f.start()))
          .append("; ").append(f.var()).append(" < ").append(expr(f.end())).append("; ")
          .append(f.var()).append(" += ").append(expr(f.step())).append(") {\n");
      block(f.body(), depth + 1, sb);
      sb.append(ind).append("}\n");
    }

    @Override
    public void branch(Stmt.If i) {
      sb.append(ind).append("if (").append(expr(i.cond())).append(") {\n");
      block(i.then(), depth + 1, sb);
      if (!i.otherwise().isEmpty()) {
        sb.append(ind).append("} else {\n");
        block(i.otherwise(), depth + 1, sb);
      }
      sb.append(ind).append("}\n");
    }

    @Override
    public void barrier(Stmt.Barrier b) {
      sb.append(ind).append("__syncthreads();\n");
    }

    @Override
    public void fail(Stmt.Fail f) {
      sb.append(ind).append("// error: ").append(f.message()).append('\n');
      sb.append(ind).append("if (atomicCAS((unsigned long long *) err, 0ULL, ")
          .append(f.code()).append("ULL) == 0ULL) {\n");
      for (int v = 0; v < f.values().size(); v++) {
        sb.append(ind).append("  err[").append(v + 1).append("] = (long long) (")
            .append(expr(f.values().get(v))).append(");\n");
      }
      sb.append(ind).append("}\n");
    }

    @Override
    public void comment(Stmt.Comment c) {
      sb.append(ind).append("// ").append(c.text()).append('\n');
    }
  }

  /** The C type of a dtype. */
  public static String type(DType d) {
    return switch (d) {
      case BOOL -> "bool";
      case INT8 -> "signed char";
      case UINT8 -> "unsigned char";
      case INT16 -> "short";
      case INT32 -> "int";
      case INT64 -> "long long";
      case FLOAT32 -> "float";
      case FLOAT64 -> "double";
    };
  }

  static String expr(Expr e) {
    return e.accept(EXPR);
  }

  /** C text of an expression. */
  private static final Expr.Visitor<String> EXPR = new Expr.Visitor<>() {
    @Override
    public String intConst(Expr.IntConst e) {
      return intLiteral(e);
    }

    @Override
    public String floatConst(Expr.FloatConst e) {
      return floatLiteral(e);
    }

    @Override
    public String var(Expr.Var e) {
      return e.name();
    }

    @Override
    public String builtin(Expr.Builtin e) {
      return switch (e.coord()) {
        case BLOCK_IDX -> "(int) blockIdx.x";
        case THREAD_IDX -> "(int) threadIdx.x";
        case BLOCK_DIM -> "(int) blockDim.x";
        case GRID_DIM -> "(int) gridDim.x";
      };
    }

    @Override
    public String binary(Expr.Binary b) {
      if (b.op() == Expr.BinOp.MIN || b.op() == Expr.BinOp.MAX) {
        return b.op().symbol() + "(" + expr(b.a()) + ", " + expr(b.b()) + ")";
      }
      return "(" + expr(b.a()) + " " + b.op().symbol() + " " + expr(b.b()) + ")";
    }

    @Override
    public String load(Expr.Load l) {
      return l.buffer() + "[" + expr(l.index()) + "]";
    }

    @Override
    public String sharedLoad(Expr.SharedLoad l) {
      return l.array() + "[" + expr(l.index()) + "]";
    }

    @Override
    public String call(Expr.Call c) {
      return ScalarCalls.render(c);
    }

    @Override
    public String userCall(Expr.UserCall c) {
      return ScalarCalls.render(c);
    }

    @Override
    public String convert(Expr.Convert c) {
      return CudaRenderer.convert(c);
    }

    @Override
    public String random(Expr.Random r) {
      return Prelude.randomCall(r.draw(), expr(r.key()), expr(r.counter()),
          "(long long) " + expr(r.index()));
    }
  };

  private static String convert(Expr.Convert c) {
    DType from = c.value().type();
    DType to = c.to();
    String v = expr(c.value());
    if (to == DType.BOOL) {
      return "(" + v + " != 0)";
    }
    if (from.isFloat() && !to.isFloat()) {
      return "((" + type(to) + ") (long long) " + v + ")";
    }
    return "((" + type(to) + ") " + v + ")";
  }

  private static String intLiteral(Expr.IntConst c) {
    if (c.type() == DType.BOOL) {
      return c.value() != 0 ? "true" : "false";
    }
    if (c.type() == DType.INT64) {
      return c.value() == Long.MIN_VALUE ? "(-9223372036854775807LL - 1)" : c.value() + "LL";
    }
    return Long.toString(c.value());
  }

  private static String floatLiteral(Expr.FloatConst c) {
    boolean f = c.type() == DType.FLOAT32;
    double v = c.value();
    if (Double.isInfinite(v)) {
      return (v < 0 ? "-" : "") + (f ? "T4J_INF_F" : "T4J_INF");
    }
    return f ? Float.toString((float) v) + "f" : Double.toString(v);
  }

}
