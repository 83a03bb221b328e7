package org.theano4j.autodiff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.graph.Constant;
import org.theano4j.graph.Op;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;
import org.theano4j.tensor.T;

/**
 * Symbolic differentiation, as Theano's {@code T.grad}: the result is an ordinary graph that
 * prints, compiles and can be differentiated again.
 *
 * <pre>{@code
 * Variable cost = T.log(T.softmax(x.dot(W).add(b))).get(T.arange(y.shape(0)), y).mean().neg();
 * List<Variable> g = Grad.grad(cost, List.of(W, b));
 * }</pre>
 *
 * <p>The cost must be a float scalar. The gradient with respect to an integer variable is
 * zero (undefined, as in Theano): it is returned as float zeros named to say so. A variable
 * the cost does not depend on follows the {@link DisconnectedPolicy} of the options.
 */
public final class Grad {
  private static final System.Logger LOG = System.getLogger(Grad.class.getName());

  private Grad() {}

  /**
   * Registers the gradient rule of an op class defined outside the library (a user op: see
   * "User-defined ops" in docs/architecture.md); its JVM kernel is registered with
   * {@code Theano.registerJvmKernel}.
   *
   * @throws TheanoException if an argument is null or the class already has a gradient entry
   */
  public static void registerRule(Class<? extends Op> opClass, GradRule rule) {
    GradRules.register(opClass, rule);
  }

  /**
   * Marks an op class defined outside the library as not differentiable: with
   * {@code disconnected} its inputs are not connected to a cost through it (its output does
   * not depend on their values), else they get zero gradients.
   *
   * @throws TheanoException if the op class is null or already has a gradient entry
   */
  public static void registerNotDifferentiable(Class<? extends Op> opClass,
      boolean disconnected) {
    GradRules.markNotDifferentiable(opClass, disconnected);
  }

  /** The gradient of the float scalar {@code cost} with respect to {@code wrt}. */
  public static Variable grad(Variable cost, Variable wrt) {
    return grad(cost, wrt, GradOptions.defaults());
  }

  public static Variable grad(Variable cost, Variable wrt, GradOptions options) {
    return grad(cost, java.util.Collections.singletonList(wrt), options).get(0);
  }

  /** One gradient per variable of {@code wrt}, in order. */
  public static List<Variable> grad(Variable cost, List<? extends Variable> wrt) {
    return grad(cost, wrt, GradOptions.defaults());
  }

  /**
   * One gradient per variable of {@code wrt}, in order, each of its variable's type.
   *
   * @param cost a float scalar; may be null when the options give known gradients
   * @throws TheanoException for a cost that is not a float scalar, a disconnected variable
   *     under {@link DisconnectedPolicy#RAISE}, or a graph containing an op with no entry in
   *     {@link GradRules}
   */
  public static List<Variable> grad(Variable cost, List<? extends Variable> wrt,
      GradOptions options) {
    if (wrt == null || options == null) {
      throw new TheanoException(wrt == null ? "grad: the list of variables to differentiate "
          + "with respect to (wrt) is null" : "grad: the options are null");
    }
    for (int i = 0; i < wrt.size(); i++) {
      if (wrt.get(i) == null) {
        throw new TheanoException("grad: wrt " + i + " is null");
      }
    }
    Map<Variable, Variable> seeds = new LinkedHashMap<>();
    if (cost != null) {
      checkCost(cost);
      seeds.put(cost, T.constant(NDArray.ones(cost.dtype())));
    }
    options.knownGradsMap().forEach((v, g) -> {
      checkKnownGrad(v, g);
      seeds.merge(v, g, T::add);
    });
    if (seeds.isEmpty()) {
      throw new TheanoException("grad needs a cost or known gradients (GradOptions.knownGrads)");
    }
    Backprop bp = new Backprop(seeds, options.constants());
    Map<Variable, Variable> raw = bp.run(wrt);
    List<Variable> out = new ArrayList<>(wrt.size());
    for (Variable w : wrt) {
      out.add(finish(w, raw.get(w), bp, cost, options.disconnectedPolicy()));
    }
    return out;
  }

