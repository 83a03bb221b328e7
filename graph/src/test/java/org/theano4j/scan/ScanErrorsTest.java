package org.theano4j.scan;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.T;

/** Malformed scans: specific errors naming what was wrong, expected vs got, and the line. */
class ScanErrorsTest {
  private static void says(Executable e, String... fragments) {
    TheanoException ex = assertThrows(TheanoException.class, e);
    for (String f : fragments) {
      assertTrue(ex.getMessage().contains(f), "missing <" + f + "> in:\n" + ex.getMessage());
    }
  }

  private static int line() {
    return StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).get().getLineNumber();
  }

  @Test
  void sequencesOfDifferentLengthsAreRefusedAtTheCallNamingBoth() {
    Variable x = T.dvector("x");
    Variable y = T.dvector("y");
    int at = line() + 1;
    Scan.Result r = Scan.scan(a -> List.of(a.get(0).add(a.get(1))), List.of(x, y),
        Arrays.asList((Object) null), List.of());
    Function f = Theano.function(List.of(x, y), r.outputs()).build();
    says(() -> f.call(new double[] {1, 2, 3}, new double[] {1, 2}),
        "the sequences differ in length: sequence 0 'x' TensorType(float64, (?,))",
        "gives 3 steps (3 rows), sequence 1 'y' TensorType(float64, (?,))",
        "gives 2 (2 rows); give nSteps", "ScanErrorsTest.java:" + at);
  }

  @Test
  void anOutputOfAnotherTypeThanItsInitialValue() {
    Variable h0 = T.fvector("h0");
    Variable x = T.dmatrix("x");
    int at = line() + 1;
    says(() -> Scan.scan(a -> List.of(a.get(0).add(a.get(1))), List.of(x), List.of(h0),
        List.of()),
        "output 0 of the step function", "has type TensorType(float64, (?,)) but its initial "
            + "value 'h0' TensorType(float32, (?,))",
        "gives the state type TensorType(float32, (?,))", "building the node at ScanErrorsTest.java:"
            + at);
  }

  @Test
  void anOutputOfAnotherRankThanItsInitialValue() {
    Variable h0 = T.dmatrix("h0");
    says(() -> Scan.scan(a -> List.of(a.get(0).sum()), List.of(), List.of(h0), List.of(), 3),
        "has type TensorType(float64, ()) but its initial value 'h0'");
  }

  @Test
  void theWrongNumberOfOutputs() {
    Variable x = T.dvector("x");
    int at = line() + 1;
    says(() -> Scan.scan(a -> List.of(a.get(0), a.get(0)), List.of(x),
        Arrays.asList((Object) null), List.of()),
        "the step function returned 2 outputs but outputsInfo has 1 entry",
        "building the node at ScanErrorsTest.java:" + at);
  }

  @Test
  void negativeOrMissingNumberOfSteps() {
    Variable h0 = T.dscalar("h0");
    says(() -> Scan.scan(a -> List.of(a.get(0)), List.of(), List.of(h0), List.of(), -2),
        "nSteps is negative (-2)");
    says(() -> Scan.scan(a -> List.of(a.get(0)), List.of(), List.of(h0), List.of()),
        "no sequences and no nSteps: give the number of steps with nSteps(...)");
    says(() -> Scan.scan(a -> List.of(a.get(0)), List.of(), List.of(h0), List.of(), 2.5),
        "nSteps must be an int, a long or an integer scalar Variable, got Double");
    says(() -> Scan.scan(a -> List.of(a.get(0)), List.of(), List.of(h0), List.of(),
        T.dscalar("n")), "nSteps must be an integer scalar, got 'n'");
  }

  @Test
  void zeroStepsAreRefusedAsTheanoDoes() {
    Variable x = T.dvector("x");
    Scan.Result r = Scan.scan(a -> List.of(a.get(0).mul(2)), List.of(x),
        Arrays.asList((Object) null), List.of());
    Function f = Theano.function(List.of(x), r.outputs()).build();
    says(() -> f.call(new double[0]), "zero steps to run (the sequences have no rows beyond "
        + "their taps); as Theano's scan, a scan runs at least one step");
    Variable s = T.dvector("s");
    Scan.Result taps = Scan.scan(a -> List.of(a.get(0).add(a.get(1))),
        List.of(Scan.taps(s, -1, 0)), Arrays.asList((Object) null), List.of());
    Function g = Theano.function(List.of(s), taps.outputs()).build();
    says(() -> g.call(new double[] {1}), "zero steps to run");
  }

  @Test
  void malformedEntries() {
    Variable x = T.dvector("x");
    says(() -> Scan.scan(a -> List.of(a.get(0)), List.of(T.dscalar("s")),
        Arrays.asList((Object) null), List.of()), "sequence 0 's'",
        "is a scalar; a sequence needs a leading axis");
    says(() -> Scan.scan(a -> List.of(a.get(0)), List.of("x"), Arrays.asList((Object) null),
        List.of()), "sequence 0 must be a Variable or Scan.taps(...), got String");
    says(() -> Scan.scan(a -> List.of(a.get(0)), List.of(x),
        List.of(Scan.taps(T.dmatrix("h"), -1, 0)), List.of()),
        "output 0: taps of an output must be negative (the steps before), got [-1, 0]");
    says(() -> Scan.taps(x, 1, 1), "tap 1 appears twice");
    says(() -> Scan.builder().sequences(x).outputsInfo(T.dscalar("c"))
        .step(a -> Scan.Step.of(a.get(1)).until(a.get(0).gt(0).mul(T.ones(
            org.theano4j.ndarray.DType.FLOAT64, 2)))).build(),
        "the until condition must be a scalar");
    says(() -> Scan.builder().truncateGradient(0), "truncateGradient must be -1 (all steps) "
        + "or at least 1, got 0");
  }

  @Test
  void tooFewInitialRowsForTheTaps() {
    Variable init = T.dvector("init");
    Scan.Result r = Scan.scan(a -> List.of(a.get(0).add(a.get(1))), List.of(),
        List.of(Scan.taps(init, -3, -1)), List.of(), 4);
    Function f = Theano.function(List.of(init), r.outputs()).build();
    says(() -> f.call(new double[] {1, 2}), "the initial value of output 0, 'init'",
        "has 2 rows, but its taps [-3, -1] need 3");
  }

  @Test
  void outputsThatChangeShape() {
    Variable h0 = T.dvector("h0");
    Scan.Result r = Scan.scan(a -> List.of(T.concatenate(List.of(a.get(0), a.get(0)), 0)),
        List.of(), List.of(h0), List.of(), 3);
    Function f = Theano.function(List.of(h0), r.outputs()).build();
    says(() -> f.call(new double[] {1, 2}), "output 0 has shape [4] but its initial state "
        + "'h0' TensorType(float64, (?,))", "has shape [2] (a state fed back keeps its shape)");
    Variable n = T.lvector("n");
    Scan.Result g = Scan.scan(a -> List.of(T.arange(a.get(0))), List.of(n),
        Arrays.asList((Object) null), List.of());
    Function fg = Theano.function(List.of(n), g.outputs()).build();
    says(() -> fg.call(new long[] {1, 2}), "output 0 has shape [2] at step 1 but [1] at step 0 "
        + "(every step's output must have the same shape)");
  }
}
