package dev.quarry.call;

import dev.quarry.StreamEvent;
import dev.quarry.provider.ModelReply;
import dev.quarry.provider.Provider;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.transport.Transport;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Queue;

/**
 * How one attempt's reply is received: whole ({@link WholeReceiver}) or as it streams ({@link
 * StreamReceiver}). A receiver only moves bytes into a {@link ModelReply} (and, when streaming,
 * into events); the {@link Call} decides everything else. One receiver per call, reused by its
 * attempts; not thread-safe except {@link #abort()}.
 */
abstract class Receiver<T> {
  /** The HTTP request of one attempt. */
  abstract TransportRequest request(Provider provider, ProviderRequest request);

  /**
   * Sends one request and waits for the start of its response. An error status comes back with
   * its whole body. A success of a streamed reply comes back once its first event (or its end)
   * has arrived, so that a connection lost before anything was delivered fails here and is
   * retried like any other transport failure.
   *
   * @param attempt the attempt number, for the events
   * @throws IOException when no response (or no first event) could be read
   */
  abstract TransportResponse open(
      Transport transport, Provider provider, ProviderRequest request, TransportRequest http,
      Duration timeout, int attempt) throws IOException;

  /**
   * After a successful {@link #open}: reads on until the reply is complete (returned) or events
   * are ready ({@code null}).
   *
   * @throws IOException when the connection broke
   * @throws dev.quarry.QuarryException when the reply is an error or not in the API's format
   */
  abstract ModelReply pull(Provider provider, ProviderRequest request) throws IOException;

  /** The response body read so far, not redacted; {@code null} when none came. */
  abstract String body();

  /** Whether events of the current send were handed out (they cannot be taken back). */
  boolean delivered() {
    return false;
  }

  /** Moves the events ready so far to {@code ready}. */
  void drainTo(Queue<StreamEvent<T>> ready) {}

  /** Whether this receiver delivers events. */
  boolean streams() {
    return false;
  }

  /** Stops reading: closes a stream in flight. Any thread. */
  void abort() {}

  /**
   * Whether attempt {@code attempt}'s send is deferred to a batch: the {@link Call} then pauses,
   * and the batch delivers the reply later ({@link #deliveredReply}).
   */
  boolean defers(int attempt) {
    return false;
  }

  /** A deferred attempt's reply arrived; {@link #pull} reads it next. */
  void deliveredReply(TransportResponse response) {}

}
