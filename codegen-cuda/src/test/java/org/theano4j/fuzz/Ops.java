package org.theano4j.fuzz;

import static org.theano4j.fuzz.Expr.Kind.L;
import static org.theano4j.fuzz.Expr.Kind.M;
import static org.theano4j.fuzz.Expr.Kind.R;
import static org.theano4j.fuzz.Expr.Kind.S;
import static org.theano4j.fuzz.Expr.Kind.V;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.theano4j.autodiff.Grad;
import org.theano4j.fuzz.Expr.Kind;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.T;

/**
 * The operations the fuzzer draws from, each with its Java text (a format string over the
 * arguments' texts, for printed reproductions). Values stay finite by construction in every
 * mode: inputs lie in [-1, 1], {@code exp} and {@code log} only see bounded or positive
 * arguments, issue 11's functions only their well-conditioned domains (see
 * {@code scalarFunctions}), cumulative products only values of tanh, and logits ({@link Kind#L}, up to ±60) only reach ops that are stable in every mode
 * (softmax, log-softmax, the cross-entropies, sigmoid, tanh) — so DEBUG's NaN check never fires
 * and the only differences between modes are rounding.
 */
final class Ops {
  private Ops() {}

  record Op(String name, Kind result, List<Kind> args, BiFunction<Env, Variable[], Variable> build,
      String java) {
    Expr of(Expr... a) {
      return new Expr(this, List.of(a));
    }
  }

  private static final List<Op> ALL = new ArrayList<>();

  private static Op op(String name, Kind result, List<Kind> args,
      BiFunction<Env, Variable[], Variable> build, String java) {
    Op o = new Op(name, result, args, build, java);
    ALL.add(o);
    return o;
  }

  // ------------------------------------------------------------------ leaves
  static final Op A = op("A", M, List.of(), (e, x) -> e.a, "A");
  static final Op B = op("B", M, List.of(), (e, x) -> e.b, "B");
  static final Op S1 = op("S1", M, List.of(), (e, x) -> e.s1, "S1");
  static final Op S2 = op("S2", M, List.of(), (e, x) -> e.s2, "S2");
  static final Op VIN = op("v", V, List.of(), (e, x) -> e.v, "v");
  static final Op S3 = op("S3", V, List.of(), (e, x) -> e.s3, "S3");
  static final Op RIN = op("r", R, List.of(), (e, x) -> e.r, "r");

  static {
    // ---------------------------------------------------------------- elementwise, any kind
    for (Kind k : List.of(M, V, R)) {
      String s = k.name().toLowerCase();
      op("neg" + s, k, List.of(k), (e, x) -> x[0].neg(), "%s.neg()");
      op("tanh" + s, k, List.of(k), (e, x) -> T.tanh(x[0]), "T.tanh(%s)");
      op("sigmoid" + s, k, List.of(k), (e, x) -> T.sigmoid(x[0]), "T.sigmoid(%s)");
      op("exptanh" + s, k, List.of(k), (e, x) -> T.exp(T.tanh(x[0])), "T.exp(T.tanh(%s))");
      op("sqrtanh" + s, k, List.of(k), (e, x) -> T.sqr(T.tanh(x[0])), "T.sqr(T.tanh(%s))");
      op("abs" + s, k, List.of(k), (e, x) -> T.abs(x[0]), "T.abs(%s)");
      op("log1psqr" + s, k, List.of(k), (e, x) -> T.log(T.add(1.0, T.sqr(x[0]))),
          "T.log(T.add(1.0, T.sqr(%s)))");
      op("softplus" + s, k, List.of(k), (e, x) -> T.softplus(x[0]), "T.softplus(%s)");
      op("logsigmoid" + s, k, List.of(k), (e, x) -> T.log(T.sigmoid(T.tanh(x[0]).mul(8.0))),
          "T.log(T.sigmoid(T.tanh(%s).mul(8.0)))");
      op("log1msigmoid" + s, k, List.of(k),
          (e, x) -> T.log(T.sub(1.0, T.sigmoid(T.tanh(x[0]).mul(8.0)))),
          "T.log(T.sub(1.0, T.sigmoid(T.tanh(%s).mul(8.0))))");
      op("scale" + s, k, List.of(k), (e, x) -> x[0].mul(0.5), "%s.mul(0.5)");
      op("identity" + s, k, List.of(k), (e, x) -> x[0].mul(1.0).add(0.0),
          "%s.mul(1.0).add(0.0)");
      op("add" + s, k, List.of(k, k), (e, x) -> x[0].add(x[1]), "%s.add(%s)");
      op("sub" + s, k, List.of(k, k), (e, x) -> x[0].sub(x[1]), "%s.sub(%s)");
      op("multanh" + s, k, List.of(k, k), (e, x) -> x[0].mul(T.tanh(x[1])),
          "%s.mul(T.tanh(%s))");
      op("maximum" + s, k, List.of(k, k), (e, x) -> T.maximum(x[0], x[1]), "T.maximum(%s, %s)");
      op("minimum" + s, k, List.of(k, k), (e, x) -> T.minimum(x[0], x[1]), "T.minimum(%s, %s)");
      op("divsafe" + s, k, List.of(k, k), (e, x) -> x[0].div(T.add(1.0, T.sqr(x[1]))),
          "%s.div(T.add(1.0, T.sqr(%s)))");
      // The threshold is no value an op saturates at (losses and relu-like values are
      // exactly 0 in one backend and 1e-10 in another): a comparison at 0 would flip on
      // rounding, which is not a disagreement of meaning.
      op("where" + s, k, List.of(k, k, k),
          (e, x) -> T.where(T.gt(x[0], 0.37), x[1], x[2]), "T.where(T.gt(%s, 0.37), %s, %s)");
      scalarFunctions(k, s);
      extraOps(k, s);
    }
  }

