package org.theano4j.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Golden text files of the rewrite tests: every before/after pair a test prints is compared
 * with {@code src/test/resources/golden/rewrite/<TestClass>.<method>[.<n>].txt}. Run with
 * {@code -Dtheano4j.updateGolden=true} to (re)write them after a deliberate change.
 */
final class Golden {
  private static final Path DIR = Path.of("src/test/resources/golden/rewrite");
  private static final StackWalker WALKER = StackWalker.getInstance();
  private static final Map<String, Integer> CALLS = new HashMap<>();

  private Golden() {}

  /** Checks (or writes) the golden file of the calling test method. */
  static void check(String title, String before, String after) {
    String caller = WALKER.walk(s -> s
        .filter(f -> f.getClassName().endsWith("Test"))
        .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "."
            + f.getMethodName())
        .findFirst()).orElse("unknown");
    int n;
    synchronized (CALLS) {
      n = CALLS.merge(caller, 1, Integer::sum);
    }
    Path file = DIR.resolve(caller + (n == 1 ? "" : "." + n) + ".txt");
    String text = "# " + title + "\nbefore:\n" + before + "\nafter:\n" + after + "\n";
    try {
      if (Boolean.getBoolean("theano4j.updateGolden")) {
        Files.createDirectories(DIR);
        Files.writeString(file, text, StandardCharsets.UTF_8);
      }
      assertThat(Files.exists(file)).as("golden file " + file
          + " (create it with -Dtheano4j.updateGolden=true)").isTrue();
      assertThat(text).as("golden file " + file).isEqualTo(Files.readString(file,
          StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
