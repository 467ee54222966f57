package dev.quarry;

import static java.util.Objects.requireNonNull;

/**
 * Opt-in prompt caching, in each provider's own terms. Set it with {@code
 * Quarry.builder().promptCache(...)} or for some calls with {@link CallOptions.Builder#promptCache}.
 * Immutable.
 *
 * <pre>{@code
 * Quarry quarry = Quarry.builder()
 *     .provider(Providers.anthropic()).model("claude-sonnet-4-5")
 *     .promptCache(PromptCache.breakpoints())           // Anthropic: cache tools + system prompt
 *     .build();
 * Quarry openAi = Quarry.builder()
 *     .promptCache(PromptCache.key("receipts-v3"))      // OpenAI: route calls to the same cache
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li><b>Anthropic</b> ({@link #breakpoints()}): a {@code cache_control: {type: ephemeral}}
 *       breakpoint on the tool definition (TOOLS mode) and on the system prompt, which is then
 *       sent as one text block. A re-ask or a later call with the same method and system prompt
 *       reads them from the cache; the model must be one that caches and the prefix long enough
 *       (the API ignores the breakpoints otherwise).
 *   <li><b>OpenAI</b> Chat Completions and Responses ({@link #key(String)}): {@code
 *       prompt_cache_key}. OpenAI caches long prompts by itself; the key groups calls that share a
 *       prefix so they land on the same cache.
 *   <li><b>Gemini</b> ({@link #cachedContent(String)}): the name of a {@code CachedContent} you
 *       created through the API ({@code cachedContents/...}), sent as {@code cachedContent}. The
 *       API refuses a request that also sets the system instruction, tools or tool config, so
 *       Quarry leaves those out: the cached content must hold the system prompt (and, in TOOLS
 *       mode, the function declaration Quarry would send). Quarry does not create or refresh
 *       cached content.
 * </ul>
 *
 * <p>Cached tokens are reported in {@link Usage#cachedInputTokens()} (and Anthropic's cache writes
 * in {@link Usage#cacheWriteTokens()}), priced by {@link PriceTable} at its cached prices.
 * Settings for another provider are ignored, so one value can serve a strategy of several.
 */
public final class PromptCache {
  private final boolean breakpoints;
  private final String key;
  private final String cachedContent;

  private PromptCache(boolean breakpoints, String key, String cachedContent) {
    this.breakpoints = breakpoints;
    this.key = key;
    this.cachedContent = cachedContent;
  }

  /** Anthropic cache breakpoints on the tool definition and the system prompt. */
  public static PromptCache breakpoints() {
    return new PromptCache(true, null, null);
  }

  /** OpenAI's {@code prompt_cache_key}. */
  public static PromptCache key(String key) {
    return new PromptCache(false, null, null).withKey(key);
  }

  /** Gemini's {@code cachedContent}, e.g. {@code cachedContents/abc123}. */
  public static PromptCache cachedContent(String name) {
    return new PromptCache(false, null, null).withCachedContent(name);
  }

  /** This setting with Anthropic's breakpoints too. */
  public PromptCache withBreakpoints() {
    return new PromptCache(true, key, cachedContent);
  }

  /**
   * This setting with OpenAI's {@code prompt_cache_key} too.
   *
   * @throws IllegalArgumentException when the key is blank
   */
  public PromptCache withKey(String key) {
    requireNonNull(key, "key == null");
    if (key.isBlank()) {
      throw new IllegalArgumentException(
          "PromptCache.key: the key is blank; use a name shared by calls with the same prompt"
              + " prefix, e.g. \"receipts-v3\"");
    }
    return new PromptCache(breakpoints, key, cachedContent);
  }

  /**
   * This setting with Gemini's {@code cachedContent} too.
   *
   * @throws IllegalArgumentException when the name is blank
   */
  public PromptCache withCachedContent(String name) {
    requireNonNull(name, "name == null");
    if (name.isBlank()) {
      throw new IllegalArgumentException(
          "PromptCache.cachedContent: the name is blank; pass the name the API gave the cached"
              + " content, e.g. \"cachedContents/abc123\"");
    }
    return new PromptCache(breakpoints, key, name.strip());
  }

  /** Whether Anthropic requests carry cache breakpoints. */
  public boolean hasBreakpoints() {
    return breakpoints;
  }

  /** OpenAI's {@code prompt_cache_key}, or {@code null}. */
  public String cacheKey() {
    return key;
  }

  /** Gemini's cached content name, or {@code null}. */
  public String cachedContentName() {
    return cachedContent;
  }

  @Override
  public String toString() {
    return "PromptCache[" + (breakpoints ? "breakpoints" : "")
        + (key == null ? "" : (breakpoints ? ", " : "") + "key=" + key)
        + (cachedContent == null ? "" : ", cachedContent=" + cachedContent) + "]";
  }
}
