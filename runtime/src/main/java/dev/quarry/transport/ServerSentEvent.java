package dev.quarry.transport;

import static java.util.Objects.requireNonNull;

/**
 * One server-sent event.
 *
 * @param event the {@code event:} name, or {@code null} when the event had none ({@code message}
 *     by the specification)
 * @param data the {@code data:} lines joined by {@code \n}
 */
public record ServerSentEvent(String event, String data) {
  public ServerSentEvent {
    requireNonNull(data, "data == null");
  }

  /** Whether this is OpenAI's end marker, {@code data: [DONE]}. */
  public boolean isDone() {
    return data.strip().equals("[DONE]");
  }
}
