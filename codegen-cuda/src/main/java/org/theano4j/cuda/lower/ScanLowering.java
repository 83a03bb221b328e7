package org.theano4j.cuda.lower;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.ScanOp;

/**
 * Lowers a {@link ScanOp}: its inner graph once, as a program of its own (kernel names
 * {@code <node name>_b...}), plus one row-copy kernel per output; {@link ProgramRunner} runs
 * the body once per step ({@link Step.Loop}).
 */
final class ScanLowering {
  private ScanLowering() {}

  /** Lowers {@code ScanOp} to a {@link Step.Loop}. */
  @AutoService(LoweringFamily.class)
  public static final class Family implements LoweringFamily {
    @Override
    public void register(Registry r) {
      r.lowering(ScanOp.class, (a, name, host) -> loop(a, name));
    }
  }

  static Step loop(Apply a, String name) {
    ScanOp op = (ScanOp) a.op();
    List<Variable> outs = op.innerOutputs();
    // The step's scalar rows, taps and states stay on the device (read there by its kernels);
    // its non-sequences are the function's values, scalars on the host as elsewhere.
    List<Variable> in = op.innerInputs();
    Set<Variable> device = Collections.newSetFromMap(new IdentityHashMap<>());
    device.addAll(in.subList(0, in.size() - op.nNonSeqs()));
    Program body = Lowering.lower(new FunctionGraph(in, outs, outs.size()), name + "_b",
        device);
    List<CopyKernel> copies = new ArrayList<>();
    for (int o = 0; o < op.nOuts(); o++) {
      Variable v = outs.get(o);
      copies.add(new CopyKernel(a, name + "_row" + o, v.dtype(), v.dtype(), v.ndim(), false,
          "scan output " + o + " into its row"));
    }
    return new Step.Loop(a, body, copies);
  }
}
