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
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 * <p>With nothing queued it answers 500 with a text body saying so, or the response set by {@link
 * #answerAlways}.
 *
 * <p>Faults for reliability tests: {@link #enqueueDelayed} answers late (without holding a server
 * thread, so a thousand delayed answers need no thousand threads), {@link #enqueueCutMidBody}
 * closes the connection halfway through the body, {@link #enqueueSlowBody} sends the headers and
 * half the body and then stalls.
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
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "local-server-timer");
    thread.setDaemon(true);
    return thread;
  });
  private volatile Response always;
  private volatile boolean discardRequests;
  private final AtomicInteger totalRequests = new AtomicInteger();

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

  /** Queues a JSON response sent {@code delay} after the request arrived. */
  public void enqueueDelayed(int status, String body, Duration delay) {
    responses.add(new Response(status, Map.of("content-type", "application/json"), body,
        Fault.DELAY, delay));
  }

  /**
   * Queues a response whose headers announce the whole body but whose connection is closed after
   * half of it: the client sees the connection drop mid-body.
   */
  public void enqueueCutMidBody(int status, String body) {
    responses.add(new Response(status, Map.of("content-type", "application/json"), body,
        Fault.CUT_MID_BODY, Duration.ZERO));
  }

  /** Queues a response that sends its headers and half its body, then stalls for {@code stall}. */
  public void enqueueSlowBody(int status, String body, Duration stall) {
    responses.add(new Response(status, Map.of("content-type", "application/json"), body,
        Fault.SLOW_BODY, stall));
  }

  /**
   * Answers every request for which nothing is queued with this JSON response, {@code delay}
   * after it arrived; for load tests.
   */
  public void answerAlways(int status, String body, Duration delay) {
    always = new Response(status, Map.of("content-type", "application/json"), body,
        Fault.DELAY, delay);
  }

  /** Stops recording requests (a load test does not read them); they are counted still. */
  public void discardRequests() {
    discardRequests = true;
  }

  /** How many requests arrived in all, taken or not. */
  public int totalRequests() {
    return totalRequests.get();
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
    scheduler.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    boolean answerLater = false;
    try {
      Map<String, String> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) ->
          headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      URI uri = exchange.getRequestURI();
      totalRequests.incrementAndGet();
      if (!discardRequests) {
        requests.add(new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
            Map.copyOf(headers), body));
      }
      Response response = responses.poll();
      if (response == null) {
        response = always;
      }
      if (response == null) {
        response = new Response(500, Map.of("content-type", "text/plain"),
            "LocalServer: no response queued for " + exchange.getRequestMethod() + " " + uri);
      }
      if (response.status == -1) {
        closed.await();
        return;
      }
      if (response.fault == Fault.DELAY && response.time.toNanos() > 0) {
        Response late = response;
        scheduler.schedule(() -> {
          try (exchange) {
            respond(exchange, late);
          } catch (IOException ignored) {
            // the client gave up
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, response.time.toNanos(), TimeUnit.NANOSECONDS);
        answerLater = true;
        return;
      }
      respond(exchange, response);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (!answerLater) {
        exchange.close();
      }
    }
  }

  private void respond(HttpExchange exchange, Response response)
      throws IOException, InterruptedException {
    byte[] bytes = response.body.getBytes(StandardCharsets.UTF_8);
    response.headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange.sendResponseHeaders(response.status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length == 0) {
      return;
    }
    OutputStream out = exchange.getResponseBody();
    if (response.fault == Fault.CUT_MID_BODY || response.fault == Fault.SLOW_BODY) {
      out.write(Arrays.copyOf(bytes, bytes.length / 2));
      out.flush();
      if (response.fault == Fault.SLOW_BODY) {
        closed.await(response.time.toMillis(), TimeUnit.MILLISECONDS);
        out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
      }
      // Closing a fixed-length body short of its length drops the connection.
      out.close();
      return;
    }
    try (out) {
      out.write(bytes);
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

  private enum Fault { NONE, DELAY, CUT_MID_BODY, SLOW_BODY }

  private record Response(
      int status, Map<String, String> headers, String body, Fault fault, Duration time) {
    Response(int status, Map<String, String> headers, String body) {
      this(status, headers, body, Fault.NONE, Duration.ZERO);
    }
  }
}
