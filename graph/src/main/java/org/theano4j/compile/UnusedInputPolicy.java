package org.theano4j.compile;

/** What compile() does with an input that no output or update depends on. */
public enum UnusedInputPolicy {
  RAISE, WARN, IGNORE
}
