package org.theano4j.tutorial.mnist.data;

import org.theano4j.io.FileFormatException;
/**
 * Thrown when a pickle names a global (a module attribute to import and call) outside the
 * short list of NumPy globals that {@link RestrictedUnpickler} accepts.
 *
 * <p>Pickles can run arbitrary code through such globals (for example {@code os.system}), so
 * they are refused before anything else is read.
 */
public class ForbiddenGlobalException extends FileFormatException {
  private static final long serialVersionUID = 1L;

  private final String global;

  /** A refusal of {@code global} ({@code "module.name"}) found in {@code source}. */
  public ForbiddenGlobalException(String source, String global) {
    super(source, "refusing pickle global '" + global + "': only "
        + String.join(", ", RestrictedUnpickler.ALLOWED_GLOBALS)
        + " are allowed (a pickle can run arbitrary code through other globals)");
    this.global = global;
  }

  /** The refused global, {@code "module.name"}. */
  public String global() {
    return global;
  }
}
