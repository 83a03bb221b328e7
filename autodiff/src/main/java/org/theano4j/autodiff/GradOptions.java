package org.theano4j.autodiff;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.theano4j.graph.Variable;

/**
 * Options of {@link Grad}, as Theano's {@code grad} keywords: an immutable value changed with
 * {@code with}-style methods.
 *
 * <pre>{@code
 * GradOptions o = GradOptions.defaults()
 *     .considerConstant(target)                    // do not differentiate through target
 *     .disconnected(DisconnectedPolicy.IGNORE);    // zeros for variables the cost ignores
 * Variable g = Grad.grad(cost, w, o);
 * }</pre>
 */
public final class GradOptions {
  private static final GradOptions DEFAULTS =
      new GradOptions(List.of(), DisconnectedPolicy.RAISE, Map.of());

  private final List<Variable> considerConstant;
  private final DisconnectedPolicy disconnected;
  private final Map<Variable, Variable> knownGrads;

  private GradOptions(List<Variable> considerConstant, DisconnectedPolicy disconnected,
      Map<Variable, Variable> knownGrads) {
    this.considerConstant = List.copyOf(considerConstant);
    this.disconnected = disconnected;
    this.knownGrads = Collections.unmodifiableMap(new LinkedHashMap<>(knownGrads));
  }

  /** No constants, {@link DisconnectedPolicy#RAISE}, no known gradients. */
  public static GradOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Also treats these variables as constants: the gradient stops at them and does not flow
   * into the expressions that compute them (Theano's {@code consider_constant}).
   */
  public GradOptions considerConstant(Variable... vars) {
    return considerConstant(List.of(vars));
  }

  public GradOptions considerConstant(Collection<? extends Variable> vars) {
    List<Variable> c = new java.util.ArrayList<>(considerConstant);
    c.addAll(vars);
    return new GradOptions(c, disconnected, knownGrads);
  }

  /** What to do for a variable the cost does not depend on. */
  public GradOptions disconnected(DisconnectedPolicy policy) {
    return new GradOptions(considerConstant, policy, knownGrads);
  }

  /**
   * Starts the backward pass from these gradients of the cost with respect to intermediate
   * variables, added to the cost's own (Theano's {@code known_grads}); the cost may then be
   * null. Each gradient must have its variable's rank and be a float.
   */
  public GradOptions knownGrads(Map<? extends Variable, ? extends Variable> grads) {
    Map<Variable, Variable> k = new LinkedHashMap<>(knownGrads);
    k.putAll(grads);
    return new GradOptions(considerConstant, disconnected, k);
  }

  /** The variables treated as constants, as an identity set. */
  Set<Variable> constants() {
    Set<Variable> s = Collections.newSetFromMap(new IdentityHashMap<>());
    s.addAll(considerConstant);
    return s;
  }

  public List<Variable> considerConstantList() {
    return considerConstant;
  }

  public DisconnectedPolicy disconnectedPolicy() {
    return disconnected;
  }

  public Map<Variable, Variable> knownGradsMap() {
    return knownGrads;
  }
}
