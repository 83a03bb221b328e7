package org.theano4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.theano4j.graph.LibraryPackage;

/** The packages of a module's main code and whether they carry {@link LibraryPackage}. */
public final class LibraryPackages {
  private LibraryPackages() {}

  /** Every package with a class in the jar or classes folder {@code anchor} was loaded from. */
  public static List<String> packagesBeside(Class<?> anchor) {
    Path root;
    try {
      root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    TreeSet<String> packages = new TreeSet<>();
    try {
      if (Files.isDirectory(root)) {
        try (Stream<Path> files = Files.walk(root)) {
          files.filter(p -> p.toString().endsWith(".class"))
              .forEach(p -> add(packages, root.relativize(p).toString()));
        }
      } else {
        try (JarFile jar = new JarFile(root.toFile())) {
          jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class"))
              .forEach(n -> add(packages, n));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ArrayList<>(packages);
  }

  private static void add(TreeSet<String> packages, String classFile) {
    String path = classFile.replace('\\', '/');
    int slash = path.lastIndexOf('/');
    if (slash > 0 && !path.startsWith("META-INF/")) {
      packages.add(path.substring(0, slash).replace('/', '.'));
    }
  }

  /** The packages among {@code packages} whose package-info lacks {@link LibraryPackage}. */
  public static List<String> unmarked(List<String> packages) {
    List<String> missing = new ArrayList<>();
    for (String p : packages) {
      try {
        Class<?> info = Class.forName(p + ".package-info");
        if (!info.isAnnotationPresent(LibraryPackage.class)) {
          missing.add(p);
        }
      } catch (ClassNotFoundException e) {
        missing.add(p + " (no package-info.java)");
      }
    }
    return missing;
  }
}
