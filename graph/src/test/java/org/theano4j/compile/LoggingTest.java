package org.theano4j.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.theano4j.Theano;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.T;

/**
 * The library logs through {@code System.Logger} only, and only warnings: here the JDK's
 * default backend ({@code java.util.logging}) receives them, so a handler on the logger named
 * after the class sees what a user's logging set-up would.
 */
class LoggingTest {
  @Test
  void anUnusedInputUnderWarnIsOneWarningThroughSystemLogger() {
    Logger jul = Logger.getLogger(GraphBuilder.class.getName());
    List<LogRecord> records = new ArrayList<>();
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord r) {
        records.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    jul.addHandler(h);
    try {
      Variable x = T.vector("x");
      Variable unused = T.vector("unused");
      Theano.function(List.of(x, unused), List.of(x.sum()))
          .onUnusedInput(UnusedInputPolicy.WARN).build();
    } finally {
      jul.removeHandler(h);
    }
    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.getLevel()).isEqualTo(Level.WARNING);
      assertThat(r.getMessage()).startsWith("input 'unused' ")
          .contains("is not used by any output or update");
    });
  }

  /** No main code of the library modules uses another facade or writes to standard error. */
  @Test
  void mainCodeUsesNoOtherLoggingFacade() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (String module : new String[] {"graph", "autodiff", "codegen-cuda"}) {
      Path main = Path.of("..", module, "src", "main", "java");
      assertThat(main).isDirectory();
      try (Stream<Path> files = Files.walk(main)) {
        for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
          String src = Files.readString(f);
          if (src.contains("java.util.logging") || src.contains("System.err")) {
            offenders.add(f.toString());
          }
        }
      }
    }
    assertThat(offenders).isEmpty();
  }
}
