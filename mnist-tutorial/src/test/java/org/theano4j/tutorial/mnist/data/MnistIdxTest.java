package org.theano4j.tutorial.mnist.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.theano4j.tutorial.mnist.data.IdxReaderTest.images;
import static org.theano4j.tutorial.mnist.data.IdxReaderTest.labels;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.io.FileFormatException;

class MnistIdxTest {
  @TempDir Path dir;

  private void writeSet(byte[] trainImages, byte[] trainLabels) throws Exception {
    Files.write(dir.resolve("train-images-idx3-ubyte.gz"), DeterministicGzip.gzip(trainImages));
    Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), DeterministicGzip.gzip(trainLabels));
    Files.write(dir.resolve("t10k-images-idx3-ubyte"), images(2, 100)); // plain, not gzipped
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(7, 8));
  }

  @Test
  void splitsTheTrainingFileIntoTrainAndValidation() throws Exception {
    writeSet(images(5, 10), labels(0, 1, 2, 3, 4));
    MnistData d = MnistIdx.load(dir, 2);
    assertThat(d.train().size()).isEqualTo(3);
    assertThat(d.valid().size()).isEqualTo(2);
    assertThat(d.test().size()).isEqualTo(2);
    assertThat(d.valid().labelArray()).containsExactly(3, 4);
    assertThat(d.valid().pixels(0)[0]).isEqualTo(13);
    assertThat(d.test().labelArray()).containsExactly(7, 8);
    assertThat(d.test().images().getDouble(1, 0)).isEqualTo((double) (101 / 255f));
  }

  @Test
  void countMismatchNamesBothFiles() throws Exception {
    writeSet(images(5, 0), labels(0, 1, 2, 3));
    assertThatThrownBy(() -> MnistIdx.load(dir, 1))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining("train-images-idx3-ubyte.gz")
        .hasMessageContaining("images/labels count mismatch: 5 images but 4 labels in")
        .hasMessageContaining("train-labels-idx1-ubyte.gz");
  }

  @Test
  void labelsOutOfRangeAreReported() throws Exception {
    writeSet(images(3, 0), labels(0, 12, 2));
    assertThatThrownBy(() -> MnistIdx.load(dir, 1))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining("train-labels-idx1-ubyte.gz")
        .hasMessageContaining("label 12 of item 1 is out of range 0..9");
  }

  @Test
  void wronglyShapedImagesAreReported() throws Exception {
    byte[] flat = IdxWriter.toBytes(new IdxArray(new int[] {2, 784}, new byte[2 * 784]));
    writeSet(flat, labels(0, 1));
    assertThatThrownBy(() -> MnistIdx.load(dir, 1))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining("expected images of shape [n, 28, 28], got [2, 784]");
  }

  @Test
  void missingFileSaysWhichOne() throws Exception {
    writeSet(images(3, 0), labels(0, 1, 2));
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
    assertThatThrownBy(() -> MnistIdx.load(dir, 1))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageContaining("missing t10k-labels-idx1-ubyte[.gz] in " + dir);
  }

  @Test
  void fashionMnistAbsentSaysHowToInstallIt() {
    assertThatThrownBy(() -> FashionMnist.load(dir.resolve("absent")))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageContaining("apt-get install dataset-fashion-mnist");
  }
}
