package org.theano4j.autodiff;

import static org.theano4j.autodiff.GradSupport.mask;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.theano4j.TheanoException;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.Cast;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.T;

/**
 * Gradients of the elementwise scalar functions. Each rule gives the input gradients at the
 * output's shape; {@link #grads} then undoes broadcasting for each input.
 */
@AutoService(GradFamily.class)
public final class ElemwiseGrads implements GradFamily {
  /** The rule of each differentiable scalar function. */
  private static final Map<Scalar, ScalarRule> RULES = new EnumMap<>(Scalar.class);
  /** How each scalar function differentiates (a function not listed has no entry). */
  private static final Map<Scalar, GradRules.Kind> KINDS = new EnumMap<>(Scalar.class);

  static {
    scalars(RULES, KINDS);
  }

  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public ElemwiseGrads() {}

  @Override
  public void register(Registry r) {
    r.rule(Elemwise.class, ElemwiseGrads::grads);
  }

  /** How scalar function {@code s} of {@link Elemwise} differentiates, or null. */
  static GradRules.Kind kind(Scalar s) {
    return KINDS.get(s);
  }

  /** Input gradients of one scalar function: {@code in} the inputs, {@code z} the output. */
  @FunctionalInterface
  interface ScalarRule {
    Variable[] grads(List<Variable> in, Variable z, Variable gz);
  }

