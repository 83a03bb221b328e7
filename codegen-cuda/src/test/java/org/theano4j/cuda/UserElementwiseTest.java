package org.theano4j.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.cuda.lower.Lowering;
import org.theano4j.cuda.render.CudaRenderer;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.CudaOpTableTest;
import org.theano4j.tensor.Dot;
import org.theano4j.tensor.T;

/**
 * User-defined elementwise ops with a CUDA C expression ({@link CudaElementwise}): on
 * {@code cuda-interp} (or {@code cuda} on a GPU machine) they equal the user's JVM kernel, the
 * rendered kernels compile with nvcc, and bad registrations or nodes are refused by name.
 */
class UserElementwiseTest {
  /** x³, the worked example's op. */
  public record Cube3() implements Op {
    static {
      Theano.registerJvmKernel(Cube3.class, (node, in) -> new NDArray[] {
          map(in[0], null, node.output(0).dtype(), (a, b) -> a * a * a)});
      CudaElementwise.register(Cube3.class, "$a * $a * $a", (a, b, c) -> a * a * a);
    }

    @Override
    public List<TensorType> outputTypes(List<Variable> inputs) {
      return List.of(inputs.get(0).type());
    }
  }

  /** A binary op with broadcasting and device math calls: sqrt(a² + b²) + exp(-a) / 2. */
  public record Soft2() implements Op {
    static {
      Theano.registerJvmKernel(Soft2.class, (node, in) -> new NDArray[] {
          map(in[0], in[1], node.output(0).dtype(),
              (a, b) -> Math.sqrt(a * a + b * b) + Math.exp(-a) / 2)});
      CudaElementwise.register(Soft2.class, "(sqrt($a * $a + $b * $b) + exp(-$a) / ($t) 2)",
          (a, b, c) -> Math.sqrt(a * a + b * b) + Math.exp(-a) / 2);
    }

    @Override
    public List<TensorType> outputTypes(List<Variable> inputs) {
      Variable a = inputs.get(0);
      Variable b = inputs.get(1);
      // the broadcast of a matrix and a (1, n) row, as Elemwise types it
      return List.of(new TensorType(a.dtype(), a.type().dim(0), b.type().dim(1)));
    }
  }

  /** Not elementwise-shaped: sums each row (a vector from a matrix). */
  public record RowSum() implements Op {
    static {
      CudaElementwise.register(RowSum.class, "$a", (a, b, c) -> a);
    }

    @Override
    public List<TensorType> outputTypes(List<Variable> inputs) {
      return List.of(new TensorType(inputs.get(0).dtype(), inputs.get(0).type().dim(0)));
    }
  }

  /** An integer output: no float lane. */
  public record Twice() implements Op {
    static {
      CudaElementwise.register(Twice.class, "$a * 2", (a, b, c) -> a * 2);
    }

    @Override
    public List<TensorType> outputTypes(List<Variable> inputs) {
      return List.of(inputs.get(0).type());
    }
  }

  /** Reads $b: a node with one input cannot lower. */
  public record Pair() implements Op {
    static {
      CudaElementwise.register(Pair.class, "$a + $b", (a, b, c) -> a + b);
    }

    @Override
    public List<TensorType> outputTypes(List<Variable> inputs) {
      return List.of(inputs.get(0).type());
    }
  }

  /** Registered in the tests of bad registrations only. */
  public record Spare() implements Op {
    @Override
    public List<TensorType> outputTypes(List<Variable> inputs) {
      return List.of(inputs.get(0).type());
    }
  }

  interface Fn2 {
    double apply(double a, double b);
  }

