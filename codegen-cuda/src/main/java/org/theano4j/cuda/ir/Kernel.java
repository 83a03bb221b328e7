package org.theano4j.cuda.ir;

import java.util.List;

/**
 * One GPU kernel: a name, its parameters, the shared-memory arrays of a block, a fixed block
 * size (threads per block, x only) and the body every thread runs.
 *
 * <p>The grid size is chosen at launch time by the host side of the lowering.
 *
 * @param name the C function name
 * @param comment what the kernel computes, the source node(s) and the user's source line
 * @param params parameters in call order
 * @param blockSize threads per block (a power of two; block reductions rely on it)
 * @param shared per-block shared-memory arrays
 * @param body the statements of one thread
 */
public record Kernel(String name, String comment, List<Param> params, int blockSize,
    List<Shared> shared, List<Stmt> body) {
  public Kernel {
    params = List.copyOf(params);
    shared = List.copyOf(shared);
    body = List.copyOf(body);
    if (blockSize <= 0 || Integer.bitCount(blockSize) != 1) {
      throw new IllegalArgumentException("block size must be a power of two, got " + blockSize);
    }
  }

  /** The parameter called {@code name}. */
  public Param param(String name) {
    for (Param p : params) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("kernel " + this.name + " has no parameter " + name);
  }
}
