package org.theano4j.tensor;

import java.util.List;
import java.util.Locale;
import org.theano4j.ndarray.DType;

/**
 * The primitive scalar functions of elementwise ops, with Theano's dtype rules.
 *
 * <ul>
 *   <li>{@link Rule#ARITH}: the promoted input dtype; what all-bool inputs give is the op's
 *       {@link Bools} rule (NumPy's: {@code add} of bools is bool, {@code int_div} int8,
 *       {@code sub} refused);
 *   <li>{@link Rule#FLOAT}: the promoted dtype upgraded to a float (int32 to float64);
 *   <li>{@link Rule#COMPARE}: bool, computed in the promoted input dtype;
 *   <li>{@link Rule#LOGIC}: integers or bool only, bitwise for integers;
 *   <li>{@link Rule#SELECT}: {@code switch(cond, a, b)} gives the promotion of a and b.
 * </ul>
 */
public enum Scalar implements ScalarOp {
  ADD(2, Bools.KEEP), SUB(2, Bools.REFUSE), MUL(2, Bools.KEEP), TRUE_DIV(2, Rule.FLOAT),
  INT_DIV(2, Bools.INT8), MOD(2, Bools.INT8), POW(2, Bools.INT8),
  MAXIMUM(2, Bools.KEEP), MINIMUM(2, Bools.KEEP),
  NEG(1, Bools.REFUSE), ABS(1, Bools.KEEP), SIGN(1, Bools.REFUSE), SQR(1, Bools.INT8),
  RELU(1, Bools.KEEP), ROUND(1, Bools.FLOAT32), FLOOR(1, Bools.KEEP), CEIL(1, Bools.KEEP),
  EXP(1, Rule.FLOAT), LOG(1, Rule.FLOAT), LOG1P(1, Rule.FLOAT), EXPM1(1, Rule.FLOAT),
  SQRT(1, Rule.FLOAT), TANH(1, Rule.FLOAT), SIGMOID(1, Rule.FLOAT), SOFTPLUS(1, Rule.FLOAT),
  SIN(1, Rule.FLOAT), COS(1, Rule.FLOAT),
  EQ(2, Rule.COMPARE), NEQ(2, Rule.COMPARE), LT(2, Rule.COMPARE), LE(2, Rule.COMPARE),
  GT(2, Rule.COMPARE), GE(2, Rule.COMPARE),
  AND(2, Rule.LOGIC), OR(2, Rule.LOGIC), XOR(2, Rule.LOGIC), NOT(1, Rule.LOGIC),
  CLIP(3, Bools.KEEP), SWITCH(3, Rule.SELECT);

  /** Families of dtype rules. */
  public enum Rule { ARITH, FLOAT, COMPARE, LOGIC, SELECT }

  /**
   * What an {@link Rule#ARITH} op gives when every input is bool, as in NumPy (see
   * docs/semantics.md): {@code KEEP} bool (add is or, mul is and, max/min, abs, clip,
   * floor/ceil, relu as maximum(x, False)), {@code INT8} (int_div, mod, pow, sqr),
   * {@code FLOAT32} (round: NumPy's float16, which we do not have, and Theano's float32),
   * {@code REFUSE} (sub, neg, sign: NumPy and Theano raise too).
   */
  public enum Bools { KEEP, INT8, FLOAT32, REFUSE }

  private final int arity;
  private final Rule rule;
  private final Bools bools;

  Scalar(int arity, Rule rule) {
    this.arity = arity;
    this.rule = rule;
    this.bools = null;
  }

  Scalar(int arity, Bools bools) {
    this.arity = arity;
    this.rule = Rule.ARITH;
    this.bools = bools;
  }

  @Override
  public int arity() {
    return arity;
  }

  public Rule rule() {
    return rule;
  }

  @Override
  public DType outputDType(List<DType> in) {
    DType p = promoted(in);
    switch (rule) {
      case ARITH:
        return p == DType.BOOL ? boolResult(in) : p;
      case FLOAT:
        return p.upgradeToFloat();
      case COMPARE:
        return DType.BOOL;
      case LOGIC:
        if (p.isFloat()) {
          throw new IllegalArgumentException(opName() + " needs integer or bool inputs, got "
              + in);
        }
        return p;
      case SELECT:
        return DType.promote(in.get(1), in.get(2));
      default:
        throw new AssertionError(rule);
    }
  }

  @Override
  public DType computeDType(List<DType> in) {
    switch (rule) {
      case COMPARE:
        return promoted(in);
      case SELECT:
        return outputDType(in);
      default:
        return outputDType(in);
    }
  }

  private DType boolResult(List<DType> in) {
    switch (bools) {
      case KEEP: return DType.BOOL;
      case INT8: return DType.INT8;
      case FLOAT32: return DType.FLOAT32;
      default:
        throw new IllegalArgumentException(opName() + " of bool tensors is not supported (NumPy "
            + "and Theano refuse it too), got " + in + "; " + boolAdvice());
    }
  }

  private String boolAdvice() {
    switch (this) {
      case SUB: return "use T.xor (the ^ of bools) or cast to an integer dtype first";
      case NEG: return "use T.not (logical not) or cast to an integer dtype first";
      default: return "cast to an integer dtype first, e.g. T.cast(x, DType.INT8)";
    }
  }

  private static DType promoted(List<DType> in) {
    DType p = in.get(0);
    for (int i = 1; i < in.size(); i++) {
      p = DType.promote(p, in.get(i));
    }
    return p;
  }

  @Override
  public String opName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
