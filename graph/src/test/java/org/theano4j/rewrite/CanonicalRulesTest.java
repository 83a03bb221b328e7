package org.theano4j.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.theano4j.rewrite.RewriteFixtures.assertSameValues;
import static org.theano4j.rewrite.RewriteFixtures.rewrite;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.graph.Graphs;
import org.theano4j.graph.Variable;
import org.theano4j.jvm.Kernels;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Alloc;
import org.theano4j.tensor.Reshape;
import org.theano4j.tensor.ShapeI;
import org.theano4j.tensor.T;

/** Before/after (printed graph) and value tests of merging, folding and canonicalisation. */
class CanonicalRulesTest {
  private final Variable x = T.dvector("x");
  private final Variable y = T.dvector("y");
  private final Variable xs = T.tensor(DType.FLOAT64, new int[] {2, 3}, "xs");

  @Test
  void mergeNodesMakesIdenticalNodesOne() {
    Variable out = T.exp(x).add(T.exp(x));
    List<Variable> r = new Rewriter(false).run(List.of(Phase.of("t", MergeRules.NODES)),
        List.of(out), List.of(x));
    Golden.check("phases: t[merge-nodes] (debugPrint: a merged node is printed once)",
        org.theano4j.printing.Printing.debugPrint(out).strip(),
        org.theano4j.printing.Printing.debugPrint(r.get(0)).strip());
    assertThat(Graphs.toposort(List.of(out))).hasSize(3);
    assertThat(Graphs.toposort(r)).hasSize(2);
    assertThat(r.get(0).owner().input(0)).isSameAs(r.get(0).owner().input(1));
    assertSameValues(List.of(x), List.of(out), 1);
  }

  @Test
  void mergeConstantsKeepsOneOfEqualConstants() {
    Variable out = x.add(T.constant(NDArray.scalar(2.0))).mul(T.constant(NDArray.scalar(2.0)));
    List<Variable> r = new Rewriter(false).run(List.of(Phase.of("t", MergeRules.CONSTANTS)),
        List.of(out), List.of(x));
    assertThat(r.get(0).owner().input(1)).isSameAs(r.get(0).owner().input(0).owner().input(1));
    assertThat(GraphText.print(r)).isEqualTo("mul(add(x, 2.0), 2.0)");
    Golden.check("phases: t[merge-constants] (debugPrint: one constant, printed once)",
        org.theano4j.printing.Printing.debugPrint(out).strip(),
        org.theano4j.printing.Printing.debugPrint(r.get(0)).strip());
  }

  @Test
  void constantFoldingEvaluatesConstantSubgraphs() {
    Variable c = T.constant(NDArray.scalar(2.0));
    Variable out = x.add(c.mul(3.0).add(1.0));
    assertThat(rewrite(ConstantFolding.RULE, List.of(x), out)).isEqualTo("add(x, 7.0)");
    assertSameValues(List.of(x), List.of(out), 2);
  }

  @Test
  void constantFoldingLeavesLargeResults() {
    Variable big = T.constant(NDArray.zeros(DType.FLOAT64, 400, 400));
    Variable out = T.exp(big).sum().add(x);
    assertThat(rewrite(ConstantFolding.RULE, List.of(x), out))
        .isEqualTo("add(Sum{axes=[0, 1]}(exp(const[400, 400])), x)");
  }

  @Test
  void mulByOneAndAddZeroDisappear() {
    Variable out = T.exp(x.mul(1.0)).add(T.tanh(T.add(-0.0, y).sub(0.0)));
    Phase p = Phase.of("t", CanonicalRules.MUL_ONE, CanonicalRules.ADD_ZERO);
    assertThat(rewrite(List.of(x, y), List.of(out), p)).isEqualTo("add(exp(x), tanh(y))");
    assertSameValues(List.of(x, y), List.of(out), 3);
  }

  @Test
  void addZeroKeepsTheSignOfZero() {
    // -0.0 + 0.0 is +0.0 and -0.0 - (-0.0) is +0.0: for floats only -0.0 is the identity of
    // a sum and +0.0 of a difference. Integers have one zero.
    Variable i = T.lvector("i");
    assertThat(rewrite(CanonicalRules.ADD_ZERO, List.of(x, i), x.add(0.0), x.sub(-0.0),
        i.add(0), i.sub(0))).isEqualTo("add(x, 0.0)\nsub(x, -0.0)\ni\ni");
  }