  private static void scalars(Map<Scalar, ScalarRule> rules,
      Map<Scalar, GradRules.Kind> kinds) {
    rules.put(Scalar.ADD, (in, z, gz) -> arr(gz, gz));
    rules.put(Scalar.SUB, (in, z, gz) -> arr(gz, T.neg(gz)));
    rules.put(Scalar.MUL, (in, z, gz) -> arr(T.mul(gz, in.get(1)), T.mul(gz, in.get(0))));
    rules.put(Scalar.TRUE_DIV, (in, z, gz) -> arr(T.trueDiv(gz, in.get(1)),
        T.neg(T.trueDiv(T.mul(gz, z), in.get(1)))));
    // x mod y = x - floor(x / y) * y
    rules.put(Scalar.MOD, (in, z, gz) -> arr(gz,
        T.neg(T.mul(gz, T.floor(T.trueDiv(in.get(0), in.get(1)))))));
    rules.put(Scalar.POW, ElemwiseGrads::pow);
    rules.put(Scalar.MAXIMUM, ElemwiseGrads::selectExtreme);
    rules.put(Scalar.MINIMUM, ElemwiseGrads::selectExtreme);
    rules.put(Scalar.NEG, (in, z, gz) -> arr(T.neg(gz)));
    rules.put(Scalar.ABS, (in, z, gz) -> arr(T.mul(gz, T.sign(in.get(0)))));
    rules.put(Scalar.SQR, (in, z, gz) -> arr(T.mul(T.mul(gz, 2), in.get(0))));
    rules.put(Scalar.RELU, (in, z, gz) -> arr(T.mul(gz, mask(T.gt(in.get(0), 0), gz))));
    rules.put(Scalar.EXP, (in, z, gz) -> arr(T.mul(gz, z)));
    rules.put(Scalar.LOG, (in, z, gz) -> arr(T.trueDiv(gz, in.get(0))));
    rules.put(Scalar.LOG1P, (in, z, gz) -> arr(T.trueDiv(gz, T.add(in.get(0), 1))));
    rules.put(Scalar.EXPM1, (in, z, gz) -> arr(T.mul(gz, T.add(z, 1))));
    rules.put(Scalar.SQRT, (in, z, gz) -> arr(T.trueDiv(T.mul(gz, 0.5), z)));
    rules.put(Scalar.TANH, (in, z, gz) -> arr(T.mul(gz, T.sub(1, T.sqr(z)))));
    rules.put(Scalar.SIGMOID, (in, z, gz) -> arr(T.mul(T.mul(gz, z), T.sub(1, z))));
    rules.put(Scalar.SOFTPLUS, (in, z, gz) -> arr(T.mul(gz, T.sigmoid(in.get(0)))));
    rules.put(Scalar.ELU, ElemwiseGrads::elu);
    // clip's rule (Theano's): the slope 0.2 where 0.2 x + 0.5 lies in [0, 1], bounds included
    rules.put(Scalar.HARD_SIGMOID, (in, z, gz) -> {
      Variable y = T.add(T.mul(in.get(0), 0.2), 0.5);
      return arr(T.mul(T.mul(gz, 0.2), mask(T.and(T.ge(y, 0), T.le(y, 1)), gz)));
    });
    rules.put(Scalar.SOFTSIGN, (in, z, gz) ->
        arr(T.trueDiv(gz, T.sqr(T.add(T.abs(in.get(0)), 1)))));
    rules.put(Scalar.SIN, (in, z, gz) -> arr(T.mul(gz, T.cos(in.get(0)))));
    rules.put(Scalar.COS, (in, z, gz) -> arr(T.neg(T.mul(gz, T.sin(in.get(0))))));
    // d tan x = (1 + tan^2 x) dx
    rules.put(Scalar.TAN, (in, z, gz) -> arr(T.mul(gz, T.add(1, T.sqr(z)))));
    // d log2 x = dx / (x ln 2)
    rules.put(Scalar.LOG2, (in, z, gz) -> arr(T.trueDiv(gz, T.mul(in.get(0), Math.log(2)))));
    // d erf x = 2/sqrt(pi) exp(-x^2) dx, d erfc x = -that
    rules.put(Scalar.ERF, (in, z, gz) -> arr(T.mul(gz, erfSlope(in.get(0)))));
    rules.put(Scalar.ERFC, (in, z, gz) -> arr(T.neg(T.mul(gz, erfSlope(in.get(0))))));
    // d erfinv x = sqrt(pi)/2 exp(erfinv(x)^2) dx
    rules.put(Scalar.ERFINV, (in, z, gz) ->
        arr(T.mul(gz, T.mul(Math.sqrt(Math.PI) / 2, T.exp(T.sqr(z))))));
    rules.put(Scalar.GAMMALN, (in, z, gz) -> arr(T.mul(gz, T.psi(in.get(0)))));
    rules.put(Scalar.PSI, (in, z, gz) -> arr(T.mul(gz, T.trigamma(in.get(0)))));
    rules.put(Scalar.TRIGAMMA, (in, z, gz) -> {
      throw new TheanoException("grad: the derivative of trigamma (polygamma(2, x)) is not "
          + "implemented; trigamma itself is the derivative of psi, so grad of psi works once, "
          + "grad of grad of psi does not");
    });
    // d cbrt x = dx / (3 cbrt(x)^2)
    rules.put(Scalar.CBRT, (in, z, gz) -> arr(T.trueDiv(gz, T.mul(T.sqr(z), 3))));
    // d log10 x = dx / (x ln 10); d 2^x = 2^x ln 2 dx
    rules.put(Scalar.LOG10, (in, z, gz) -> arr(T.trueDiv(gz, T.mul(in.get(0), Math.log(10)))));
    rules.put(Scalar.EXP2, (in, z, gz) -> arr(T.mul(T.mul(gz, z), Math.log(2))));
    // d arcsin x = dx / sqrt(1 - x^2); d arccos x = -dx / sqrt(1 - x^2)
    rules.put(Scalar.ARCSIN, (in, z, gz) -> arr(T.trueDiv(gz,
        T.sqrt(T.sub(1, T.sqr(in.get(0)))))));
    rules.put(Scalar.ARCCOS, (in, z, gz) -> arr(T.neg(T.trueDiv(gz,
        T.sqrt(T.sub(1, T.sqr(in.get(0))))))));
    // d arctan x = dx / (1 + x^2)
    rules.put(Scalar.ARCTAN, (in, z, gz) -> arr(T.trueDiv(gz, T.add(1, T.sqr(in.get(0))))));
    rules.put(Scalar.ARCTAN2, ElemwiseGrads::arctan2);
    rules.put(Scalar.SINH, (in, z, gz) -> arr(T.mul(gz, T.cosh(in.get(0)))));
    rules.put(Scalar.COSH, (in, z, gz) -> arr(T.mul(gz, T.sinh(in.get(0)))));
    // d arcsinh x = dx / sqrt(x^2 + 1); d arccosh x = dx / sqrt(x^2 - 1);
    // d arctanh x = dx / (1 - x^2)
    rules.put(Scalar.ARCSINH, (in, z, gz) -> arr(T.trueDiv(gz,
        T.sqrt(T.add(T.sqr(in.get(0)), 1)))));
    rules.put(Scalar.ARCCOSH, (in, z, gz) -> arr(T.trueDiv(gz,
        T.sqrt(T.sub(T.sqr(in.get(0)), 1)))));
    rules.put(Scalar.ARCTANH, (in, z, gz) -> arr(T.trueDiv(gz, T.sub(1, T.sqr(in.get(0))))));
    rules.put(Scalar.CLIP, ElemwiseGrads::clip);
    rules.put(Scalar.SWITCH, (in, z, gz) -> arr(null,
        T.where(in.get(0), gz, 0), T.where(in.get(0), 0, gz)));
    for (Scalar s : rules.keySet()) {
      kinds.put(s, GradRules.Kind.DIFFERENTIABLE);
    }
    // Piecewise constant or discrete-valued: the inputs get zero gradients, as in Theano.
    for (Scalar s : new Scalar[] {Scalar.INT_DIV, Scalar.SIGN, Scalar.ROUND, Scalar.FLOOR,
        Scalar.CEIL, Scalar.EQ, Scalar.NEQ, Scalar.LT, Scalar.LE, Scalar.GT, Scalar.GE,
        Scalar.AND, Scalar.OR, Scalar.XOR, Scalar.NOT, Scalar.ISNAN,
        Scalar.ISINF}) {
      kinds.put(s, GradRules.Kind.ZERO);
    }
  }

