package dev.quarry.provider;

import static java.util.Objects.requireNonNull;

import dev.quarry.ConfigurationException;

/**
 * One provider and model that a {@link Strategy} can send a call to, with its own base URL and
 * key where they differ from the provider's defaults. Immutable.
 *
 * <pre>{@code
 * Target mini = Providers.openAi("gpt-4o-mini");                      // key from OPENAI_API_KEY
 * Target haiku = Providers.anthropic("claude-haiku-4-5").apiKey(key);  // key given here
 * Target local = Target.of(Providers.ollama(), "qwen2.5").baseUrl("http://gpu-box:11434");
 * }</pre>
 *
 * <p>The base URL and the key are resolved as {@code Quarry.builder()} resolves those of its
 * provider: the value set here, else the provider's environment variables ({@code
 * OPENAI_BASE_URL}, {@code ANTHROPIC_API_KEY}, ...), else the provider's public endpoint.
 */
public final class Target {
  private final Provider provider;
  private final String model;
  private final String baseUrl;
  private final String apiKey;

  private Target(Provider provider, String model, String baseUrl, String apiKey) {
    this.provider = provider;
    this.model = model;
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
  }

  /**
   * {@code model} on {@code provider}.
   *
   * @throws ConfigurationException when {@code model} is blank
   */
  public static Target of(Provider provider, String model) {
    requireNonNull(provider, "provider == null");
    requireNonNull(model, "model == null");
    if (model.isBlank()) {
      throw new ConfigurationException(
          "Target.of(" + provider.name() + ", \"" + model + "\"): the model name is blank; name"
              + " the model this target calls, e.g. Target.of(Providers.openAi(), \"gpt-4o-mini\").");
    }
    return new Target(provider, model.strip(), null, null);
  }

  /** This target with its API at {@code baseUrl} (the same rule as {@code Quarry.Builder.baseUrl}). */
  public Target baseUrl(String baseUrl) {
    return new Target(provider, model, requireNonNull(baseUrl, "baseUrl == null"), apiKey);
  }

  /** This target with its own API key instead of the provider's environment variable. */
  public Target apiKey(String apiKey) {
    return new Target(provider, model, baseUrl, requireNonNull(apiKey, "apiKey == null"));
  }

  public Provider provider() {
    return provider;
  }

  public String model() {
    return model;
  }

  /** The base URL set with {@link #baseUrl(String)}, or {@code null}. */
  public String configuredBaseUrl() {
    return baseUrl;
  }

  /** The key set with {@link #apiKey(String)}, or {@code null}; never printed. */
  public String configuredApiKey() {
    return apiKey;
  }

  /** {@code provider/model}, and the base URL when one is set; never the key. */
  @Override
  public String toString() {
    return provider.name() + "/" + model + (baseUrl == null ? "" : " at " + baseUrl);
  }
}
