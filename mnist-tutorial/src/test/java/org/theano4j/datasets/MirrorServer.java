package org.theano4j.datasets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP mirror for download tests (the JDK's {@code com.sun.net.httpserver}). Under
 * {@code /good/}, {@code /corrupt/} (one byte changed), {@code /oversized/} (one byte more than
 * the file), {@code /redirect/} (302 to {@code /good/}) and {@code /missing/} (404) it serves the files it was given by name;
 * {@code /truncated/} is served by a raw socket that declares the full Content-Length, sends
 * half of the file and closes the connection.
 */
public final class MirrorServer implements AutoCloseable {
  private final HttpServer server;
  private final ServerSocket raw;
  private final Thread rawThread;
  private final Map<String, byte[]> files;
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<String, AtomicInteger> perPath = new ConcurrentHashMap<>();

  public MirrorServer(Map<String, byte[]> files) throws IOException {
    this.files = Map.copyOf(files);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
    raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    rawThread = new Thread(this::serveTruncated, "truncating-mirror");
    rawThread.setDaemon(true);
    rawThread.start();
  }

  /** Answers each request with a Content-Length of the whole file and half of its bytes. */
  private void serveTruncated() {
    while (!raw.isClosed()) {
      try (Socket s = raw.accept()) {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
            StandardCharsets.ISO_8859_1));
        String requestLine = in.readLine();
        for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
          // skip the headers
        }
        requests.incrementAndGet();
        String path = requestLine == null ? "" : requestLine.split(" ")[1];
        perPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        byte[] data = files.get(path.substring(path.lastIndexOf('/') + 1));
        OutputStream out = s.getOutputStream();
        if (data == null) {
          out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
              .getBytes(StandardCharsets.ISO_8859_1));
        } else {
          out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + data.length
              + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
          out.write(data, 0, data.length / 2);
        }
        out.flush();
      } catch (IOException e) {
        // closed by close(), or the client hung up: nothing to serve
      }
    }
  }

  /** The base URL of one behaviour: good, corrupt, truncated, oversized or missing. */
  public URI base(String behaviour) {
    if (behaviour.equals("truncated")) {
      return URI.create("http://127.0.0.1:" + raw.getLocalPort() + "/truncated/");
    }
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + behaviour
        + "/");
  }

  /** The number of requests served so far. */
  public int requests() {
    return requests.get();
  }

  /** The number of requests for {@code path}, e.g. {@code /good/train-images-idx3-ubyte.gz}. */
  public int requests(String path) {
    AtomicInteger n = perPath.get(path);
    return n == null ? 0 : n.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    String path = ex.getRequestURI().getPath();
    perPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    String[] parts = path.split("/");
    byte[] data = parts.length == 3 ? files.get(parts[2]) : null;
    try (ex) {
      if (data == null || parts[1].equals("missing")) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      switch (parts[1]) {
        case "good":
          send(ex, data, data.length);
          break;
        case "corrupt":
          byte[] bad = data.clone();
          bad[bad.length / 2] ^= 0x5a;
          send(ex, bad, bad.length);
          break;
        case "redirect":
          ex.getResponseHeaders().set("Location", "/good/" + parts[2]);
          ex.sendResponseHeaders(302, -1);
          break;
        case "oversized":
          byte[] big = java.util.Arrays.copyOf(data, data.length + 1);
          send(ex, big, big.length);
          break;
        default:
          ex.sendResponseHeaders(404, -1);
      }
    }
  }

  private static void send(HttpExchange ex, byte[] body, long declared) throws IOException {
    ex.sendResponseHeaders(200, declared);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    try {
      raw.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
