package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A machine whose Java finds no fonts (a bare GPU server: "Fontconfig head is null") fails at
 * the first text a picture lays out. Each picture with text, the weights picture included
 * (its titles), is then skipped with one warning, and the run's closing line names only the
 * files written.
 */
class PicturesWithoutFontsTest {
  @Test
  void aPictureWhoseTextCannotBeRenderedIsSkippedWithAWarning() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LogisticSgd tutorial = new LogisticSgd(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    List<String> written = new ArrayList<>();
    tutorial.picture(written, "weight.png", () -> {
      throw new RuntimeException("Fontconfig head is null, check your fonts");
    });
    tutorial.picture(written, "fine.png", () -> { });
    String log = bytes.toString(StandardCharsets.UTF_8);
    assertThat(written).containsExactly("fine.png");
    assertThat(log).contains("warning: weight.png not written: Java's text rendering failed here"
        + " (Fontconfig head is null, check your fonts); install fonts");
    assertThat(log).doesNotContain("fine.png");
  }
}
