package dev.quarry.transport;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** A whole HTTP response. Header names are lower case; repeated headers are joined by commas. */
public record TransportResponse(int status, Map<String, String> headers, String body) {
  public TransportResponse {
    headers = Map.copyOf(headers);
    requireNonNull(body, "body == null");
  }

  /** The header's value, or {@code null}. */
  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
