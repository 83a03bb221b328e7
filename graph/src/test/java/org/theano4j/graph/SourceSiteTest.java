package org.theano4j.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.theano4j.Theano;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;
import org.theano4j.testing.LibraryPackages;
import org.theano4j.testing.NumpyPython;

class SourceSiteTest {
  static final class Nested {
    static Variable make() {
      return T.dvector("n");
    }
  }

  private static int here() {
    return StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).orElseThrow()
        .getLineNumber();
  }

  @Test
  void theSiteIsTheCallersLineNotTheLibrarys() {
    Variable x = T.dvector("x"); int line = here();
    Variable y = T.exp(x).mul(2).sum(); int line2 = here();
    assertThat(x.site().toString()).isEqualTo("SourceSiteTest.java:" + line);
    assertThat(y.owner().site().toString()).isEqualTo("SourceSiteTest.java:" + line2);
    assertThat(y.owner().site().method())
        .isEqualTo(SourceSiteTest.class.getName() + ".theSiteIsTheCallersLineNotTheLibrarys");
  }

  @Test
  void nestedAndAnonymousClassesOfATestAreUserCode() {
    assertThat(Nested.make().site().file()).isEqualTo("SourceSiteTest.java");
    Supplier<Variable> anon = new Supplier<>() {
      @Override
      public Variable get() {
        return T.dscalar("a");
      }
    };
    assertThat(anon.get().site().file()).isEqualTo("SourceSiteTest.java");
    assertThat(SourceSite.isLibrary(Nested.class)).isFalse();
    assertThat(SourceSite.isLibrary(anon.getClass())).isFalse();
  }

  @Test
  void libraryFramesAreThoseOfMarkedPackagesAndTheJdk() throws Exception {
    assertThat(SourceSite.isLibrary(T.class)).isTrue();
    assertThat(SourceSite.isLibrary(Theano.class)).isTrue();
    assertThat(SourceSite.isLibrary(NDArray.class)).isTrue();
    assertThat(SourceSite.isLibrary(Class.forName("org.theano4j.jvm.Interpreter"))).isTrue();
    assertThat(SourceSite.isLibrary(Class.forName("org.theano4j.io.Models"))).isTrue();
    assertThat(SourceSite.isLibrary(String.class)).isTrue();
    // A class a test folder adds to a library package (a helper, a rows file) is user code,
    // as is one in a test-only package: it does not come from its package-info's class folder.
    assertThat(SourceSite.isLibrary(Class.forName("org.theano4j.tensor.RefArray"))).isFalse();
    assertThat(SourceSite.isLibrary(Class.forName("org.theano4j.tensor.FillDiagonalRows")))
        .isFalse();
    assertThat(SourceSite.isLibrary(Class.forName("org.theano4j.tensor.FillDiagonal")))
        .isTrue();
    assertThat(SourceSite.isLibrary(NumpyPython.class)).isFalse();
    assertThat(SourceSite.isLibrary(SourceSiteTest.class)).isFalse();
    assertThat(SourceSite.isLibrary(Test.class)).isFalse();
  }

  @Test
  void everyPackageOfTheGraphModuleIsMarked() {
    List<String> packages = LibraryPackages.packagesBeside(SourceSite.class);
    assertThat(packages).contains("org.theano4j", "org.theano4j.graph", "org.theano4j.tensor",
        "org.theano4j.jvm", "org.theano4j.io", "org.theano4j.rewrite");
    assertThat(LibraryPackages.unmarked(packages)).isEmpty();
  }
}