  /**
   * Issue 11's scalar functions, each on a domain that keeps it finite and well conditioned
   * whatever its argument (tanh bounds it, {@code 0.5 + x^2} keeps it positive): an argument
   * off by a rounding moves the value by about a rounding, never across a pole or a branch
   * cut. {@code isnan}/{@code isinf} of finite values are false; added to a value they keep
   * it, so they still run through every backend's lowering and fusion.
   */
  private static void scalarFunctions(Kind k, String s) {
    unary("tan", k, s, x -> T.tan(T.tanh(x)), "T.tan(T.tanh(%s))");
    unary("log2", k, s, x -> T.log2(T.add(1.0, T.sqr(x))), "T.log2(T.add(1.0, T.sqr(%s)))");
    unary("log10", k, s, x -> T.log10(T.add(1.0, T.sqr(x))),
        "T.log10(T.add(1.0, T.sqr(%s)))");
    unary("exp2", k, s, x -> T.exp2(T.tanh(x).mul(4.0)), "T.exp2(T.tanh(%s).mul(4.0))");
    unary("isnan", k, s, x -> x.add(T.isnan(x)), "%1$s.add(T.isnan(%1$s))");
    unary("isinf", k, s, x -> T.where(T.isinf(x), 0.0, x), "T.where(T.isinf(%1$s), 0.0, %1$s)");
    unary("arcsin", k, s, x -> T.arcsin(T.tanh(x).mul(0.9)), "T.arcsin(T.tanh(%s).mul(0.9))");
    unary("arccos", k, s, x -> T.arccos(T.tanh(x).mul(0.9)), "T.arccos(T.tanh(%s).mul(0.9))");
    unary("arctan", k, s, T::arctan, "T.arctan(%s)");
    // y >= 0.5: every quadrant of the upper half plane, away from the branch cut at y = 0.
    op("arctan2" + s, k, List.of(k, k), (e, x) -> T.arctan2(T.add(0.5, T.sqr(x[0])), x[1]),
        "T.arctan2(T.add(0.5, T.sqr(%s)), %s)");
    unary("sinh", k, s, x -> T.sinh(T.tanh(x).mul(3.0)), "T.sinh(T.tanh(%s).mul(3.0))");
    unary("cosh", k, s, x -> T.cosh(T.tanh(x).mul(3.0)), "T.cosh(T.tanh(%s).mul(3.0))");
    unary("arcsinh", k, s, T::arcsinh, "T.arcsinh(%s)");
    unary("arccosh", k, s, x -> T.arccosh(T.add(1.5, T.sqr(x))),
        "T.arccosh(T.add(1.5, T.sqr(%s)))");
    unary("arctanh", k, s, x -> T.arctanh(T.tanh(x).mul(0.9)),
        "T.arctanh(T.tanh(%s).mul(0.9))");
    unary("erf", k, s, T::erf, "T.erf(%s)");
    unary("erfc", k, s, T::erfc, "T.erfc(%s)");
    unary("erfinv", k, s, x -> T.erfinv(T.tanh(x).mul(0.9)), "T.erfinv(T.tanh(%s).mul(0.9))");
    unary("gammaln", k, s, x -> T.gammaln(T.add(0.5, T.sqr(x))),
        "T.gammaln(T.add(0.5, T.sqr(%s)))");
    unary("psi", k, s, x -> T.psi(T.add(0.5, T.sqr(x))), "T.psi(T.add(0.5, T.sqr(%s)))");
  }

