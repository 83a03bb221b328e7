package org.theano4j.tutorial.mnist.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FashionMnistTest {
  /** The Debian location, else the shared copy, else -Dfashion.mnist.dir. */
  static Path location() {
    String prop = System.getProperty("fashion.mnist.dir");
    if (prop != null) {
      return Path.of(prop);
    }
    return Files.isDirectory(FashionMnist.DEBIAN_DIR) ? FashionMnist.DEBIAN_DIR
        : SharedData.path("fashion-mnist");
  }

  @Test
  void loadsFiftyTenTenThousand() {
    Path dir = location();
    assumeTrue(Files.isDirectory(dir), "SKIPPED: Fashion-MNIST not found at " + dir
        + " (apt-get install dataset-fashion-mnist, or -Dfashion.mnist.dir=...)");
    MnistData d = FashionMnist.load(dir);
    assertThat(d.train().size()).isEqualTo(50000);
    assertThat(d.valid().size()).isEqualTo(10000);
    assertThat(d.test().size()).isEqualTo(10000);
    int[] counts = new int[10];
    for (int y : d.test().labelArray()) {
      counts[y]++;
    }
    assertThat(counts).containsOnly(1000); // the Fashion-MNIST test set is balanced
    assertThat(d.train().images().shape()).containsExactly(50000, 784);
  }
}
