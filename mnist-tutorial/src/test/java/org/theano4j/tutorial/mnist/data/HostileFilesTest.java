package org.theano4j.tutorial.mnist.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.io.FileFormatException;

/**
 * The hostile files of the reliability review: each must end in a {@link FileFormatException}
 * that says what was wrong, never in OutOfMemoryError or StackOverflowError.
 */
class HostileFilesTest {
  @TempDir Path dir;

  private static Object unpickle(byte[] b) throws Exception {
    return RestrictedUnpickler.load(new ByteArrayInputStream(b), "h.pkl");
  }

  // ------------------------------------------------------------------------------ IDX

  @Test
  void idxGzipBombBehindASmallHeaderIsRefusedAfterTheDeclaredBytes() throws Exception {
    Path p = HostileFiles.idxLabelBomb(dir.resolve("train-labels-idx1-ubyte.gz"));
    assertThat(Files.size(p)).isLessThan(3_000_000); // 2 GiB inflated
    assertThatThrownBy(() -> IdxReader.read(p))
        .isInstanceOf(FileFormatException.class)
        .hasMessage(p + ": header says 100 items of 1 bytes (dimensions [100], 100 bytes of"
            + " data) but the file has more than 1048676 bytes of data (trailing bytes)");
  }

  @Test
  void gzippedIdxWithTruncatedOrTrailingDataIsRefused() throws Exception {
    byte[] idx = IdxReaderTest.labels(1, 2, 3);
    Path shortGz = Files.write(dir.resolve("short.gz"),
        HostileFiles.gzipMember(Arrays.copyOf(idx, idx.length - 1)));
    assertThatThrownBy(() -> IdxReader.read(shortGz))
        .isInstanceOf(FileFormatException.class)
        .hasMessage(shortGz + ": header says 3 items of 1 bytes (dimensions [3], 3 bytes of"
            + " data) but the file has 2 bytes of data (truncated?)");
    Path longGz = Files.write(dir.resolve("long.gz"),
        HostileFiles.gzipMember(Arrays.copyOf(idx, idx.length + 5)));
    assertThatThrownBy(() -> IdxReader.read(longGz))
        .hasMessageEndingWith("but the file has 8 bytes of data (trailing bytes)");
  }

  @Test
  void idxDimensionsWhoseProductOverflowsAreRefusedExactly() {
    int big = Integer.MAX_VALUE;
    // (2^31 - 1)^3 is about 9.9e27: past a long, which a plain long product would wrap.
    assertThatThrownBy(() -> IdxReader.parse(HostileFiles.idxHeader(big, big, big), "o"))
        .isInstanceOf(FileFormatException.class)
        .hasMessage("o: IDX header: dimensions [2147483647, 2147483647, 2147483647] of 1-byte"
            + " elements overflow a 64-bit size");
    // 255 dimensions of 2 (2^255): a long product wraps to 0, which would "match" no data.
    int[] twos = new int[255];
    Arrays.fill(twos, 2);
    assertThatThrownBy(() -> IdxReader.parse(HostileFiles.idxHeader(twos), "t"))
        .hasMessageContaining("overflow a 64-bit size");
    // 60000 x 28 x 28 x 28 = 1.3e9 bytes: representable, above the 1 GiB limit.
    assertThatThrownBy(() -> IdxReader.parse(HostileFiles.idxHeader(60000, 28, 28, 28), "l"))
        .hasMessage("l: IDX header: dimensions [60000, 28, 28, 28] of 1-byte elements declare"
            + " 1317120000 bytes, more than the limit of 1073741824 bytes (1 GiB) per array");
    byte[] huge = HostileFiles.idxHeader(1);
    huge[4] = (byte) 0xff; // 0xff000001 > 2^31 - 1
    assertThatThrownBy(() -> IdxReader.parse(huge, "d"))
        .hasMessage("d: dimension 0 of 4278190081 is too large (more than 2^31 - 1)");
  }

  @Test
  void idxHeaderDeclaringMuchMoreThanTheFileHoldsAllocatesOnlyWhatIsThere() {
    // 1 GiB declared (the limit), 10 bytes present: refused as truncated, no 1 GiB array.
    byte[] f = Arrays.copyOf(HostileFiles.idxHeader(1024, 1024, 1024), 16 + 10);
    assertThatThrownBy(() -> IdxReader.parse(f, "g"))
        .hasMessageEndingWith("1073741824 bytes of data) but the file has 10 bytes of data"
            + " (truncated?)");
  }

  // ------------------------------------------------------------------------------ pickle

