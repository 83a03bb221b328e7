package org.theano4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Constant;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.DimShuffle;
import org.theano4j.tensor.Gemm;

/**
 * {@link GemmLimit} times the products Theano4J's MLP step makes: its cases with a beta are the
 * step's {@code Gemm} nodes (first operand transposed or not, alpha, beta, as the optimiser left
 * them); and a run prints a header and one result per case and dtype.
 */
class GemmLimitTest {
  private static String key(boolean transposed, double alpha, double beta) {
    return (transposed ? "aT " : "a ") + (float) alpha + " " + (float) beta;
  }

  private static double scalar(Variable v) {
    assertThat(v).as("a Gemm's alpha or beta").isInstanceOf(Constant.class);
    return ((Constant) v).value().itemDouble();
  }

  @Test
  void theMlpCasesWithABetaAreTheStepsGemms() {
    MlpStep step = new MlpStep(false);
    List<String> gemms = step.train.graph().nodes().stream()
        .filter(n -> n.op() instanceof Gemm)
        .map(n -> {
          Apply a = n.input(0).owner();
          boolean transposed = a != null && a.op() instanceof DimShuffle d
              && d.order().equals(List.of(1, 0));
          return key(transposed, scalar(n.input(3)), scalar(n.input(4)));
        })
        .toList();
    List<String> cases = GemmLimit.CASES.stream()
        .filter(c -> c.step().equals("mlp") && c.beta() != 0)
        .map(c -> key(c.aT(), c.alpha(), c.beta()))
        .toList();
    assertThat(gemms).hasSize(4).containsExactlyInAnyOrderElementsOf(cases);
  }

  @Test
  void aRunPrintsEveryCaseInBothDtypes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    GemmLimit.run(0.001, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(1 + 2 * GemmLimit.CASES.size());
    assertThat(lines.get(0)).contains("\"impl\": \"theano4j\"", "\"openblas\": \"OpenBLAS ");
    for (String line : lines.subList(1, lines.size())) {
      assertThat(line).containsPattern("\"theano4j_us\": [0-9]+\\.[0-9]{2}, ")
          .containsPattern("\"openblas_us\": [0-9]+\\.[0-9]{2}, ");
    }
  }
}
