package org.theano4j.tensor;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.theano4j.graph.Op;

/**
 * The one list of ops that every backend table is checked against: the JVM kernels
 * ({@code OpTableTest}), the gradient rules ({@code GradRulesCompletenessTest}) and the CUDA
 * lowerings ({@code LoweringTableTest}).
 */
public final class OpCatalogue {
  private OpCatalogue() {}

  /**
   * The concrete classes implementing {@link Op} in the package of {@link T}, listed from the
   * directory or jar the main classes were loaded from (not the test classes).
   */
  public static List<Class<? extends Op>> opClasses() throws IOException, URISyntaxException,
      ClassNotFoundException {
    String pkg = T.class.getPackageName();
    String dir = pkg.replace('.', '/');
    URL location = T.class.getProtectionDomain().getCodeSource().getLocation();
    File root = new File(location.toURI());
    List<String> names = new ArrayList<>();
    if (root.isDirectory()) {
      File[] files = new File(root, dir).listFiles();
      for (File f : files == null ? new File[0] : files) {
        names.add(f.getName());
      }
    } else {
      try (JarFile jar = new JarFile(root)) {
        Enumeration<JarEntry> en = jar.entries();
        while (en.hasMoreElements()) {
          String n = en.nextElement().getName();
          if (n.startsWith(dir + "/") && n.indexOf('/', dir.length() + 1) < 0) {
            names.add(n.substring(dir.length() + 1));
          }
        }
      }
    }
    List<Class<? extends Op>> out = new ArrayList<>();
    for (String n : names) {
      if (!n.endsWith(".class")) {
        continue;
      }
      Class<?> c = Class.forName(pkg + "." + n.substring(0, n.length() - ".class".length()),
          false, T.class.getClassLoader());
      if (Op.class.isAssignableFrom(c) && !c.isInterface()
          && !Modifier.isAbstract(c.getModifiers())) {
        out.add(c.asSubclass(Op.class));
      }
    }
    return out;
  }
}
