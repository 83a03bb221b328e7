package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/**
 * The facade's generated part ({@link TFunctions}, written by the {@code theano4j-apigen}
 * processor): every value of the scalar table is a function of {@link T} of its arity that
 * builds exactly its elementwise node, and no hand-written method of {@code T} hides a
 * generated one.
 */
class TFunctionsTest {
  /**
   * The public name of a scalar function, restated: the constant's name in lower camel case,
   * except {@code switch} (a Java keyword), which is Theano's {@code where}.
   */
  private static String publicName(Scalar s) {
    if (s == Scalar.SWITCH) {
      return "where";
    }
    String[] words = s.name().toLowerCase(Locale.ROOT).split("_");
    StringBuilder n = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      n.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return n.toString();
  }

  @Test
  void everyScalarIsAFunctionOfTWithItsArity() throws Exception {
    List<String> missing = new ArrayList<>();
    for (Scalar s : Scalar.values()) {
      Class<?>[] params = new Class<?>[s.arity()];
      Arrays.fill(params, Object.class);
      Method m;
      try {
        m = T.class.getMethod(publicName(s), params);
      } catch (NoSuchMethodException e) {
        missing.add("T." + publicName(s) + " with " + s.arity() + " Object parameters for "
            + s);
        continue;
      }
      assertThat(Modifier.isStatic(m.getModifiers())).as(m.toString()).isTrue();
      assertThat(m.getDeclaringClass()).as(m.toString()).isEqualTo(TFunctions.class);
      assertThat(m.getReturnType()).isEqualTo(Variable.class);
      // Integer inputs suit every rule (the logical functions take no floats); SWITCH's
      // condition is one of them too.
      Object[] args = new Object[s.arity()];
      for (int i = 0; i < args.length; i++) {
        args[i] = T.tensor(DType.INT64, 1, "in" + i);
      }
      Variable out = (Variable) m.invoke(null, args);
      assertThat(out.owner().op()).as(m.toString()).isEqualTo(new Elemwise(s));
      assertThat(out.owner().inputs()).as(m.toString() + " keeps the argument order")
          .containsExactly(Arrays.copyOf(args, args.length, Variable[].class));
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void numbersStillAdoptTheTensorsDtype() {
    // The generated functions go through T.elemwise, so a Java number meets the tensor's
    // dtype exactly as before: x * 0.13 stays float32, 2 - int8 is int8.
    Variable x = T.fmatrix("x");
    assertThat(T.mul(x, 0.13).dtype()).isEqualTo(DType.FLOAT32);
    assertThat(T.sub(2, T.bvector("b")).dtype()).isEqualTo(DType.INT8);
    // where(cond, a, b): the dtype comes from a and b, not from the bool condition
    assertThat(T.where(T.lt(x, 0), x, 1).dtype()).isEqualTo(DType.FLOAT32);
  }

  @Test
  void noHandWrittenMethodOfTHidesAGeneratedOne() {
    List<String> hidden = new ArrayList<>();
    for (Method g : TFunctions.class.getDeclaredMethods()) {
      try {
        Method h = T.class.getDeclaredMethod(g.getName(), g.getParameterTypes());
        hidden.add(h.toString());
      } catch (NoSuchMethodException expected) {
        // the generated method is the only one
      }
    }
    assertThat(hidden).isEmpty();
    assertThat(Modifier.isAbstract(TFunctions.class.getModifiers())).isTrue();
    assertThat(T.class.getSuperclass()).isEqualTo(TFunctions.class);
  }

  @Test
  void opFactoriesAreFunctionsOfT() throws Exception {
    // the @Api factories of the op records, one delegate each
    Variable m = T.dmatrix("m");
    assertThat(T.cumsum(m, -1).owner().op()).isEqualTo(new CumOp(false, 1));
    assertThat(T.cumprod(m).owner().op()).isEqualTo(new CumOp(true, 0));
    assertThat(T.sort(m).owner().op()).isEqualTo(new Sort(1));
    assertThat(T.argsort(m, 0).owner().op()).isEqualTo(new ArgSort(0));
    assertThat(T.repeat(m, 2, -2).owner().op()).isEqualTo(new Repeat(0));
    assertThat(T.tile(m, 2, 3).owner().op()).isEqualTo(new Tile(List.of(2, 3)));
    assertThat(T.eye(3).owner().op()).isInstanceOf(Eye.class);
    assertThat(T.diag(m).owner().op()).isEqualTo(new Diag());
    Method tile = T.class.getMethod("tile", Variable.class, int[].class);
    assertThat(tile.isVarArgs()).isTrue();
    assertThat(tile.getDeclaringClass()).isEqualTo(TFunctions.class);
  }
}