  /** The JVM kernel's loop: a with b broadcast as a row (or absent), stored as {@code out}. */
  static NDArray map(NDArray a, NDArray b, DType out, Fn2 f) {
    int[] shape = a.shape();
    double[] x = a.toDoubleArray();
    double[] y = b == null ? null : b.toDoubleArray();
    int cols = shape.length == 0 ? 1 : shape[shape.length - 1];
    double[] r = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      r[i] = f.apply(x[i], y == null ? 0 : y[i % cols]);
    }
    return NDArray.of(r, shape).astype(out);
  }

  private static Variable apply(Op op, Variable... in) {
    return Apply.make(op, List.of(in)).output(0);
  }

  private static NDArray run(String backend, List<Variable> in, Variable out, Object... args) {
    Function f = Theano.function(in, List.of(out)).backend(backend).build();
    return f.call(args).get(0);
  }

  private static double[] data(int n, long seed) {
    Random r = new Random(seed);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = r.nextDouble() * 6 - 3;
    }
    return d;
  }

  @Test
  void aUnaryUserOpEqualsItsJvmKernel() {
    Variable x = T.dmatrix("x");
    Variable y = apply(new Cube3(), x);
    NDArray in = NDArray.of(data(35, 1), 5, 7);
    NDArray jvm = run("jvm", List.of(x), y, in);
    NDArray cuda = run(CudaOpTableTest.BACKEND, List.of(x), y, in);
    assertThat(cuda.shape()).containsExactly(5, 7);
    assertThat(cuda.toDoubleArray()).containsExactly(jvm.toDoubleArray());
  }

  @Test
  void aBinaryUserOpBroadcastsAndFusesWithBuiltInOps() {
    Variable x = T.fmatrix("x");
    Variable row = T.tensor(DType.FLOAT32, new int[] {1, TensorType.UNKNOWN}, "r");
    // a strided input (x.T) and a broadcast row, followed by a built-in op
    Variable y = apply(new Soft2(), x.transpose(), row).mul(2);
    NDArray a = NDArray.of(data(12, 2), 4, 3).astype(DType.FLOAT32);
    NDArray b = NDArray.of(data(4, 3), 1, 4).astype(DType.FLOAT32);
    double[] jvm = run("jvm", List.of(x, row), y, a, b).toDoubleArray();
    NDArray cuda = run(CudaOpTableTest.BACKEND, List.of(x, row), y, a, b);
    assertThat(cuda.dtype()).isEqualTo(DType.FLOAT32);
    double[] got = cuda.toDoubleArray();
    assertThat(got).hasSize(12);
    for (int i = 0; i < got.length; i++) {
      // float32 C arithmetic on a GPU may differ from the double-then-round lane in the last bit
      assertThat(got[i]).as("element %d", i).isCloseTo(jvm[i], within(4e-6 * Math.abs(jvm[i])));
    }
  }

  @Test
  void theRenderedKernelsCompileWithNvcc() throws Exception {
    Variable x = T.dmatrix("x");
    Variable row = T.tensor(DType.FLOAT32, new int[] {1, TensorType.UNKNOWN}, "r");
    Variable y = apply(new Soft2(), apply(new Cube3(), x), row.astype(DType.FLOAT64));
    FunctionGraph g = Theano.function(List.of(x, row), List.of(y)).backend("cuda-interp")
        .build().graph();
    List<Kernel> kernels = Lowering.lower(g, "user").kernels();
    String c = CudaRenderer.render(kernels);
    assertThat(c).contains("x_in * x_in * x_in".replace("x_in", "in0_x[(i * inc0)]"))
        .contains("(sqrt(");
    Path nvcc = Nvcc.find();
    if (nvcc == null) {
      System.err.println("UserElementwiseTest.theRenderedKernelsCompileWithNvcc SKIPPED: nvcc "
          + "is not on the PATH");
    }
    Assumptions.assumeTrue(nvcc != null, "nvcc is not on the PATH: kernels not compiled");
    Path dir = Path.of("target", "nvcc");
    Files.createDirectories(dir);
    Path cu = dir.resolve("user_elementwise.cu");
    Files.writeString(cu, c);
    String out = Nvcc.compile(nvcc, cu);
    assertThat(Nvcc.usage(out).keySet()).containsAll(kernels.stream().map(Kernel::name)
        .toList());
  }

  @Test
  void aNodeThatIsNotElementwiseShapedIsRefusedAtBuild() {
    Variable x = T.dmatrix("x");
    Variable s = apply(new RowSum(), x);
    assertThatThrownBy(() -> Theano.function(List.of(x), List.of(s))
        .backend(CudaOpTableTest.BACKEND).build())
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("not supported on CUDA: RowSum")
        .hasMessageContaining("UserElementwiseTest.java:")
        .hasMessageContaining("lowers only elementwise-shaped nodes")
        .hasMessageContaining("input 0 has rank 2 and the output rank 1");
    Variable i = T.ivector("i");
    assertThatThrownBy(() -> Theano.function(List.of(i), List.of(apply(new Twice(), i)))
        .backend(CudaOpTableTest.BACKEND).build())
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("its output is int32, not a float");
    Variable v = T.dvector("v");
    assertThatThrownBy(() -> Theano.function(List.of(v), List.of(apply(new Pair(), v)))
        .backend(CudaOpTableTest.BACKEND).build())
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("its C expression reads $b and the node has 1 input(s)");
    Variable[] four = {v, v, v, v};
    assertThatThrownBy(() -> Theano.function(List.of(v), List.of(apply(new Cube3(), four)))
        .backend(CudaOpTableTest.BACKEND).build())
        .isInstanceOf(TheanoException.class).hasMessageContaining("it has 4 inputs");
    // a declared output type that is not the inputs' broadcast
    Variable m = T.tensor(DType.FLOAT64, new int[] {TensorType.UNKNOWN, 3}, "m");
    Variable r4 = T.tensor(DType.FLOAT64, new int[] {1, 4}, "r4");
    assertThatThrownBy(() -> Theano.function(List.of(m, r4), List.of(apply(new Soft2(), m, r4)))
        .backend(CudaOpTableTest.BACKEND).build())
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("is not the broadcast of its inputs'");
  }

  @Test
  void badRegistrationsAreSpecificErrors() {
    new Cube3(); // registered once by its static initialiser
    assertThatThrownBy(() -> CudaElementwise.register(Cube3.class, "$a", (a, b, c) -> a))
        .isInstanceOf(TheanoException.class)
        .hasMessage("CudaElementwise.register: " + Cube3.class.getName() + " already has a "
            + "CUDA lowering, registered by CudaElementwise.register (an op class has one CUDA "
            + "lowering; register it once)");
    assertThatThrownBy(() -> CudaElementwise.register(Dot.class, "$a", (a, b, c) -> a))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("org.theano4j.tensor.Dot already has a CUDA lowering, registered "
            + "by org.theano4j.cuda.lower.GemmKernels$Family");
    assertThatThrownBy(() -> CudaElementwise.register(null, "$a", (a, b, c) -> a))
        .isInstanceOf(TheanoException.class)
        .hasMessage("CudaElementwise.register: the op class is null");
    assertThatThrownBy(() -> CudaElementwise.register(Spare.class, null, (a, b, c) -> a))
        .isInstanceOf(TheanoException.class)
        .hasMessage("CudaElementwise.register: the C expression is null");
    assertThatThrownBy(() -> CudaElementwise.register(Spare.class, "$a", null))
        .isInstanceOf(TheanoException.class)
        .hasMessage("CudaElementwise.register: the Java lane is null");
    assertThatThrownBy(() -> CudaElementwise.register(Spare.class, "  ", (a, b, c) -> a))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("the C expression of " + Spare.class.getName() + " is blank");
    assertThatThrownBy(() -> CudaElementwise.register(Spare.class, "$a + $x", (a, b, c) -> a))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("the C expression of Spare ($a + $x) names $x; its placeholders "
            + "are $a, $b, $c (the inputs) and $t");
    assertThat(Lowering.supports(Spare.class)).as("refused registrations add nothing")
        .isFalse();
  }
}
