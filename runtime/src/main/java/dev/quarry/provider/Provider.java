package dev.quarry.provider;

import dev.quarry.Mode;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.util.Set;

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

  /** Where the API lives when no base URL is configured. */
  String defaultBaseUrl();

  /**
   * The environment variable that holds the API key by convention, or {@code null} when the
   * provider needs no key (e.g. a local server).
   */
  String apiKeyVariable();

  /** Builds the HTTP request for one attempt. */
  TransportRequest request(ProviderRequest request);

  /**
   * Reads the response to {@link #request}.
   *
   * @throws dev.quarry.ProviderException when the response is an error or not in this API's
   *     format
   */
  ModelReply reply(ProviderRequest request, TransportResponse response);
}
