package dev.quarry.transport;

import java.io.IOException;
import java.time.Duration;

/**
 * Sends one HTTP exchange. Quarry uses the JDK {@code HttpClient} ({@link JdkHttpTransport}) by
 * default; {@link ReplayTransport} answers from recorded files and {@link RecordingTransport}
 * writes them, so tests and demos can run without a network.
 *
 * <pre>{@code
 * Quarry quarry = Quarry.builder()
 *     .transport(ReplayTransport.fromDirectory(Path.of("recordings")))
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface Transport {
  /**
   * Sends {@code request} and returns the whole response, whatever its status.
   *
   * @throws IOException when no response could be read (connection refused, reset, timeout)
   */
  TransportResponse send(TransportRequest request) throws IOException;

  /**
   * Sends {@code request}, giving up after {@code timeout} (the time left of the call's deadline,
   * or the per-request timeout, whichever is shorter). Transports that cannot bound a request
   * ignore the timeout; the deadline is then checked between requests only.
   *
   * @throws java.net.http.HttpTimeoutException when the whole response did not arrive in time
   * @throws IOException when no response could be read
   */
  default TransportResponse send(TransportRequest request, Duration timeout) throws IOException {
    return send(request);
  }

  /**
   * Sends {@code request} and returns as soon as the status and headers have arrived; the body
   * is then read line by line as the server sends it. Closing the returned response before the
   * end cancels the request. The caller must close it.
   *
   * <p>This default reads the whole response with {@link #send} and replays it line by line, so
   * every transport can serve a streaming call (the partial results then all come at once);
   * {@link JdkHttpTransport} streams for real.
   *
   * @throws IOException when no response could be read
   */
  default StreamingResponse stream(TransportRequest request) throws IOException {
    return StreamingResponse.of(send(request));
  }

  /**
   * Like {@link #stream(TransportRequest)}, waiting at most {@code timeout} (the time left of the
   * call's deadline) for the status and headers. The body's lines are not bounded here: Quarry
   * closes the response when the deadline passes during a read. Transports that cannot bound the
   * wait ignore the timeout.
   *
   * @throws java.net.http.HttpTimeoutException when the headers did not arrive in time
   * @throws IOException when no response could be read
   */
  default StreamingResponse stream(TransportRequest request, Duration timeout) throws IOException {
    return stream(request);
  }

  /**
   * A hint, given once when a client is built, that requests will go to {@code baseUrl}: a
   * transport may prepare what its first request needs (e.g. an HTTP client) in the background,
   * off the caller's critical path. The default does nothing.
   */
  default void prepare(java.net.URI baseUrl) {}
}
