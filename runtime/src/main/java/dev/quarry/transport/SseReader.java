package dev.quarry.transport;

/**
 * Turns the lines of a {@code text/event-stream} body into {@link ServerSentEvent}s, one line at
 * a time, as the WHATWG specification says and tolerant of what real servers send: comment and
 * keep-alive lines ({@code : ping}), {@code event:} names, data spread over several {@code data:}
 * lines, fields with or without the space after the colon or with more white space around the
 * value, {@code id:} and {@code retry:} fields (ignored), and a last event not followed by a
 * blank line. Line ends are the reader's business ({@link StreamingResponse} splits at {@code
 * \n}, {@code \r\n} and {@code \r}); a stray {@code \r} at the end of a line is dropped.
 *
 * <pre>{@code
 * SseReader sse = new SseReader();
 * for (String line; (line = response.readLine()) != null; ) {
 *   ServerSentEvent event = sse.line(line);
 *   if (event != null) handle(event);
 * }
 * ServerSentEvent last = sse.finish();
 * }</pre>
 *
 * <p>Not thread-safe; one reader per stream.
 */
public final class SseReader {
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  private String event;

  /** Reads one line; returns the event that a blank line completes, else {@code null}. */
  public ServerSentEvent line(String line) {
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    if (line.isBlank()) {
      return dispatch();
    }
    if (line.startsWith(":")) {
      return null; // a comment, e.g. a keep-alive
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line.strip() : line.substring(0, colon).strip();
    String value = colon < 0 ? "" : line.substring(colon + 1).strip();
    switch (field) {
      case "data" -> {
        if (hasData) {
          data.append('\n');
        }
        data.append(value);
        hasData = true;
      }
      case "event" -> event = value.isEmpty() ? null : value;
      default -> {} // id, retry and unknown fields carry nothing Quarry needs
    }
    return null;
  }

  /** At the end of the stream: the last event when no blank line followed it, else {@code null}. */
  public ServerSentEvent finish() {
    return dispatch();
  }

  private ServerSentEvent dispatch() {
    if (!hasData) {
      event = null; // an event without data is not dispatched
      return null;
    }
    ServerSentEvent result = new ServerSentEvent(event, data.toString());
    data.setLength(0);
    hasData = false;
    event = null;
    return result;
  }
}
