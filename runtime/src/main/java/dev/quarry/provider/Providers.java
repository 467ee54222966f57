package dev.quarry.provider;

import static java.util.Objects.requireNonNull;

import dev.quarry.ConfigurationException;
import java.util.List;

import dev.quarry.provider.anthropic.AnthropicProvider;
import dev.quarry.provider.gemini.GeminiProvider;
import dev.quarry.provider.ollama.OllamaProvider;
import dev.quarry.provider.openai.OpenAiProvider;
import dev.quarry.provider.openai.OpenAiResponsesProvider;

/**
 * The built-in providers.
 *
 * <pre>{@code
 * Quarry quarry = Quarry.builder().provider(Providers.openAi()).model("gpt-4o-mini").build();
 * Quarry local = Quarry.builder()
 *     .provider(Providers.openAiCompatible("ollama", "http://localhost:11434/v1", null))
 *     .model("llama3.1")
 *     .build();
 * }</pre>
 */
public final class Providers {
  private Providers() {}

  /**
   * OpenAI's Chat Completions API at {@code https://api.openai.com/v1}, with the key in {@code
   * OPENAI_API_KEY}.
   */
  public static Provider openAi() {
    return OpenAiProvider.openAi();
  }

  /**
   * OpenAI's Responses API ({@code POST /responses}) at {@code https://api.openai.com/v1}, with
   * the key in {@code OPENAI_API_KEY}. Requests are sent with {@code store: false}: each one
   * carries the whole conversation, so OpenAI keeps nothing between calls.
   *
   * <pre>{@code
   * Quarry quarry =
   *     Quarry.builder().provider(Providers.openAiResponses()).model("gpt-4.1-mini").build();
   * }</pre>
   */
  public static Provider openAiResponses() {
    return OpenAiResponsesProvider.openAiResponses();
  }

  /**
   * A server that speaks OpenAI's Chat Completions wire format: Ollama ({@code
   * http://localhost:11434/v1}), vLLM, Groq, LM Studio, llama.cpp, and the like.
   *
   * <p>It differs from {@link #openAi()} in one field: the output token limit is sent as {@code
   * max_tokens}, which every such server understands, rather than OpenAI's newer {@code
   * max_completion_tokens}, which several of them ignore.
   *
   * @param name a short name for messages, e.g. {@code ollama}
   * @param baseUrl the API root, e.g. {@code http://localhost:11434/v1}; a trailing slash is
   *     dropped
   * @param apiKeyVariable the environment variable that holds the key, or {@code null} when the
   *     server needs none
   */
  public static Provider openAiCompatible(String name, String baseUrl, String apiKeyVariable) {
    requireNonNull(name, "name == null");
    requireNonNull(baseUrl, "baseUrl == null");
    return OpenAiProvider.compatible(name, baseUrl, apiKeyVariable);
  }

  /**
   * Google's Gemini API ({@code generateContent}, v1beta) at {@code
   * https://generativelanguage.googleapis.com/v1beta}, with the key in {@code GEMINI_API_KEY}.
   *
   * <pre>{@code
   * Quarry quarry = Quarry.builder().provider(Providers.gemini()).model("gemini-2.5-flash").build();
   * }</pre>
   */
  public static Provider gemini() {
    return GeminiProvider.gemini();
  }

  /**
   * Ollama's native chat API ({@code /api/chat}) at {@code http://localhost:11434}; no key
   * needed. Structured outputs ({@link dev.quarry.Mode#JSON_SCHEMA}) by default.
   *
   * <pre>{@code
   * Quarry quarry = Quarry.builder().provider(Providers.ollama()).model("qwen2.5").build();
   * }</pre>
   *
   * <p>For a server elsewhere set {@code Quarry.builder().baseUrl(...)}; {@link
   * OllamaProvider#baseUrlFromHost} turns an {@code OLLAMA_HOST} value into one.
   */
  public static Provider ollama() {
    return OllamaProvider.ollama();
  }

  /**
   * Anthropic's Messages API at {@code https://api.anthropic.com/v1}, with the key in {@code
   * ANTHROPIC_API_KEY}.
   *
   * <pre>{@code
   * Quarry quarry = Quarry.builder().provider(Providers.anthropic()).model("claude-sonnet-4-5").build();
   * }</pre>
   */
  public static Provider anthropic() {
    return AnthropicProvider.anthropic();
  }

  /** {@code model} on {@link #openAi()}: a {@link Target} for a {@link Strategy}. */
  public static Target openAi(String model) {
    return Target.of(openAi(), model);
  }

  /** {@code model} on {@link #openAiResponses()}: a {@link Target} for a {@link Strategy}. */
  public static Target openAiResponses(String model) {
    return Target.of(openAiResponses(), model);
  }

  /** {@code model} on {@link #anthropic()}: a {@link Target} for a {@link Strategy}. */
  public static Target anthropic(String model) {
    return Target.of(anthropic(), model);
  }

  /** {@code model} on {@link #gemini()}: a {@link Target} for a {@link Strategy}. */
  public static Target gemini(String model) {
    return Target.of(gemini(), model);
  }

  /** {@code model} on {@link #ollama()}: a {@link Target} for a {@link Strategy}. */
  public static Target ollama(String model) {
    return Target.of(ollama(), model);
  }

  /**
   * A strategy that sends each call to the first target and moves on to the next when a target
   * fails in a way retrying does not fix (see {@link Strategy}).
   *
   * <pre>{@code
   * Quarry quarry = Quarry.builder()
   *     .strategy(Providers.fallback(openAi("gpt-4o-mini"), anthropic("claude-haiku-4-5")))
   *     .build();
   * }</pre>
   *
   * @throws dev.quarry.ConfigurationException when no target is given
   */
  public static Strategy fallback(Target... targets) {
    return Strategy.of(Strategy.Kind.FALLBACK, targets);
  }

  /**
   * A strategy that starts each call at the next target in turn (the client counts its calls),
   * falling back through the others in order like {@link #fallback}.
   *
   * <pre>{@code
   * Quarry quarry = Quarry.builder()
   *     .strategy(Providers.roundRobin(openAi("gpt-4o-mini"), openAi("gpt-4.1-mini")))
   *     .build();
   * }</pre>
   *
   * @throws dev.quarry.ConfigurationException when no target is given
   */
  public static Strategy roundRobin(Target... targets) {
    return Strategy.of(Strategy.Kind.ROUND_ROBIN, targets);
  }

  /**
   * A built-in provider by its {@link Provider#name()}: {@code openai}, {@code openai-responses},
   * {@code anthropic}, {@code gemini}, {@code ollama}.
   *
   * <pre>{@code
   * Provider provider = Providers.named(System.getenv().getOrDefault("LLM_PROVIDER", "openai"));
   * }</pre>
   *
   * @throws ConfigurationException when no built-in provider has that name
   */
  public static Provider named(String name) {
    requireNonNull(name, "name == null");
    for (Provider provider : builtIn()) {
      if (provider.name().equalsIgnoreCase(name.strip())) {
        return provider;
      }
    }
    throw new ConfigurationException(
        "There is no built-in provider named '" + name + "'; use one of "
            + builtIn().stream().map(Provider::name).toList()
            + ", or Providers.openAiCompatible(...) for another OpenAI-compatible server.");
  }

  /** Every built-in provider, in the order of the README's provider table. */
  public static List<Provider> builtIn() {
    return List.of(openAi(), openAiResponses(), anthropic(), gemini(), ollama());
  }
}
