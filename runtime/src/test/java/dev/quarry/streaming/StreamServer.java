package dev.quarry.streaming;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTP server that sends each queued body in parts, flushing after each (chunked
 * transfer), and can hold a part back until the test opens a gate: so a test can see what the
 * client does before the rest has arrived. It notices when the client goes away mid-body.
 */
final class StreamServer implements AutoCloseable {
  /** A point in a body where the server waits until {@link #open()}. */
  static final class Gate {
    private final CountDownLatch latch = new CountDownLatch(1);

    void open() {
      latch.countDown();
    }
  }

  /** Drops the connection here, without finishing the chunked body: a connection reset. */
  static final String ABORT = "\u0000abort";

  /** Keeps writing this part forever, until the client disconnects. */
  static final String FOREVER = "\u0000forever";

  /** Keeps writing empty lines forever (NDJSON has no comments), until the client disconnects. */
  static final String FOREVER_BLANK = "\u0000forever-blank";

  private record Response(int status, Map<String, String> headers, List<Object> parts) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "stream-server");
    thread.setDaemon(true);
    return thread;
  });
  private final BlockingQueue<Response> responses = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> requestBodies = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> requestPaths = new LinkedBlockingQueue<>();
  final CountDownLatch disconnected = new CountDownLatch(1);

  StreamServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void enqueue(String contentType, List<Object> parts) {
    responses.add(new Response(200, Map.of("content-type", contentType), parts));
  }

  void enqueue(int status, Map<String, String> headers, String body) {
    responses.add(new Response(status, Map.copyOf(headers), List.of(body)));
  }

  void enqueue(int status, String contentType, String body) {
    responses.add(new Response(status, Map.of("content-type", contentType), List.of(body)));
  }

  String takeBody() throws InterruptedException {
    String body = requestBodies.poll(10, TimeUnit.SECONDS);
    if (body == null) {
      throw new AssertionError("no request arrived");
    }
    return body;
  }

  String takePath() throws InterruptedException {
    return requestPaths.poll(10, TimeUnit.SECONDS);
  }

  int requests() {
    return requestBodies.size();
  }

  /** Thrown out of the handler, past the exchange's close: the server then drops the connection. */
  private static final class Abort extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abort() {
      super("aborting the response", null, false, false);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    respond(exchange);
    // Not reached after an Abort: the exchange stays unfinished and the server drops the
    // connection, so the client sees it end inside the chunked body.
    exchange.close();
  }

  private void respond(HttpExchange exchange) throws IOException {
    try {
      requestBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String query = exchange.getRequestURI().getRawQuery();
      requestPaths.add(exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query));
      Response response = responses.poll();
      if (response == null) {
        response = new Response(500, Map.of("content-type", "text/plain"), List.of("nothing queued"));
      }
      response.headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.sendResponseHeaders(response.status, 0);
      OutputStream out = exchange.getResponseBody();
      try {
        for (Object part : response.parts) {
          if (part instanceof Gate gate) {
            gate.latch.await(10, TimeUnit.SECONDS);
          } else if (ABORT.equals(part)) {
            out.flush();
            throw new Abort();
          } else if (FOREVER.equals(part) || FOREVER_BLANK.equals(part)) {
            byte[] filler = (FOREVER.equals(part) ? ": keep-alive\n\n" : "\n")
                .getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 1_000_000; i++) {
              out.write(filler);
              out.flush();
              Thread.sleep(1);
            }
          } else {
            out.write(((String) part).getBytes(StandardCharsets.UTF_8));
            out.flush();
          }
        }
        out.close();
      } catch (IOException e) {
        disconnected.countDown();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
