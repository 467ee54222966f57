package dev.quarry.testing.batch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.quarry.testing.LocalServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the local batch servers share: a JDK {@link HttpServer} on 127.0.0.1, the requests it
 * received, a clock that tests move forward (for expiry), the counts of batch submissions (so a
 * resume test can check that nothing was submitted twice) and the per-entry answers a test plans.
 *
 * <p>A batch advances one step on each poll of it: every poll while it runs finishes {@link
 * #finishPerPoll} more of its entries (by default half of them, rounded up, so a batch ends on its
 * second poll). Each finished entry gets the answer {@link #answer} gives it; entries not finished
 * when the batch is cancelled or expires get the provider's cancelled or expired result.
 */
public abstract class BatchServer<S extends BatchServer<S>> implements AutoCloseable {
  static final JsonMapper JSON = JsonMapper.builder().build();

  /** An entry of a batch as the server received it: its custom id and its request body. */
  public record Item(String customId, JsonNode request) {}

  /**
   * What the provider answered one entry: {@link #reply} with the body its normal endpoint would
   * send, or {@link #error} with the provider's error type, a code (Anthropic: the HTTP status;
   * Gemini: the google.rpc code) and a message.
   */
  public record Answer(String reply, String errorType, int code, String message) {
    public static Answer reply(String body) {
      return new Answer(body, null, 0, null);
    }

    public static Answer error(String errorType, int code, String message) {
      return new Answer(null, errorType, code, message);
    }

    boolean failed() {
      return reply == null;
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "batch-server");
    thread.setDaemon(true);
    return thread;
  });
  private final List<LocalServer.Request> requests = new ArrayList<>();
  private final List<String> rejections = new ArrayList<>();
  private final AtomicInteger submissions = new AtomicInteger();
  private final AtomicInteger submissionAttempts = new AtomicInteger();
  private final AtomicInteger rejectSubmissions = new AtomicInteger();
  private volatile Instant now = Instant.parse("2026-08-20T18:37:24.100435Z");
  volatile Function<Item, Answer> answer;
  volatile int finishPerPoll;
  volatile String apiKey = "test-key";

  BatchServer(Function<Item, Answer> answer) {
    this.answer = answer;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a local HTTP server", e);
    }
    server.createContext("/", this::exchange);
    server.setExecutor(executor);
    server.start();
  }

  /** {@code http://127.0.0.1:<port>}: the host root, as a base URL is configured. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The answers to give the entries of batches created from now on. */
  public S answer(Function<Item, Answer> answer) {
    this.answer = answer;
    return self();
  }

  /** How many entries each poll finishes; 0 (the default) means half a batch, rounded up. */
  public S finishPerPoll(int entries) {
    this.finishPerPoll = entries;
    return self();
  }

  /** The key requests must carry. */
  public S apiKey(String key) {
    this.apiKey = key;
    return self();
  }

  /** Answers the next {@code count} batch submissions with HTTP 429, creating nothing. */
  public S rejectSubmissions(int count) {
    rejectSubmissions.set(count);
    return self();
  }

  /** Moves the server's clock on (a batch expires at its provider's window after creation). */
  public void advanceClock(Duration duration) {
    now = now.plus(duration);
  }

  /** Batches created (accepted submissions). */
  public int submissions() {
    return submissions.get();
  }

  /** Submission requests received, whether they created a batch or not. */
  public int submissionAttempts() {
    return submissionAttempts.get();
  }

  /** Every request received, oldest first. */
  public synchronized List<LocalServer.Request> requests() {
    return List.copyOf(requests);
  }

  /** Why each request this server refused as invalid was refused (spec violations and the like). */
  public synchronized List<String> rejections() {
    return List.copyOf(rejections);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  @SuppressWarnings("unchecked")
  private S self() {
    return (S) this;
  }

  Instant now() {
    return now;
  }

  /** Entries a poll finishes in a batch of {@code size}. */
  int perPoll(int size) {
    return finishPerPoll > 0 ? finishPerPoll : Math.max(1, (size + 1) / 2);
  }

  /** Counts a submission attempt; true when it must be answered with a 429. */
  boolean rateLimitSubmission() {
    submissionAttempts.incrementAndGet();
    return rejectSubmissions.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }

  void countSubmission() {
    submissions.incrementAndGet();
  }

  synchronized void reject(String why) {
    rejections.add(why);
  }

  /** A response to send. */
  record Reply(int status, Map<String, String> headers, String body) {
    static Reply json(int status, String body) {
      return new Reply(status, Map.of("content-type", "application/json"), body);
    }
  }

  /** Answers one request. */
  abstract Reply handle(LocalServer.Request request);

  private void exchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) ->
          headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      URI uri = exchange.getRequestURI();
      LocalServer.Request request = new LocalServer.Request(exchange.getRequestMethod(),
          uri.getRawPath(), uri.getRawQuery(), Map.copyOf(headers), body);
      synchronized (this) {
        requests.add(request);
      }
      Reply reply;
      try {
        reply = handle(request);
      } catch (RuntimeException e) {
        reply = new Reply(500, Map.of("content-type", "text/plain"), "batch server failed: " + e);
      }
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  /** The value of a query parameter, or {@code null}. */
  static String query(LocalServer.Request request, String name) {
    if (request.query() == null) {
      return null;
    }
    for (String pair : request.query().split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
