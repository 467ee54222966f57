package dev.quarry.transport;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLParameters;

/**
 * The default {@link Transport}: the JDK's {@link HttpClient}, HTTP/2 where the server offers it
 * over TLS, HTTP/1.1 otherwise. Thread-safe; share one instance.
 *
 * <p>Nothing heavy happens when the transport is created: the {@link HttpClient} (its selector
 * thread, and for {@code https://} the default TLS context with its trust store) is built on the
 * first request, or on a background thread as soon as {@link #prepare} names the base URL (Quarry
 * does so when a client is built). Requests to {@code http://} URLs use a client of their own
 * whose TLS context is an inert stand-in, so a plain-HTTP server (a local model, a test) never
 * loads the JDK's TLS stack.
 *
 * <pre>{@code
 * Transport transport = JdkHttpTransport.create(Duration.ofSeconds(10), Duration.ofMinutes(2));
 * }</pre>
 */
public final class JdkHttpTransport implements Transport {
  private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(5);

  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Object lock = new Object();
  /** The clients for {@code http://} and for other (TLS) URLs; each built at most once. */
  private volatile CompletableFuture<HttpClient> plainClient;
  private volatile CompletableFuture<HttpClient> tlsClient;

  private JdkHttpTransport(Duration connectTimeout, Duration requestTimeout) {
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
  }

