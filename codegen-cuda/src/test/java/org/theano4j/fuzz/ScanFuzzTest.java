package org.theano4j.fuzz;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.autodiff.DisconnectedPolicy;
import org.theano4j.autodiff.Grad;
import org.theano4j.autodiff.GradOptions;
import org.theano4j.compile.Mode;
import org.theano4j.compile.UnusedInputPolicy;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.scan.Scan;
import org.theano4j.tensor.T;

/**
 * The differential fuzzer of {@code scan}: random scans (a random elementwise/dot step body over
 * one or two sequences read at random taps among -1, 0, 1, one or two outputs, fed back at tap
 * -1 or taps -2/-1 or not fed back, a weight matrix and a bias as non-sequences, forwards or
 * {@code goBackwards}, with or without {@code nSteps} shorter than the sequences) are compiled
 * in FAST_RUN and FAST_COMPILE on {@code jvm} and {@code cuda-interp} (and FAST_RUN without the
 * scan rewrites), and their stacked outputs compared with the reference: the same body unrolled
 * step by step in a plain graph (a direct interpretation of the semantics in docs/scan.md),
 * compiled in FAST_COMPILE on {@code jvm}. The gradient of a random weighted sum of the outputs
 * with respect to every sequence, initial value and non-sequence is compared with the unrolled
 * graph's gradient on {@code jvm} and {@code cuda-interp}.
 *
 * <p>{@code -Dtheano4j.fuzz.scans=N} and {@code -Dtheano4j.fuzz.seed=S} choose the run (default
 * 60 scans, seed 20261130); a mismatch names the seed, the scan number and the body.
 */
class ScanFuzzTest {
  private static final int SCANS = Integer.getInteger("theano4j.fuzz.scans", 60);
  private static final long SEED = Long.getLong("theano4j.fuzz.seed", 20261130L);
  private static final int ROWS = 3;
  private static final int COLS = 4;

  /** A scan configuration: mode, backend and excluded phases. */
  record Config(String name, Mode mode, String backend, String... excluding) {
    Function compile(List<Variable> in, List<Variable> out) {
      return Theano.function(in, out).mode(mode).backend(backend).excluding(excluding)
          .onUnusedInput(UnusedInputPolicy.IGNORE).build();
    }
  }

  static final Config REFERENCE = new Config("unrolled FAST_COMPILE/jvm", Mode.FAST_COMPILE,
      "jvm");
  static final List<Config> CONFIGS = List.of(
      new Config("FAST_RUN/jvm", Mode.FAST_RUN, "jvm"),
      new Config("FAST_COMPILE/jvm", Mode.FAST_COMPILE, "jvm"),
      new Config("FAST_RUN/jvm -scan rewrites", Mode.FAST_RUN, "jvm", "scan-merge",
          "scan-hoist", "scan-last-only", "scan-prune", "scan-inner"),
      new Config("FAST_RUN/cuda-interp", Mode.FAST_RUN, "cuda-interp"),
      new Config("FAST_COMPILE/cuda-interp", Mode.FAST_COMPILE, "cuda-interp"));
  static final List<Config> GRAD_CONFIGS = List.of(CONFIGS.get(0), CONFIGS.get(3));

  /** A step body's expression, drawn once and built on any list of step arguments. */
  sealed interface Node permits Arg, Unary, Binary, DotW, Bias {
    Variable build(List<Variable> a);
  }

  /** Step argument {@code i} (a (ROWS, COLS) slice or state). */
  record Arg(int i) implements Node {
    public Variable build(List<Variable> a) {
      return a.get(i);
    }

    @Override
    public String toString() {
      return "a" + i;
    }
  }

  record Unary(int kind, Node x) implements Node {
    public Variable build(List<Variable> a) {
      Variable v = x.build(a);
      return switch (kind) {
        case 0 -> T.tanh(v);
        case 1 -> T.sigmoid(v);
        case 2 -> T.sin(v);
        case 3 -> v.neg();
        default -> T.sqr(v).mul(0.5);
      };
    }

    @Override
    public String toString() {
      return List.of("tanh", "sigmoid", "sin", "neg", "halfsqr").get(kind) + "(" + x + ")";
    }
  }

