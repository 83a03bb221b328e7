package org.theano4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCacheTest {
  private static final String LABELS = "train-labels-idx1-ubyte.gz";

  @TempDir Path cacheRoot;
  private final SyntheticMnistFiles synthetic = new SyntheticMnistFiles(30, 10);
  private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
  private MirrorServer server;
  private DatasetCache cache;

  @BeforeEach
  void start() throws IOException {
    server = new MirrorServer(synthetic.files);
    cache = new DatasetCache(cacheRoot, Progress.quiet(),
        new PrintStream(warnings, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RemoteDataset dataset(String behaviour) {
    return synthetic.dataset("synthetic", server.base(behaviour));
  }

  /** Every entry of the data set's cache directory, hidden temporary files included. */
  private List<String> cached() throws IOException {
    Path dir = cacheRoot.resolve("synthetic");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void goodFilesAreDownloadedVerifiedAndThenUsedOffline() throws IOException {
    Path dir = cache.fetch(dataset("good"), null);
    assertThat(dir).isEqualTo(cacheRoot.resolve("synthetic"));
    assertThat(cached()).containsExactlyInAnyOrderElementsOf(synthetic.files.keySet());
    for (Map.Entry<String, byte[]> e : synthetic.files.entrySet()) {
      assertThat(Files.readAllBytes(dir.resolve(e.getKey()))).isEqualTo(e.getValue());
    }
    assertThat(server.requests()).isEqualTo(4);

    server.close(); // offline from here on
    assertThat(cache.fetch(dataset("good"), null)).isEqualTo(dir);
    assertThat(cached()).hasSize(4);
    assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void anExplicitMirrorOverridesTheDefaultOne() throws IOException {
    RemoteDataset unreachable = synthetic.dataset("synthetic", server.base("missing"));
    cache.fetch(unreachable, server.base("good"));
    assertThat(server.requests("/good/" + LABELS)).isEqualTo(1);
    assertThat(server.requests("/missing/" + LABELS)).isZero();
    URI noSlash = URI.create(server.base("good").toString().replaceAll("/$", ""));
    assertThat(DatasetCache.resolve(noSlash, LABELS)).isEqualTo(server.base("good")
        .resolve(LABELS));
  }

  @Test
  void redirectsAreFollowed() throws IOException {
    cache.fetch(dataset("redirect"), null);
    assertThat(cached()).hasSize(4);
    assertThat(server.requests("/redirect/" + LABELS)).isEqualTo(1);
    assertThat(server.requests("/good/" + LABELS)).isEqualTo(1);
  }

  @Test
  void aCorruptedFileIsRejectedNamingBothChecksumsAndNotKept() throws IOException {
    byte[] bad = synthetic.files.get("train-images-idx3-ubyte.gz").clone();
    bad[bad.length / 2] ^= 0x5a;
    String expected = SyntheticMnistFiles.sha256(synthetic.files.get(
        "train-images-idx3-ubyte.gz"));
    assertThatThrownBy(() -> cache.fetch(dataset("corrupt"), null))
        .isInstanceOf(DownloadException.class)
        .hasMessage("checksum mismatch for train-images-idx3-ubyte.gz from "
            + server.base("corrupt") + "train-images-idx3-ubyte.gz: expected SHA-256 "
            + expected + " (" + bad.length + " bytes), got " + SyntheticMnistFiles.sha256(bad)
            + " (" + bad.length + " bytes); the download was discarded");
    assertThat(cached()).isEmpty();
  }

  @Test
  void aTruncatedTransferLeavesNoPartialFile() throws IOException {
    int full = synthetic.files.get("train-images-idx3-ubyte.gz").length;
    assertThatThrownBy(() -> cache.fetch(dataset("truncated"), null))
        .isInstanceOf(DownloadException.class)
        .hasMessageStartingWith("truncated transfer from " + server.base("truncated")
            + "train-images-idx3-ubyte.gz: got " + full / 2 + " of " + full + " bytes (")
        .hasMessageEndingWith("); the download was discarded");
    assertThat(cached()).isEmpty();
  }

  @Test
  void moreBytesThanPinnedAreRefused() throws IOException {
    assertThatThrownBy(() -> cache.fetch(dataset("oversized"), null))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("too much data for train-images-idx3-ubyte.gz");
    assertThat(cached()).isEmpty();
  }

  @Test
  void http404IsNamedWithItsReason() throws IOException {
    assertThatThrownBy(() -> cache.fetch(dataset("missing"), null))
        .isInstanceOf(DownloadException.class)
        .hasMessage("cannot download " + server.base("missing")
            + "train-images-idx3-ubyte.gz: HTTP 404 Not Found");
    assertThat(cached()).isEmpty();
  }

  @Test
  void noServerIsACannotConnectError() throws IOException {
    RemoteDataset d = dataset("good");
    server.close();
    assertThatThrownBy(() -> cache.fetch(d, null))
        .isInstanceOf(DownloadException.class)
        .hasMessageStartingWith("cannot download " + server.base("good")
            + "train-images-idx3-ubyte.gz: cannot connect")
        .hasMessageContaining("no network?");
    assertThat(cached()).isEmpty();
  }

  @Test
  void aCachedFileDamagedLaterIsDownloadedAgainWithAWarning() throws IOException {
    Path dir = cache.fetch(dataset("good"), null);
    Files.write(dir.resolve(LABELS), new byte[] {1, 2, 3});
    cache.fetch(dataset("good"), null);
    assertThat(Files.readAllBytes(dir.resolve(LABELS))).isEqualTo(synthetic.files.get(LABELS));
    assertThat(server.requests("/good/" + LABELS)).isEqualTo(2);
    assertThat(server.requests("/good/train-images-idx3-ubyte.gz")).isEqualTo(1);
    assertThat(warnings.toString(StandardCharsets.UTF_8)).startsWith("warning: cached "
        + dir.resolve(LABELS) + " has SHA-256 " + SyntheticMnistFiles.sha256(
            new byte[] {1, 2, 3}) + ", expected ");
  }

  @Test
  void progressGoesToTheGivenStreamInPlace() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new DatasetCache(cacheRoot, Progress.to(new PrintStream(out, true, StandardCharsets.UTF_8)),
        System.err).fetch(dataset("good"), null);
    String s = out.toString(StandardCharsets.UTF_8);
    int size = synthetic.files.get(LABELS).length;
    assertThat(s).contains("\rdownloading train-images-idx3-ubyte.gz 100%",
        String.format(java.util.Locale.ROOT, "\rdownloading %s 100%%  %.1f kB / %.1f kB\n",
            LABELS, size / 1e3, size / 1e3));
    // one line per file, rewritten in place
    assertThat(s.chars().filter(c -> c == '\n').count()).isEqualTo(4);
  }

  @Test
  void theCacheRootFollowsFlagThenEnvironmentThenXdgThenHome() {
    Path home = Path.of("/home/u");
    assertThat(DatasetCache.root(Path.of("/flag"), Map.of("THEANO4J_CACHE", "/env"), home))
        .isEqualTo(Path.of("/flag"));
    assertThat(DatasetCache.root(null, Map.of("THEANO4J_CACHE", "/env",
        "XDG_CACHE_HOME", "/xdg"), home)).isEqualTo(Path.of("/env"));
    assertThat(DatasetCache.root(null, Map.of("XDG_CACHE_HOME", "/xdg"), home))
        .isEqualTo(Path.of("/xdg/theano4j"));
    // the XDG specification says a relative XDG_CACHE_HOME is invalid and to be ignored
    assertThat(DatasetCache.root(null, Map.of("XDG_CACHE_HOME", "rel"), home))
        .isEqualTo(Path.of("/home/u/.cache/theano4j"));
    assertThat(DatasetCache.root(null, Map.of(), home))
        .isEqualTo(Path.of("/home/u/.cache/theano4j"));
  }

  @Test
  void mirrorsMustBeHttpUrls() {
    assertThat(DatasetCache.mirror("https://example.org/data/"))
        .isEqualTo(URI.create("https://example.org/data/"));
    assertThatThrownBy(() -> DatasetCache.mirror("ftp://example.org/"))
        .hasMessage("--mirror must be an http:// or https:// URL, got 'ftp://example.org/'");
    assertThatThrownBy(() -> DatasetCache.mirror("/local/dir"))
        .hasMessage("--mirror must be an http:// or https:// URL, got '/local/dir'");
    assertThatThrownBy(() -> DatasetCache.mirror("http://a b/"))
        .hasMessageStartingWith("--mirror: not a URL: 'http://a b/'");
  }

  @Test
  void fileTablesRejectMalformedEntries() {
    assertThatThrownBy(() -> new RemoteFile("../x", 1, "0".repeat(64)))
        .hasMessageContaining("plain file name");
    assertThatThrownBy(() -> new RemoteFile("x.gz", 1, "ABC"))
        .hasMessage("SHA-256 of x.gz must be 64 lower-case hex digits, got 'ABC'");
  }
}
