package org.theano4j.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Downloads one {@link RemoteFile} with the JDK's {@link HttpURLConnection} (chosen over
 * {@code java.net.http.HttpClient} for its read timeout: a stalled server fails the download
 * instead of hanging it) into a temporary file in the target's directory, checks its length
 * and SHA-256, and only then moves it atomically to its name. Whatever goes wrong, the
 * temporary file is deleted: the cache never holds a partial or unverified file.
 */
final class HttpDownloader {
  private static final int CONNECT_TIMEOUT_MS = 30_000;
  /** The longest wait for the next bytes of a response. */
  private static final int READ_TIMEOUT_MS = 60_000;
  private static final int MAX_REDIRECTS = 5;
  private static final Map<Integer, String> REASONS = Map.ofEntries(
      Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
      Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(410, "Gone"),
      Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"),
      Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
      Map.entry(504, "Gateway Timeout"));

  /**
   * Fetches {@code url} into {@code target}, which then holds exactly {@code file}'s bytes.
   *
   * @throws DownloadException naming {@code url} and the failure; {@code target} is untouched
   */
  void download(URI url, RemoteFile file, Path target, Progress progress) {
    Path tmp;
    try {
      tmp = Files.createTempFile(target.getParent(), "." + file.name() + ".", ".part");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write in the cache directory "
          + target.getParent() + ": " + e, e);
    }
    try {
      Received got = fetch(url, file, tmp, progress);
      if (!got.sha256().equals(file.sha256())) {
        throw new DownloadException("checksum mismatch for " + file.name() + " from " + url
            + ": expected SHA-256 " + file.sha256() + " (" + file.size() + " bytes), got "
            + got.sha256() + " (" + got.bytes() + " bytes); the download was discarded");
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the download of " + file.name() + " to "
          + target + ": " + e, e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // the download already failed or moved; a leftover .part is never read as data
      }
    }
  }

  /** What arrived: its SHA-256 and length. */
  private record Received(String sha256, long bytes) {}

  /** Streams the response body into {@code tmp}; returns the SHA-256 of what arrived. */
  private static Received fetch(URI url, RemoteFile file, Path tmp, Progress progress) {
    HttpURLConnection conn = open(url, tmp.getParent());
    try {
      long declared = conn.getContentLengthLong();
      MessageDigest digest = Sha256.digest();
      long n = 0;
      byte[] buf = new byte[1 << 16];
      progress.start(file.name(), declared >= 0 ? declared : file.size());
      try (InputStream in = conn.getInputStream(); OutputStream out = Files.newOutputStream(tmp)) {
        for (int r; (r = read(in, buf, url, n, declared)) > 0; ) {
          n += r;
          if (n > file.size()) {
            throw new DownloadException("too much data for " + file.name() + " from " + url
                + ": more than the expected " + file.size() + " bytes; the download was"
                + " discarded");
          }
          digest.update(buf, 0, r);
          out.write(buf, 0, r);
          progress.update(n);
        }
      } catch (IOException e) {
        throw new DownloadException("cannot download " + url + " into " + tmp.getParent()
            + ": " + describe(e), e);
      } finally {
        progress.end();
      }
      if (declared >= 0 && n < declared) {
        throw truncated(url, n, declared, "the connection ended early");
      }
      return new Received(Sha256.hex(digest), n);
    } finally {
      conn.disconnect();
    }
  }

  /** Connects to {@code url}, following redirects (also http to https); status 200 or fails. */
  private static HttpURLConnection open(URI url, Path cacheDir) {
    URI at = url;
    for (int hops = 0; ; hops++) {
      HttpURLConnection conn;
      int status;
      try {
        conn = (HttpURLConnection) at.toURL().openConnection();
        conn.setConnectTimeout(CONNECT_TIMEOUT_MS);
        conn.setReadTimeout(READ_TIMEOUT_MS);
        conn.setInstanceFollowRedirects(false);
        status = conn.getResponseCode();
      } catch (IOException | IllegalArgumentException e) {
        throw new DownloadException("cannot download " + at + ": " + describe(e)
            + " (no network? try another mirror, or copy the files into " + cacheDir + ")", e);
      }
      if (status == 200) {
        return conn;
      }
      String location = conn.getHeaderField("Location");
      conn.disconnect();
      if (status / 100 == 3 && location != null && hops < MAX_REDIRECTS) {
        at = at.resolve(location);
        continue;
      }
      throw new DownloadException("cannot download " + at + ": HTTP " + status + " "
          + REASONS.getOrDefault(status, status / 100 == 3 ? "redirect" : "error")
          + (status / 100 == 3 && hops >= MAX_REDIRECTS ? " (more than " + MAX_REDIRECTS
              + " redirects)" : ""));
    }
  }

  /** One read; a failure after {@code n} of {@code declared} bytes is a truncated transfer. */
  private static int read(InputStream in, byte[] buf, URI url, long n, long declared) {
    try {
      return in.read(buf);
    } catch (IOException e) {
      throw truncated(url, n, declared, describe(e));
    }
  }

  private static DownloadException truncated(URI url, long got, long declared, String why) {
    return new DownloadException("truncated transfer from " + url + ": got " + got + " of "
        + (declared >= 0 ? declared + " bytes" : "an unknown number of bytes") + " (" + why
        + "); the download was discarded");
  }

  /** A failure in words; JDK network exceptions often have no message or only a host name. */
  static String describe(Exception e) {
    String msg = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof UnknownHostException) {
      return "unknown host " + msg;
    }
    if (e instanceof SocketTimeoutException) {
      return "timed out" + (msg.isBlank() ? "" : " (" + msg + ")");
    }
    if (e instanceof ConnectException) {
      return "cannot connect" + (msg.isBlank() ? "" : " (" + msg + ")");
    }
    return msg.isBlank() ? e.getClass().getSimpleName() : msg;
  }
}