  record Binary(int kind, Node x, Node y) implements Node {
    public Variable build(List<Variable> a) {
      Variable l = x.build(a);
      Variable r = y.build(a);
      return switch (kind) {
        case 0 -> l.add(r);
        case 1 -> l.sub(r);
        case 2 -> l.mul(r);
        default -> T.maximum(l, r);
      };
    }

    @Override
    public String toString() {
      return List.of("add", "sub", "mul", "max").get(kind) + "(" + x + ", " + y + ")";
    }
  }

  /** {@code dot(x, W)}, W the non-sequence argument {@code w}. */
  record DotW(Node x, int w) implements Node {
    public Variable build(List<Variable> a) {
      return T.dot(x.build(a), a.get(w));
    }

    @Override
    public String toString() {
      return "dot(" + x + ", W)";
    }
  }

  /** {@code x + b}, b the non-sequence vector argument {@code b}. */
  record Bias(Node x, int b) implements Node {
    public Variable build(List<Variable> a) {
      return x.build(a).add(a.get(b));
    }

    @Override
    public String toString() {
      return "(" + x + " + b)";
    }
  }

  /** One fuzzed scan: its structure, body and arguments. */
  record Case(int number, DType dt, List<int[]> seqTaps, List<int[]> outTaps, boolean backwards,
      int steps, int extraRows, boolean giveNSteps, List<Node> bodies, List<NDArray> args,
      List<NDArray> costWeights) {
    @Override
    public String toString() {
      StringBuilder s = new StringBuilder("scan " + number + " (seed " + SEED + "): " + dt
          + ", steps " + steps + (giveNSteps ? " (nSteps, " + extraRows + " extra rows)" : "")
          + (backwards ? ", goBackwards" : "") + ", sequence taps");
      for (int[] t : seqTaps) {
        s.append(' ').append(Arrays.toString(t));
      }
      s.append(", output taps");
      for (int[] t : outTaps) {
        s.append(' ').append(t == null ? "none" : Arrays.toString(t));
      }
      return s.append(", bodies ").append(bodies).toString();
    }
  }

  static Case generate(int number) {
    Random rnd = new Random(SEED * 31 + number);
    DType dt = rnd.nextInt(3) == 0 ? DType.FLOAT32 : DType.FLOAT64;
    int nSeqs = 1 + rnd.nextInt(2);
    List<int[]> seqTaps = new ArrayList<>();
    for (int s = 0; s < nSeqs; s++) {
      List<Integer> t = new ArrayList<>();
      for (int k = -1; k <= 1; k++) {
        if (rnd.nextInt(3) == 0) {
          t.add(k);
        }
      }
      if (t.isEmpty()) {
        t.add(0);
      }
      seqTaps.add(t.stream().mapToInt(Integer::intValue).toArray());
    }
    List<int[]> outTaps = new ArrayList<>();
    outTaps.add(rnd.nextBoolean() ? new int[] {-1} : new int[] {-2, -1});
    if (rnd.nextBoolean()) {
      outTaps.add(rnd.nextBoolean() ? null : new int[] {-1});
    }
    int steps = 1 + rnd.nextInt(4);
    boolean giveNSteps = rnd.nextInt(3) == 0;
    int extraRows = giveNSteps ? rnd.nextInt(3) : 0;
    boolean backwards = rnd.nextBoolean();
    // arguments of the step: sequence taps, output taps, then W and b
    int nMatrixArgs = 0;
    for (int[] t : seqTaps) {
      nMatrixArgs += t.length;
    }
    for (int[] t : outTaps) {
      nMatrixArgs += t == null ? 0 : t.length;
    }
    int w = nMatrixArgs;
    int b = nMatrixArgs + 1;
    List<Node> bodies = new ArrayList<>();
    for (int o = 0; o < outTaps.size(); o++) {
      Node n = node(rnd, 3, nMatrixArgs, w, b);
      // a fed-back output stays bounded from step to step
      bodies.add(outTaps.get(o) != null ? new Unary(0, n) : n);
    }
    List<NDArray> args = new ArrayList<>();
    for (int[] t : seqTaps) {
      int lead = Math.max(0, -t[0]);
      int tail = Math.max(0, t[t.length - 1]);
      args.add(rand(rnd, dt, steps + lead + tail + extraRows, ROWS, COLS));
    }
    for (int[] t : outTaps) {
      if (t != null) {
        args.add(t.length == 1 ? rand(rnd, dt, ROWS, COLS) : rand(rnd, dt, 2, ROWS, COLS));
      }
    }
    args.add(rand(rnd, dt, COLS, COLS));
    args.add(rand(rnd, dt, COLS));
    List<NDArray> costWeights = new ArrayList<>();
    for (int o = 0; o < outTaps.size(); o++) {
      costWeights.add(rand(rnd, dt, steps, ROWS, COLS));
    }
    return new Case(number, dt, seqTaps, outTaps, backwards, steps, extraRows, giveNSteps,
        bodies, args, costWeights);
  }

