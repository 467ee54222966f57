package dev.quarry;

/**
 * A batch job's entry ended without a reply to read: it failed at the provider, the batch expired
 * or was cancelled before it ran, the batch failed as a whole, or the batch ended without an
 * outcome for it. {@link #kind()} says which; the item is in the job's results with this error,
 * never lost. Run such inputs again in a new job, or as calls.
 */
public class BatchItemException extends QuarryException {
  private static final long serialVersionUID = 1L;

  private final BatchStore.Result.Kind kind;
  private final int status;
  private final String errorType;
  private final String providerMessage;

  public BatchItemException(String message, BatchStore.Result.Kind kind, int status,
      String errorType, String providerMessage) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.errorType = errorType;
    this.providerMessage = providerMessage;
  }

  /** How the entry ended: failed, expired, cancelled, batch failed, missing. */
  public BatchStore.Result.Kind kind() {
    return kind;
  }

  /** The HTTP status the provider reports for the entry, or 0. */
  public int status() {
    return status;
  }

  /** The provider's error type or code, or {@code null}. */
  public String errorType() {
    return errorType;
  }

  /** The provider's own message, verbatim, or {@code null}. */
  public String providerMessage() {
    return providerMessage;
  }
}
