package org.theano4j.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.theano4j.graph.LibraryPackage;

/** The packages of a module's main code and whether they carry {@link LibraryPackage}. */
public final class LibraryPackages {
  private LibraryPackages() {}

  /** Every package with a class in the jar or classes folder {@code anchor} was loaded from. */
  public static List<String> packagesBeside(Class<?> anchor) {
    TreeSet<String> packages = new TreeSet<>();
    for (String c : ClassFiles.namesBeside(anchor)) {
      int dot = c.lastIndexOf('.');
      if (dot > 0) {
        packages.add(c.substring(0, dot));
      }
    }
    return new ArrayList<>(packages);
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
