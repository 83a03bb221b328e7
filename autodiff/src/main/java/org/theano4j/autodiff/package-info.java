/**
 * Reverse-mode automatic differentiation: {@link org.theano4j.autodiff.Grad} builds gradient
 * graphs from a table of per-op rules ({@link org.theano4j.autodiff.GradRules}), and
 * {@link org.theano4j.autodiff.GradCheck} checks them against finite differences. Public API
 * (a user op's rule, a {@link org.theano4j.autodiff.GradRule}, is registered with
 * {@link org.theano4j.autodiff.Grad#registerRule}), except {@code GradRules} (internal).
 */
@LibraryPackage
package org.theano4j.autodiff;

import org.theano4j.graph.LibraryPackage;