  /**
   * A transport that waits 10 s to connect and 5 min for a whole response (long structured
   * outputs from slow models take minutes).
   */
  public static JdkHttpTransport create() {
    return create(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
  }

  /**
   * @param connectTimeout how long to wait for a connection
   * @param requestTimeout how long to wait for the whole response of one request
   */
  public static JdkHttpTransport create(Duration connectTimeout, Duration requestTimeout) {
    requireNonNull(connectTimeout, "connectTimeout == null");
    requireNonNull(requestTimeout, "requestTimeout == null");
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(requestTimeout, "requestTimeout");
    return new JdkHttpTransport(connectTimeout, requestTimeout);
  }

  /** Starts building the client that requests to {@code baseUrl} need, on a daemon thread. */
  @Override
  public void prepare(URI baseUrl) {
    requireNonNull(baseUrl, "baseUrl == null");
    client(isPlain(baseUrl), true);
  }

  private static boolean isPlain(URI uri) {
    return "http".equalsIgnoreCase(uri.getScheme());
  }

  /** The client for {@code uri}, built now (or waited for, when it is being built). */
  HttpClient client(URI uri) throws IOException {
    CompletableFuture<HttpClient> client = client(isPlain(uri), false);
    try {
      return client.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IOException("the HTTP client could not be built: " + cause, cause);
    }
  }

  private CompletableFuture<HttpClient> client(boolean plain, boolean inBackground) {
    CompletableFuture<HttpClient> client = plain ? plainClient : tlsClient;
    if (client != null) {
      return client;
    }
    CompletableFuture<HttpClient> building = new CompletableFuture<>();
    synchronized (lock) {
      client = plain ? plainClient : tlsClient;
      if (client != null) {
        return client;
      }
      if (plain) {
        plainClient = building;
      } else {
        tlsClient = building;
      }
    }
    Runnable build = () -> {
      try {
        building.complete(build(plain));
      } catch (RuntimeException | Error e) {
        building.completeExceptionally(e);
      }
    };
    if (inBackground) {
      Thread thread = new Thread(build, "quarry-http-client-init");
      thread.setDaemon(true);
      thread.start();
    } else {
      build.run();
    }
    return building;
  }

  private HttpClient build(boolean plain) {
    HttpClient.Builder builder = HttpClient.newBuilder()
        .version(plain ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER);
    if (plain) {
      // Without these the client initialises the default TLS context (trust store and all)
      // although no request of this client is ever encrypted.
      builder.sslContext(NoTls.CONTEXT).sslParameters(new SSLParameters());
    }
    return builder.build();
  }

  private static void requirePositive(Duration duration, String name) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + duration);
    }
  }

  @Override
  public TransportResponse send(TransportRequest request) throws IOException {
    return send(request, requestTimeout);
  }

  /**
   * Sends {@code request} and waits at most {@code timeout} (capped at the request timeout) for
   * the whole response, body included: a server that sends headers and then stalls is cut off.
   */
  @Override
  public TransportResponse send(TransportRequest request, Duration timeout) throws IOException {
    requireNonNull(timeout, "timeout == null");
    Duration limit = timeout.compareTo(requestTimeout) < 0 ? timeout : requestTimeout;
    if (limit.isNegative() || limit.isZero()) {
      throw new HttpTimeoutException("no time left to send " + request);
    }
    // HttpRequest.timeout covers the wait for the headers only; the future bounds the body too.
    CompletableFuture<HttpResponse<String>> pending =
        client(request.uri()).sendAsync(
            httpRequest(request, limit), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> response;
    try {
      response = pending.get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      pending.cancel(true);
      throw interrupted(request, e);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new HttpTimeoutException(
          "no complete response to " + request + " within " + limit.toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        // The original (ConnectException, HttpTimeoutException, ...): retry rules look at its type.
        throw (IOException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IOException(cause);
    }
    return new TransportResponse(
        response.statusCode(), lowerCaseHeaders(response.headers().map()), response.body());
  }

  /**
   * Returns when the headers have arrived (within the request timeout); the body is read from the
   * connection as the lines are asked for. Closing the response before the end closes the
   * connection, which tells the server to stop.
   */
  @Override
  public StreamingResponse stream(TransportRequest request) throws IOException {
    return stream(request, requestTimeout);
  }

  /**
   * Returns when the headers have arrived, within {@code timeout} (capped at the request
   * timeout); the body is read as the lines are asked for.
   */
  @Override
  public StreamingResponse stream(TransportRequest request, Duration timeout) throws IOException {
    requireNonNull(timeout, "timeout == null");
    Duration limit = timeout.compareTo(requestTimeout) < 0 ? timeout : requestTimeout;
    if (limit.isNegative() || limit.isZero()) {
      throw new HttpTimeoutException("no time left to send " + request);
    }
    HttpResponse<InputStream> response;
    try {
      response = client(request.uri())
          .send(httpRequest(request, limit), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      throw interrupted(request, e);
    }
    InputStream body = response.body();
    BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    StreamingResponse.Lines lines = new StreamingResponse.Lines() {
      @Override
      public String readLine() throws IOException {
        return reader.readLine();
      }

      /**
       * Closes the connection's stream itself, not the reader: the reader's lock is held by a
       * read blocked in another thread, which this close must interrupt (a cancel or deadline).
       */
      @Override
      public void close() throws IOException {
        body.close();
      }
    };
    return new StreamingResponse(
        response.statusCode(), lowerCaseHeaders(response.headers().map()), lines);
  }

  private static HttpRequest httpRequest(TransportRequest request, Duration timeout) {
    HttpRequest.BodyPublisher body = request.body().isEmpty()
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8);
    HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
        .timeout(timeout)
        .method(request.method(), body);
    if ("http".equalsIgnoreCase(request.uri().getScheme())) {
      // Without TLS the client would try an h2c upgrade, which some local servers mishandle.
      builder.version(HttpClient.Version.HTTP_1_1);
    }
    request.headers().forEach(builder::header);
    return builder.build();
  }

  private static InterruptedIOException interrupted(TransportRequest request, InterruptedException e) {
    Thread.currentThread().interrupt();
    InterruptedIOException interrupted =
        new InterruptedIOException("interrupted while waiting for " + request);
    interrupted.initCause(e);
    return interrupted;
  }

  private static Map<String, String> lowerCaseHeaders(Map<String, List<String>> headers) {
    Map<String, String> result = new TreeMap<>();
    headers.forEach((name, values) -> {
      if (!name.startsWith(":")) { // HTTP/2 pseudo-headers such as :status
        result.merge(name.toLowerCase(Locale.ROOT), String.join(",", values),
            (a, b) -> a + "," + b);
      }
    });
    return result;
  }

  @Override
  public String toString() {
    return "JdkHttpTransport[requestTimeout=" + requestTimeout + "]";
  }
}
