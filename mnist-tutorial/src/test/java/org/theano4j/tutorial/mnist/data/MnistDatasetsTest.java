package org.theano4j.tutorial.mnist.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistDatasetsTest {
  @TempDir Path dir;

  @Test
  void opensByNameOrPath() throws Exception {
    assertThat(MnistDatasets.open("mini").train().size()).isEqualTo(5000);
    Path pkl = Files.write(dir.resolve("mnist.pkl.gz"),
        MnistPickleTest.gzip(NumpyPickleBytes.mnistLike(new int[] {2, 1, 1})));
    assertThat(MnistDatasets.open(pkl.toString()).train().size()).isEqualTo(2);
    assertThatThrownBy(() -> MnistDatasets.open("nonsense"))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageContaining("unknown data set 'nonsense'");
    Path missing = dir.resolve("nonexistent");
    assertThatThrownBy(() -> MnistDatasets.open(missing.toString()))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessage("data set path " + missing + " does not exist (expected a directory of"
            + " MNIST IDX files or mnist.pkl.gz)");
  }
}