  /**
   * Issue 11's extra ops that keep a kind: cumulative sums and products (of tanh, so nested
   * products stay bounded), sort, argsort as the gather that sorts (rounding cannot reorder
   * what the gather returns, only which of two nearly equal values comes first), and repeat
   * and tile with counts whose result has the kind's length. Ops that change the kind are
   * below.
   */
  private static void extraOps(Kind k, String s) {
    if (k == M) {
      for (int axis = 0; axis < 2; axis++) {
        int a = axis;
        unary("cumsum" + a, k, s, x -> T.cumsum(x, a), "T.cumsum(%s, " + a + ")");
        unary("cumprod" + a, k, s, x -> T.cumprod(T.tanh(x), a),
            "T.cumprod(T.tanh(%s), " + a + ")");
        unary("sort" + a, k, s, x -> T.sort(x, a), "T.sort(%s, " + a + ")");
      }
      unary("argsort", k, s, x -> T.reshape(T.flatten(x).get(T.argsort(T.flatten(x))), 3, 4),
          "T.reshape(T.flatten(%1$s).get(T.argsort(T.flatten(%1$s))), 3, 4)");
      unary("repeat0", k, s, x -> T.repeat(x, new int[] {0, 2, 1}, 0),
          "T.repeat(%s, new int[] {0, 2, 1}, 0)");
      unary("repeat1", k, s, x -> T.repeat(x, new int[] {2, 0, 1, 1}, 1),
          "T.repeat(%s, new int[] {2, 0, 1, 1}, 1)");
      unary("tile", k, s, x -> T.tile(x.get(T.ALL, T.slice(1, 3, null)), 1, 2),
          "T.tile(%s.get(T.ALL, T.slice(1, 3, null)), 1, 2)");
      return;
    }
    int[] counts = k == V ? new int[] {1, 0, 3, 0} : new int[] {0, 2, 1};
    String c = k == V ? "new int[] {1, 0, 3, 0}" : "new int[] {0, 2, 1}";
    unary("cumsum", k, s, x -> T.cumsum(x, 0), "T.cumsum(%s, 0)");
    unary("cumprod", k, s, x -> T.cumprod(T.tanh(x), 0), "T.cumprod(T.tanh(%s), 0)");
    unary("sort", k, s, T::sort, "T.sort(%s)");
    unary("argsort", k, s, x -> x.get(T.argsort(x)), "%1$s.get(T.argsort(%1$s))");
    unary("repeat", k, s, x -> T.repeat(x, counts, 0), "T.repeat(%s, " + c + ", 0)");
    if (k == V) {
      unary("repeatscalar", k, s, x -> T.repeat(x.get(T.slice(null, 2, null)), 2, 0),
          "T.repeat(%s.get(T.slice(null, 2, null)), 2, 0)");
      unary("tile", k, s, x -> T.tile(x.get(T.slice(1, 3, null)), 2),
          "T.tile(%s.get(T.slice(1, 3, null)), 2)");
    }
  }

  private static void unary(String name, Kind k, String s, UnaryOperator<Variable> f,
      String java) {
    op(name + s, k, List.of(k), (e, x) -> f.apply(x[0]), java);
  }

