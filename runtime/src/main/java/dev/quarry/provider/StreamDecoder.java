package dev.quarry.provider;

import java.util.function.Consumer;

/**
 * Reads the body of one streamed response, a line at a time, into {@link StreamDelta}s as they
 * arrive and, at the end, into the same {@link ModelReply} that {@link Provider#reply} reads from
 * the non-streamed response. Made per response by {@link Provider#streamDecoder}; not
 * thread-safe.
 */
public interface StreamDecoder {
  /**
   * Reads one line of the body (without its line end) and passes what the model wrote to {@code
   * deltas}.
   *
   * @throws dev.quarry.ProviderException when the line carries an error event, or is not in the
   *     provider's stream format
   */
  void line(String line, Consumer<StreamDelta> deltas);

  /**
   * After the last line: the whole answer.
   *
   * @throws dev.quarry.ProviderException when the stream ended before the provider said the
   *     answer was complete (a connection closed early), or the answer is an error
   */
  ModelReply finish();
}
