package org.theano4j.cuda.ir;

import org.theano4j.tensor.Scalar;

/**
 * The scalar function of a user-defined elementwise op (registered with
 * {@code org.theano4j.cuda.CudaElementwise}), computed in a float lane: a C expression
 * template, as the scalar table's ({@code $a}, {@code $b}, {@code $c} the arguments, {@code $t}
 * the lane's C type), which the renderer substitutes, and the same function in Java, which the
 * kernel interpreter evaluates in double precision (rounded to float32 in a float32 lane).
 *
 * @param name the op's name in kernel comments and errors
 * @param cTemplate the C expression template
 * @param lane the function per element in Java; unused arguments are 0
 */
public record UserFunction(String name, String cTemplate, Scalar.DoubleLane lane) {
  /**
   * The number of arguments the template reads: one more than its highest {@code $a},
   * {@code $b}, {@code $c} (0 if it reads none).
   *
   * @throws IllegalArgumentException naming a placeholder other than {@code $a}, {@code $b},
   *     {@code $c} and {@code $t}
   */
  public int arity() {
    int n = 0;
    for (int i = 0; i < cTemplate.length(); i++) {
      if (cTemplate.charAt(i) != '$') {
        continue;
      }
      char p = i + 1 < cTemplate.length() ? cTemplate.charAt(++i) : ' ';
      if (p >= 'a' && p <= 'c') {
        n = Math.max(n, p - 'a' + 1);
      } else if (p != 't') {
        throw new IllegalArgumentException("the C expression of " + name + " (" + cTemplate
            + ") names $" + p + "; its placeholders are $a, $b, $c (the inputs) and $t (the C "
            + "type it computes in)");
      }
    }
    return n;
  }
}