  // ------------------------------------------------------------------ matrices
  static final Op ADD_ROW = op("addrow", M, List.of(M, V), (e, x) -> x[0].add(x[1]),
      "%s.add(%s)");
  static final Op ADD_COL = op("addcol", M, List.of(M, R),
      (e, x) -> x[0].add(x[1].dimshuffle(0, "x")), "%s.add(%s.dimshuffle(0, \"x\"))");
  static final Op DOT = op("dot", M, List.of(M), (e, x) -> T.dot(x[0], e.w), "T.dot(%s, W)");
  static final Op GEMM = op("gemm", M, List.of(M, V),
      (e, x) -> T.dot(x[0], e.w).mul(0.5).add(x[1]), "T.dot(%s, W).mul(0.5).add(%s)");
  static final Op CENTER = op("center", M, List.of(M),
      (e, x) -> x[0].sub(T.mean(x[0], new int[] {1}, true)),
      "%1$s.sub(T.mean(%1$s, new int[] {1}, true))");
  static final Op SOFTMAX = op("softmax", M, List.of(L), (e, x) -> T.softmax(x[0]),
      "T.softmax(%s)");
  static final Op LOG_SOFTMAX = op("logsoftmax", M, List.of(L),
      (e, x) -> T.tanh(T.logSoftmax(x[0]).mul(0.1)), "T.tanh(T.logSoftmax(%s).mul(0.1))");
  static final Op LOG_OF_SOFTMAX = op("logofsoftmax", M, List.of(M),
      (e, x) -> T.log(T.softmax(x[0])), "T.log(T.softmax(%s))");
  static final Op SIGMOID_LOGITS = op("sigmoidlogits", M, List.of(L), (e, x) -> T.sigmoid(x[0]),
      "T.sigmoid(%s)");
  static final Op COLUMNS = op("columns", M, List.of(M),
      (e, x) -> x[0].get(T.ALL, T.constant(new long[] {-1, 0, -3, 2})),
      "%s.get(T.ALL, T.constant(new long[] {-1, 0, -3, 2}))");
  static final Op SET_LAST_ROW = op("setlastrow", M, List.of(M, V),
      (e, x) -> T.setSubtensor(x[0].get(-1), x[1]), "T.setSubtensor(%s.get(-1), %s)");
  static final Op INC_ROWS = op("incrows", M, List.of(M, M),
      (e, x) -> T.incSubtensor(x[0].get(T.constant(new long[] {-1, 0, -1})), x[1]),
      "T.incSubtensor(%s.get(T.constant(new long[] {-1, 0, -1})), %s)");
  static final Op TILE_ROW = op("tilerow", M, List.of(V), (e, x) -> T.tile(x[0], 3, 1),
      "T.tile(%s, 3, 1)");
  static final Op TILE_COL = op("tilecol", M, List.of(R),
      (e, x) -> T.tile(x[0].dimshuffle(0, "x"), 1, 4), "T.tile(%s.dimshuffle(0, \"x\"), 1, 4)");
  static final Op DIAG_DOT = op("diagdot", M, List.of(M, V), (e, x) -> T.dot(x[0], T.diag(x[1])),
      "T.dot(%s, T.diag(%s))");
  static final Op EYE = op("eye", M, List.of(M), (e, x) -> x[0].add(T.eye(3, 4, e.i, e.dt)),
      "%s.add(T.eye(3, 4, i, dt))");
  static final Op EYE_DOT = op("eyedot", M, List.of(M), (e, x) -> T.dot(x[0], T.eye(4, 4, -1,
      e.dt)), "T.dot(%s, T.eye(4, 4, -1, dt))");
  static final Op SORT_ROWS = op("sortrows", M, List.of(M, R),
      (e, x) -> x[0].get(T.argsort(x[1])), "%s.get(T.argsort(%s))");
  static final Op GRAD = op("grad", M, List.of(S),
      (e, x) -> Grad.grad(x[0].add(T.sum(T.sqr(e.a)).mul(0.01)), e.a),
      "Grad.grad(%s.add(T.sum(T.sqr(A)).mul(0.01)), A)");

  // ------------------------------------------------------------------ logits
  static final Op MILD = op("mild", L, List.of(M), (e, x) -> x[0], "%s");
  static final Op LARGE = op("large", L, List.of(M), (e, x) -> x[0].mul(60.0), "%s.mul(60.0)");

  // ------------------------------------------------------------------ rows (4,)
  static final Op SUM0 = op("sum0", V, List.of(M), (e, x) -> T.sum(x[0], 0), "T.sum(%s, 0)");
  static final Op MEAN0 = op("mean0", V, List.of(M), (e, x) -> T.mean(x[0], 0), "T.mean(%s, 0)");
  static final Op MAX0 = op("max0", V, List.of(M), (e, x) -> T.max(x[0], 0), "T.max(%s, 0)");
  // reductions of elementwise results read by nothing else: FAST_RUN makes each one FusedReduce
  static final Op SUM_SQR0 = op("sumsqr0", V, List.of(M),
      (e, x) -> T.sum(T.mul(T.sqr(x[0]), 0.5), 0), "T.sum(T.mul(T.sqr(%s), 0.5), 0)");
  static final Op MAX_MUL0 = op("maxmul0", V, List.of(M, M),
      (e, x) -> T.max(T.mul(x[0], x[1]), 0), "T.max(T.mul(%s, %s), 0)");
  static final Op GRAD_V = op("gradv", V, List.of(S),
      (e, x) -> Grad.grad(x[0].add(T.sum(T.sqr(e.v)).mul(0.01)), e.v),
      "Grad.grad(%s.add(T.sum(T.sqr(v)).mul(0.01)), v)");
  static final Op LAST_ROW = op("lastrow", V, List.of(M), (e, x) -> x[0].get(-1),
      "%s.get(-1)");
  static final Op ROW_I = op("rowi", V, List.of(M), (e, x) -> x[0].get(e.i), "%s.get(i)");

