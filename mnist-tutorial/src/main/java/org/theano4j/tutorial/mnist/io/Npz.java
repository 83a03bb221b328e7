package org.theano4j.tutorial.mnist.io;

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
import org.theano4j.tutorial.mnist.data.DataFormatException;
import org.theano4j.tutorial.mnist.data.DatasetNotFoundException;
import org.theano4j.tutorial.mnist.data.ReadLimits;

/**
 * Reads and writes NumPy {@code .npz} archives: a zip of {@code <name>.npy} files, as
 * {@code numpy.savez} writes (entries stored uncompressed) and {@code numpy.load} reads.
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

  /** Writes {@code arrays} (name to array, in iteration order) to {@code path}. */
  public static void write(Path path, Map<String, NDArray> arrays) {
    try (OutputStream out = Files.newOutputStream(path)) {
      write(out, arrays);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** Writes {@code arrays} as an {@code .npz} archive to {@code out} (left open). */
  public static void write(OutputStream out, Map<String, NDArray> arrays) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
      byte[] npy = Npy.toBytes(e.getValue());
      ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(npy.length);
      entry.setCompressedSize(npy.length);
      CRC32 crc = new CRC32();
      crc.update(npy);
      entry.setCrc(crc.getValue());
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
   * @throws DatasetNotFoundException if the file does not exist
   * @throws DataFormatException if the archive or an entry is malformed
   */
  public static Map<String, NDArray> read(Path path) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
      return read(in, path.toString());
    } catch (NoSuchFileException e) {
      throw new DatasetNotFoundException("npz file not found: " + path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
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
          throw new DataFormatException(source, "entry " + name + " is not a .npy file");
        }
        NDArray a = Npy.read(zip, source + "!" + name);
        total += (long) a.size() * a.dtype().byteSize();
        if (total > ReadLimits.MAX_ARRAY_BYTES) {
          throw new DataFormatException(source, "the arrays up to " + name + " hold " + total
              + " bytes, more than the limit of " + ReadLimits.MAX_ARRAY_BYTES + " per archive");
        }
        arrays.put(name.substring(0, name.length() - 4), a);
      }
    } catch (ZipException e) {
      throw new DataFormatException(source, "corrupt zip archive: " + e.getMessage(), e);
    } catch (EOFException e) {
      throw new DataFormatException(source, "truncated or corrupt zip archive: " + e, e);
    }
    if (arrays.isEmpty()) {
      throw new DataFormatException(source, "not an .npz archive (no .npy entries)");
    }
    return arrays;
  }
}
