package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.theano4j.tutorial.mnist.data.FashionMnist;
import org.theano4j.tutorial.mnist.data.MnistData;
import org.theano4j.tutorial.mnist.data.SharedData;

/**
 * Full-size Fashion-MNIST follows the references' early-stopping path: {@code python3
 * bench.py es --impl numpy --cfg full} (and {@code torch_eager}) in {@code ../shared/bench}
 * stop after 61 epochs with best validation error 14.8125 % and test error 16.1042 %.
 */
class FashionRunTest {
  @Test
  void fullFashionMnistStopsWhereTheReferencesStop() {
    Path dir = Files.isDirectory(FashionMnist.DEBIAN_DIR) ? FashionMnist.DEBIAN_DIR
        : SharedData.path("fashion-mnist");
    assumeTrue(Files.isDirectory(dir), "SKIPPED: Fashion-MNIST not found at " + dir);
    MnistData data = FashionMnist.load(dir);
    TutorialFunctions f = new TutorialFunctions(data, 600, 0.13, "jvm");
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    EarlyStopping.Result r = EarlyStopping.run(
        new EarlyStopping.Config(50000 / 600, 10000 / 600, 10000 / 600, 5000, 1000), f, null,
        new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertThat(r.epochs()).isEqualTo(61);
    assertThat(r.bestValidError()).isCloseTo(0.148125, within(1e-9));
    assertThat(r.testError()).isCloseTo(0.16104166666, within(1e-9));
    // Epoch 45 "improves" on epoch 44 with the same printed error: NumPy's pairwise mean
    // makes the two averages differ in the last bit. A plain sum would miss this line.
    assertThat(buf.toString(StandardCharsets.UTF_8))
        .contains("     epoch 45, minibatch 83/83, test error of best model 16.229167 %\n");
  }
}