  @Test
  void mulByOneThatWouldChangeTheDtypeStays() {
    Variable i = T.tensor(DType.INT8, 1, "i");
    Variable out = i.mul(T.constant(NDArray.scalar(1L)));
    assertThat(rewrite(CanonicalRules.MUL_ONE, List.of(i), out)).isEqualTo("mul(i, 1)");
  }

  @Test
  void subSelfIsZerosOfKnownShape() {
    Variable is = T.tensor(DType.INT32, new int[] {2, 3}, "is");
    Variable out = T.exp(is.sub(is));
    assertThat(rewrite(CanonicalRules.SUB_SELF, List.of(is), out)).isEqualTo("exp(const[2, 3])");
    assertSameValues(List.of(is), List.of(out), 4);
  }

  @Test
  void subSelfOfUnknownShapeAllocatesZeros() {
    Variable i = T.tensor(DType.INT64, 1, "i");
    Variable out = i.sub(i);
    assertThat(rewrite(CanonicalRules.SUB_SELF, List.of(i), out))
        .isEqualTo("Alloc(0, Shape_i{0}(i))");
    assumeTrue(Kernels.supports(Alloc.class) && Kernels.supports(ShapeI.class));
    assertSameValues(List.of(i), List.of(out), 5);
  }

  @Test
  void subSelfOfFloatsStays() {
    // inf - inf and nan - nan are NaN: the rewrite would change the value.
    Variable out = xs.sub(xs);
    assertThat(rewrite(CanonicalRules.SUB_SELF, List.of(xs), out)).isEqualTo("sub(xs, xs)");
  }

  @Test
  void negNegCancels() {
    Variable out = T.exp(x.neg().neg());
    assertThat(rewrite(CanonicalRules.NEG_NEG, List.of(x), out)).isEqualTo("exp(x)");
    assertSameValues(List.of(x), List.of(out), 6);
  }

  @Test
  void dimshufflesCompose() {
    Variable out = x.dimshuffle("x", 0).dimshuffle(1, 0);
    assertThat(rewrite(CanonicalRules.DIMSHUFFLE, List.of(x), out))
        .isEqualTo("DimShuffle{0,x}(x)");
    Variable m = T.dmatrix("m");
    Variable back = m.dimshuffle(1, 0).dimshuffle(1, 0);
    assertThat(rewrite(CanonicalRules.DIMSHUFFLE, List.of(m), back)).isEqualTo("m");
  }

  @Test
  void transposeOfAProductBecomesAProductOfTransposes() {
    Variable a = T.dmatrix("a");
    Variable b = T.dmatrix("b");
    Variable out = T.dot(a, b).dimshuffle(1, 0);
    assertThat(rewrite(CanonicalRules.TRANSPOSE_DOT, List.of(a, b), out))
        .isEqualTo("Dot(DimShuffle{1,0}(b), DimShuffle{1,0}(a))");
    assertSameValues(List.of(a, b), List.of(out), 7);
    // a product with another client stays: it would be computed twice
    Variable p = T.dot(a, b);
    Variable both = p.dimshuffle(1, 0).add(p);
    assertThat(rewrite(CanonicalRules.TRANSPOSE_DOT, List.of(a, b), both))
        .isEqualTo("add(DimShuffle{1,0}(Dot(a, b)), Dot(a, b))");
    // a product of a matrix and a vector has no transpose to lift
    Variable v = T.dvector("v");
    Variable mv = T.dot(a, v).dimshuffle("x", 0);
    assertThat(rewrite(CanonicalRules.TRANSPOSE_DOT, List.of(a, v), mv))
        .isEqualTo("DimShuffle{x,0}(Dot(a, v))");
  }

  @Test
  void reshapesCompose() {
    Variable out = xs.reshape(3, 2).reshape(6);
    assertThat(rewrite(CanonicalRules.RESHAPE, List.of(xs), out))
        .isEqualTo("Reshape{1}(xs, const[1])");
    assumeTrue(Kernels.supports(Reshape.class));
    assertSameValues(List.of(xs), List.of(out), 7);
  }

  @Test
  void knownShapesBecomeConstants() {
    Variable m = T.dmatrix("m");
    Variable out = xs.shape(1).add(m.shape(0));
    assertThat(rewrite(CanonicalRules.SHAPE, List.of(xs, m), out))
        .isEqualTo("add(3, Shape_i{0}(m))");
    assertThat(rewrite(CanonicalRules.SHAPE, List.of(xs), xs.shape())).isEqualTo("const[2]");
  }

