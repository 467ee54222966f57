package dev.quarry;

/** The model declined to answer (OpenAI's {@code refusal} field); {@link #refusal()} says why. */
public class RefusalException extends QuarryException {
  private static final long serialVersionUID = 1L;

  private final String refusal;

  public RefusalException(String message, String refusal) {
    super(message);
    this.refusal = refusal;
  }

  /** The model's refusal text. */
  public String refusal() {
    return refusal;
  }
}
