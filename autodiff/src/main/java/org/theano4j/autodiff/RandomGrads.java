package org.theano4j.autodiff;

import com.google.auto.service.AutoService;
import org.theano4j.tensor.RandomDraw;

/**
 * Random draws are not differentiable: disconnected, as Theano's random ops (a
 * reparameterised sample such as {@code mean + std * normal(...)} is differentiated through
 * its arithmetic, not through the draw).
 */
@AutoService(GradFamily.class)
public final class RandomGrads implements GradFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public RandomGrads() {}

  @Override
  public void register(Registry r) {
    r.notDifferentiable(RandomDraw.class, true);
  }
}
