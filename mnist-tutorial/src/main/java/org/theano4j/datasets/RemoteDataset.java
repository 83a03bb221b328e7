package org.theano4j.datasets;

import java.net.URI;
import java.util.List;

/**
 * A data set made of files fetched from a mirror (a base URL under which each file's name is
 * requested) and cached in {@code <cache>/<id>/}.
 *
 * <p>{@link #MNIST} and {@link #FASHION_MNIST} pin the size and SHA-256 of the four official
 * IDX {@code .gz} files of each set; where the checksums come from is in docs/tutorial.md
 * ("Data sets").
 */
public record RemoteDataset(String id, String title, URI defaultMirror, List<RemoteFile> files) {
  /**
   * MNIST (Yann LeCun, Corinna Cortes, Christopher J. C. Burges), from the mirror PyTorch
   * uses, since yann.lecun.com no longer serves the files reliably.
   */
  public static final RemoteDataset MNIST = new RemoteDataset("mnist", "MNIST",
      URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"), List.of(
          new RemoteFile("train-images-idx3-ubyte.gz", 9912422,
              "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
          new RemoteFile("train-labels-idx1-ubyte.gz", 28881,
              "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
          new RemoteFile("t10k-images-idx3-ubyte.gz", 1648877,
              "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
          new RemoteFile("t10k-labels-idx1-ubyte.gz", 4542,
              "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")));

  /** Fashion-MNIST (Zalando Research, MIT licence), from the address its README gives. */
  public static final RemoteDataset FASHION_MNIST = new RemoteDataset("fashion-mnist",
      "Fashion-MNIST", URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
      List.of(
          new RemoteFile("train-images-idx3-ubyte.gz", 26421880,
              "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
          new RemoteFile("train-labels-idx1-ubyte.gz", 29515,
              "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
          new RemoteFile("t10k-images-idx3-ubyte.gz", 4422102,
              "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
          new RemoteFile("t10k-labels-idx1-ubyte.gz", 5148,
              "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5")));

  /** Checks that the id is a plain directory name and that there are files. */
  public RemoteDataset {
    if (id == null || !id.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new IllegalArgumentException("a data set id must be a plain lower-case directory"
          + " name, got '" + id + "'");
    }
    files = List.copyOf(files);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("data set " + id + " has no files");
    }
  }
}
