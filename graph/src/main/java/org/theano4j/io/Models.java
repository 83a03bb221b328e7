package org.theano4j.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.theano4j.graph.SharedVariable;
import org.theano4j.ndarray.NDArray;

/**
 * Saves the shared variables of a model (its parameters) by name into one {@code .npz} archive,
 * and loads them back by name, as Theano users do with {@code numpy.savez(f, W=W.get_value(),
 * ...)}. The archive is a plain NumPy {@code .npz}: {@code numpy.load("best_model.npz")["W"]}
 * reads it.
 *
 * <pre>{@code
 * Models.save(Path.of("best_model.npz"), classifier.params);   // W.npy, b.npy
 * Models.load(Path.of("best_model.npz"), classifier.params);   // sets W and b
 * }</pre>
 */
public final class Models {
  private Models() {}

  /**
   * Writes the value of every variable of {@code params} to {@code path}, one entry per
   * variable under its name, in iteration order. The archive is written to a temporary file
   * beside {@code path} and then moved over it, so that a failed save leaves an earlier file
   * whole.
   *
   * @throws IllegalArgumentException if a variable has no name or two share a name
   * @throws UncheckedIOException if the file cannot be written (the message names it)
   */
  public static void save(Path path, Collection<SharedVariable> params) {
    Map<String, NDArray> arrays = new LinkedHashMap<>();
    for (SharedVariable v : byName(params).values()) {
      arrays.put(v.name(), v.getValue(true));
    }
    Path dir = path.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, "." + path.getFileName(), ".tmp");
      Npz.write(tmp, arrays);
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e, e);
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getCause(), e.getCause());
    } finally {
      deleteQuietly(tmp);
    }
  }

  /**
   * Sets every variable of {@code params} to the array of its name in the {@code .npz} at
   * {@code path}. Everything is checked before anything is set: on any failure every variable
   * keeps its value. Arrays of the archive that no variable asks for are ignored.
   *
   * @throws IllegalArgumentException if a variable has no name or two share a name
   * @throws FileFormatException naming the file if it is not a valid {@code .npz}, lacks a
   *     variable's name, or holds an array of another dtype or shape than the variable's
   * @throws UncheckedIOException if the file does not exist or cannot be read
   */
  public static void load(Path path, Collection<SharedVariable> params) {
    Map<String, SharedVariable> vars = byName(params);
    Map<String, NDArray> saved = Npz.read(path);
    for (SharedVariable v : vars.values()) {
      NDArray a = saved.get(v.name());
      NDArray current = v.getValue(true);
      if (a == null) {
        throw new FileFormatException(path.toString(), "no array '" + v.name() + "' for shared "
            + "variable " + v.name() + " (the file has " + saved.keySet() + ")");
      }
      if (a.dtype() != current.dtype() || !Arrays.equals(a.shape(), current.shape())) {
        throw new FileFormatException(path.toString(), "array '" + v.name() + "' is "
            + a.dtype() + " of shape " + Arrays.toString(a.shape()) + ", but shared variable "
            + v.name() + " is " + current.dtype() + " of shape "
            + Arrays.toString(current.shape()));
      }
    }
    for (SharedVariable v : vars.values()) {
      v.setValue(saved.get(v.name()), true);
    }
  }

  /** The variables by name, in iteration order; names must be present and distinct. */
  private static Map<String, SharedVariable> byName(Collection<SharedVariable> params) {
    if (params == null) {
      throw new IllegalArgumentException("the collection of shared variables is null");
    }
    Map<String, SharedVariable> m = new LinkedHashMap<>();
    int i = 0;
    for (SharedVariable v : params) {
      if (v == null) {
        throw new IllegalArgumentException("shared variable #" + i + " is null");
      }
      if (v.name() == null || v.name().isEmpty()) {
        throw new IllegalArgumentException("shared variable #" + i + " (" + v.describe()
            + ") has no name; a model is saved and loaded by name");
      }
      if (m.put(v.name(), v) != null) {
        throw new IllegalArgumentException("two shared variables are named '" + v.name()
            + "'; a model is saved and loaded by name, so names must be distinct");
      }
      i++;
    }
    return m;
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // the temporary file is left behind; the save itself already succeeded or failed
      }
    }
  }
}
