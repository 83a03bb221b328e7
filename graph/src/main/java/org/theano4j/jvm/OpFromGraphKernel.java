package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.compile.Mode;
import org.theano4j.compile.OpFromGraph;
import org.theano4j.compile.UnusedInputPolicy;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.ndarray.NDArray;

/**
 * Runs an {@link OpFromGraph} node kept whole ({@code FAST_COMPILE}, {@code DEBUG}): its inner
 * graph is compiled once per op, as a {@code FAST_COMPILE} function of the JVM backend, and
 * called with the node's input values. A failure inside it is reported with the inner node's
 * message and source line, wrapped in the outer node's.
 */
@AutoService(KernelFamily.class)
public final class OpFromGraphKernel implements KernelFamily {
  /** Compiled inner graphs; an op that is no longer referenced lets its function go. */
  private static final Map<OpFromGraph, Function> COMPILED =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public OpFromGraphKernel() {}

  @Override
  public void register(Registry r) {
    r.kernel(OpFromGraph.class, InplaceInfo.NONE, OpFromGraphKernel::run);
  }

  private static NDArray[] run(Apply node, NDArray[] inputs) {
    OpFromGraph op = (OpFromGraph) node.op();
    Function f = COMPILED.computeIfAbsent(op, o -> Theano.function(o.inputs(), o.outputs())
        .mode(Mode.FAST_COMPILE).backend("jvm").onUnusedInput(UnusedInputPolicy.IGNORE)
        .build());
    List<NDArray> out;
    try {
      out = f.call((Object[]) inputs);
    } catch (TheanoException e) {
      throw new IllegalArgumentException("in its inner graph: " + e.getMessage(), e);
    }
    return out.toArray(new NDArray[0]);
  }
}
