package org.theano4j.tutorial.mnist.data;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.theano4j.datasets.DatasetCache;
import org.theano4j.datasets.Progress;
import org.theano4j.datasets.RemoteDataset;

/**
 * The full-size sets by name, {@code mnist} and {@code fashion}: looked for first in the
 * system directories (for {@code fashion}: Debian's {@code dataset-fashion-mnist} in
 * {@link FashionMnist#DEBIAN_DIR}), then in the download cache, and downloaded into the cache
 * (with checksums) when missing there. 50,000 train / 10,000 validation / 10,000 test.
 */
public final class DownloadedDatasets {
  /** The names this class loads. */
  public static final List<String> NAMES = List.of("mnist", "fashion");

  private final DatasetCache cache;
  private final URI mirror;
  private final List<Path> fashionSystemDirs;
  private final RemoteDataset mnist;
  private final RemoteDataset fashion;

  /**
   * Loads from {@code cache}, downloading from {@code mirror} (null: each set's default).
   */
  public DownloadedDatasets(DatasetCache cache, URI mirror) {
    this(cache, mirror, List.of(FashionMnist.DEBIAN_DIR), RemoteDataset.MNIST,
        RemoteDataset.FASHION_MNIST);
  }

  /**
   * The sets as the command line loads them: the cache in {@code cacheDir} (null: the default
   * place, see {@link DatasetCache#root}), downloads from {@code mirror} (null: each set's
   * default), progress on a terminal's standard error, warnings on standard error.
   */
  public static DownloadedDatasets standard(Path cacheDir, URI mirror) {
    return new DownloadedDatasets(new DatasetCache(DatasetCache.defaultRoot(cacheDir),
        Progress.onTerminal(), System.err), mirror);
  }

  /**
   * As {@link #DownloadedDatasets(DatasetCache, URI)}, with other system directories for
   * Fashion-MNIST and other file tables (tests serve synthetic files with their checksums).
   */
  public DownloadedDatasets(DatasetCache cache, URI mirror, List<Path> fashionSystemDirs,
      RemoteDataset mnist, RemoteDataset fashion) {
    this.cache = cache;
    this.mirror = mirror;
    this.fashionSystemDirs = List.copyOf(fashionSystemDirs);
    this.mnist = mnist;
    this.fashion = fashion;
  }

  /**
   * The set named {@code name} ({@code mnist} or {@code fashion}).
   *
   * @throws IllegalArgumentException for another name
   * @throws org.theano4j.datasets.DownloadException if a download fails or a checksum differs
   */
  public MnistData load(String name) {
    switch (name) {
      case "mnist": {
        Path dir = cache.fetch(mnist, mirror);
        MnistData d = MnistIdx.load(dir);
        return new MnistData("MNIST " + dir, d.train(), d.valid(), d.test());
      }
      case "fashion":
        for (Path system : fashionSystemDirs) {
          if (Files.isDirectory(system)) {
            return FashionMnist.load(system);
          }
        }
        return FashionMnist.load(cache.fetch(fashion, mirror));
      default:
        throw new IllegalArgumentException("not a downloadable data set: '" + name
            + "'; expected one of " + NAMES);
    }
  }
}
