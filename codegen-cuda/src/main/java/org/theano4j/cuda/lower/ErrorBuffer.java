package org.theano4j.cuda.lower;

/**
 * The argument for a kernel's {@code err} parameter: the device passes its per-function error
 * record (on the GPU, four int64 words: the failure code, then up to three values); the host formats
 * the failing {@link org.theano4j.cuda.ir.Stmt.Fail}'s message from it.
 */
public enum ErrorBuffer {
  MARKER
}
