package org.theano4j.tutorial.mnist.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a data set by a short name or a path, for command lines: {@code mini} (embedded),
 * {@code mnist} or {@code fashion} ({@link DownloadedDatasets}: Debian's Fashion-MNIST, else the
 * download cache in its default place, else a download), a {@code .pkl} / {@code .pkl.gz} file
 * (the tutorial's {@code mnist.pkl.gz}), or a directory of MNIST IDX files.
 */
public final class MnistDatasets {
  private MnistDatasets() {}

  /**
   * The data set named by {@code spec}.
   *
   * @throws DatasetNotFoundException if {@code spec} is neither a known name nor an existing path
   */
  public static MnistData open(String spec) {
    switch (spec) {
      case "mini":
        return MiniMnist.load();
      case "mnist":
      case "fashion":
        return DownloadedDatasets.standard(null, null).load(spec);
      default:
        Path p = Path.of(spec);
        if (Files.isDirectory(p)) {
          return MnistIdx.load(p);
        }
        if (spec.endsWith(".pkl") || spec.endsWith(".pkl.gz")) {
          return MnistPickle.load(p);
        }
        if (!Files.exists(p) && (spec.contains("/") || spec.contains(p.getFileSystem()
            .getSeparator()))) {
          throw new DatasetNotFoundException("data set path " + spec + " does not exist"
              + " (expected a directory of MNIST IDX files or mnist.pkl.gz)");
        }
        throw new DatasetNotFoundException("unknown data set '" + spec + "': use mini, mnist, fashion,"
            + " a directory of MNIST IDX files, or a path to mnist.pkl.gz");
    }
  }
}
