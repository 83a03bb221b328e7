package org.theano4j.tutorial.mnist.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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
   * {@code .npy}) to array, in archive order.
   *
   * @throws DatasetNotFoundException if the file does not exist
   * @throws DataFormatException if the archive or an entry is malformed
   */
  public static Map<String, NDArray> read(Path path) {
    try {
      return read(Files.readAllBytes(path), path.toString());
    } catch (NoSuchFileException e) {
      throw new DatasetNotFoundException("npz file not found: " + path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** As {@link #read(Path)} on the bytes of an archive; {@code source} names it in errors. */
  public static Map<String, NDArray> read(byte[] archive, String source) {
    Map<String, NDArray> arrays = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        String name = entry.getName();
        if (!name.endsWith(".npy")) {
          throw new DataFormatException(source, "entry " + name + " is not a .npy file");
        }
        byte[] npy = zip.readAllBytes();
        arrays.put(name.substring(0, name.length() - 4),
            Npy.fromBytes(npy, source + "!" + name));
      }
    } catch (ZipException e) {
      throw new DataFormatException(source, "corrupt zip archive: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new DataFormatException(source, "truncated or corrupt zip archive: " + e, e);
    }
    if (arrays.isEmpty()) {
      throw new DataFormatException(source, "not an .npz archive (no .npy entries)");
    }
    return arrays;
  }
}
