package org.theano4j.compile;

/** The optional settings of a compile (see {@code Theano.function(...)} for the builder). */
public record CompileOptions(Mode mode, String backend, UnusedInputPolicy onUnusedInput) {
  /** FAST_RUN on the JVM backend, raising on unused inputs. */
  public static CompileOptions defaults() {
    return new CompileOptions(Mode.FAST_RUN, System.getProperty("theano4j.device", "jvm"),
        UnusedInputPolicy.RAISE);
  }
}
