package dev.quarry.provider;

import java.util.Locale;

/**
 * The advice sentences every provider's error messages end with, in one place, so that one fault
 * reads the same whichever API reported it: what went wrong in the user's terms, and what to do.
 */
public final class ErrorAdvice {
  /** For a 400 or 422 whose message names the field. */
  public static final String INVALID_REQUEST =
      "The request was rejected as invalid; the message above names the field.";
  /** For a 5xx. */
  public static final String SERVER_FAILED = "The server failed; retrying later usually helps.";
  /** For a status without more specific advice. */
  public static final String FAILED = "The request failed.";

  private ErrorAdvice() {}

  /** No key was sent; {@code variable} is where it is read from, or {@code null}. */
  public static String noKey(String variable) {
    return variable == null
        ? "No API key was sent: configure one with Quarry.builder().apiKey(...)."
        : "No API key was sent: set the environment variable " + variable
            + " or configure a key on the Quarry builder.";
  }

  /** The key was rejected; {@code variable} is where it is read from, or {@code null}. */
  public static String keyRejected(String variable) {
    return variable == null
        ? "The API key was rejected: check the key configured on the Quarry builder."
        : "The API key was rejected: check the key in the environment variable " + variable
            + " (or the one configured on the Quarry builder).";
  }

  /** {@link #noKey} or {@link #keyRejected}, by whether the request carried a key. */
  public static String unauthorized(ProviderRequest request, String variable) {
    return request.apiKey() == null || request.apiKey().isEmpty()
        ? noKey(variable)
        : keyRejected(variable);
  }

  /** A 403: the key works but may not do this; {@code check} says what to check. */
  public static String notAllowed(String check) {
    return "The key is not allowed to do this: check " + check + ".";
  }

  /** A 429 that a retry may cure. */
  public static String rateLimited(String retryAfter) {
    return "Rate limited: slow down or retry later"
        + (retryAfter == null ? "." : " (Retry-After: " + retryAfter + ").");
  }

  /**
   * A 404. When the API's own error names a model, the model is the problem; otherwise nothing
   * answers at the path the base URL led to, and the base URL is the problem, not the model.
   *
   * @param errorMessage the API's error message, or {@code null} when the body was not the API's
   *     error format (an HTML page, a router's plain "404 page not found")
   * @param baseUrlRule how this API's base URL is written, e.g. "the host root, such as
   *     https://api.anthropic.com"
   */
  public static String notFound(ProviderRequest request, String errorMessage, String baseUrlRule) {
    String lower = errorMessage == null ? "" : errorMessage.toLowerCase(Locale.ROOT);
    if (lower.contains("model") || lower.contains(request.model().toLowerCase(Locale.ROOT))) {
      return "The model '" + request.model() + "' was not found: check its name and that the key"
          + " may use it.";
    }
    return "Nothing answers at that path, so the base URL " + request.baseUrl() + " is likely"
        + " wrong (not the model name): it should be " + baseUrlRule + ".";
  }
}
