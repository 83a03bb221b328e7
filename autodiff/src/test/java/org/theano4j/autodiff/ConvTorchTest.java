package org.theano4j.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.Theano;
import org.theano4j.graph.Variable;
import org.theano4j.io.Npz;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Conv2dOptions;
import org.theano4j.tensor.T;
import org.theano4j.testing.NumpyPython;

/**
 * {@code T.conv2d} and its gradients (through {@link Grad}) against PyTorch's
 * {@code conv2d} and autograd, in float64, for every option: an extra to the op table's
 * direct loop reference (graph's {@code ConvRows}). PyTorch runs {@code conv_torch.py} (this
 * package's test resource). Skipped, with a message, where no python3 imports torch.
 */
class ConvTorchTest {
  @TempDir Path dir;

  /** A case: the options, the mode code of conv_torch.py and the shapes. */
  private record Case(String name, Conv2dOptions o, int mode, int[] x, int[] w) {}

  private static final Conv2dOptions D = Conv2dOptions.defaults();

  private static final List<Case> CASES = List.of(
      new Case("valid", D, 0, new int[] {2, 3, 9, 8}, new int[] {4, 3, 3, 2}),
      new Case("full", D.borderMode("full"), 1, new int[] {2, 2, 5, 6}, new int[] {3, 2, 3, 3}),
      new Case("half_even", D.borderMode("half"), 2, new int[] {1, 2, 7, 6},
          new int[] {2, 2, 4, 3}),
      new Case("pad_stride", D.borderMode(2, 1).subsample(2, 3), 3, new int[] {2, 3, 11, 10},
          new int[] {5, 3, 3, 3}),
      new Case("dilation_groups", D.filterDilation(2, 3).numGroups(2), 0,
          new int[] {2, 4, 12, 13}, new int[] {6, 2, 3, 3}),
      new Case("noflip_all", D.filterFlip(false).borderMode("half").subsample(2, 2)
          .filterDilation(2, 1).numGroups(3), 2, new int[] {3, 6, 9, 8},
          new int[] {3, 2, 3, 5}),
      new Case("lenet_layer2", D, 0, new int[] {4, 20, 12, 12}, new int[] {50, 20, 5, 5}));

  @Test
  void conv2dAndItsGradientsEqualPyTorch() throws Exception {
    NumpyPython py = withTorch();
    boolean torch = py != null;
    if (!torch) {
      System.err.println("ConvTorchTest SKIPPED: no interpreter with numpy and torch among "
          + NumpyPython.candidates());
    }
    Assumptions.assumeTrue(torch, "no python3 with torch");
    Random rnd = new Random(13);
    Map<String, List<NDArray>> ours = new LinkedHashMap<>();
    for (Case c : CASES) {
      NDArray x = random(rnd, c.x);
      NDArray w = random(rnd, c.w);
      Variable vx = T.tensor(DType.FLOAT64, 4, "x");
      Variable vw = T.tensor(DType.FLOAT64, 4, "w");
      Variable out = T.conv2d(vx, vw, c.o);
      NDArray y = Theano.function(List.of(vx, vw), List.of(out)).build().call(x, w).get(0);
      NDArray proj = random(rnd, y.shape());
      List<Variable> g = Grad.grad(out.mul(T.constant(proj)).sum(), List.of(vx, vw));
      ours.put(c.name, Theano.function(List.of(vx, vw), List.of(out, g.get(0), g.get(1)))
          .build().call(x, w));
      Conv2dOptions o = c.o;
      Map<String, NDArray> in = new LinkedHashMap<>();
      in.put("x", x);
      in.put("w", w);
      in.put("proj", proj);
      in.put("opts", NDArray.of(new long[] {c.mode, o.padH(), o.padW(), o.subsampleH(),
          o.subsampleW(), o.dilationH(), o.dilationW(), o.numGroups(), o.filterFlip() ? 1 : 0},
          9));
      Npz.write(dir.resolve("case_" + c.name + ".npz"), in);
    }
    run(py);
    String[] names = {"out", "gx", "gw"};
    for (Case c : CASES) {
      Map<String, NDArray> want = Npz.read(dir.resolve("torch_" + c.name + ".npz"));
      for (int i = 0; i < 3; i++) {
        NDArray got = ours.get(c.name).get(i);
        NDArray t = want.get(names[i]);
        assertThat(got.shape()).as("%s %s shape", c.name, names[i]).isEqualTo(t.shape());
        assertThat(got.allClose(t, 1e-10, 1e-10)).as("%s %s equals PyTorch's:%n%s%nvs%n%s",
            c.name, names[i], got, t).isTrue();
      }
    }
  }

  /** The first interpreter of {@link NumpyPython#candidates} with numpy and torch, or null. */
  private static NumpyPython withTorch() {
    for (String p : NumpyPython.candidates()) {
      String v = NumpyPython.version(p);
      if (v != null && new NumpyPython(p, v).imports("torch")) {
        return new NumpyPython(p, v);
      }
    }
    return null;
  }

  private static NDArray random(Random rnd, int[] shape) {
    NDArray a = NDArray.zeros(DType.FLOAT64, shape);
    int n = a.size();
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextGaussian();
    }
    return NDArray.of(v, shape);
  }

  private void run(NumpyPython py) throws Exception {
    Path script = dir.resolve("conv_torch.py");
    try (InputStream s = ConvTorchTest.class.getResourceAsStream("conv_torch.py")) {
      Files.copy(s, script);
    }
    Process p = new ProcessBuilder(py.interpreter(), script.toString(), dir.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("conv_torch.py finished").isTrue();
    assertThat(p.exitValue()).as("conv_torch.py failed:\n" + out).isZero();
  }
}
