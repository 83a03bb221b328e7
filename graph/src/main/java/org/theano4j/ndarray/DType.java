package org.theano4j.ndarray;

/**
 * Element types of tensors, with NumPy/Theano type promotion.
 *
 * <p>{@code DType.promote(DType.INT32, DType.FLOAT32)} is {@code FLOAT64}, as in NumPy: a
 * float32 cannot hold every int32 exactly.
 */
public enum DType {
  BOOL("bool", 1, Kind.BOOL, 1),
  INT8("int8", 1, Kind.INT, 8),
  UINT8("uint8", 1, Kind.UINT, 8),
  INT16("int16", 2, Kind.INT, 16),
  INT32("int32", 4, Kind.INT, 32),
  INT64("int64", 8, Kind.INT, 64),
  FLOAT32("float32", 4, Kind.FLOAT, 24),
  FLOAT64("float64", 8, Kind.FLOAT, 53);

  /** Families of element types. */
  public enum Kind { BOOL, INT, UINT, FLOAT }

  private final String numpyName;
  private final int byteSize;
  private final Kind kind;
  /** Value bits: mantissa bits for floats, magnitude bits for integers. */
  private final int bits;

  DType(String numpyName, int byteSize, Kind kind, int bits) {
    this.numpyName = numpyName;
    this.byteSize = byteSize;
    this.kind = kind;
    this.bits = bits;
  }

  /** The NumPy name, e.g. {@code "float32"}. */
  public String numpyName() {
    return numpyName;
  }

  public int byteSize() {
    return byteSize;
  }

  public Kind kind() {
    return kind;
  }

  public boolean isFloat() {
    return kind == Kind.FLOAT;
  }

  /** True for signed and unsigned integers (not bool). */
  public boolean isInteger() {
    return kind == Kind.INT || kind == Kind.UINT;
  }

  public boolean isBool() {
    return kind == Kind.BOOL;
  }

  /** True for integers and bool: values computed exactly in a {@code long}. */
  public boolean isDiscrete() {
    return kind != Kind.FLOAT;
  }

  /** The dtype with this NumPy name ({@code "float32"}, {@code "int64"}, ...). */
  public static DType fromName(String name) {
    for (DType t : values()) {
      if (t.numpyName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown dtype '" + name + "'; expected one of "
        + java.util.Arrays.toString(values()));
  }

  /**
   * The smallest dtype that holds every value of both, following NumPy's array promotion
   * (for example uint8 + int8 = int16, int64 + float32 = float64).
   */
  public static DType promote(DType a, DType b) {
    if (a == b) {
      return a;
    }
    if (a.kind == Kind.BOOL) {
      return b;
    }
    if (b.kind == Kind.BOOL) {
      return a;
    }
    if (a.isFloat() || b.isFloat()) {
      if (a.isFloat() && b.isFloat()) {
        return a.bits >= b.bits ? a : b;
      }
      DType f = a.isFloat() ? a : b;
      DType i = a.isFloat() ? b : a;
      // float32 holds int8/uint8/int16 exactly; wider integers need float64.
      return i.bits <= 16 && f == FLOAT32 ? FLOAT32 : FLOAT64;
    }
    if (a.kind == b.kind) {
      return a.bits >= b.bits ? a : b;
    }
    DType u = a.kind == Kind.UINT ? a : b;
    DType s = a.kind == Kind.UINT ? b : a;
    // uint8 mixed with a signed integer: the signed type must exceed 8 bits.
    return s.bits > u.bits ? s : INT16;
  }

  /** Promotion over several dtypes. */
  public static DType promote(DType first, DType... rest) {
    DType r = first;
    for (DType d : rest) {
      r = promote(r, d);
    }
    return r;
  }

  /**
   * The float type an operation on this type computes in when it needs a float result
   * (Theano's {@code upgrade_to_float}): float types stay, small integers and bool become
   * float32, int32 and int64 become float64.
   */
  public DType upgradeToFloat() {
    if (isFloat()) {
      return this;
    }
    return bits <= 16 ? FLOAT32 : FLOAT64;
  }

  /**
   * {@code v} as an array of this (discrete) dtype stores it and reads it back: wrapped to the
   * width in two's complement (NumPy's integer overflow), or tested for non-zero for bool.
   */
  public long wrap(long v) {
    switch (this) {
      case BOOL: return v != 0 ? 1 : 0;
      case INT8: return (byte) v;
      case UINT8: return v & 0xFF;
      case INT16: return (short) v;
      case INT32: return (int) v;
      default: return v;
    }
  }

  /** {@code v} as an array of this float dtype stores it: rounded to float32 for FLOAT32. */
  public double round(double v) {
    return this == FLOAT32 ? (double) (float) v : v;
  }

  /** True if every value of {@code this} converts to {@code target} without loss. */
  public boolean canCastSafelyTo(DType target) {
    return promote(this, target) == target;
  }

  @Override
  public String toString() {
    return numpyName;
  }
}
