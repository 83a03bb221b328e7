package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Composite;
import org.theano4j.tensor.Scalar;

/**
 * {@link GeneratedLoops}: seeded random fused programs over float32/float64 inputs, some of
 * them constant, with special values, computed by the generated loop and by the interpreted
 * steps (generation off); bit for bit equal, any NaN counting as the canonical NaN. Also the renderer table, the switch, fast math and
 * the fallback when generation fails.
 */
class GeneratedLoopsTest {
  private static final Scalar[] RENDERED = {Scalar.ADD, Scalar.SUB, Scalar.MUL, Scalar.TRUE_DIV,
      Scalar.NEG, Scalar.SQR};
  private static final double[] SPECIAL = {Double.NaN, 0.0, -0.0, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, 1e-40, -1e-45, 4.9e-324, -2.5e-310, 1e300, -3e38, 3.4e38, 1e20,
      1.0, -1.0, 0.1, 16777217};

  @AfterEach
  void restore() {
    GeneratedLoops.threshold = GeneratedLoops.DEFAULT_THRESHOLD;
    GeneratedLoops.failForTest = false;
  }

  private static double value(Random r) {
    return r.nextInt(3) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : r.nextGaussian() * 4;
  }

  private static Composite randomProgram(Random r, int arity) {
    List<Composite.Step> steps = new ArrayList<>();
    int k = 1 + r.nextInt(6);
    for (int s = 0; s < k; s++) {
      Scalar op = RENDERED[r.nextInt(RENDERED.length)];
      List<Integer> args = new ArrayList<>();
      for (int a = 0; a < op.arity(); a++) {
        // lean on recent results so that chains form
        int avail = arity + s;
        args.add(r.nextBoolean() ? avail - 1 : r.nextInt(avail));
      }
      steps.add(new Composite.Step(op, args));
    }
    return new Composite(arity, steps);
  }

  /** Runs {@code op} over the views with generation at {@code threshold}; the result's bits. */
  private static long[] run(Composite op, List<DType> dtypes, NDArray[] views, int n,
      int threshold, boolean[] generated) {
    GeneratedLoops.threshold = threshold;
    CompositeLoops loops = new CompositeLoops(op, dtypes, n);
    NDArray out = NDArray.zeros(op.outputDType(dtypes), n);
    loops.run(views, out, false);
    generated[0] = loops.usesGeneratedLoop();
    double[] v = out.toDoubleArray();
    long[] bits = new long[n];
    for (int i = 0; i < n; i++) {
      // NaN's sign and payload are not defined by Java's arithmetic (the JIT may swap the
      // operands of a commutative op): every NaN compares as the canonical one
      bits[i] = Double.doubleToLongBits(v[i]);
    }
    return bits;
  }

  @Test
  void randomProgramsMatchTheInterpretedStepsBitForBit() {
    Random r = new Random(20261201);
    int generatedRuns = 0;
    for (int trial = 0; trial < 400; trial++) {
      int arity = 1 + r.nextInt(3);
      Composite op = randomProgram(r, arity);
      int n = 1 + (r.nextInt(4) == 0 ? r.nextInt(3000) : r.nextInt(40));
      List<DType> dtypes = new ArrayList<>();
      NDArray[] views = new NDArray[arity];
      for (int i = 0; i < arity; i++) {
        DType t = r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        dtypes.add(t);
        if (r.nextInt(3) == 0) {
          views[i] = NDArray.scalar(t, value(r)).broadcastTo(n);
        } else {
          NDArray a = NDArray.zeros(t, n);
          double[] v = new double[n];
          for (int j = 0; j < n; j++) {
            v[j] = value(r);
          }
          a.writeDoubles(0, v, 0, n);
          views[i] = a;
        }
      }
      boolean[] generated = new boolean[1];
      long[] want = run(op, dtypes, views, n, -1, generated);
      assertThat(generated[0]).isFalse();
      long[] got = run(op, dtypes, views, n, 0, generated);
      assertThat(generated[0]).as("trial %d: %s over %s generated", trial, op, dtypes).isTrue();
      generatedRuns++;
      for (int i = 0; i < n; i++) {
        if (got[i] != want[i]) {
          assertThat(Long.toHexString(got[i]))
              .as("trial %d element %d: %s over %s, inputs %s", trial, i, op, dtypes,
                  describe(views, i))
              .isEqualTo(Long.toHexString(want[i]));
        }
      }
    }
    assertThat(generatedRuns).isEqualTo(400);
  }