  // ------------------------------------------------------------------ per-row values (3,)
  static final Op SUM1 = op("sum1", R, List.of(M), (e, x) -> T.sum(x[0], 1), "T.sum(%s, 1)");
  static final Op MAX1 = op("max1", R, List.of(M), (e, x) -> T.max(x[0], 1), "T.max(%s, 1)");
  static final Op PROD_TANH1 = op("prodtanh1", R, List.of(M),
      (e, x) -> T.prod(T.add(1.0, T.mul(T.tanh(x[0]), 0.25)), 1),
      "T.prod(T.add(1.0, T.mul(T.tanh(%s), 0.25)), 1)");
  static final Op MIN_SUB1 = op("minsub1", R, List.of(M, M),
      (e, x) -> T.min(T.sub(x[0], x[1]), 1), "T.min(T.sub(%s, %s), 1)");
  static final Op DIAG = op("diag", R, List.of(M), (e, x) -> T.diag(x[0]), "T.diag(%s)");
  static final Op PICK = op("pick", R, List.of(M), (e, x) -> x[0].get(T.arange(3), e.y),
      "%s.get(T.arange(3), y)");
  static final Op XENT = op("xent", R, List.of(L),
      (e, x) -> T.categoricalCrossentropy(T.softmax(x[0]), e.y),
      "T.categoricalCrossentropy(T.softmax(%s), y)");
  static final Op NLL = op("nll", R, List.of(L),
      (e, x) -> T.logSoftmax(x[0]).get(T.arange(e.y.shape(0)), e.y).neg(),
      "T.logSoftmax(%s).get(T.arange(y.shape(0)), y).neg()");
  static final Op NLL_TUTORIAL = op("nlltutorial", R, List.of(M),
      (e, x) -> T.log(T.softmax(x[0])).get(T.arange(e.y.shape(0)), e.y).neg(),
      "T.log(T.softmax(%s)).get(T.arange(y.shape(0)), y).neg()");

  // ------------------------------------------------------------------ scalars
  static final Op SUM_M = op("summ", S, List.of(M), (e, x) -> x[0].sum(), "%s.sum()");
  static final Op MEAN_R = op("meanr", S, List.of(R), (e, x) -> x[0].mean(), "%s.mean()");
  static final Op MAX_V = op("maxv", S, List.of(V), (e, x) -> T.max(x[0]), "T.max(%s)");
  static final Op SUM_SQR_M = op("sumsqrm", S, List.of(M), (e, x) -> T.sum(T.sqr(x[0])),
      "T.sum(T.sqr(%s))");

  /** Ops by result kind; leaves separately. */
  private static final Map<Kind, List<Op>> LEAVES = ALL.stream()
      .filter(o -> o.args().isEmpty()).collect(Collectors.groupingBy(Op::result));
  private static final Map<Kind, List<Op>> INNER = ALL.stream()
      .filter(o -> !o.args().isEmpty()).collect(Collectors.groupingBy(Op::result));

  static Expr leaf(Kind k, Random rnd) {
    if (k == L) {
      return (rnd.nextBoolean() ? LARGE : MILD).of(leaf(M, rnd));
    }
    if (k == S) {
      return SUM_M.of(leaf(M, rnd));
    }
    List<Op> l = LEAVES.get(k);
    return l.get(rnd.nextInt(l.size())).of();
  }

  /** The leaves of kind {@code k} (for shrinking); a small expression for L and S. */
  static List<Expr> leaves(Kind k) {
    if (k == L) {
      return List.of(MILD.of(A.of()));
    }
    if (k == S) {
      return List.of(SUM_M.of(A.of()));
    }
    return LEAVES.get(k).stream().map(Op::of).toList();
  }

  /** Binary elementwise ops of kind {@code k} (an update as a step from the old value). */
  static List<Op> steps(Kind k) {
    String s = k.name().toLowerCase();
    return ALL.stream().filter(o -> List.of("add" + s, "sub" + s, "multanh" + s, "maximum" + s)
        .contains(o.name())).toList();
  }

  static List<Op> inner(Kind k) {
    return INNER.get(k);
  }
}
