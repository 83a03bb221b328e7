package org.theano4j.tensor;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.testing.ClassFiles;

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
    List<Class<? extends Op>> out = new ArrayList<>();
    for (String n : ClassFiles.namesInPackageOf(T.class)) {
      Class<?> c = Class.forName(n, false, T.class.getClassLoader());
      if (Op.class.isAssignableFrom(c) && !c.isInterface()
          && !Modifier.isAbstract(c.getModifiers())) {
        out.add(c.asSubclass(Op.class));
      }
    }
    return out;
  }
}
