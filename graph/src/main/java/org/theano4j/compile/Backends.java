package org.theano4j.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.theano4j.TheanoException;

/** Finds backends by name through {@link ServiceLoader}. */
public final class Backends {
  private Backends() {}

  /** The backend called {@code name}; throws naming the available ones if there is none. */
  public static Backend find(String name) {
    List<String> names = new ArrayList<>();
    for (Backend b : ServiceLoader.load(Backend.class)) {
      if (b.name().equalsIgnoreCase(name)) {
        return b;
      }
      names.add(b.name());
    }
    throw new TheanoException("no backend named '" + name + "'; available: " + names
        + (name.equalsIgnoreCase("cuda") ? " (add theano4j-codegen-cuda to the class path)"
            : ""));
  }
}
