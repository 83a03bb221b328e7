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
 *
 * <p>A GPU backend keeps the value in device memory ({@link DeviceValue}): its functions read
 * and update it there, and {@code getValue} copies it back to the host (once per update; the
 * host copy is kept until the next one). {@code setValue} stores the host value and drops the
 * device copy, which the next GPU call uploads again.
 */
public final class SharedVariable extends Variable {
  /** The host value; null while only the device holds the current value. */
  private NDArray value;
  /** A device copy of the value, or the current value when {@code value} is null. */
  private DeviceValue device;

  /** @throws TheanoException if {@code value} is null */
  public SharedVariable(NDArray value, String name) {
    super(TensorType.ofRank(nonNull(value, name).dtype(), value.ndim()), name);
    this.value = value.copy();
  }

  private static NDArray nonNull(NDArray value, String name) {
    if (value == null) {
      throw new TheanoException("the value of shared variable '" + name + "' is null");
    }
    return value;
  }

  /** A copy of the current value. */
  public NDArray getValue() {
    return getValue(false);
  }

  /** The current value; with {@code borrow} the stored array itself, else a copy. */
  public synchronized NDArray getValue(boolean borrow) {
    if (value == null) {
      value = device.toHost();
    }
    return borrow ? value : value.copy();
  }

  /** The value's device copy or device-only value, or null; for backends. */
  public synchronized DeviceValue deviceValue() {
    return device;
  }

  /**
   * Records {@code copy}, an exact device copy of the current host value (a backend's upload);
   * for backends. A different earlier copy is released.
   *
   * @throws IllegalStateException if the current value lives on the device only
   */
  public synchronized void cacheDeviceCopy(DeviceValue copy) {
    if (value == null) {
      throw new IllegalStateException(describe() + " has no host value to cache");
    }
    replaceDevice(copy);
  }

  /**
   * Commits {@code newValue}, computed on the device by an update, as the current value; the
   * host copy is dropped (downloaded again on the next {@code getValue}). For backends.
   */
  public synchronized void commitDeviceValue(DeviceValue newValue) {
    replaceDevice(newValue);
    value = null;
  }

  private void replaceDevice(DeviceValue d) {
    if (device != null && device != d) {
      device.release();
    }
    device = d;
  }

  /** Stores a copy of {@code newValue}, which must have this variable's dtype and rank. */
  public void setValue(NDArray newValue) {
    setValue(newValue, false);
  }

  /**
   * Stores {@code newValue} (itself with {@code borrow}, else a copy).
   *
   * @throws TheanoException if {@code newValue} is null or its dtype or rank differs; the
   *     value is then unchanged
   */
  public synchronized void setValue(NDArray newValue, boolean borrow) {
    if (newValue == null) {
      throw new TheanoException("setValue on shared variable " + describe()
          + ": expected a " + dtype() + " array of rank " + ndim() + ", got null");
    }
    if (newValue.dtype() != dtype() || newValue.ndim() != ndim()) {
      throw new TheanoException("setValue on shared variable " + describe()
          + ": expected a " + dtype() + " array of rank " + ndim() + ", got " + newValue.dtype()
          + " of shape " + Arrays.toString(newValue.shape())
          + (newValue.dtype() != dtype() ? " (convert it with astype(" + dtype() + "))" : ""));
    }
    this.value = borrow ? newValue : newValue.copy();
    replaceDevice(null);
  }
}
