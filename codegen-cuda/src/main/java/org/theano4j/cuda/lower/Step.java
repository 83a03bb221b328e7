package org.theano4j.cuda.lower;

import java.util.List;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.graph.Apply;

/** How one node of the graph runs on the device. */
public sealed interface Step permits Step.Launch, Step.View, Step.Host, Step.Library,
    Step.Select, Step.Loop {
  /** The graph node. */
  Apply node();

  /** Calls the visitor's method for this kind of step. */
  <R> R accept(Visitor<R> v);

  /**
   * A walker of steps, one method per kind. A new kind of step must implement {@link
   * #accept}, which needs a new method here, so the compiler names every walker (the runner,
   * the renderer, the CUDA device) that does not handle it yet.
   */
  interface Visitor<R> {
    R launch(Launch s);

    R view(View s);

    R host(Host s);

    R library(Library s);

    R select(Select s);

    R loop(Loop s);
  }

  /** The kernels this step may launch (none for a view or a host step), in order. */
  default List<Kernel> deviceKernels() {
    return accept(new Visitor<List<Kernel>>() {
      @Override
      public List<Kernel> launch(Launch s) {
        return s.kernels().kernels();
      }

      @Override
      public List<Kernel> view(View s) {
        return List.of();
      }

      @Override
      public List<Kernel> host(Host s) {
        return List.of();
      }

      @Override
      public List<Kernel> library(Library s) {
        return s.kernels().kernels();
      }

      @Override
      public List<Kernel> select(Select s) {
        return List.of();
      }

      @Override
      public List<Kernel> loop(Loop s) {
        List<Kernel> k = new java.util.ArrayList<>(s.body().kernels());
        for (CopyKernel c : s.copies()) {
          k.add(c.kernel());
        }
        return k;
      }
    });
  }

  /** True if the step's outputs are host values (a {@link Host} step's), else device values. */
  default boolean hostOutputs() {
    return accept(new Visitor<Boolean>() {
      @Override
      public Boolean launch(Launch s) {
        return false;
      }

      @Override
      public Boolean view(View s) {
        return false;
      }

      @Override
      public Boolean host(Host s) {
        return true;
      }

      @Override
      public Boolean library(Library s) {
        return false;
      }

      @Override
      public Boolean select(Select s) {
        return false;
      }

      @Override
      public Boolean loop(Loop s) {
        return false;
      }
    });
  }

  /** Generated kernels. */
  record Launch(Apply node, NodeKernels kernels) implements Step {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.launch(this);
    }
  }

  /** A new layout of the input's memory (basic slices, dimshuffles, identities): no kernel. */
  record View(Apply node) implements Step {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.view(this);
    }
  }

  /**
   * A small computation on host values (shapes, scalar index arithmetic), run with the JVM
   * backend's kernel; its result is a host value.
   */
  record Host(Apply node) implements Step {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.host(this);
    }
  }

  /**
   * An {@code IfElse}: no kernel; its outputs are the values of the branch its condition takes.
   * The condition is read on the host (downloaded if a kernel computed it), and the steps of
   * the branch not taken are not run (the program's {@code LazyBranches}).
   */
  record Select(Apply node) implements Step {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.select(this);
    }
  }

  /**
   * A library call ({@code Dot}, {@code Gemm}, {@code BatchedDot} as a cuBLAS GEMM, named by
   * {@code call}), with the kernels that prepare its operands when their layout or dtype does
   * not suit the library (a copy, a broadcast bias).
   */
  record Library(Apply node, String call, NodeKernels kernels) implements Step {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.library(this);
    }
  }

  /**
   * A {@code ScanOp}: its inner graph lowered once ({@code body}, a program of its own whose
   * kernels are compiled with the function's), run by the host once per step on views of the
   * sequences' rows and of the states; {@code copies} (one per output) write each step's output
   * into its row of the stacked result.
   */
  record Loop(Apply node, Program body, List<CopyKernel> copies) implements Step {
    public Loop {
      copies = List.copyOf(copies);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.loop(this);
    }
  }
}
