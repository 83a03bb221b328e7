package org.theano4j.apigen;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks what {@link ApiProcessor} turns into a public static function of the facade
 * {@code T}, generated into the class {@code TFunctions} that {@code T} extends, with the
 * element's doc comment as its javadoc. Source retention: nothing of it reaches the class
 * files.
 *
 * <ul>
 *   <li>On an <b>enum</b> (the scalar table {@code Scalar}): every constant becomes an
 *       elementwise function {@code public static Variable name(Object x...)} whose body is
 *       {@code T.elemwise(Scalar.CONSTANT, x...)}. The number of parameters is the constant's
 *       arity, read from its first constructor argument (an int literal), so it is written
 *       once. The name is the constant's in lower camel case ({@code TRUE_DIV} gives
 *       {@code trueDiv}); the parameters are {@code x} for one argument, {@code a, b} and
 *       {@code a, b, c} for more.
 *   <li>On an <b>enum constant</b>: the same for that constant (its enum need not be
 *       annotated); {@link #name} and {@link #params} override the defaults.
 *   <li>On a <b>static method</b> of an op record (a factory such as
 *       {@code static Variable cumsum(Variable x, int axis)}): a delegate with the same name
 *       (or {@link #name}), parameters, varargs and javadoc that calls it.
 * </ul>
 *
 * <p>Javadoc references in a copied comment are rewritten to fully qualified form, so that
 * they mean in {@code TFunctions} what they meant where they were written; a reference that
 * does not resolve is a compile error.
 */
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.TYPE, ElementType.FIELD, ElementType.METHOD})
public @interface Api {
  /** The function's name on {@code T}; empty for the default (see the class comment). */
  String name() default "";

  /**
   * For an enum constant only: the parameter names, one per argument of its arity (e.g.
   * {@code {"y", "x"}} for {@code arctan2}); empty for the defaults.
   */
  String[] params() default {};
}
