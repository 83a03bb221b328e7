package org.theano4j.cuda.ir;

import org.theano4j.ndarray.DType;

/** A {@code __shared__} array of one block, {@code length} elements of {@code dtype}. */
public record Shared(String name, DType dtype, int length) {}
