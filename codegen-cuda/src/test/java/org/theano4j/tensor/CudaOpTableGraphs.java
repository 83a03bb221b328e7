package org.theano4j.tensor;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.compile.UnusedInputPolicy;
import org.theano4j.cuda.lower.Lowering;
import org.theano4j.cuda.lower.Program;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/** The lowered programs of every op-table case that the CUDA lowering supports. */
public final class CudaOpTableGraphs {
  private CudaOpTableGraphs() {}

  public static List<Program> programs() {
    List<Program> out = new ArrayList<>();
    int n = 0;
    for (Row row : RowFamilies.rows()) {
      for (DType dt : row.dtypes()) {
        for (List<In> ins : row.variants()) {
          List<Variable> vars = new ArrayList<>();
          for (int i = 0; i < ins.size(); i++) {
            vars.add(ins.get(i).variable(dt, "in" + i));
          }
          Function f = Theano.function(vars, List.of(row.build().apply(vars)))
              .onUnusedInput(UnusedInputPolicy.IGNORE).backend("jvm").build();
          boolean unsupported = f.graph().nodes().stream()
              .anyMatch(a -> CudaOpTableTest.UNSUPPORTED.contains(a.op().getClass()));
          if (!unsupported) {
            out.add(Lowering.lower(f.graph(), "op" + n++));
          }
        }
      }
    }
    return out;
  }
}
