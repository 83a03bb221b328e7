package org.theano4j.tensor;

import java.util.List;
import java.util.Locale;
import org.theano4j.ndarray.DType;

/**
 * The primitive scalar functions of elementwise ops, with Theano's dtype rules.
 *
 * <ul>
 *   <li>{@link Rule#ARITH}: the promoted input dtype (all-bool inputs give int8);
 *   <li>{@link Rule#FLOAT}: the promoted dtype upgraded to a float (int32 to float64);
 *   <li>{@link Rule#COMPARE}: bool, computed in the promoted input dtype;
 *   <li>{@link Rule#LOGIC}: integers or bool only, bitwise for integers;
 *   <li>{@link Rule#SELECT}: {@code switch(cond, a, b)} gives the promotion of a and b.
 * </ul>
 */
public enum Scalar implements ScalarOp {
  ADD(2, Rule.ARITH), SUB(2, Rule.ARITH), MUL(2, Rule.ARITH), TRUE_DIV(2, Rule.FLOAT),
  INT_DIV(2, Rule.ARITH), MOD(2, Rule.ARITH), POW(2, Rule.ARITH),
  MAXIMUM(2, Rule.ARITH), MINIMUM(2, Rule.ARITH),
  NEG(1, Rule.ARITH), ABS(1, Rule.ARITH), SIGN(1, Rule.ARITH), SQR(1, Rule.ARITH),
  RELU(1, Rule.ARITH), ROUND(1, Rule.ARITH), FLOOR(1, Rule.ARITH), CEIL(1, Rule.ARITH),
  EXP(1, Rule.FLOAT), LOG(1, Rule.FLOAT), LOG1P(1, Rule.FLOAT), EXPM1(1, Rule.FLOAT),
  SQRT(1, Rule.FLOAT), TANH(1, Rule.FLOAT), SIGMOID(1, Rule.FLOAT), SOFTPLUS(1, Rule.FLOAT),
  SIN(1, Rule.FLOAT), COS(1, Rule.FLOAT),
  EQ(2, Rule.COMPARE), NEQ(2, Rule.COMPARE), LT(2, Rule.COMPARE), LE(2, Rule.COMPARE),
  GT(2, Rule.COMPARE), GE(2, Rule.COMPARE),
  AND(2, Rule.LOGIC), OR(2, Rule.LOGIC), XOR(2, Rule.LOGIC), NOT(1, Rule.LOGIC),
  CLIP(3, Rule.ARITH), SWITCH(3, Rule.SELECT);

  /** Families of dtype rules. */
  public enum Rule { ARITH, FLOAT, COMPARE, LOGIC, SELECT }

  private final int arity;
  private final Rule rule;

  Scalar(int arity, Rule rule) {
    this.arity = arity;
    this.rule = rule;
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
        return p == DType.BOOL ? DType.INT8 : p;
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
