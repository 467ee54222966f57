package dev.quarry.provider;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * The one place a configured base URL becomes the API root that requests are built on, by each
 * vendor's own rule:
 *
 * <ul>
 *   <li>OpenAI ({@code OPENAI_BASE_URL}) and OpenAI-compatible servers: the value includes the
 *       version, as in OpenAI's SDKs ({@code https://api.openai.com/v1}); it is used as given.
 *   <li>Anthropic ({@code ANTHROPIC_BASE_URL}) and Gemini ({@code GOOGLE_GEMINI_BASE_URL}): the
 *       value is the host root, as in the vendors' SDKs ({@code https://api.anthropic.com}, to
 *       which {@code /v1} is added; {@code https://generativelanguage.googleapis.com}, to which
 *       {@code /v1beta} is added).
 *   <li>Ollama ({@code OLLAMA_HOST}): the server's root, as the {@code ollama} command reads it.
 * </ul>
 *
 * <p>{@code Quarry.builder().baseUrl(...)} follows the same rule. A value that already ends in a
 * version segment ({@code /v1}, {@code /v1beta}, {@code /v2alpha}, ...) is taken as the API root
 * and never gets a second one; trailing slashes are dropped.
 */
public final class BaseUrls {
  private static final Pattern VERSION = Pattern.compile(".*/v\\d+(?:(?:alpha|beta)\\d*)?");

  private BaseUrls() {}

  /** The API root for {@code configured}, a base URL written by the rule of {@code provider}. */
  public static String apiRoot(Provider provider, String configured) {
    requireNonNull(provider, "provider == null");
    requireNonNull(configured, "configured == null");
    String url = stripTrailingSlash(configured.strip());
    String version = provider.versionSegment();
    if (version.isEmpty() || endsInVersion(url)) {
      return url;
    }
    return url + version;
  }

  /** Whether the URL's path ends in a version segment such as {@code /v1} or {@code /v1beta}. */
  static boolean endsInVersion(String url) {
    int query = url.indexOf('?');
    String path = query < 0 ? url : url.substring(0, query);
    return VERSION.matcher(path).matches();
  }

  /**
   * {@code url} without trailing slashes. Here rather than in {@link Wire}, so that a client's
   * set-up does not initialise {@code Wire}'s JSON mapper on the caller's thread.
   */
  public static String stripTrailingSlash(String url) {
    int end = url.length();
    while (end > 0 && url.charAt(end - 1) == '/') {
      end--;
    }
    return url.substring(0, end);
  }
}
