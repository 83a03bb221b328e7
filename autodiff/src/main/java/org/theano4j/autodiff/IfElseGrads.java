package org.theano4j.autodiff;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.IfElse;

/**
 * {@link IfElse}: the condition gets no gradient; each then-input gets its output's gradient
 * {@code gz} and so does each else-input. {@link Backprop} confines both to their branch as it
 * does every gradient leaving a branch: a contribution to a variable outside the branch becomes
 * {@code ifelse(cond, g, zeros_like(v))} (then side) or {@code ifelse(cond, zeros_like(v), g)}
 * (else side), so the net rule is Theano's {@code d/dthen = ifelse(cond, gz, 0)} and
 * {@code d/delse = ifelse(cond, 0, gz)}, and the backward pass of the branch not taken is never
 * run (it is guarded like the branch itself, see {@code compile.LazyBranches}).
 */
@AutoService(GradFamily.class)
public final class IfElseGrads implements GradFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public IfElseGrads() {}

  @Override
  public void register(Registry r) {
    r.rule(IfElse.class, IfElseGrads::ifelse);
  }

  private static List<Variable> ifelse(Apply node, List<Variable> outputGrads) {
    List<Variable> grads = new ArrayList<>();
    grads.add(null);
    grads.addAll(outputGrads);
    grads.addAll(outputGrads);
    return grads;
  }
}
