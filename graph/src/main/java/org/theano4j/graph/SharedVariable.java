package org.theano4j.graph;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
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
 *
 * <p>Thread safety: each shared variable has a lock. A compiled function's call holds the locks
 * of every shared variable its graph reads or updates, from before it reads their values until
 * its updates are committed, taking them in creation order ({@link #lockAll}) so that two
 * functions with overlapping variables cannot deadlock. Every method here takes the lock too:
 * {@code getValue} returns a consistent snapshot (never a value half-way through an in-place
 * update) and {@code setValue} waits for a running call, so the call cannot overwrite it.
 * A value obtained with {@code borrow=true} is not protected once the method returns.
 */
public final class SharedVariable extends Variable {
  private static final AtomicLong CREATED = new AtomicLong();

  /** Creation sequence number: the order in which calls take the locks. */
  private final long sequence = CREATED.getAndIncrement();
  private final ReentrantLock lock = new ReentrantLock();
  /** The host value; null while only the device holds the current value. */
  private NDArray value;
  /** A device copy of the value, or the current value when {@code value} is null. */
  private DeviceValue device;

  /**
   * Theano's {@code default_update}: the value this variable takes after each call of a
   * function that uses it and has no update of its own for it; null for none.
   */
  private volatile Variable defaultUpdate;

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

  /**
   * Theano's {@code default_update}: every function compiled afterwards whose graph reads this
   * variable, and that is given no update for it, updates it to {@code update} after each call
   * (as if {@code Map.of(this, update)} had been passed); an update the caller gives wins. Null
   * removes it. Random streams use this to advance their state.
   *
   * @throws TheanoException if {@code update}'s dtype or rank differs from this variable's
   */
  public void setDefaultUpdate(Variable update) {
    if (update != null && (update.dtype() != dtype() || update.ndim() != ndim())) {
      throw new TheanoException("the default update of shared variable " + describe()
          + " must have type " + type() + " but " + update.describe() + " has type "
          + update.type());
    }
    this.defaultUpdate = update;
  }

  /** The default update ({@link #setDefaultUpdate}), or null. */
  public Variable defaultUpdate() {
    return defaultUpdate;
  }

  /** A copy of the current value. */
  public NDArray getValue() {
    return getValue(false);
  }

  /** The current value; with {@code borrow} the stored array itself, else a copy. */
  public NDArray getValue(boolean borrow) {
    lock.lock();
    try {
      if (value == null) {
        value = device.toHost();
      }
      return borrow ? value : value.copy();
    } finally {
      lock.unlock();
    }
  }

  /** The value's device copy or device-only value, or null; for backends. */
  public DeviceValue deviceValue() {
    lock.lock();
    try {
      return device;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records {@code copy}, an exact device copy of the current host value (a backend's upload);
   * for backends. A different earlier copy is released.
   *
   * @throws IllegalStateException if the current value lives on the device only
   */
  public void cacheDeviceCopy(DeviceValue copy) {
    lock.lock();
    try {
      if (value == null) {
        throw new IllegalStateException(describe() + " has no host value to cache");
      }
      replaceDevice(copy);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Commits {@code newValue}, computed on the device by an update, as the current value; the
   * host copy is dropped (downloaded again on the next {@code getValue}). For backends.
   */
  public void commitDeviceValue(DeviceValue newValue) {
    lock.lock();
    try {
      replaceDevice(newValue);
      value = null;
    } finally {
      lock.unlock();
    }
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
  public void setValue(NDArray newValue, boolean borrow) {
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
    // Copy before waiting for the lock: the caller's array is read, not the variable's.
    NDArray stored = borrow ? newValue : newValue.copy();
    lock.lock();
    try {
      this.value = stored;
      replaceDevice(null);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The distinct variables of {@code vars} in lock order (creation order), for
   * {@link #lockAll}.
   */
  public static SharedVariable[] lockOrder(Collection<SharedVariable> vars) {
    Set<SharedVariable> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    distinct.addAll(vars);
    SharedVariable[] ordered = distinct.toArray(new SharedVariable[0]);
    Arrays.sort(ordered, Comparator.comparingLong(v -> v.sequence));
    return ordered;
  }

  /**
   * Takes the locks of {@code ordered}, a {@link #lockOrder} array, in that order, waiting for
   * calls or value accesses on other threads that hold any of them. Release with
   * {@link #unlockAll}.
   */
  public static void lockAll(SharedVariable[] ordered) {
    for (SharedVariable v : ordered) {
      v.lock.lock();
    }
  }

  /** Releases the locks taken by {@link #lockAll} on the same array. */
  public static void unlockAll(SharedVariable[] ordered) {
    for (int i = ordered.length - 1; i >= 0; i--) {
      ordered[i].lock.unlock();
    }
  }
}
