/**
 * JMH benchmarks of compiled functions on the JVM backend; how to run them and the measured
 * numbers are in {@code docs/performance.md}.
 */
package org.theano4j.benchmarks;
