package org.theano4j.testing;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Checks that every family of a backend table is discovered: a family class that lacks its
 * {@code @AutoService} annotation (so its {@code META-INF/services} line) would silently leave
 * its ops without an entry.
 */
public final class ServiceFamilies {
  private ServiceFamilies() {}

  /**
   * The concrete classes implementing {@code service} in the main classes beside it (its
   * folder or jar), sorted by name.
   */
  public static List<String> implementations(Class<?> service) throws ClassNotFoundException {
    List<String> out = new ArrayList<>();
    for (String n : ClassFiles.namesBeside(service)) {
      Class<?> c = Class.forName(n, false, service.getClassLoader());
      if (service.isAssignableFrom(c) && !c.isInterface()
          && !Modifier.isAbstract(c.getModifiers())) {
        out.add(n);
      }
    }
    return out;
  }

  /** The classes {@link ServiceLoader} finds for {@code service}, sorted by name. */
  public static List<String> discovered(Class<?> service) {
    return ServiceLoader.load(service, service.getClassLoader()).stream()
        .map(p -> p.type().getName()).sorted().toList();
  }
}