  private static String describe(NDArray[] views, int i) {
    StringBuilder b = new StringBuilder();
    for (NDArray v : views) {
      b.append(v.dtype()).append(' ').append(v.toDoubleArray()[i]).append("; ");
    }
    return b.toString();
  }

  @Test
  void everyScalarIsRenderedOrListedAsNotRendered() {
    for (Scalar s : Scalar.values()) {
      boolean rendered = GeneratedLoops.RENDERERS.containsKey(s);
      boolean not = GeneratedLoops.NOT_RENDERED.contains(s);
      assertThat(rendered ^ not).as("%s in exactly one of the renderers and NOT_RENDERED", s)
          .isTrue();
    }
  }

  private static Composite xTimesOneMinusYSquared() {
    return new Composite(2, List.of(new Composite.Step(Scalar.SQR, List.of(1)),
        new Composite.Step(Scalar.SUB, List.of(1, 2)),
        new Composite.Step(Scalar.MUL, List.of(0, 3))));
  }

  private static NDArray[] inputs(int n) {
    NDArray x = NDArray.zeros(DType.FLOAT32, n);
    NDArray y = NDArray.zeros(DType.FLOAT32, n);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = i * 0.001 - 1;
    }
    x.writeDoubles(0, v, 0, n);
    y.writeDoubles(0, v, 0, n);
    return new NDArray[] {x, y};
  }

  @Test
  void aFailedGenerationStaysOnTheInterpretedPath() {
    Composite op = xTimesOneMinusYSquared();
    List<DType> dtypes = List.of(DType.FLOAT32, DType.FLOAT32);
    NDArray[] views = inputs(5000);
    boolean[] generated = new boolean[1];
    long[] want = run(op, dtypes, views, 5000, -1, generated);
    GeneratedLoops.failForTest = true;
    long[] got = run(op, dtypes, views, 5000, 0, generated);
    assertThat(generated[0]).isFalse();
    assertThat(got).isEqualTo(want);
  }

  @Test
  void generatesOnlyAfterTheThresholdAndNotUnderFastMathOrNonRenderedSteps() {
    List<DType> dtypes = List.of(DType.FLOAT32, DType.FLOAT32);
    NDArray[] views = inputs(100);
    GeneratedLoops.threshold = 3;
    CompositeLoops loops = new CompositeLoops(xTimesOneMinusYSquared(), dtypes, 100);
    NDArray out = NDArray.zeros(DType.FLOAT32, 100);
    loops.run(views, out, false); // one chunk
    loops.run(views, out, false);
    assertThat(loops.usesGeneratedLoop()).isFalse();
    loops.run(views, out, false);
    assertThat(loops.usesGeneratedLoop()).isTrue();

    GeneratedLoops.threshold = 0;
    CompositeLoops fast = new CompositeLoops(xTimesOneMinusYSquared(), dtypes, 100);
    fast.run(views, out, true);
    assertThat(fast.usesGeneratedLoop()).isFalse();

    Composite withExp = new Composite(2, List.of(new Composite.Step(Scalar.EXP, List.of(0)),
        new Composite.Step(Scalar.ADD, List.of(2, 1))));
    CompositeLoops exp = new CompositeLoops(withExp, dtypes, 100);
    exp.run(views, out, false);
    assertThat(exp.usesGeneratedLoop()).isFalse();
  }

  @Test
  void theSwitchParses() {
    assertThat(GeneratedLoops.thresholdOf(null)).isEqualTo(64);
    assertThat(GeneratedLoops.thresholdOf("true")).isEqualTo(64);
    assertThat(GeneratedLoops.thresholdOf("false")).isEqualTo(-1);
    assertThat(GeneratedLoops.thresholdOf("7")).isEqualTo(7);
    assertThatThrownBy(() -> GeneratedLoops.thresholdOf("-3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("theano4j.jvm.generatedLoops").hasMessageContaining("'-3'");
    assertThatThrownBy(() -> GeneratedLoops.thresholdOf("often"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'often'");
  }
}
