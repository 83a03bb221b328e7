package org.theano4j.graph;

import java.util.Arrays;
import org.theano4j.TheanoException;
import org.theano4j.ndarray.NDArray;

/**
 * A variable whose value persists between function calls and that compiled functions may
 * update ({@code Theano.shared(value, name)}).
 *
 * <p>Copy semantics, as Theano's {@code borrow=False}: {@link #getValue()} returns a copy and
 * {@link #setValue(NDArray)} stores a copy, so neither side can change the other's array.
 * The {@code borrow=true} forms share the array: the caller promises not to mutate it, and
 * must expect a later call to replace or (for in-place updates) overwrite it.
 *
 * <p>The type keeps the dtype and rank of the first value; shapes may change with
 * {@code setValue}.
 */
public final class SharedVariable extends Variable {
  private NDArray value;

  public SharedVariable(NDArray value, String name) {
    super(TensorType.ofRank(value.dtype(), value.ndim()), name);
    this.value = value.copy();
  }

  /** A copy of the current value. */
  public NDArray getValue() {
    return value.copy();
  }

  /** The current value; with {@code borrow} the stored array itself, else a copy. */
  public NDArray getValue(boolean borrow) {
    return borrow ? value : value.copy();
  }

  /** Stores a copy of {@code newValue}, which must have this variable's dtype and rank. */
  public void setValue(NDArray newValue) {
    setValue(newValue, false);
  }

  /**
   * Stores {@code newValue} (itself with {@code borrow}, else a copy).
   *
   * @throws TheanoException if the dtype or rank differs; the value is then unchanged
   */
  public void setValue(NDArray newValue, boolean borrow) {
    if (newValue.dtype() != dtype() || newValue.ndim() != ndim()) {
      throw new TheanoException("setValue on shared variable " + describe()
          + ": expected a " + dtype() + " array of rank " + ndim() + ", got " + newValue.dtype()
          + " of shape " + Arrays.toString(newValue.shape())
          + (newValue.dtype() != dtype() ? " (convert it with astype(" + dtype() + "))" : ""));
    }
    this.value = borrow ? newValue : newValue.copy();
  }
}
