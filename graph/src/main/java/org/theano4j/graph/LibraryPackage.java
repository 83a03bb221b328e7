package org.theano4j.graph;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a package (on its {@code package-info.java}) as Theano4J library code: when a node or
 * variable records where it was created ({@link SourceSite}), stack frames of the package's
 * classes are skipped, so the site is the user's line that called the library. Every package of
 * the library modules' main code carries it; applications (the tutorial, the benchmarks) and
 * users' code do not. Internal: not for use outside Theano4J.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PACKAGE)
public @interface LibraryPackage {}
