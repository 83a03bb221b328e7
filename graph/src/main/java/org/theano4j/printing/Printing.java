package org.theano4j.printing;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.theano4j.Function;
import org.theano4j.TheanoException;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;

/**
 * Text views of graphs: Theano's {@code debugprint} and Graphviz DOT.
 *
 * <pre>{@code
 * Variable x = T.fmatrix("x");
 * Printing.printDebug(T.exp(x).sum());           // prints; debugPrint(...) returns the text
 * // Sum{axes=[0, 1]} [id A] <TensorType(float32, ())>
 * //  |Elemwise{exp} [id B] <TensorType(float32, (?, ?))>
 * //    |x [id C] <TensorType(float32, (?, ?))>
 * }</pre>
 *
 * <p>Each line shows the op ({@code Op.describe()}), an id ({@code [id A]}, given in order of
 * first appearance), the type, and the variable's name in quotes when it has one. Inputs show
 * their name, shared variables {@code name (shared)}, constants their value when small. A
 * node met again after its subtree was written shows only {@code op [id X]}. The output is
 * deterministic: the same graph always prints the same text.
 */
public final class Printing {
  private Printing() {}

  /** The trees of {@code outputs}, one after another, with ids shared between them. */
  public static String debugPrint(Variable... outputs) {
    DebugPrinter p = new DebugPrinter();
    for (Variable v : checked(outputs)) {
      p.tree(v, "");
    }
    return p.text();
  }

  /**
   * The compiled graph of {@code f}: each output's tree, then each update value's tree with
   * {@code (update of W)} on its first line.
   */
  public static String debugPrint(Function f) {
    FunctionGraph g = graphOf(f);
    DebugPrinter p = new DebugPrinter();
    List<Variable> outs = g.outputs();
    for (int i = 0; i < outs.size(); i++) {
      p.tree(outs.get(i), i < g.userOutputCount() ? "" : " (update of " + target(f, i) + ")");
    }
    return p.text();
  }

  /**
   * Prints {@link #debugPrint(Variable...)} to {@code System.out}, as Theano's
   * {@code theano.printing.debugprint(v)} does; {@code debugPrint} returns the same text (Theano's
   * {@code file="str"}).
   */
  public static void printDebug(Variable... outputs) {
    printDebug(System.out, outputs);
  }

  /** Prints {@link #debugPrint(Function)} to {@code System.out}, as Theano's debugprint does. */
  public static void printDebug(Function f) {
    printDebug(System.out, f);
  }

  /** Writes {@link #debugPrint(Variable...)} to {@code out}. */
  public static void printDebug(PrintStream out, Variable... outputs) {
    out.print(debugPrint(outputs));
    out.flush();
  }

  /** Writes {@link #debugPrint(Function)} to {@code out}. */
  public static void printDebug(PrintStream out, Function f) {
    out.print(debugPrint(f));
    out.flush();
  }

  /** Graphviz DOT text for the graph of {@code outputs} (render with {@code dot -Tpng}). */
  public static String toDot(Variable... outputs) {
    List<Variable> outs = checked(outputs);
    DotWriter w = new DotWriter();
    for (int i = 0; i < outs.size(); i++) {
      w.markOutput(outs.get(i), "output " + i);
    }
    return w.graph(outs).text();
  }

  /**
   * Graphviz DOT text for the compiled graph of {@code f}; each update is a dashed edge from
   * its value to the shared variable it replaces.
   */
  public static String toDot(Function f) {
    FunctionGraph g = graphOf(f);
    List<Variable> outs = g.outputs();
    DotWriter w = new DotWriter();
    for (int i = 0; i < g.userOutputCount(); i++) {
      w.markOutput(outs.get(i), "output " + i);
    }
    w.graph(outs);
    for (int i = g.userOutputCount(); i < outs.size(); i++) {
      w.update(f.updateTargets().get(i - g.userOutputCount()), outs.get(i));
    }
    return w.text();
  }

  private static FunctionGraph graphOf(Function f) {
    if (f == null) {
      throw new TheanoException("cannot print a null function");
    }
    return f.graph();
  }

  private static String target(Function f, int outputIndex) {
    SharedVariable t = f.updateTargets().get(outputIndex - f.graph().userOutputCount());
    return t.name() != null ? t.name() : "<unnamed shared>";
  }

  private static List<Variable> checked(Variable[] outputs) {
    List<Variable> list = new ArrayList<>();
    if (outputs == null) {
      return list;
    }
    for (int i = 0; i < outputs.length; i++) {
      if (outputs[i] == null) {
        throw new TheanoException("cannot print: output " + i + " is null");
      }
      list.add(outputs[i]);
    }
    return list;
  }
}