  @Test
  void shapeOfAShapePreservingNodeIsTheShapeOfItsInput() {
    Variable m = T.dmatrix("m");
    Variable row = T.tensor(DType.FLOAT64, new int[] {1, -1}, "row");
    Variable out = T.log(T.softmax(m)).shape(0).add(T.exp(row.add(m)).shape(0));
    // The broadcastable row cannot stand for the sum's length on axis 0; m can.
    assertThat(rewrite(CanonicalRules.SHAPE_THROUGH, List.of(m, row), out))
        .isEqualTo("add(Shape_i{0}(m), Shape_i{0}(m))");
    assertSameValues(List.of(m, row), List.of(out), 9);
  }

  @Test
  void constantScalingsCombine() {
    Variable out = x.mul(2.0).mul(3.0).add(T.mul(0.25, x.div(8.0)))
        .add(x.div(2.0).div(5.0)).add(x.mul(3.0).div(0.25));
    assertThat(rewrite(CanonicalRules.SCALE_CONSTANTS, List.of(x), out)).isEqualTo(
        "add(add(add(mul(x, 6.0), mul(x, 0.03125)), true_div(x, 10.0)), mul(x, 12.0))");
    assertSameValues(List.of(x), List.of(out), 10);
    // Integer division is not a scaling, and a non-constant factor is left alone.
    Variable i = T.lvector("i");
    assertThat(rewrite(CanonicalRules.SCALE_CONSTANTS, List.of(i, x, y), i.intDiv(2).mul(3),
        x.mul(y).mul(2.0))).isEqualTo("mul(int_div(i, 2), 3)\nmul(mul(x, y), 2.0)");
  }

  @Test
  void constantScalingsCombineOnlyWhenExact() {
    Variable f = T.fvector("f");
    // float32: 1e20·1e38 overflows (x = 0 would give NaN, NumPy 0), 1e-30·1e-30 underflows.
    // float64: 0.1·0.3 is not a double; (x·3)/4 overflows at x = 1e308 where x·0.75 does
    // not, and (x/4)·3 underflows first at x = 4.9e-324 (NumPy: 0, x·0.75: 4.9e-324).
    String after = rewrite(CanonicalRules.SCALE_CONSTANTS, List.of(f, x),
        f.mul(1e20).mul(1e38), f.mul(1e-30).mul(1e-30), x.mul(0.1).mul(0.3),
        x.mul(3.0).div(4.0), x.div(4.0).mul(3.0), x.mul(0.5).mul(0.25));
    // (The float32 constants print as the doubles they are.)
    assertThat(after).isEqualTo("mul(mul(f, 1.0000000200408773E20), 9.999999680285692E37)\n"
        + "mul(mul(f, 1.0000000031710769E-30), 1.0000000031710769E-30)\n"
        + "mul(mul(x, 0.1), 0.3)\ntrue_div(mul(x, 3.0), 4.0)\nmul(true_div(x, 4.0), 3.0)\n"
        + "mul(x, 0.125)");
    assertThat(CanonicalRules.exactScale(DType.FLOAT32, 0.5, true, 0.25, true)).isEqualTo(0.125);
    // 1/3 is not exact, 3/0.5 = 6 is.
    assertThat(CanonicalRules.exactScale(DType.FLOAT64, 1.0, true, 3.0, false)).isNull();
    assertThat(CanonicalRules.exactScale(DType.FLOAT64, 3.0, true, 0.5, false)).isEqualTo(6.0);
  }

  @Test
  void meanBecomesSumOverCount() {
    Variable out = xs.mean();
    assertThat(rewrite(CanonicalRules.MEAN, List.of(xs), out))
        .isEqualTo("true_div(Sum{axes=[0, 1]}(xs), 6.0)");
    assertSameValues(List.of(xs), List.of(out), 8);
    Variable f = T.tensor(DType.FLOAT32, new int[] {-1, 3}, "f");
    assertThat(rewrite(CanonicalRules.MEAN, List.of(f), f.mean()))
        .isEqualTo("true_div(Sum{axes=[0, 1]}(f), cast{float32}(mul(Shape_i{0}(f), 3)))");
    assumeTrue(Kernels.supports(ShapeI.class));
    assertSameValues(List.of(f), List.of(f.mean()), 9);
  }
}