  /** {@code 2/sqrt(pi) exp(-x^2)}, the slope of erf. */
  private static Variable erfSlope(Variable x) {
    return T.mul(2 / Math.sqrt(Math.PI), T.exp(T.neg(T.sqr(x))));
  }

  private static Variable[] arr(Variable... g) {
    return g;
  }

  /** d(x^y) = y x^(y-1) dx + x^y log(x) dy. */
  private static Variable[] pow(List<Variable> in, Variable z, Variable gz) {
    Variable x = in.get(0);
    Variable y = in.get(1);
    Variable gx = T.mul(gz, T.mul(y, T.pow(x, T.sub(y, 1))));
    Variable gy = y.dtype().isFloat() ? T.mul(gz, T.mul(z, T.log(x))) : null;
    return arr(gx, gy);
  }

  /** maximum/minimum: each input whose value equals the result gets the gradient (Theano). */
  private static Variable[] selectExtreme(List<Variable> in, Variable z, Variable gz) {
    return arr(T.mul(gz, mask(T.eq(z, in.get(0)), gz)), T.mul(gz, mask(T.eq(z, in.get(1)), gz)));
  }

  /**
   * clip(x, lo, hi) = min(max(x, lo), hi): x inside the range, lo below it, hi above it
   * (Theano's rule, also exact when lo > hi).
   */
  /** elu(x, alpha): dx is 1 where x > 0, else alpha exp(x); dalpha is 0 there, else exp(x) - 1. */
  private static Variable[] elu(List<Variable> in, Variable z, Variable gz) {
    Variable x = in.get(0);
    Variable positive = T.gt(x, 0);
    return arr(T.mul(gz, T.where(positive, 1, T.mul(in.get(1), T.exp(x)))),
        T.mul(gz, T.where(positive, 0, T.expm1(x))));
  }

  /** arctan2(y, x): dy gets x / (x^2 + y^2), dx gets -y / (x^2 + y^2). */
  private static Variable[] arctan2(List<Variable> in, Variable z, Variable gz) {
    Variable y = in.get(0);
    Variable x = in.get(1);
    Variable scale = T.trueDiv(gz, T.add(T.sqr(x), T.sqr(y)));
    return arr(T.mul(scale, x), T.neg(T.mul(scale, y)));
  }

  private static Variable[] clip(List<Variable> in, Variable z, Variable gz) {
    Variable x = in.get(0);
    Variable lo = in.get(1);
    Variable hi = in.get(2);
    Variable m = T.maximum(x, lo);
    Variable gm = T.mul(gz, mask(T.le(m, hi), gz));
    return arr(T.mul(gm, mask(T.ge(x, lo), gz)), T.mul(gm, mask(T.lt(x, lo), gz)),
        T.mul(gz, mask(T.gt(m, hi), gz)));
  }

  /** The rule of {@link Elemwise}: dispatches on the scalar, then undoes broadcasting. */
  static List<Variable> grads(Apply node, List<Variable> outputGrads) {
    Variable gz = outputGrads.get(0);
    List<Variable> in = node.inputs();
    Variable[] raw;
    if (((Elemwise) node.op()).scalar() instanceof Cast) {
      raw = arr(gz);
    } else {
      Scalar s = (Scalar) ((Elemwise) node.op()).scalar();
      ScalarRule rule = RULES.get(s);
      raw = rule == null ? new Variable[in.size()] : rule.grads(in, node.output(0), gz);
    }
    List<Variable> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      Variable g = raw[i];
      boolean wanted = g != null && in.get(i).dtype().isFloat();
      out.add(wanted ? GradSupport.undoBroadcast(g, in.get(i).type()) : null);
    }
    return out;
  }
}
