package org.theano4j.cuda.render;

import java.util.List;
import org.theano4j.cuda.ir.Expr;
import org.theano4j.ndarray.DType;
import org.theano4j.tensor.Scalar;

/**
 * C spellings of the primitive scalar functions, in a float lane or the int64 lane: the
 * function's C template from the scalar table ({@link Scalar#cTemplate}) with its arguments
 * substituted; and of user-defined elementwise functions, their own template in a float lane.
 */
final class ScalarCalls {
  private ScalarCalls() {}

  static String render(Expr.Call c) {
    Scalar fn = c.fn();
    String template = fn.cTemplate(c.lane().isFloat(), c.type() == DType.BOOL);
    return fill(fn.opName(), template, args(c.args()), CudaRenderer.type(c.lane()));
  }

  /** A user-defined elementwise function: its own template, in its float lane. */
  static String render(Expr.UserCall c) {
    return fill(c.fn().name(), c.fn().cTemplate(), args(c.args()), CudaRenderer.type(c.type()));
  }

  private static String[] args(List<Expr> args) {
    String[] a = new String[args.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = CudaRenderer.expr(args.get(i));
    }
    return a;
  }

  /**
   * The template with {@code $a}, {@code $b}, {@code $c} replaced by the arguments and
   * {@code $t} by the lane's C type, in one pass (an argument's text is never rescanned).
   */
  static String fill(String fn, String template, String[] args, String type) {
    StringBuilder out = new StringBuilder(template.length() + 32);
    for (int i = 0; i < template.length(); i++) {
      char ch = template.charAt(i);
      if (ch != '$') {
        out.append(ch);
        continue;
      }
      char p = i + 1 < template.length() ? template.charAt(++i) : ' ';
      int arg = p - 'a';
      if (p == 't') {
        out.append(type);
      } else if (arg >= 0 && arg < args.length) {
        out.append(args[arg]);
      } else {
        throw new IllegalStateException("C template of " + fn + " (" + template
            + ") names $" + p + ", but the call has " + args.length + " argument(s)");
      }
    }
    return out.toString();
  }
}
