package check;

import java.util.List;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.autodiff.Grad;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/** Computes x·x and its gradient 2x for x = (1, 2, 3) on the JVM backend (OpenBLAS). */
public final class Main {
  public static void main(String[] args) {
    Variable x = T.dvector("x");
    Variable cost = T.dot(x, x);
    Function f = Theano.compile(List.of(x), List.of(cost, Grad.grad(cost, x)));
    List<NDArray> out = f.call(NDArray.of(new double[] {1, 2, 3}, 3));
    // 1 + 4 + 9 = 14; gradient 2x = (2, 4, 6)
    System.out.println("x.x = " + out.get(0).getDouble() + ", grad = (" + out.get(1).getDouble(0)
        + ", " + out.get(1).getDouble(1) + ", " + out.get(1).getDouble(2) + ")");
    if (out.get(0).getDouble() != 14 || out.get(1).getDouble(2) != 6) {
      System.err.println("error: wrong result");
      System.exit(1);
    }
  }
}
