package dev.quarry.provider;

import dev.quarry.ConfigurationException;
import dev.quarry.Mode;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One model API's wire format: how a call becomes an HTTP request and how a response becomes a
 * {@link ModelReply}. Providers are stateless and thread-safe; {@link Providers} has the built-in
 * ones.
 */
public interface Provider {
  /** A short lower-case name, e.g. {@code openai}. */
  String name();

  /** The modes this provider can serve. */
  Set<Mode> modes();

  /** The most reliable mode this provider supports; what {@link Mode#AUTO} means here. */
  Mode defaultMode();

  /** Where the API lives when no base URL is configured: the API root, version included. */
  String defaultBaseUrl();

  /**
   * The version segment that this vendor's SDKs add to a configured base URL, e.g. {@code /v1}
   * for Anthropic, whose {@code ANTHROPIC_BASE_URL} is the host root; empty when a configured
   * base URL is the API root already (OpenAI's {@code OPENAI_BASE_URL} includes {@code /v1}).
   * {@link BaseUrls} applies it.
   */
  default String versionSegment() {
    return "";
  }

  /**
   * The environment variable that holds the API key by convention, or {@code null} when the
   * provider needs no key (e.g. a local server).
   */
  String apiKeyVariable();

  /**
   * Every environment variable that may hold the API key, in the order they are read; {@link
   * #apiKeyVariable()} alone unless a provider has a conventional fallback (Gemini's {@code
   * GOOGLE_API_KEY}).
   */
  default List<String> apiKeyVariables() {
    String variable = apiKeyVariable();
    return variable == null ? List.of() : List.of(variable);
  }

  /**
   * The base URL set in the environment the way this provider's own SDKs read it (e.g. {@code
   * OPENAI_BASE_URL}, {@code OLLAMA_HOST}), or {@code null} when none is set.
   */
  default String baseUrlFromEnvironment(Function<String, String> environment) {
    return null;
  }

  /** Builds the HTTP request for one attempt. */
  TransportRequest request(ProviderRequest request);

  /**
   * Reads the response to {@link #request}.
   *
   * @throws dev.quarry.ProviderException when the response is an error or not in this API's
   *     format
   */
  ModelReply reply(ProviderRequest request, TransportResponse response);

  /** Whether this provider can stream answers ({@link #streamingRequest}, {@link #streamDecoder}). */
  default boolean supportsStreaming() {
    return false;
  }

  /**
   * Builds the HTTP request for one attempt whose answer is streamed: {@link #request} with the
   * API's streaming flag (and URL, where it differs).
   *
   * @throws ConfigurationException when this provider cannot stream
   */
  default TransportRequest streamingRequest(ProviderRequest request) {
    if (!supportsStreaming()) {
      throw new ConfigurationException(
          "The " + name() + " provider cannot stream answers; call the method without streaming.");
    }
    return request(request.withStream(true));
  }

  /**
   * A decoder for the body of a successful (2xx) response to {@link #streamingRequest}. Error
   * statuses are not streamed: their whole body goes to {@link #reply}, which throws.
   *
   * @param headers the response headers, lower-case names
   */
  default StreamDecoder streamDecoder(ProviderRequest request, Map<String, String> headers) {
    throw new ConfigurationException(
        "The " + name() + " provider cannot stream answers; call the method without streaming.");
  }

  /**
   * This provider's batch API, which Quarry's batch jobs ({@code Quarry.batchJob}) submit to, or
   * empty when the provider has none. The default is empty.
   */
  default Optional<BatchApi> batchApi() {
    return Optional.empty();
  }
}
