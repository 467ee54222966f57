package dev.quarry;

import static java.util.Objects.requireNonNull;

import dev.quarry.provider.Providers;
import dev.quarry.provider.Strategy;
import dev.quarry.provider.Target;

/**
 * Options for some calls of a client, applied by {@link Quarry#with(CallOptions)} without
 * building another client: the model, sampling temperature, output token limit, mode, and the
 * target or strategy. Options not set keep the client's values. Immutable; {@link #toBuilder()}
 * starts a changed copy.
 *
 * <pre>{@code
 * CallOptions careful = CallOptions.builder().model("gpt-4.1").temperature(0).build();
 * ReceiptReader reader = quarry.with(careful).create(ReceiptReader.class);
 *
 * CallOptions elsewhere = CallOptions.builder()
 *     .strategy(Providers.fallback(Providers.anthropic("claude-haiku-4-5"),
 *         Providers.gemini("gemini-2.5-flash")))
 *     .build();
 * }</pre>
 */
public final class CallOptions {
  private final String model;
  private final Double temperature;
  private final Integer maxOutputTokens;
  private final Mode mode;
  private final Strategy strategy;
  private final PromptCache promptCache;

  private CallOptions(Builder builder) {
    this.promptCache = builder.promptCache;
    this.model = builder.model;
    this.temperature = builder.temperature;
    this.maxOutputTokens = builder.maxOutputTokens;
    this.mode = builder.mode;
    this.strategy = builder.strategy;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these options. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.model = model;
    builder.temperature = temperature;
    builder.maxOutputTokens = maxOutputTokens;
    builder.mode = mode;
    builder.strategy = strategy;
    builder.promptCache = promptCache;
    return builder;
  }

  /** The prompt caching, or {@code null} to keep the client's. */
  public PromptCache promptCache() {
    return promptCache;
  }

  /** The model, or {@code null} to keep the client's (and the methods' own). */
  public String model() {
    return model;
  }

  /** The temperature, or {@code null} to keep the client's. */
  public Double temperature() {
    return temperature;
  }

  /** The output token limit, or {@code null} to keep the client's. */
  public Integer maxOutputTokens() {
    return maxOutputTokens;
  }

  /** The mode, or {@code null} to keep the client's. */
  public Mode mode() {
    return mode;
  }

  /** The strategy (a single {@link Builder#target target} is a strategy of one), or {@code null}. */
  public Strategy strategy() {
    return strategy;
  }

  @Override
  public String toString() {
    java.util.List<String> set = new java.util.ArrayList<>();
    if (model != null) {
      set.add("model=" + model);
    }
    if (temperature != null) {
      set.add("temperature=" + temperature);
    }
    if (maxOutputTokens != null) {
      set.add("maxOutputTokens=" + maxOutputTokens);
    }
    if (mode != null) {
      set.add("mode=" + mode);
    }
    if (strategy != null) {
      set.add("strategy=" + strategy);
    }
    if (promptCache != null) {
      set.add("promptCache=" + promptCache);
    }
    return "CallOptions" + set;
  }

  /** Collects options; not thread-safe. */
  public static final class Builder {
    private String model;
    private Double temperature;
    private Integer maxOutputTokens;
    private Mode mode;
    private Strategy strategy;
    private PromptCache promptCache;

    private Builder() {}

    /** Prompt caching for these calls (see {@link PromptCache}). */
    public Builder promptCache(PromptCache promptCache) {
      this.promptCache = requireNonNull(promptCache, "promptCache == null");
      return this;
    }

    /**
     * The model of every call, replacing the client's and the one a method names in {@link
     * LlmExtract#model()}; with a strategy, the model of every target.
     */
    public Builder model(String model) {
      requireNonNull(model, "model == null");
      if (model.isBlank()) {
        throw new IllegalArgumentException(
            "CallOptions.model: the model name is blank; name a model, e.g. \"gpt-4o-mini\"");
      }
      this.model = model.strip();
      return this;
    }

    /** The sampling temperature. */
    public Builder temperature(double temperature) {
      if (Double.isNaN(temperature) || temperature < 0) {
        throw new IllegalArgumentException(
            "CallOptions.temperature must be a number >= 0, got " + temperature);
      }
      this.temperature = temperature;
      return this;
    }

    /** The output token limit of each request. */
    public Builder maxOutputTokens(int maxOutputTokens) {
      if (maxOutputTokens < 1) {
        throw new IllegalArgumentException("CallOptions.maxOutputTokens < 1: " + maxOutputTokens);
      }
      this.maxOutputTokens = maxOutputTokens;
      return this;
    }

    /**
     * How to ask for structured output; {@link Mode#AUTO} for the best mode of the provider (or
     * of every target of the strategy). A method's own mode still wins.
     */
    public Builder mode(Mode mode) {
      this.mode = requireNonNull(mode, "mode == null");
      return this;
    }

    /** Sends the calls to {@code target} instead of the client's provider or strategy. */
    public Builder target(Target target) {
      requireNonNull(target, "target == null");
      this.strategy = Providers.fallback(target);
      return this;
    }

    /** Sends the calls through {@code strategy} instead of the client's provider or strategy. */
    public Builder strategy(Strategy strategy) {
      this.strategy = requireNonNull(strategy, "strategy == null");
      return this;
    }

    public CallOptions build() {
      return new CallOptions(this);
    }
  }
}
