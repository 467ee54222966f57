package dev.quarry.transport;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * A response whose status and headers have arrived and whose body is read line by line as the
 * server sends it: a server-sent event stream or newline-delimited JSON. {@link #close()} before
 * the end cancels the request: the connection is closed and the server stops sending.
 *
 * <p>Lines are split at {@code \n}, {@code \r\n} or {@code \r} and returned without the line
 * end. Not thread-safe, except that {@link #close()} may be called from any thread to cancel a
 * read in progress.
 */
public final class StreamingResponse implements AutoCloseable {
  /** The source of the body's lines. */
  public interface Lines extends Closeable {
    /** The next line without its line end, or {@code null} at the end of the body. */
    String readLine() throws IOException;
  }

  private final int status;
  private final Map<String, String> headers;
  private final Lines lines;
  private volatile boolean closed;

  /**
   * @param headers lower-case names; repeated headers joined by commas
   */
  public StreamingResponse(int status, Map<String, String> headers, Lines lines) {
    this.status = status;
    this.headers = Map.copyOf(headers);
    this.lines = requireNonNull(lines, "lines == null");
  }

  /** A response read whole (e.g. by a transport that cannot stream), replayed line by line. */
  public static StreamingResponse of(TransportResponse whole) {
    BufferedReader reader = new BufferedReader(new StringReader(whole.body()));
    return new StreamingResponse(whole.status(), whole.headers(), lines(reader));
  }

  /** Lines read from {@code reader}; closing them closes the reader. */
  public static Lines lines(BufferedReader reader) {
    requireNonNull(reader, "reader == null");
    return new Lines() {
      @Override
      public String readLine() throws IOException {
        return reader.readLine();
      }

      @Override
      public void close() throws IOException {
        reader.close();
      }
    };
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** The header's value, or {@code null}. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /**
   * The next line of the body without its line end, or {@code null} at its end or after {@link
   * #close()}.
   *
   * @throws IOException when the connection broke
   */
  public String readLine() throws IOException {
    if (closed) {
      return null;
    }
    try {
      return lines.readLine();
    } catch (IOException e) {
      if (closed) {
        return null; // closed by another thread while reading: a cancellation, not a failure
      }
      throw e;
    }
  }

  /** The rest of the body, lines joined by {@code \n}; for error responses, which are short. */
  public String readRest() throws IOException {
    StringBuilder rest = new StringBuilder();
    for (String line = readLine(); line != null; line = readLine()) {
      if (rest.length() > 0) {
        rest.append('\n');
      }
      rest.append(line);
    }
    return rest.toString();
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** Stops reading and cancels the request when the body has not all arrived. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      lines.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the response stream", e);
    }
  }

  @Override
  public String toString() {
    return "StreamingResponse[" + status + (closed ? ", closed]" : "]");
  }
}