  private static Variable finish(Variable w, Variable g, Backprop bp, Variable cost,
      DisconnectedPolicy policy) {
    if (!w.dtype().isFloat()) {
      Variable z = T.zeros(Theano.floatX(), GradSupport.dims(w));
      return z.setName("zero gradient: " + (w.name() != null ? "'" + w.name() + "'" : "it")
          + " is " + w.dtype() + ", and gradients wrt integers are undefined");
    }
    if (g != null) {
      return g;
    }
    if (!bp.isConnected(w)) {
      String what = "grad: " + w.describe() + " is not part of the computational graph of "
          + (cost != null ? "the cost " + cost.describe() : "the known gradients")
          + " (or reaches it only through disconnectedGrad, shape queries or "
          + "considerConstant variables)";
      if (policy == DisconnectedPolicy.RAISE) {
        throw new TheanoException(what + "; to get zeros instead use "
            + "GradOptions.defaults().disconnected(DisconnectedPolicy.IGNORE)");
      }
      if (policy == DisconnectedPolicy.WARN) {
        LOG.log(System.Logger.Level.WARNING, what + "; its gradient is zero");
      }
    }
    return GradSupport.zerosLike(w, w.dtype());
  }

  private static void checkCost(Variable cost) {
    if (cost.ndim() != 0) {
      throw new TheanoException("grad: the cost must be a scalar, got a " + cost.type().rankName()
          + ": " + cost.describe() + "; reduce it first, e.g. with sum() or mean()");
    }
    if (!cost.dtype().isFloat()) {
      throw new TheanoException("grad: the cost must be a float scalar, got " + cost.dtype()
          + ": " + cost.describe() + "; an integer-valued cost has zero/undefined gradients "
          + "(cast it with astype(...) if that is what you mean)");
    }
  }

  private static void checkKnownGrad(Variable v, Variable g) {
    if (g.ndim() != v.ndim() || !g.dtype().isFloat()) {
      throw new TheanoException("grad: the known gradient " + g.describe() + " of "
          + v.describe() + " must be a float tensor of rank " + v.ndim());
    }
  }

  /**
   * The jacobian of {@code expression} with respect to {@code wrt}: shape
   * {@code expression.shape + wrt.shape}. One backward pass per element of the expression,
   * unrolled (there is no scan op), so the expression's shape must be statically known.
   */
  public static Variable jacobian(Variable expression, Variable wrt) {
    return jacobian(expression, wrt, GradOptions.defaults());
  }

  public static Variable jacobian(Variable expression, Variable wrt, GradOptions options) {
    if (expression.ndim() == 0) {
      return grad(expression, wrt, options);
    }
    if (!expression.type().isFullyKnown()) {
      throw new TheanoException("jacobian: the expression " + expression.describe()
          + " needs a statically known shape (one backward pass per element is unrolled); "
          + "declare it with T.tensor(dtype, shape, name)");
    }
    if (!expression.dtype().isFloat()) {
      throw new TheanoException("jacobian: the expression must be a float tensor, got "
          + expression.describe());
    }
    int[] shape = expression.type().shape();
    int n = Shapes.size(shape);
    List<Variable> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      NDArray onehot = NDArray.zeros(expression.dtype(), n);
      onehot.setDouble(1, i);
      Constant seed = T.constant(onehot.reshape(shape));
      rows.add(grad(null, List.of(wrt), options.knownGrads(Map.of(expression, seed))).get(0));
    }
    Variable j = T.stack(rows, 0);
    if (shape.length == 1) {
      return j;
    }
    List<Object> full = new ArrayList<>();
    for (int d : shape) {
      full.add(d);
    }
    for (Object d : GradSupport.dims(wrt)) {
      full.add(d);
    }
    return T.reshape(j, full.toArray());
  }

  /**
   * The hessian of the float scalar {@code cost}: the jacobian of its gradient, of shape
   * {@code wrt.shape + wrt.shape} ({@code wrt}'s shape must be statically known).
   */
  public static Variable hessian(Variable cost, Variable wrt) {
    return hessian(cost, wrt, GradOptions.defaults());
  }

  public static Variable hessian(Variable cost, Variable wrt, GradOptions options) {
    checkCost(cost);
    Variable g = grad(cost, wrt, options);
    if (!g.type().isFullyKnown() && wrt.type().isFullyKnown()) {
      g = T.reshape(g, GradSupport.dims(wrt));
    }
    return jacobian(g, wrt, options.disconnected(DisconnectedPolicy.IGNORE));
  }
}
