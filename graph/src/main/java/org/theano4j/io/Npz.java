package org.theano4j.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.theano4j.ndarray.NDArray;

/**
 * Reads and writes NumPy {@code .npz} archives: a zip of {@code <name>.npy} files, as
 * {@code numpy.savez} (entries stored) and {@code numpy.savez_compressed} (entries deflated)
 * write and {@code numpy.load} reads. Both kinds are read; {@link #write} stores,
 * {@link #writeCompressed} deflates. The zip format itself is the JDK's
 * ({@code java.util.zip}); the limits of {@link ReadLimits} apply to every entry.
 *
 * <pre>{@code
 * Npz.write(Path.of("best_model.npz"), Map.of("W", w, "b", b));
 * NDArray w2 = Npz.read(Path.of("best_model.npz")).get("W");
 * }</pre>
 */
public final class Npz {
  /** The fixed entry time (1980-01-01), so that archives of equal arrays are equal. */
  private static final long ENTRY_TIME = 315532800000L + 12L * 3600 * 1000;

  private Npz() {}

  /**
   * Writes {@code arrays} (name to array, in iteration order) to {@code path} with stored
   * entries, as {@code numpy.savez}.
   */
  public static void write(Path path, Map<String, NDArray> arrays) {
    write(path, arrays, false);
  }

  /** As {@link #write(Path, Map)} with deflated entries, as {@code numpy.savez_compressed}. */
  public static void writeCompressed(Path path, Map<String, NDArray> arrays) {
    write(path, arrays, true);
  }

  private static void write(Path path, Map<String, NDArray> arrays, boolean deflate) {
    try (OutputStream out = Files.newOutputStream(path)) {
      write(out, arrays, deflate);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e, e);
    }
  }

  /**
   * Writes {@code arrays} as an {@code .npz} archive to {@code out} (left open).
   *
   * @param deflate deflate the entries ({@code savez_compressed}) or store them ({@code savez})
   * @throws IllegalArgumentException if a name is empty or null, or an array is null
   */
  public static void write(OutputStream out, Map<String, NDArray> arrays, boolean deflate)
      throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
      if (e.getKey() == null || e.getKey().isEmpty()) {
        throw new IllegalArgumentException("an .npz entry needs a non-empty name, got '"
            + e.getKey() + "'");
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException("array '" + e.getKey() + "' is null");
      }
      byte[] npy = Npy.toBytes(e.getValue());
      ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
      if (deflate) {
        entry.setMethod(ZipEntry.DEFLATED);
      } else {
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(npy.length);
        entry.setCompressedSize(npy.length);
        CRC32 crc = new CRC32();
        crc.update(npy);
        entry.setCrc(crc.getValue());
      }
      entry.setTime(ENTRY_TIME);
      zip.putNextEntry(entry);
      zip.write(npy);
      zip.closeEntry();
    }
    zip.finish();
  }

  /**
   * Reads every {@code .npy} entry of the archive at {@code path}: name (without
   * {@code .npy}) to array, in archive order. Each entry is inflated only as far as its
   * {@code .npy} header declares (see {@link Npy#read(InputStream, String)}); the arrays together
   * may hold at most {@link ReadLimits#MAX_ARRAY_BYTES}.
   *
   * @throws UncheckedIOException if the file does not exist or cannot be read (the message
   *     names it)
   * @throws FileFormatException if the archive or an entry is malformed
   */
  public static Map<String, NDArray> read(Path path) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
      return read(in, path.toString());
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException(".npz file not found: " + path, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e, e);
    }
  }

  /** As {@link #read(Path)} on the bytes of an archive; {@code source} names it in errors. */
  public static Map<String, NDArray> read(byte[] archive, String source) {
    try {
      return read(new ByteArrayInputStream(archive), source);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e); // a byte array cannot fail
    }
  }

  private static Map<String, NDArray> read(InputStream in, String source) throws IOException {
    Map<String, NDArray> arrays = new LinkedHashMap<>();
    long total = 0;
    try (ZipInputStream zip = new ZipInputStream(in)) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        String name = entry.getName();
        if (!name.endsWith(".npy")) {
          throw new FileFormatException(source, "entry " + name + " is not a .npy file");
        }
        NDArray a = Npy.read(zip, source + "!" + name);
        total += (long) a.size() * a.dtype().byteSize();
        if (total > ReadLimits.MAX_ARRAY_BYTES) {
          throw new FileFormatException(source, "the arrays up to " + name + " hold " + total
              + " bytes, more than the limit of " + ReadLimits.MAX_ARRAY_BYTES + " per archive");
        }
        if (arrays.put(name.substring(0, name.length() - 4), a) != null) {
          throw new FileFormatException(source, "entry " + name + " appears twice");
        }
      }
    } catch (ZipException e) {
      throw new FileFormatException(source, "corrupt zip archive: " + e.getMessage(), e);
    } catch (EOFException e) {
      throw new FileFormatException(source, "truncated or corrupt zip archive: " + e, e);
    }
    if (arrays.isEmpty()) {
      throw new FileFormatException(source, "not an .npz archive (no .npy entries)");
    }
    return arrays;
  }
}
