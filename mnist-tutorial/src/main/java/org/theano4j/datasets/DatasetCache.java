package org.theano4j.datasets;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The download cache of data sets: {@code <root>/<data set id>/<file name>}, each file
 * downloaded once, verified against its pinned SHA-256, and reused offline afterwards.
 *
 * <p>The root is, in this order: the directory given explicitly (the tutorial's
 * {@code --cache-dir}), {@code $THEANO4J_CACHE}, {@code $XDG_CACHE_HOME/theano4j}, else
 * {@code ~/.cache/theano4j}.
 *
 * <p>Every {@link #fetch} re-hashes each cached file before use (about 0.1 s for the 31 MB of
 * Fashion-MNIST): a file damaged after its download is caught, removed and downloaded again,
 * with a warning. When all files are present and verified, the network is not touched.
 */
public final class DatasetCache {
  /** The environment variable naming the cache root. */
  public static final String ENV = "THEANO4J_CACHE";

  private final Path root;
  private final Progress progress;
  private final PrintStream warnings;
  private final HttpDownloader downloader = new HttpDownloader();

  /**
   * A cache in {@code root}.
   *
   * @param progress where the download progress line goes
   * @param warnings where a cached file that failed verification is reported
   */
  public DatasetCache(Path root, Progress progress, PrintStream warnings) {
    this.root = root;
    this.progress = progress;
    this.warnings = warnings;
  }

  /**
   * The cache root: {@code explicit} if not null, else from {@code env} ({@code THEANO4J_CACHE},
   * then {@code XDG_CACHE_HOME}/theano4j), else {@code <userHome>/.cache/theano4j}.
   */
  public static Path root(Path explicit, Map<String, String> env, Path userHome) {
    if (explicit != null) {
      return explicit;
    }
    String own = env.get(ENV);
    if (own != null && !own.isBlank()) {
      return Path.of(own);
    }
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "theano4j");
    }
    return userHome.resolve(".cache").resolve("theano4j");
  }

  /** {@link #root(Path, Map, Path)} for this process's environment and home directory. */
  public static Path defaultRoot(Path explicit) {
    return root(explicit, System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** The cache root. */
  public Path root() {
    return root;
  }

  /** The directory holding {@code dataset}'s files. */
  public Path directory(RemoteDataset dataset) {
    return root.resolve(dataset.id());
  }

  /**
   * The directory holding all of {@code dataset}'s files, verified; the missing ones are
   * downloaded from {@code mirror} (a base URL; null: the data set's default mirror).
   *
   * @throws DownloadException if a file cannot be downloaded or does not match its checksum
   */
  public Path fetch(RemoteDataset dataset, URI mirror) {
    URI base = mirror != null ? mirror : dataset.defaultMirror();
    Path dir = directory(dataset);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data set cache directory " + dir + ": "
          + e, e);
    }
    for (RemoteFile f : dataset.files()) {
      Path target = dir.resolve(f.name());
      if (Files.isRegularFile(target)) {
        String got = Sha256.hex(target);
        if (got.equals(f.sha256())) {
          continue;
        }
        warnings.println("warning: cached " + target + " has SHA-256 " + got + ", expected "
            + f.sha256() + "; downloading it again");
        try {
          Files.delete(target);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot remove the damaged " + target + ": " + e, e);
        }
      }
      downloader.download(resolve(base, f.name()), f, target, progress);
    }
    return dir;
  }

  /** {@code base}'s URL for {@code name}: {@code base/name}, adding the slash if missing. */
  public static URI resolve(URI base, String name) {
    String s = base.toString();
    return URI.create(s.endsWith("/") ? s + name : s + "/" + name);
  }

  /**
   * Parses a mirror URL given on a command line.
   *
   * @throws IllegalArgumentException unless it is an absolute http or https URL
   */
  public static URI mirror(String url) {
    URI u;
    try {
      u = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("--mirror: not a URL: '" + url + "' ("
          + e.getReason() + ")");
    }
    String scheme = u.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || u.getHost() == null) {
      throw new IllegalArgumentException("--mirror must be an http:// or https:// URL, got '"
          + url + "'");
    }
    return u;
  }
}
