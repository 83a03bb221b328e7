package org.theano4j.graph;

import java.util.Optional;
import java.util.Set;

/**
 * Where user code created a variable: the first stack frame outside the library.
 *
 * <p>Library frames are those of Theano4J's own packages; test classes (names ending in
 * {@code Test}) and the tutorial count as user code.
 */
public final class SourceSite {
  private static final StackWalker WALKER = StackWalker.getInstance();
  private static final Set<String> LIBRARY_PACKAGES = Set.of(
      "org.theano4j.ndarray", "org.theano4j.graph", "org.theano4j.tensor",
      "org.theano4j.compile", "org.theano4j.jvm", "org.theano4j.printing",
      "org.theano4j.autodiff", "org.theano4j.rewrite", "org.theano4j.cuda");

  /** The site used when no user frame is on the stack. */
  public static final SourceSite UNKNOWN = new SourceSite("<unknown>", 0, "<unknown>");

  private final String file;
  private final int line;
  private final String method;

  private SourceSite(String file, int line, String method) {
    this.file = file;
    this.line = line;
    this.method = method;
  }

  /** The first frame on the current stack that is not library code. */
  public static SourceSite capture() {
    Optional<StackWalker.StackFrame> f = WALKER.walk(s -> s
        .filter(fr -> !isLibrary(fr.getClassName()))
        .findFirst());
    return f.map(fr -> new SourceSite(fr.getFileName() == null ? fr.getClassName()
        : fr.getFileName(), fr.getLineNumber(), fr.getClassName() + "." + fr.getMethodName()))
        .orElse(UNKNOWN);
  }

  static boolean isLibrary(String className) {
    if (className.startsWith("java.") || className.startsWith("jdk.")
        || className.startsWith("sun.")) {
      return true;
    }
    if (!className.startsWith("org.theano4j.")) {
      return false;
    }
    int dollar = className.indexOf('$');
    String top = dollar < 0 ? className : className.substring(0, dollar);
    if (top.endsWith("Test") || top.endsWith("Tests") || top.endsWith("Benchmark")) {
      return false;
    }
    if (top.equals("org.theano4j.Theano") || top.equals("org.theano4j.Function")) {
      return true;
    }
    int dot = top.lastIndexOf('.');
    String pkg = top.substring(0, dot);
    for (String p : LIBRARY_PACKAGES) {
      if (pkg.equals(p) || pkg.startsWith(p + ".")) {
        return true;
      }
    }
    return false;
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  public String method() {
    return method;
  }

  /** {@code File.java:42}. */
  @Override
  public String toString() {
    return file + ":" + line;
  }
}
