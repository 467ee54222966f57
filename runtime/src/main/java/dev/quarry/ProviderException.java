package dev.quarry;

/**
 * The provider answered with an error, or could not be reached. Carries the HTTP status (0 when
 * no response came), the provider's error type and message, the request id when the provider
 * sent one, and the response body. Never contains the API key.
 */
public class ProviderException extends QuarryException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String errorType;
  private final String errorMessage;
  private final String requestId;
  private final String responseBody;

  public ProviderException(
      String message,
      int status,
      String errorType,
      String errorMessage,
      String requestId,
      String responseBody,
      Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorType = errorType;
    this.errorMessage = errorMessage;
    this.requestId = requestId;
    this.responseBody = responseBody;
  }

  /** The HTTP status, or 0 when the request failed before a response arrived. */
  public int status() {
    return status;
  }

  /** The provider's error type or code (e.g. {@code invalid_request_error}), or {@code null}. */
  public String errorType() {
    return errorType;
  }

  /** The provider's own error message, verbatim, or {@code null}. */
  public String errorMessage() {
    return errorMessage;
  }

  /** The provider's request id (e.g. OpenAI's {@code x-request-id}), or {@code null}. */
  public String requestId() {
    return requestId;
  }

  /** The raw response body, or {@code null}. */
  public String responseBody() {
    return responseBody;
  }
}
