package dev.quarry.provider;

import static dev.quarry.spi.Mapper.JSON;

import dev.quarry.transport.TransportRequest;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Small helpers every provider needs to read a wire format and to report it safely: JSON that may
 * not be JSON, fields that may be absent, bodies that may echo the API key.
 */
public final class Wire {
  /** How much of a body an error message quotes. */
  private static final int EXCERPT_LENGTH = 200;

  private Wire() {}

  /**
   * {@code body} with every occurrence of the key replaced by {@code [redacted]}, whatever the
   * key's length (a short key may also redact innocent text that happens to equal it: a price
   * worth paying to never show a credential).
   */
  public static String redact(String body, String apiKey) {
    if (body == null || apiKey == null || apiKey.isEmpty()) {
      return body;
    }
    return body.replace(apiKey, "[redacted]");
  }

  /** The body as JSON, or {@code null} when it is empty or not JSON. */
  public static JsonNode parseOrNull(String body) {
    if (body == null) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node == null || node.isMissingNode() ? null : node;
    } catch (JacksonException e) {
      return null;
    }
  }

  /** The string value of {@code node}, or {@code null} when it is absent or not a string. */
  public static String text(JsonNode node) {
    return node != null && node.isString() ? node.stringValue() : null;
  }

  /** The integer value of {@code node}, or 0 when it is absent or not a number. */
  public static long number(JsonNode node) {
    return node != null && node.isNumber() ? node.asLong() : 0;
  }

  /** The start of a body, enough to recognise it in a message. */
  public static String excerpt(String body) {
    String trimmed = body == null ? "" : body.strip();
    if (trimmed.isEmpty()) {
      return "(empty body)";
    }
    return trimmed.length() <= EXCERPT_LENGTH
        ? trimmed
        : trimmed.substring(0, EXCERPT_LENGTH) + "...";
  }

  /**
   * A JSON {@code POST} to {@code uri}, with the key as a bearer token when there is one: the
   * request shape of OpenAI's APIs and of the servers that copy them.
   */
  public static TransportRequest bearerPost(URI uri, String apiKey, JsonNode body) {
    return bearerPost(uri, apiKey, JSON.writeValueAsString(body));
  }

  /** {@link #bearerPost(URI, String, JsonNode)} with the body already written. */
  public static TransportRequest bearerPost(URI uri, String apiKey, String body) {
    return new TransportRequest("POST", uri, BEARER_JSON.of(apiKey), body);
  }

  /** The headers of {@link #bearerPost}, made once per API key instead of on every request. */
  private static final Headers BEARER_JSON = new Headers(apiKey ->
      apiKey == null || apiKey.isEmpty()
          ? Map.of("content-type", "application/json")
          : Map.of("content-type", "application/json", "authorization", "Bearer " + apiKey));

  /**
   * Request headers that depend only on the API key, prepared for the key a client sends every
   * request with (the last one seen) and made afresh for any other: an immutable map, which {@link
   * TransportRequest} keeps as it is. Thread-safe.
   */
  public static final class Headers {
    private final Function<String, Map<String, String>> make;
    private volatile Prepared last;

    private record Prepared(String apiKey, Map<String, String> headers) {}

    /** Headers that {@code make} builds from an API key (which may be {@code null}). */
    public Headers(Function<String, Map<String, String>> make) {
      this.make = make;
    }

    /** The headers for {@code apiKey}, made once while the key stays the same. */
    public Map<String, String> of(String apiKey) {
      Prepared prepared = last;
      if (prepared == null || !Objects.equals(prepared.apiKey(), apiKey)) {
        prepared = new Prepared(apiKey, Map.copyOf(make.apply(apiKey)));
        last = prepared;
      }
      return prepared.headers();
    }
  }

  /**
   * One endpoint of an API, {@code {baseUrl}{path}}, as a {@link URI}: parsed once for the base
   * URL that a client sends every request to, not on every attempt. Thread-safe.
   */
  public static final class Endpoint {
    private final String path;
    private volatile Parsed last;

    private record Parsed(String baseUrl, URI uri) {}

    /** The endpoint at {@code path} (e.g. {@code /chat/completions}) below any base URL. */
    public Endpoint(String path) {
      this.path = path;
    }

    /**
     * {@code baseUrl} (trailing slashes dropped) followed by the path.
     *
     * @throws IllegalArgumentException when the result is not a URI
     */
    public URI uri(String baseUrl) {
      Parsed parsed = last;
      if (parsed == null || !parsed.baseUrl().equals(baseUrl)) {
        parsed = new Parsed(baseUrl, URI.create(BaseUrls.stripTrailingSlash(baseUrl) + path));
        last = parsed;
      }
      return parsed.uri();
    }
  }

  /**
   * An endpoint whose URI depends on the base URL and the model (Gemini's {@code
   * {baseUrl}/models/{model}:generateContent}), parsed once for the pair a client sends every
   * request with, not on every attempt. Thread-safe.
   */
  public static final class ModelEndpoint {
    private final BinaryOperator<String> text;
    private volatile Parsed last;

    private record Parsed(String baseUrl, String model, URI uri) {}

    /** The endpoint whose text {@code text} makes from a base URL and a model name. */
    public ModelEndpoint(BinaryOperator<String> text) {
      this.text = text;
    }

    /**
     * The endpoint for {@code baseUrl} and {@code model}.
     *
     * @throws IllegalArgumentException when the text is not a URI, or the model name is refused
     */
    public URI uri(String baseUrl, String model) {
      Parsed parsed = last;
      if (parsed == null || !parsed.baseUrl().equals(baseUrl) || !parsed.model().equals(model)) {
        parsed = new Parsed(baseUrl, model, URI.create(text.apply(baseUrl, model)));
        last = parsed;
      }
      return parsed.uri();
    }
  }
}
