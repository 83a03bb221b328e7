/**
 * JMH benchmarks of compiled functions on the JVM backend; how to run them and the measured
 * numbers are in {@code docs/performance.md}. Not published and not a library API; not marked
 * {@code @LibraryPackage}, so graphs built here record the benchmark's own lines.
 */
package org.theano4j.benchmarks;
