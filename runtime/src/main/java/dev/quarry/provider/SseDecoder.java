package dev.quarry.provider;

import static dev.quarry.spi.Mapper.JSON;

import dev.quarry.ProviderException;
import dev.quarry.transport.ServerSentEvent;
import dev.quarry.transport.SseReader;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A {@link StreamDecoder} for server-sent events whose data is JSON: splits the lines into events,
 * skips {@code [DONE]}, parses the data, and hands each event to {@link #event}.
 */
public abstract class SseDecoder implements StreamDecoder {

  private final SseReader reader = new SseReader();
  private final String api;

  /** @param api the API's name for messages, e.g. {@code Anthropic} */
  protected SseDecoder(String api) {
    this.api = api;
  }

  @Override
  public final void line(String line, Consumer<StreamDelta> deltas) {
    ServerSentEvent event = reader.line(line);
    if (event != null) {
      dispatch(event, deltas);
    }
  }

  @Override
  public final ModelReply finish() {
    ServerSentEvent last = reader.finish();
    if (last != null && parseOrNull(last.data()) != null) {
      // Not followed by a blank line; when its data is cut off too, the connection closed mid-event
      // and the event is dropped, as the SSE specification says, and complete() reports the end.
      dispatch(last, delta -> {});
    }
    return complete();
  }

  private void dispatch(ServerSentEvent event, Consumer<StreamDelta> deltas) {
    if (event.isDone()) {
      return;
    }
    JsonNode data;
    try {
      data = JSON.readTree(event.data());
    } catch (JacksonException e) {
      throw new ProviderException(
          api + " sent a stream event whose data is not JSON: " + excerpt(event.data())
              + ". Check that the base URL points at the " + api + ".",
          200, null, null, null, event.data(), e);
    }
    if (data != null && !data.isMissingNode()) {
      event(event.event(), data, deltas);
    }
  }

  private static JsonNode parseOrNull(String data) {
    try {
      return JSON.readTree(data);
    } catch (JacksonException e) {
      return null;
    }
  }

  /**
   * Reads one event.
   *
   * @param name the {@code event:} name, or {@code null}
   * @param data the parsed data
   */
  protected abstract void event(String name, JsonNode data, Consumer<StreamDelta> deltas);

  /** The whole answer, once every event has been read. */
  protected abstract ModelReply complete();

  /** The exception for a stream that ended before the provider said the answer was complete. */
  public static ProviderException endedEarly(String api, String missing, String requestId) {
    return new ProviderException(
        api + "'s stream ended before " + missing + ": the connection closed before the answer"
            + " was complete. Retrying usually helps.",
        200, "incomplete_stream", null, requestId, null, null);
  }

  private static String excerpt(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
