package dev.quarry.testing;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 for wire tests: it answers with the responses queued by {@link
 * #enqueue}, in order, and records every request it receives.
 *
 * <pre>{@code
 * try (LocalServer server = LocalServer.start()) {
 *   server.enqueue(200, Map.of("x-request-id", "req_1"), "{\"ok\":true}");
 *   ... send to server.baseUrl() + "/v1/chat/completions" ...
 *   LocalServer.Request request = server.takeRequest();
 *   assertThat(request.path()).isEqualTo("/v1/chat/completions");
 * }
 * }</pre>
 *
 * <p>With nothing queued it answers 500 with a text body saying so.
 */
public final class LocalServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "local-server");
    thread.setDaemon(true);
    return thread;
  });
  private final BlockingQueue<Response> responses = new LinkedBlockingQueue<>();
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private final CountDownLatch closed = new CountDownLatch(1);

  private LocalServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Starts a server on a free port of 127.0.0.1. */
  public static LocalServer start() {
    try {
      return new LocalServer();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a local HTTP server", e);
    }
  }

  /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** {@link #baseUrl()} followed by {@code path}. */
  public URI uri(String path) {
    return URI.create(baseUrl() + path);
  }

  /** Queues a response with {@code content-type: application/json}. */
  public void enqueue(int status, String body) {
    enqueue(status, Map.of("content-type", "application/json"), body);
  }

  /** Queues a response with exactly these headers. */
  public void enqueue(int status, Map<String, String> headers, String body) {
    responses.add(new Response(status, Map.copyOf(headers), requireNonNull(body, "body == null")));
  }

  /** Queues a response that never comes: the request hangs until the server is closed. */
  public void enqueueNoResponse() {
    responses.add(new Response(-1, Map.of(), ""));
  }

  /**
   * The oldest request not yet taken. Requests are recorded before they are answered, so after
   * a synchronous call returned its request is here.
   *
   * @throws IllegalStateException when no request arrived
   */
  public Request takeRequest() {
    try {
      Request request = requests.poll(10, TimeUnit.SECONDS);
      if (request == null) {
        throw new IllegalStateException("no request arrived at " + baseUrl());
      }
      return request;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** How many received requests have not been taken. */
  public int requestCount() {
    return requests.size();
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) ->
          headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      URI uri = exchange.getRequestURI();
      requests.add(new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
          Map.copyOf(headers), body));
      Response response = responses.poll();
      if (response == null) {
        response = new Response(500, Map.of("content-type", "text/plain"),
            "LocalServer: no response queued for " + exchange.getRequestMethod() + " " + uri);
      }
      if (response.status == -1) {
        closed.await();
        return;
      }
      byte[] bytes = response.body.getBytes(StandardCharsets.UTF_8);
      response.headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.sendResponseHeaders(response.status, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A request the server received. Header names are lower case; repeated headers are joined by
   * commas.
   */
  public record Request(
      String method, String path, String query, Map<String, String> headers, String body) {
    /** The header's value, or {@code null}. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private record Response(int status, Map<String, String> headers, String body) {}
}
