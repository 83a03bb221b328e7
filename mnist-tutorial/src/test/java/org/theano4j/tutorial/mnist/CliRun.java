package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine;

/** A tutorial command run in-process: its exit code, what it printed and its errors. */
record CliRun(int exit, String out, String err) {
  /** Runs the command that {@code app} makes (given the stream it prints to) with {@code args}. */
  static CliRun of(Function<PrintStream, TutorialCommand> app, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    PrintStream log = new PrintStream(out, true, StandardCharsets.UTF_8);
    CommandLine cli = TutorialCommand.commandLine(app.apply(log));
    cli.setOut(new PrintWriter(log, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString());
  }

  /**
   * Each of {@code cases} (options, then {@code --out dir}) fails with exactly one line on
   * standard error that starts with the matching {@code expected}, and a non-zero exit code.
   */
  static void assertOneErrorLine(Function<PrintStream, TutorialCommand> app, Path dir,
      String[][] cases, String[] expected) {
    for (int i = 0; i < cases.length; i++) {
      String[] args = new String[cases[i].length + 2];
      System.arraycopy(cases[i], 0, args, 0, cases[i].length);
      args[args.length - 2] = "--out";
      args[args.length - 1] = dir.toString();
      CliRun r = of(app, args);
      String what = String.join(" ", cases[i]);
      assertThat(r.exit()).as(what).isNotZero();
      assertThat(r.err().lines().toList()).as(what).hasSize(1)
          .first().asString().startsWith(expected[i]);
    }
  }
}
