package dev.quarry.transport;

import static dev.quarry.spi.Mapper.JSON;
import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One HTTP request and its response, as {@link RecordingTransport} writes it and {@link
 * ReplayTransport} answers from it. The file format:
 *
 * <pre>{@code
 * {
 *   "fixture": "recorded",                  // or "hand-made"
 *   "note": "why this exchange exists",     // optional
 *   "request": {
 *     "method": "POST",
 *     "url": "https://api.openai.com/v1/chat/completions",
 *     "headers": {"content-type": "application/json"},   // optional; never credentials
 *     "body": {"model": "gpt-4o-mini", "messages": []}   // optional
 *   },
 *   "response": {
 *     "status": 200,
 *     "headers": {"x-request-id": "req_123"},            // optional
 *     "body": {"id": "chatcmpl-1", "choices": []}        // optional
 *   }
 * }
 * }</pre>
 *
 * <p>A body that is a JSON object or array is stored as that JSON value, so files stay readable
 * and diffable; any other body (an HTML error page, an SSE stream, empty) is stored as a JSON
 * string holding the raw text. A body stored as a JSON value is replayed in compact form, so its
 * bytes may differ from the original while its JSON is the same. Header names are lower case.
 *
 * @param fixture {@value #RECORDED} when written by {@link RecordingTransport}, {@value
 *     #HAND_MADE} when written by a person
 * @param note what the exchange shows, or {@code null}
 */
public record Exchange(
    String fixture, String note, TransportRequest request, TransportResponse response) {
  public static final String RECORDED = "recorded";
  public static final String HAND_MADE = "hand-made";

  public Exchange {
    requireNonNull(fixture, "fixture == null");
    if (!fixture.equals(RECORDED) && !fixture.equals(HAND_MADE)) {
      throw new IllegalArgumentException(
          "fixture must be \"" + RECORDED + "\" or \"" + HAND_MADE + "\", got \"" + fixture + "\"");
    }
    requireNonNull(request, "request == null");
    requireNonNull(response, "response == null");
  }

  /**
   * Reads one exchange file's content.
   *
   * @throws IllegalArgumentException naming the first thing that is wrong with it
   */
  public static Exchange parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("expected a JSON object with request and response");
    }
    JsonNode request = object(root, "request");
    JsonNode response = object(root, "response");
    JsonNode status = response.get("status");
    if (status == null || !status.canConvertToInt() || !status.isIntegralNumber()) {
      throw new IllegalArgumentException("/response/status must be an integer");
    }
    return new Exchange(
        requiredString(root, "fixture", ""),
        optionalString(root, "note"),
        new TransportRequest(
            requiredString(request, "method", "/request"),
            URI.create(requiredString(request, "url", "/request")),
            headers(request, "/request"),
            body(request.get("body"))),
        new TransportResponse(
            status.asInt(), headers(response, "/response"), body(response.get("body"))));
  }

  /** This exchange in the file format, indented. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("fixture", fixture);
    if (note != null) {
      root.put("note", note);
    }
    ObjectNode req = root.putObject("request");
    req.put("method", request.method());
    req.put("url", request.uri().toString());
    req.set("headers", JSON.valueToTree(new TreeMap<>(request.headers())));
    req.set("body", bodyNode(request.body()));
    ObjectNode res = root.putObject("response");
    res.put("status", response.status());
    res.set("headers", JSON.valueToTree(new TreeMap<>(response.headers())));
    res.set("body", bodyNode(response.body()));
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }

  /** The body as JSON when it is a JSON object or array, else {@code null}. */
  static JsonNode jsonBody(String body) {
    String trimmed = body.strip();
    if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isContainer() ? node : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  private static JsonNode bodyNode(String body) {
    JsonNode json = jsonBody(body);
    return json != null ? json : JSON.getNodeFactory().stringNode(body);
  }

  private static String body(JsonNode body) {
    if (body == null || body.isNull()) {
      return "";
    }
    return body.isString() ? body.stringValue() : JSON.writeValueAsString(body);
  }

  private static JsonNode object(JsonNode parent, String name) {
    JsonNode node = parent.get(name);
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("/" + name + " must be an object");
    }
    return node;
  }

  private static String requiredString(JsonNode parent, String name, String at) {
    JsonNode node = parent.get(name);
    if (node == null || !node.isString()) {
      throw new IllegalArgumentException(at + "/" + name + " must be a string");
    }
    return node.stringValue();
  }

  private static String optionalString(JsonNode parent, String name) {
    JsonNode node = parent.get(name);
    return node != null && node.isString() ? node.stringValue() : null;
  }

  private static Map<String, String> headers(JsonNode parent, String at) {
    JsonNode node = parent.get("headers");
    Map<String, String> headers = new TreeMap<>();
    if (node == null || node.isNull()) {
      return headers;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(at + "/headers must be an object of strings");
    }
    for (Map.Entry<String, JsonNode> header : node.properties()) {
      if (!header.getValue().isString()) {
        throw new IllegalArgumentException(
            at + "/headers/" + header.getKey() + " must be a string");
      }
      headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue().stringValue());
    }
    return headers;
  }
}