  private static Node node(Random rnd, int depth, int nMatrixArgs, int w, int b) {
    if (depth == 0 || rnd.nextInt(5) == 0) {
      return new Arg(rnd.nextInt(nMatrixArgs));
    }
    return switch (rnd.nextInt(6)) {
      case 0, 1 -> new Unary(rnd.nextInt(5), node(rnd, depth - 1, nMatrixArgs, w, b));
      case 2, 3 -> new Binary(rnd.nextInt(4), node(rnd, depth - 1, nMatrixArgs, w, b),
          node(rnd, depth - 1, nMatrixArgs, w, b));
      case 4 -> new DotW(node(rnd, depth - 1, nMatrixArgs, w, b), w);
      default -> new Bias(node(rnd, depth - 1, nMatrixArgs, w, b), b);
    };
  }

  private static NDArray rand(Random r, DType dt, int... shape) {
    int n = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextDouble() * 2 - 1;
    }
    return NDArray.of(v, shape).astype(dt);
  }

  /** The case's symbolic inputs: sequences, initial values, W, b. */
  private static List<Variable> inputs(Case c) {
    List<Variable> in = new ArrayList<>();
    for (NDArray a : c.args()) {
      in.add(T.tensor(c.dt(), a.ndim(), "in" + in.size()));
    }
    return in;
  }

  private static List<Variable> body(Case c, List<Variable> a) {
    List<Variable> out = new ArrayList<>();
    for (Node n : c.bodies()) {
      out.add(n.build(a));
    }
    return out;
  }

  /** The stacked outputs through {@code Scan}. */
  static List<Variable> viaScan(Case c, List<Variable> in) {
    List<Object> seqs = new ArrayList<>();
    int i = 0;
    for (int[] t : c.seqTaps()) {
      seqs.add(Scan.taps(in.get(i++), t));
    }
    List<Object> info = new ArrayList<>();
    for (int[] t : c.outTaps()) {
      // tap -1 alone: the plain initial value, or (every other case) Scan.taps(init, -1),
      // which means the same (Theano's dict(initial=h0, taps=[-1]))
      info.add(t == null ? null : t.length == 1 && c.steps() % 2 == 0 ? in.get(i++)
          : Scan.taps(in.get(i++), t));
    }
    Scan.Builder b = Scan.builder().sequences(seqs).outputsInfo(info)
        .nonSequences(in.get(i), in.get(i + 1)).goBackwards(c.backwards())
        .fn(a -> body(c, a));
    if (c.giveNSteps()) {
      b = b.nSteps(c.steps());
    }
    return b.build().outputs();
  }

  /** The stacked outputs of the body unrolled in a plain graph (the reference semantics). */
  static List<Variable> unrolled(Case c, List<Variable> in) {
    int nOut = c.outTaps().size();
    List<List<Variable>> hist = new ArrayList<>();
    for (int o = 0; o < nOut; o++) {
      hist.add(new ArrayList<>());
    }
    int nSeqs = c.seqTaps().size();
    for (int t = 0; t < c.steps(); t++) {
      List<Variable> a = new ArrayList<>();
      for (int s = 0; s < nSeqs; s++) {
        int[] taps = c.seqTaps().get(s);
        Variable seq = in.get(s);
        int lead = Math.max(0, -taps[0]);
        for (int k : taps) {
          int row = t + k + lead;
          // goBackwards reads the sequence reversed: row r of the reversed sequence
          a.add(c.backwards() ? seq.get(T.shapeOf(seq, 0).sub(row + 1)) : seq.get(row));
        }
      }
      int init = nSeqs;
      for (int o = 0; o < nOut; o++) {
        int[] taps = c.outTaps().get(o);
        if (taps == null) {
          continue;
        }
        Variable initial = in.get(init++);
        for (int k : taps) {
          int at = t + k;
          if (at >= 0) {
            a.add(hist.get(o).get(at));
          } else if (taps.length == 1) {
            a.add(initial);
          } else {
            a.add(initial.get(2 + at)); // x[-j] is row K - j of the initial rows, K = 2
          }
        }
      }
      a.add(in.get(init));
      a.add(in.get(init + 1));
      List<Variable> outs = body(c, a);
      for (int o = 0; o < nOut; o++) {
        hist.get(o).add(outs.get(o));
      }
    }
    List<Variable> stacked = new ArrayList<>();
    for (List<Variable> h : hist) {
      stacked.add(T.stack(h, 0));
    }
    return stacked;
  }

  private static Variable cost(Case c, List<Variable> outs) {
    Variable cost = null;
    for (int o = 0; o < outs.size(); o++) {
      Variable term = outs.get(o).mul(T.constant(c.costWeights().get(o))).sum();
      cost = cost == null ? term : cost.add(term);
    }
    return cost;
  }

  private static List<Variable> grads(Case c, List<Variable> in, List<Variable> outs) {
    return Grad.grad(cost(c, outs), in, GradOptions.defaults()
        .disconnected(DisconnectedPolicy.IGNORE));
  }

  private static void compare(Case c, String what, List<NDArray> want, List<NDArray> got) {
    double tol = c.dt() == DType.FLOAT64 ? 1e-9 : 2e-4;
    for (int i = 0; i < want.size(); i++) {
      NDArray w = want.get(i);
      NDArray g = got.get(i);
      if (!Arrays.equals(w.shape(), g.shape()) || w.dtype() != g.dtype()
          || !g.allClose(w, tol, tol)) {
        fail(what + ", result " + i + ": expected " + w + " " + Arrays.toString(w.shape())
            + " but got " + g + " " + Arrays.toString(g.shape()) + "\n" + c);
      }
    }
  }

  @Test
  void scansAgreeWithTheUnrolledGraphAcrossModesAndBackends() {
    for (int n = 0; n < SCANS; n++) {
      Case c = generate(n);
      Object[] args = c.args().toArray();
      List<Variable> refIn = inputs(c);
      List<NDArray> want = REFERENCE.compile(refIn, unrolled(c, refIn)).call(args);
      for (Config k : CONFIGS) {
        List<Variable> in = inputs(c);
        List<NDArray> got = k.compile(in, viaScan(c, in)).call(args);
        compare(c, k.name(), want, got);
      }
    }
  }

  @Test
  void scanGradientsAgreeWithTheUnrolledGradient() {
    for (int n = 0; n < SCANS; n++) {
      Case c = generate(n);
      Object[] args = c.args().toArray();
      List<Variable> refIn = inputs(c);
      List<NDArray> want = REFERENCE.compile(refIn,
          zerosForNull(refIn, grads(c, refIn, unrolled(c, refIn)))).call(args);
      for (Config k : GRAD_CONFIGS) {
        List<Variable> in = inputs(c);
        List<NDArray> got = k.compile(in, zerosForNull(in, grads(c, in, viaScan(c, in))))
            .call(args);
        compare(c, "gradient, " + k.name(), want, got);
      }
    }
  }

  /** A disconnected gradient (null under IGNORE) as zeros of its input's shape. */
  private static List<Variable> zerosForNull(List<Variable> in, List<Variable> g) {
    List<Variable> out = new ArrayList<>();
    for (int i = 0; i < g.size(); i++) {
      out.add(g.get(i) != null ? g.get(i) : T.zerosLike(in.get(i)));
    }
    return out;
  }
}
