package org.theano4j.tutorial.mnist.data;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's read-only {@code shared/data} folder (beside the repository). */
public final class SharedData {
  private SharedData() {}

  /** {@code shared/data/<relative>} beside the repository, looked up from the module dir. */
  public static Path path(String relative) {
    for (Path base : new Path[] {Path.of("../../shared/data"), Path.of("../shared/data"),
        Path.of("/work/shared/data")}) {
      Path p = base.resolve(relative);
      if (Files.exists(p)) {
        return p.toAbsolutePath().normalize();
      }
    }
    return Path.of("../../shared/data").resolve(relative).toAbsolutePath().normalize();
  }
}
