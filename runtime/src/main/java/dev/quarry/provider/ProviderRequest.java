package dev.quarry.provider;

import static java.util.Objects.requireNonNull;

import dev.quarry.Message;
import dev.quarry.Mode;
import dev.quarry.spi.ExtractMethod;
import java.util.List;

/**
 * One attempt to send: where, with which credentials and model, for which method, in which mode,
 * and the conversation so far (system prompt first; the schema instructions of the JSON modes are
 * already in it).
 *
 * @param baseUrl the API root without trailing slash, e.g. {@code https://api.openai.com/v1}
 * @param apiKey the key, or {@code null} when none is configured
 * @param model the model name
 * @param mode a concrete mode, never {@link Mode#AUTO}
 * @param maxOutputTokens the output token limit, or {@code null} for the provider's default
 * @param temperature the sampling temperature, or {@code null} for the provider's default
 * @param stream whether the answer is streamed: the provider sets its API's streaming flag (and
 *     URL, where it differs) in the one request body it writes
 * @param cache the prompt caching asked for, or {@code null} for none: each provider applies
 *     the part in its own terms (see {@link dev.quarry.PromptCache})
 */
public record ProviderRequest(
    String baseUrl,
    String apiKey,
    String model,
    ExtractMethod<?> method,
    Mode mode,
    List<Message> messages,
    Integer maxOutputTokens,
    Double temperature,
    boolean stream,
    dev.quarry.PromptCache cache) {
  public ProviderRequest {
    requireNonNull(baseUrl, "baseUrl == null");
    requireNonNull(model, "model == null");
    requireNonNull(method, "method == null");
    requireNonNull(mode, "mode == null");
    if (mode == Mode.AUTO) {
      throw new IllegalArgumentException("mode must be concrete, not AUTO");
    }
    messages = List.copyOf(messages);
  }

  /** A request without prompt caching. */
  public ProviderRequest(String baseUrl, String apiKey, String model, ExtractMethod<?> method,
      Mode mode, List<Message> messages, Integer maxOutputTokens, Double temperature,
      boolean stream) {
    this(baseUrl, apiKey, model, method, mode, messages, maxOutputTokens, temperature, stream, null);
  }

  /** A request whose answer is read whole. */
  public ProviderRequest(String baseUrl, String apiKey, String model, ExtractMethod<?> method,
      Mode mode, List<Message> messages, Integer maxOutputTokens, Double temperature) {
    this(baseUrl, apiKey, model, method, mode, messages, maxOutputTokens, temperature, false);
  }

  /** This request, with its answer streamed or not. */
  public ProviderRequest withStream(boolean stream) {
    return stream == this.stream ? this : new ProviderRequest(
        baseUrl, apiKey, model, method, mode, messages, maxOutputTokens, temperature, stream, cache);
  }

  /** Everything but the API key, which must not reach logs or exception messages. */
  @Override
  public String toString() {
    return "ProviderRequest[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "none" : "[redacted]")
        + ", model=" + model + ", method=" + method.displayName() + ", mode=" + mode
        + ", messages=" + messages.size() + ", maxOutputTokens=" + maxOutputTokens
        + ", temperature=" + temperature + (stream ? ", stream" : "")
        + (cache == null ? "" : ", cache=" + cache) + "]";
  }
}
