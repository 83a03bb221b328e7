package org.theano4j.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.theano4j.TheanoException;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * Java numbers for scalar inputs convert exactly or are refused; reals round to the nearest
 * value of a float input (Issue 10, finding 8). Both entry points are checked: {@code convert}
 * (a new array) and {@code convertNumber} (the per-input buffer {@code Function} reuses).
 */
class NumberConversionTest {
  private static NDArray viaConvert(Number n, Variable x) {
    return Arguments.convert(n, x, 0);
  }

  private static NDArray viaBuffer(Number n, Variable x) {
    return Arguments.convertNumber(n, x, 0, NDArray.zeros(x.dtype()));
  }

  /** Both paths give {@code expected}, read back as a double. */
  private static void accepts(Number n, Variable x, double expected) {
    assertThat(viaConvert(n, x).getDouble()).isEqualTo(expected);
    assertThat(viaBuffer(n, x).getDouble()).isEqualTo(expected);
    assertThat(viaConvert(n, x).dtype()).isEqualTo(x.dtype());
  }

  /** Both paths refuse {@code n} with a message naming the input and containing {@code what}. */
  private static void refuses(Number n, Variable x, String what) {
    assertThatThrownBy(() -> viaConvert(n, x))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("argument 0 for input '" + x.name() + "'")
        .hasMessageContaining(what);
    assertThatThrownBy(() -> viaBuffer(n, x))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining(what);
  }

  @Test
  void decimalsRoundToTheNearestFloat() {
    Variable f = T.fscalar("f");
    Variable d = T.dscalar("d");
    // BigDecimal("0.1") used to go through longValue() and become 0.
    accepts(new BigDecimal("0.1"), f, (double) 0.1f);
    accepts(new BigDecimal("0.1"), d, 0.1);
    accepts(0.1, f, (double) 0.1f);
    accepts(0.1f, d, (double) 0.1f);
    // 1 + 2^-24 + 10^-25 lies just above the midpoint of 1 and 1 + 2^-23, so the nearest
    // float32 is 1 + 2^-23; rounding to double first would land on the midpoint and then
    // round to even, 1.
    accepts(new BigDecimal("1.0000000596046447753906251"), f, Math.nextUp(1f));
    accepts(new DoubleAdder() {{ add(0.5); }}, f, 0.5);
    accepts(Double.POSITIVE_INFINITY, f, Double.POSITIVE_INFINITY);
    assertThat(viaConvert(Double.NaN, f).getDouble()).isNaN();
  }

  @Test
  void finiteValuesBeyondTheFloatRangeAreRefused() {
    Variable f = T.fscalar("f");
    Variable d = T.dscalar("d");
    // 1e300 used to become float32 Infinity.
    refuses(1e300, f, "the value 1.0E300 is beyond the range of float32 (largest finite value "
        + Float.MAX_VALUE + ")");
    refuses(new BigDecimal("1E+39"), f, "beyond the range of float32");
    refuses(new BigDecimal("1E+400"), d, "beyond the range of float64");
    accepts(1e300, d, 1e300);
    accepts((double) Float.MAX_VALUE, f, Float.MAX_VALUE);
  }

  @Test
  void integersConvertToFloatsOnlyExactly() {
    Variable f = T.fscalar("f");
    Variable d = T.dscalar("d");
    accepts(16777216, f, 16777216);
    refuses(16777217, f, "the value 16777217 does not fit float32 exactly");
    accepts(1L << 53, d, 0x1p53);
    refuses((1L << 53) + 1, d, "does not fit float64 exactly");
    // (long) (double) Long.MAX_VALUE saturates back to Long.MAX_VALUE; the value is 2^63.
    refuses(Long.MAX_VALUE, d, "the value 9223372036854775807 does not fit float64 exactly");
    BigInteger p70 = BigInteger.ONE.shiftLeft(70);
    accepts(p70, d, 0x1p70);
    accepts(p70, f, 0x1p70);
    refuses(p70.add(BigInteger.ONE), d, "does not fit float64 exactly");
    refuses(BigInteger.ONE.shiftLeft(1100), d, "does not fit float64");
  }

  @Test
  void integerInputsTakeOnlyIntegralValuesInRange() {
    Variable l = T.lscalar("l");
    Variable b = T.bscalar("b");
    Variable u = T.tensor(DType.UINT8, 0, "u");
    // BigDecimal("2.9") used to become 2, BigInteger 2^70 to become 0.
    refuses(new BigDecimal("2.9"), l, "expected int64, got the fractional number 2.9");
    refuses(BigInteger.ONE.shiftLeft(70), l,
        "the value 1180591620717411303424 does not fit int64");
    accepts(new BigDecimal("3.000"), l, 3);
    accepts(new BigDecimal("3E+2"), l, 300);
    accepts(BigInteger.ONE.shiftLeft(62), l, 0x1p62);
    // 10^1000000000 is refused from its digit count, without expanding it.
    refuses(new BigDecimal("1E+1000000000"), l, "does not fit int64");
    refuses(Double.NaN, l, "expected int64, got the non-finite number NaN");
    refuses(Double.NEGATIVE_INFINITY, l, "non-finite");
    refuses(1e19, l, "the value 1.0E19 does not fit int64");
    accepts(3.0, b, 3);
    refuses(1.5, b, "fractional number 1.5");
    refuses(300, b, "the value 300 does not fit int8");
    refuses(-129L, b, "does not fit int8");
    accepts(-128, b, -128);
    accepts(255, u, 255);
    refuses(-1, u, "the value -1 does not fit uint8");
    accepts(new AtomicLong(7), l, 7);
    accepts(new LongAdder() {{ add(9); }}, l, 9);
    assertThat(viaConvert(Long.MIN_VALUE, l).getLong()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void numbersDoNotConvertToBoolAndUnknownNumberClassesAreRefused() {
    Variable flag = T.tensor(DType.BOOL, 0, "flag");
    refuses(1, flag, "expected bool, got the number 1 (pass a Boolean)");
    assertThat(Arguments.convert(Boolean.TRUE, flag, 0).getLong()).isEqualTo(1);
    Number odd = new Number() {
      @Override public int intValue() { return 1; }
      @Override public long longValue() { return 1; }
      @Override public float floatValue() { return 1.5f; }
      @Override public double doubleValue() { return 1.5; }
    };
    refuses(odd, T.lscalar("l"), "cannot convert a " + odd.getClass().getName() + " exactly");
  }

  @Test
  void aRefusedNumberLeavesTheReusedBufferUnchanged() {
    Variable l = T.lscalar("l");
    NDArray buffer = NDArray.scalar(41L);
    assertThatThrownBy(() -> Arguments.convertNumber(new BigDecimal("2.9"), l, 0, buffer))
        .isInstanceOf(TheanoException.class);
    assertThat(buffer.getLong()).isEqualTo(41);
  }
}
