package dev.quarry.provider.openai;

import static dev.quarry.provider.Wire.excerpt;
import static dev.quarry.provider.Wire.parseOrNull;
import static dev.quarry.provider.Wire.redact;
import static dev.quarry.provider.Wire.text;
import static dev.quarry.spi.Mapper.JSON;

import dev.quarry.ProviderException;
import dev.quarry.provider.ErrorAdvice;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.provider.Wire;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI's error conventions, shared by its APIs: the {@code {"error":{message,type,param,code}}}
 * body ({@code ErrorResponse} in the spec), what each status means for the caller, and keeping the
 * API key out of everything that is reported.
 *
 * <p>Used by {@link OpenAiProvider} (Chat Completions and every compatible server) and {@link
 * OpenAiResponsesProvider}.
 */
final class OpenAiErrors {

  private OpenAiErrors() {}

  /**
   * The exception for an error response.
   *
   * @param api the API's name for messages, e.g. {@code OpenAI Responses API}
   * @param keyVariable the environment variable of the key, or {@code null}
   * @param body the response body, already {@link #redact redacted}
   * @param json {@code body} parsed, or {@code null} when it is not JSON
   * @param retryAfter the {@code Retry-After} header, or {@code null}
   */
  static ProviderException error(
      String api,
      String keyVariable,
      ProviderRequest request,
      int status,
      String requestId,
      String body,
      JsonNode json,
      String retryAfter) {
    JsonNode error = json == null ? null : json.get("error");
    String errorMessage = null;
    String errorType = null;
    String code = null;
    if (error != null && error.isObject()) {
      errorMessage = text(error.get("message"));
      errorType = text(error.get("type"));
      code = text(error.get("code"));
    } else if (error != null && error.isString()) {
      errorMessage = error.stringValue(); // servers such as Ollama: {"error": "model not found"}
    }
    String type = errorType != null ? errorType : code;

    StringBuilder message = new StringBuilder(api).append(" answered HTTP ").append(status);
    if (type != null) {
      message.append(" (").append(type);
      if (code != null && !code.equals(type)) {
        message.append(", ").append(code);
      }
      message.append(')');
    }
    if (errorMessage != null) {
      message.append(": ").append(errorMessage);
    } else if (json == null && !body.isBlank()) {
      message.append(" with a body that is not JSON (an error page from a proxy or gateway?): ")
          .append(excerpt(body));
    } else if (!body.isBlank()) {
      message.append(": ").append(excerpt(body));
    }
    endSentence(message);
    message.append(' ').append(advice(keyVariable, request, status, code, retryAfter, errorMessage));
    if (requestId != null) {
      message.append(" Request id: ").append(requestId).append('.');
    }
    return new ProviderException(
        message.toString(), status, type, errorMessage, requestId, body, null);
  }

  /**
   * What the caller can do about an error. For a response that came back with status 200 but
   * failed (a Responses API {@code status: failed}), the error code stands in for the status.
   */
  static String advice(String keyVariable, ProviderRequest request, int status, String code,
      String retryAfter, String errorMessage) {
    if (status >= 200 && status <= 299) {
      if ("rate_limit_exceeded".equals(code)) {
        status = 429;
      } else if ("server_error".equals(code)) {
        status = 500;
      } else {
        return "The model could not produce a response for this input; the message above says why.";
      }
    }
    switch (status) {
      case 401:
        return ErrorAdvice.unauthorized(request, keyVariable);
      case 403:
        return ErrorAdvice.notAllowed("the project, organisation and model access of the key");
      case 404:
        return ErrorAdvice.notFound(request, errorMessage,
            "the API root with its version, such as https://api.openai.com/v1 (the form of"
                + " OPENAI_BASE_URL)");
      case 429:
        if ("insufficient_quota".equals(code)) {
          return "The account is out of quota: check the plan and billing; retrying will not help.";
        }
        return ErrorAdvice.rateLimited(retryAfter);
      case 400:
      case 422:
        return ErrorAdvice.INVALID_REQUEST;
      default:
        return status >= 500 ? ErrorAdvice.SERVER_FAILED : ErrorAdvice.FAILED;
    }
  }

  private static void endSentence(StringBuilder message) {
    char last = message.charAt(message.length() - 1);
    if (last != '.' && last != '!' && last != '?') {
      message.append('.');
    }
  }
}
