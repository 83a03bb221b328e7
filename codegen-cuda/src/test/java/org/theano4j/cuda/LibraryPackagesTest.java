package org.theano4j.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.autodiff.Grad;
import org.theano4j.cuda.runtime.CudaBackend;
import org.theano4j.testing.LibraryPackages;

/**
 * Every package of the autodiff and CUDA modules' main code carries {@code @LibraryPackage},
 * so that source sites skip their frames (the graph module's packages: {@code SourceSiteTest}).
 */
class LibraryPackagesTest {
  @Test
  void everyPackageOfTheAutodiffModuleIsMarked() {
    List<String> packages = LibraryPackages.packagesBeside(Grad.class);
    assertThat(packages).containsExactly("org.theano4j.autodiff");
    assertThat(LibraryPackages.unmarked(packages)).isEmpty();
  }

  @Test
  void everyPackageOfTheCudaModuleIsMarked() {
    List<String> packages = LibraryPackages.packagesBeside(CudaBackend.class);
    assertThat(packages).contains("org.theano4j.cuda.ir", "org.theano4j.cuda.lower",
        "org.theano4j.cuda.render", "org.theano4j.cuda.interp", "org.theano4j.cuda.runtime");
    assertThat(LibraryPackages.unmarked(packages)).isEmpty();
  }
}
