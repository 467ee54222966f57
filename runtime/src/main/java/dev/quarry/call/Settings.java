package dev.quarry.call;

import static java.util.Objects.requireNonNull;

import dev.quarry.Mode;
import dev.quarry.PriceTable;
import dev.quarry.Violation;
import dev.quarry.provider.Provider;
import dev.quarry.transport.RateLimiter;
import dev.quarry.transport.RetryPolicy;
import dev.quarry.transport.TimeSource;
import dev.quarry.transport.Transport;
import dev.quarry.validate.JavaChecks;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A client's whole configuration, resolved and immutable: what {@code Quarry.Builder} collected,
 * with the provider's defaults filled in. The engine reads nothing else. Internal: built by
 * {@code Quarry}, not part of the API.
 *
 * @param baseUrl the API root, normalised once
 * @param apiKey the key, or {@code null}
 * @param model the client's model, or {@code null} when every method names its own
 * @param mode the client's mode, concrete (never AUTO)
 * @param maxOutputTokens {@code null} for the provider's default
 * @param temperature {@code null} for the provider's default
 * @param deadline {@code null} for none
 * @param maxTokensPerCall 0 for unlimited
 * @param maxTokensTotal 0 for unlimited
 * @param prices {@code null} for none
 * @param rateLimiter {@code null} for none
 * @param executor {@code null} for the shared default
 * @param maxInputChars 0 for unlimited
 * @param routes where calls go: the provider, base URL and key above alone, or a strategy's
 *     targets (the first of which are the provider, base URL and key above); {@code null} for
 *     the former
 * @param promptCache {@code null} for no prompt caching
 */
public record Settings(
    Provider provider,
    String baseUrl,
    String apiKey,
    String model,
    Mode mode,
    int maxAttempts,
    Integer maxOutputTokens,
    Double temperature,
    Transport transport,
    Function<List<Violation>, String> reaskMessage,
    BiFunction<String, Mode, String> schemaInstruction,
    JavaChecks javaChecks,
    RetryPolicy retryPolicy,
    Duration deadline,
    long maxTokensPerCall,
    long maxTokensTotal,
    PriceTable prices,
    RateLimiter rateLimiter,
    Executor executor,
    TimeSource timeSource,
    int maxInputChars,
    Routes routes,
    dev.quarry.PromptCache promptCache) {
  public Settings {
    requireNonNull(provider, "provider == null");
    requireNonNull(baseUrl, "baseUrl == null");
    requireNonNull(mode, "mode == null");
    requireNonNull(transport, "transport == null");
    requireNonNull(reaskMessage, "reaskMessage == null");
    requireNonNull(schemaInstruction, "schemaInstruction == null");
    requireNonNull(javaChecks, "javaChecks == null");
    requireNonNull(retryPolicy, "retryPolicy == null");
    requireNonNull(timeSource, "timeSource == null");
    if (mode == Mode.AUTO) {
      throw new IllegalArgumentException("mode must be resolved, not AUTO");
    }
    if (routes == null) {
      routes = Routes.single(provider, baseUrl, apiKey);
    }
  }

  /** Settings without a strategy. */
  public Settings(Provider provider, String baseUrl, String apiKey, String model, Mode mode,
      int maxAttempts, Integer maxOutputTokens, Double temperature, Transport transport,
      Function<List<Violation>, String> reaskMessage,
      BiFunction<String, Mode, String> schemaInstruction, JavaChecks javaChecks,
      RetryPolicy retryPolicy, Duration deadline, long maxTokensPerCall, long maxTokensTotal,
      PriceTable prices, RateLimiter rateLimiter, Executor executor, TimeSource timeSource,
      int maxInputChars) {
    this(provider, baseUrl, apiKey, model, mode, maxAttempts, maxOutputTokens, temperature,
        transport, reaskMessage, schemaInstruction, javaChecks, retryPolicy, deadline,
        maxTokensPerCall, maxTokensTotal, prices, rateLimiter, executor, timeSource,
        maxInputChars, null, null);
  }

  /**
   * These settings with a call's options applied ({@code null} keeps the value here): the
   * routes (whose first route becomes the provider, base URL and key), the model, mode, output
   * token limit and temperature.
   */
  public Settings with(Routes routes, String model, Mode mode, Integer maxOutputTokens,
      Double temperature, dev.quarry.PromptCache promptCache) {
    Routes r = routes != null ? routes : this.routes;
    Routes.Route first = r.first();
    return new Settings(first.provider(), first.baseUrl(), first.apiKey(),
        model != null ? model : this.model, mode != null ? mode : this.mode, maxAttempts,
        maxOutputTokens != null ? maxOutputTokens : this.maxOutputTokens,
        temperature != null ? temperature : this.temperature, transport, reaskMessage,
        schemaInstruction, javaChecks, retryPolicy, deadline, maxTokensPerCall, maxTokensTotal,
        prices, rateLimiter, executor, timeSource, maxInputChars, r,
        promptCache != null ? promptCache : this.promptCache);
  }

  /** Everything but the key. */
  @Override
  public String toString() {
    return "provider=" + provider.name() + ", baseUrl=" + baseUrl + ", model=" + model
        + ", mode=" + mode + ", maxAttempts=" + maxAttempts + ", retryPolicy=" + retryPolicy
        + (deadline == null ? "" : ", deadline=" + deadline)
        + (maxTokensPerCall == 0 ? "" : ", maxTokensPerCall=" + maxTokensPerCall)
        + (maxTokensTotal == 0 ? "" : ", maxTokensTotal=" + maxTokensTotal)
        + (rateLimiter == null ? "" : ", rateLimiter=" + rateLimiter)
        + (routes.isSingle() ? "" : ", strategy=" + routes)
        + (promptCache == null ? "" : ", promptCache=" + promptCache);
  }
}
