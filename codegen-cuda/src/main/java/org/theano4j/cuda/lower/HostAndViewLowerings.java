package org.theano4j.cuda.lower;

import com.google.auto.service.AutoService;
import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.tensor.ARange;
import org.theano4j.tensor.DimShuffle;
import org.theano4j.tensor.DisconnectedGrad;
import org.theano4j.tensor.IfElse;
import org.theano4j.tensor.MakeVector;
import org.theano4j.tensor.Shape;
import org.theano4j.tensor.ShapeI;
import org.theano4j.tensor.Subtensor;
import org.theano4j.tensor.ZeroGrad;

/**
 * The ops that launch no kernel: shapes and scalar index arithmetic run on the host (the JVM
 * kernel on host values), basic slices, dimshuffles and the identity gradient markers are
 * views of their input's device memory (a basic slice whose bounds vary is a kernel reading
 * them on the device: {@link DeviceSliceKernels}).
 */
@AutoService(LoweringFamily.class)
public final class HostAndViewLowerings implements LoweringFamily {
  @Override
  public void register(Registry r) {
    for (Class<? extends Op> c : List.of(Shape.class, ShapeI.class, MakeVector.class,
        ARange.class)) {
      r.lowering(c, (a, name, host) -> new Step.Host(a));
    }
    // no kernel: the runner reads the condition on the host and passes the taken branch on
    r.lowering(IfElse.class, (a, name, host) -> new Step.Select(a));
    // a view, or a copy whose bounds are read on the device where they vary (DeviceSliceKernels)
    r.lowering(Subtensor.class, DeviceSliceKernels::lower);
    for (Class<? extends Op> c : List.of(DimShuffle.class, ZeroGrad.class,
        DisconnectedGrad.class)) {
      r.lowering(c, (a, name, host) -> new Step.View(a));
    }
  }
}
