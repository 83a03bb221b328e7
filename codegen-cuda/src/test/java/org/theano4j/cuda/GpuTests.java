package org.theano4j.cuda;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.theano4j.tensor.CudaOpTableTest;

/**
 * Runs the CUDA comparisons against a real device, from the GPU bundle (no Maven there): the
 * op table (every {@code N}-th case, default 8, since each case compiles its own kernels with
 * NVRTC), the tutorial's functions and the device-resident shared variables, backend {@code
 * cuda} against the JVM backend, user elementwise ops' CUDA C expressions against their JVM
 * kernels, the random streams ({@code CudaRandomTest}), and the {@code gpu}-tagged tests (graph replay, failures in a replayed graph, out of
 * memory; scan: an RNN's training step, an epoch over minibatch indices and {@code
 * train_model(index)} each one graph with no readback, {@code CudaScanGpuTest}). Prints
 * JUnit's summary and the first failures; exit status 1 if anything failed. With {@code
 * -Dtheano4j.test.cuda.backend=cuda-interp} it runs anywhere (a check of the bundle itself).
 *
 * <pre>java -cp 'lib/*' org.theano4j.cuda.GpuTests [N [TEST-CLASS...]]</pre>
 *
 * <p>Test classes named after {@code N} run instead of the usual set.
 */
public final class GpuTests {
  private GpuTests() {}

  public static void main(String[] args) {
    if (System.getProperty("theano4j.test.cuda.backend") == null) {
      System.setProperty("theano4j.test.cuda.backend", "cuda");
    }
    System.setProperty("theano4j.test.cuda.sample", args.length > 0 ? args[0] : "8");
    List<ClassSelector> classes = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      classes.add(selectClass(args[i]));
    }
    if (classes.isEmpty()) {
      classes = List.of(selectClass(CudaTutorialTest.class),
          selectClass(ResidentSharedTest.class),
          selectClass("org.theano4j.cuda.runtime.CudaGpuTest"),
          selectClass(CudaOpTableTest.class), selectClass(UserElementwiseTest.class),
          selectClass(CudaRandomTest.class),
          selectClass("org.theano4j.cuda.runtime.CudaScanGpuTest"));
    }
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(classes).build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(request, listener);
    TestExecutionSummary summary = listener.getSummary();
    PrintWriter out = new PrintWriter(System.out, true);
    summary.printFailuresTo(out, 20);
    summary.printTo(out);
    System.exit(summary.getTotalFailureCount() == 0 ? 0 : 1);
  }
}
