package org.theano4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The classes of one module's main code, read from the folder or jar they were loaded from. */
public final class ClassFiles {
  private ClassFiles() {}

  /**
   * The binary names ({@code a.b.C}, {@code a.b.C$D}) of every class in the classes folder or
   * jar that {@code anchor} was loaded from, sorted.
   */
  public static List<String> namesBeside(Class<?> anchor) {
    Path root;
    try {
      root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    try {
      if (Files.isDirectory(root)) {
        try (Stream<Path> files = Files.walk(root)) {
          return names(files.map(p -> root.relativize(p).toString().replace('\\', '/')));
        }
      }
      try (JarFile jar = new JarFile(root.toFile())) {
        return names(jar.stream().map(JarEntry::getName));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The binary names of the classes directly in {@code anchor}'s package (nested classes
   * included, subpackages not) in the folder or jar {@code anchor} was loaded from, sorted.
   */
  public static List<String> namesInPackageOf(Class<?> anchor) {
    String prefix = anchor.getPackageName() + ".";
    return namesBeside(anchor).stream()
        .filter(n -> n.startsWith(prefix) && n.indexOf('.', prefix.length()) < 0)
        .collect(Collectors.toList());
  }

  private static List<String> names(Stream<String> paths) {
    return paths.filter(p -> p.endsWith(".class") && !p.startsWith("META-INF/"))
        .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
        .sorted().collect(Collectors.toList());
  }
}
