package org.theano4j.graph;

import java.net.URL;
import java.security.CodeSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Where user code created a variable: the first stack frame outside the library.
 *
 * <p>A frame is library code when its class is in a package marked {@link LibraryPackage} (on
 * its {@code package-info.java}; every main-code package of the graph, autodiff and CUDA modules
 * is, and {@code PackageInfoTest} checks it) and comes from the same jar or class folder as that
 * {@code package-info}, or when it is in the JDK ({@code java.}, {@code jdk.}, {@code sun.}).
 * There is no list of packages to keep up to date: a new library package is skipped once it has
 * its {@code package-info.java}. A class added to a library package from elsewhere (a test
 * folder's rows files and helpers, a user's jar) is user code. Two kinds of class count as user
 * code even beside the library's own classes (as in one merged jar): test classes (a top-level
 * class whose name ends in {@code Test} or {@code Tests}) and benchmarks (ending in
 * {@code Benchmark}), so that a test's errors name the test's line. Packages without the mark
 * (the tutorial, the benchmarks, users' code, test-only packages) are user code.
 */
public final class SourceSite {
  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
  /** Whether a class is library code, computed once per class. */
  private static final ClassValue<Boolean> LIBRARY = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> c) {
      return isLibrary(c);
    }
  };

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
        .filter(fr -> !LIBRARY.get(fr.getDeclaringClass()))
        .findFirst());
    return f.map(fr -> new SourceSite(fr.getFileName() == null ? fr.getClassName()
        : fr.getFileName(), fr.getLineNumber(), fr.getClassName() + "." + fr.getMethodName()))
        .orElse(UNKNOWN);
  }

  static boolean isLibrary(Class<?> c) {
    String name = c.getName();
    if (name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.")) {
      return true;
    }
    // The top-level class: nested, local and anonymous classes are named Outer$...
    int dollar = name.indexOf('$');
    String top = dollar < 0 ? name : name.substring(0, dollar);
    String simple = top.substring(top.lastIndexOf('.') + 1);
    if (simple.endsWith("Test") || simple.endsWith("Tests") || simple.endsWith("Benchmark")) {
      return false;
    }
    Package p = c.getPackage();
    return p != null && p.isAnnotationPresent(LibraryPackage.class) && sameOrigin(c, p);
  }

  /**
   * Whether {@code c} comes from the same jar or class folder as its package's
   * {@code package-info}: a class added to a library package from elsewhere (a test folder's
   * helpers and rows files, a user's jar) is user code.
   */
  private static boolean sameOrigin(Class<?> c, Package p) {
    Class<?> info;
    try {
      info = Class.forName(p.getName() + ".package-info", false, c.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return true;
    }
    return Objects.equals(location(c), location(info));
  }

  private static URL location(Class<?> c) {
    CodeSource cs = c.getProtectionDomain().getCodeSource();
    return cs == null ? null : cs.getLocation();
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
