package dev.quarry;

/**
 * Tokens counted by the provider. Figures a provider did not report are zero.
 *
 * @param inputTokens prompt tokens, cached ones included
 * @param outputTokens completion tokens, reasoning ones included
 * @param cachedInputTokens prompt tokens served from the provider's cache
 * @param reasoningTokens completion tokens spent on hidden reasoning
 */
public record Usage(
    long inputTokens, long outputTokens, long cachedInputTokens, long reasoningTokens) {
  public static final Usage ZERO = new Usage(0, 0, 0, 0);

  public static Usage of(long inputTokens, long outputTokens) {
    return new Usage(inputTokens, outputTokens, 0, 0);
  }

  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  public Usage plus(Usage other) {
    return new Usage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cachedInputTokens + other.cachedInputTokens,
        reasoningTokens + other.reasoningTokens);
  }
}
