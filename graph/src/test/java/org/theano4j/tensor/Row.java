package org.theano4j.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/**
 * One row of the op table: what it covers (op classes and {@link Scalar}s that must appear in
 * its compiled graph), the dtypes it runs for, the symbolic expression, the independent
 * reference, and several input variants (shapes, broadcasting, non-contiguous layouts); and
 * where the gradient of what it covers is checked: {@code gradChecks} (run by autodiff's
 * {@code GradCheckTableTest}), or {@code notDifferentiable} (checked against the gradient
 * rules by autodiff's {@code GradRulesCompletenessTest}), or neither (another row or autodiff's
 * {@code GradOpTable} checks it).
 */
record Row(String name, List<Object> covers, List<DType> dtypes, Build build, Ref ref,
    List<List<In>> variants, double tolScale, List<GradCase> gradChecks,
    boolean notDifferentiable) {

  /** Builds the expression from the symbolic inputs. */
  @FunctionalInterface
  interface Build {
    Variable apply(List<Variable> in);
  }

  /** Computes the expected result from the inputs' values. */
  @FunctionalInterface
  interface Ref {
    RefArray apply(List<RefArray> in);
  }

  static final List<DType> FLOATS = List.of(DType.FLOAT32, DType.FLOAT64);
  static final List<DType> INTS = List.of(DType.INT32, DType.INT64, DType.INT8);
  static final List<DType> NUMERIC = List.of(DType.FLOAT32, DType.FLOAT64, DType.INT32,
      DType.INT64, DType.INT8);
  /** For rows whose inputs all name their dtype. */
  static final List<DType> FIXED = List.of(DType.FLOAT64);

  static Builder row(String name, Object... covers) {
    return new Builder(name, List.of(covers));
  }

  /** Assembles a row. */
  static final class Builder {
    private final String name;
    private final List<Object> covers;
    private List<DType> dtypes = FLOATS;
    private Build build;
    private Ref ref;
    private final List<List<In>> variants = new ArrayList<>();
    private double tolScale = 1;
    private final List<GradCase> gradChecks = new ArrayList<>();
    private boolean notDifferentiable;

    private Builder(String name, List<Object> covers) {
      this.name = name;
      this.covers = covers;
    }

    Builder dtypes(List<DType> d) {
      this.dtypes = d;
      return this;
    }

    Builder dtypes(DType... d) {
      return dtypes(List.of(d));
    }

    Builder build(Build b) {
      this.build = b;
      return this;
    }

    Builder build1(Function<Variable, Variable> b) {
      return build(in -> b.apply(in.get(0)));
    }

    Builder build2(BiFunction<Variable, Variable, Variable> b) {
      return build(in -> b.apply(in.get(0), in.get(1)));
    }

    Builder ref(Ref r) {
      this.ref = r;
      return this;
    }

    Builder ref1(Function<RefArray, RefArray> r) {
      return ref(in -> r.apply(in.get(0)));
    }

    Builder ref2(BiFunction<RefArray, RefArray, RefArray> r) {
      return ref(in -> r.apply(in.get(0), in.get(1)));
    }

    /** Adds an input variant (one In per symbolic input). */
    Builder with(In... inputs) {
      variants.add(Arrays.asList(inputs));
      return this;
    }

    Builder withEach(List<List<In>> vs) {
      variants.addAll(vs);
      return this;
    }

    /** Widens the tolerance (for long float32 accumulations done in float32 by BLAS). */
    Builder tol(double scale) {
      this.tolScale = scale;
      return this;
    }

    /**
     * The gradient of the row's expression is checked at each of {@code shapeSets} (one shape
     * per input), with magnitudes in [lo, hi) and random signs if {@code signed}; the case is
     * named after the row. Call after {@link #build}.
     */
    Builder gradAt(double lo, double hi, boolean signed, int[][]... shapeSets) {
      if (build == null) {
        throw new IllegalStateException("row " + name + ": gradAt before build");
      }
      Build b = build;
      GradCase c = GradCase.of(name, b::apply).range(lo, hi, signed);
      for (int[][] s : shapeSets) {
        c.shapes(s);
      }
      return gradCheck(c);
    }

    /** The gradient of what the row covers is checked by {@code c} (its own expression). */
    Builder gradCheck(GradCase c) {
      gradChecks.add(c);
      return this;
    }

    /** What the row covers has a zero or disconnected gradient (no gradient check). */
    Builder notDifferentiable() {
      notDifferentiable = true;
      return this;
    }

    Row done() {
      if (build == null || ref == null || variants.isEmpty()) {
        throw new IllegalStateException("row " + name + " is incomplete");
      }
      if (notDifferentiable && !gradChecks.isEmpty()) {
        throw new IllegalStateException("row " + name
            + " is declared not differentiable but has gradient checks");
      }
      return new Row(name, covers, dtypes, build, ref, List.copyOf(variants), tolScale,
          List.copyOf(gradChecks), notDifferentiable);
    }
  }
}
