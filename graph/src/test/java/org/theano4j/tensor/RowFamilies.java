package org.theano4j.tensor;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.theano4j.testing.ClassFiles;

/**
 * The op table and its gradient checks, collected from every {@link RowFamily} of the test
 * sources (found by {@link ClassFiles} in the folder or jar the test classes come from, in the
 * order of their class names), so that adding a rows file is the whole change to the tests.
 * Read by {@code OpTableTest}, {@code CudaOpTableTest} (hence the GPU runner) and autodiff's
 * gradient tests.
 */
public final class RowFamilies {
  private RowFamilies() {}

  /** One instance of every row family, ordered by class name. */
  static List<RowFamily> families() {
    List<RowFamily> out = new ArrayList<>();
    for (String n : ClassFiles.namesInPackageOf(RowFamily.class)) {
      Class<?> c;
      try {
        c = Class.forName(n, false, RowFamily.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("listed but not loadable: " + n, e);
      }
      if (!RowFamily.class.isAssignableFrom(c) || c.isInterface()
          || Modifier.isAbstract(c.getModifiers())) {
        continue;
      }
      try {
        out.add((RowFamily) c.getDeclaredConstructor().newInstance());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("row family " + c.getSimpleName()
            + " needs a no-argument constructor", e);
      }
    }
    return out;
  }

  /** Every op-table row of every family. */
  static List<Row> rows() {
    List<Row> t = new ArrayList<>();
    for (RowFamily f : families()) {
      t.addAll(f.rows());
    }
    return t;
  }

  /**
   * Every gradient-check case the families declare: those of their rows, then their own
   * ({@link RowFamily#gradChecks()}).
   */
  public static List<GradCase> gradChecks() {
    List<GradCase> c = new ArrayList<>();
    for (RowFamily f : families()) {
      for (Row r : f.rows()) {
        c.addAll(r.gradChecks());
      }
      c.addAll(f.gradChecks());
    }
    return c;
  }

  /**
   * The scalar functions and op classes whose rows declare them not differentiable
   * ({@link Row.Builder#notDifferentiable()}), for autodiff's check against the gradient rules.
   */
  public static List<Object> declaredNotDifferentiable() {
    List<Object> out = new ArrayList<>();
    for (Row r : rows()) {
      if (r.notDifferentiable()) {
        out.addAll(r.covers());
      }
    }
    return out;
  }
}
