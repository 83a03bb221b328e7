package org.theano4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.Theano;
import org.theano4j.graph.SharedVariable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

class ModelsTest {
  @TempDir Path dir;

  private static SharedVariable w(float first) {
    return Theano.shared(NDArray.of(new float[] {first, 2, 3, 4, 5, 6}, 3, 2), "W");
  }

  private static SharedVariable b(long first) {
    return Theano.shared(NDArray.of(new long[] {first, -7}, 2), "b");
  }

  @Test
  void savesAndLoadsEveryVariableByName() {
    Path p = dir.resolve("m.npz");
    Models.save(p, List.of(w(1.5f), b(9)));
    // a plain .npz: one entry per variable, under its name
    Map<String, NDArray> raw = Npz.read(p);
    assertThat(raw.keySet()).containsExactly("W", "b");
    assertThat(raw.get("W")).isEqualTo(w(1.5f).getValue());

    SharedVariable w = w(0);
    SharedVariable b = b(0);
    Models.load(p, List.of(b, w)); // by name, not by position
    assertThat(w.getValue()).isEqualTo(w(1.5f).getValue());
    assertThat(b.getValue().toLongArray()).containsExactly(9, -7);
    assertThat(dir.toFile().list()).containsExactly("m.npz"); // no temporary file left
  }

  @Test
  void aMissingNameLeavesEveryVariableUnchanged() {
    Path p = dir.resolve("m.npz");
    Models.save(p, List.of(w(1.5f)));
    SharedVariable w = w(0);
    SharedVariable b = b(0);
    assertThatThrownBy(() -> Models.load(p, List.of(w, b)))
        .isInstanceOf(FileFormatException.class)
        .hasMessage(p + ": no array 'b' for shared variable b (the file has [W])");
    assertThat(w.getValue()).isEqualTo(w(0).getValue());
  }

  @Test
  void aDtypeOrShapeMismatchLeavesEveryVariableUnchanged() {
    Path p = dir.resolve("m.npz");
    Npz.write(p, Map.of("W", NDArray.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2),
        "b", NDArray.of(new int[] {1, 2}, 2)));
    SharedVariable w = w(0);
    SharedVariable b = b(0);
    assertThatThrownBy(() -> Models.load(p, List.of(w, b)))
        .isInstanceOf(FileFormatException.class)
        .hasMessage(p + ": array 'b' is int32 of shape [2], but shared variable b is int64 of "
            + "shape [2]");
    assertThat(w.getValue()).isEqualTo(w(0).getValue()); // W was checked, but not set

    Npz.write(p, Map.of("W", NDArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)));
    assertThatThrownBy(() -> Models.load(p, List.of(w)))
        .hasMessage(p + ": array 'W' is float32 of shape [2, 3], but shared variable W is "
            + "float32 of shape [3, 2]");
    assertThat(w.getValue()).isEqualTo(w(0).getValue());
  }

  @Test
  void duplicateOrMissingNamesAreRefused() {
    Path p = dir.resolve("m.npz");
    assertThatThrownBy(() -> Models.save(p, List.of(w(1), w(2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two shared variables are named 'W'");
    assertThat(Files.exists(p)).isFalse();
    SharedVariable unnamed = Theano.shared(NDArray.zeros(DType.FLOAT32, 2), null);
    assertThatThrownBy(() -> Models.save(p, List.of(w(1), unnamed)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shared variable #1").hasMessageContaining("has no name");
    assertThatThrownBy(() -> Models.load(p, List.of(w(1), w(2))))
        .hasMessageContaining("two shared variables are named 'W'");
  }

  @Test
  void aFailedSaveKeepsTheEarlierFile() throws Exception {
    Path p = dir.resolve("m.npz");
    Models.save(p, List.of(w(1.5f)));
    byte[] before = Files.readAllBytes(p);
    assertThatThrownBy(() -> Models.save(p, List.of(w(3), w(4))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Files.readAllBytes(p)).isEqualTo(before);
    assertThatThrownBy(() -> Models.save(dir.resolve("no/such/dir/m.npz"), List.of(w(1))))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageStartingWith("cannot write " + dir.resolve("no/such/dir/m.npz"));
  }

  @Test
  void aMissingFileIsNamed() {
    Path p = dir.resolve("none.npz");
    assertThatThrownBy(() -> Models.load(p, List.of(w(1))))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessage(".npz file not found: " + p);
  }
}
