package dev.quarry.transport;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Map;

/**
 * An HTTP request as a provider built it. Header names are lower case. {@link #toString()} never
 * shows credential headers.
 */
public record TransportRequest(String method, URI uri, Map<String, String> headers, String body) {
  public TransportRequest {
    requireNonNull(method, "method == null");
    requireNonNull(uri, "uri == null");
    headers = Map.copyOf(headers);
    requireNonNull(body, "body == null");
  }

  /** The same request with another body, e.g. the streaming variant of a call. */
  public TransportRequest withBody(String body) {
    return new TransportRequest(method, uri, headers, body);
  }

  @Override
  public String toString() {
    return method + " " + uri;
  }
}