  @Test
  void gzippedMarkBombStopsAtTheStackLimit() throws Exception {
    Path p = HostileFiles.markBomb(dir.resolve("marks.pkl.gz"));
    assertThat(Files.size(p)).isLessThan(1_000_000); // 300 MB of MARKs inflated
    assertThatThrownBy(() -> MnistPickle.load(p))
        .isInstanceOf(FileFormatException.class)
        .hasMessage(p + ": pickle stack exceeds 100000 entries at offset 100003 (limit of this"
            + " reader; MNIST pickles need a few dozen)");
  }

  @Test
  void memoBombStopsAtTheElementLimit() {
    // 120 rounds x 50,000 references: 6 M list items from 12 MB. Each reference counts once
    // when BINGET pushes it and once when APPENDS stores it: refused at round 100's APPENDS.
    byte[] b = HostileFiles.memoBomb(120);
    assertThatThrownBy(() -> unpickle(b))
        .isInstanceOf(FileFormatException.class)
        .hasMessage("h.pkl: pickle makes more than 10000000 objects and container"
            + " items (limit of this reader) by offset " + (5 + 100 * 100_002));
    // 60 rounds (3 M references, 6 M counted) are within the limits and give that list.
    assertThat(unpickleQuietly(HostileFiles.memoBomb(60))).hasSize(60 * 50_000);
  }

  private static List<?> unpickleQuietly(byte[] b) {
    try {
      return (List<?>) unpickle(b);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void memoWithMoreThanTheLimitOfEntriesIsRefused() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('N');
    for (int i = 0; i <= RestrictedUnpickler.MAX_MEMO; i++) {
      out.writeBytes(new byte[] {'r', (byte) i, (byte) (i >>> 8), (byte) (i >>> 16), 0});
    }
    out.write('.');
    assertThatThrownBy(() -> unpickle(out.toByteArray()))
        .hasMessage("h.pkl: pickle memo exceeds 100000 entries at offset 500001 (limit of this"
            + " reader)");
  }

  @Test
  void selfReferentialListAsADictKeyIsUnhashableAsInPython() {
    byte[] b = HostileFiles.selfReferentialKey();
    assertThat(b).hasSize(10);
    assertThatThrownBy(() -> unpickle(b))
        .isInstanceOf(FileFormatException.class)
        .hasMessage("h.pkl: unhashable type: 'list' in a dict key at offset 8");
    // A tuple holding a list is unhashable too; a tuple of scalars is a fine key.
    byte[] inTuple = {'}', ']', (byte) 0x85, 'N', 's', '.'};
    assertThatThrownBy(() -> unpickle(inTuple))
        .hasMessage("h.pkl: unhashable type: 'list' in a dict key at offset 4 (inside a tuple)");
    Map<?, ?> ok = (Map<?, ?>) unpickleQuietlyObject(
        new byte[] {'}', 'K', 7, (byte) 0x85, 'N', 's', '.'});
    assertThat(ok.keySet()).isEqualTo(java.util.Set.of(List.of(7L)));
  }

  private static Object unpickleQuietlyObject(byte[] b) {
    try {
      return unpickle(b);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void millionDeepNestingIsRefusedAtAFixedDepth() {
    assertThatThrownBy(() -> unpickle(HostileFiles.nestedTuples(1_000_000)))
        .isInstanceOf(FileFormatException.class)
        .hasMessage("h.pkl: tuples, lists and dicts nested more than 1000 deep at offset 1000"
            + " (limit of this reader)");
    assertThatThrownBy(() -> unpickle(HostileFiles.nestedLists(2000)))
        .hasMessageContaining("nested more than 1000 deep");
    // A million nested lists need a million stack entries first.
    assertThatThrownBy(() -> unpickle(HostileFiles.nestedLists(1_000_000)))
        .hasMessageContaining("pickle stack exceeds 100000 entries");
    // 1000 deep is allowed: 999 TUPLE1 around the empty tuple.
    Object t = unpickleQuietlyObject(HostileFiles.nestedTuples(999));
    for (int d = 0; d < 999; d++) {
      assertThat((List<?>) t).hasSize(1);
      t = ((List<?>) t).get(0);
    }
    assertThat((List<?>) t).isEmpty();
  }

  @Test
  void hugeIntegersAndStringsAreRefusedBeforeTheyAreRead() {
    byte[] long4 = {(byte) 0x8b, 0, 0, 0, 0x40, '.'}; // a 1 GiB integer
    assertThatThrownBy(() -> unpickle(long4))
        .hasMessage("h.pkl: integer of 1073741824 bytes at offset 0 (limit 256 bytes)");
    byte[] bytes8 = {(byte) 0x8e, 0, 0, 0, 0, 1, 0, 0, 0, '.'}; // 2^32 bytes
    assertThatThrownBy(() -> unpickle(bytes8))
        .hasMessage("h.pkl: bad length 4294967296 at offset 0 (0 to 1073741824 bytes allowed)");
  }
}
