package dev.quarry;

/**
 * Tokens counted by the provider. Figures a provider did not report are zero.
 *
 * @param inputTokens prompt tokens, cached ones included
 * @param outputTokens completion tokens, reasoning ones included
 * @param cachedInputTokens prompt tokens served from the provider's cache (OpenAI's {@code
 *     cached_tokens}, Anthropic's {@code cache_read_input_tokens}, Gemini's {@code
 *     cachedContentTokenCount})
 * @param reasoningTokens completion tokens spent on hidden reasoning
 * @param cacheWriteTokens prompt tokens written to the provider's cache, part of {@code
 *     inputTokens} (Anthropic's {@code cache_creation_input_tokens}, which cost more than input)
 */
public record Usage(
    long inputTokens, long outputTokens, long cachedInputTokens, long reasoningTokens,
    long cacheWriteTokens) {
  public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

  /** Usage without cache writes. */
  public Usage(long inputTokens, long outputTokens, long cachedInputTokens, long reasoningTokens) {
    this(inputTokens, outputTokens, cachedInputTokens, reasoningTokens, 0);
  }

  public static Usage of(long inputTokens, long outputTokens) {
    return new Usage(inputTokens, outputTokens, 0, 0);
  }

  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  public Usage plus(Usage other) {
    if (other.equals(ZERO)) {
      return this; // the common sum on a call's path: nothing nested, or a first attempt
    }
    if (equals(ZERO)) {
      return other;
    }
    return new Usage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cachedInputTokens + other.cachedInputTokens,
        reasoningTokens + other.reasoningTokens,
        cacheWriteTokens + other.cacheWriteTokens);
  }
}
