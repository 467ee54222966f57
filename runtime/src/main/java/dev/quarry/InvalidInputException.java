package dev.quarry;

/**
 * The caller's input was rejected before any request was sent: an empty prompt, or one longer
 * than {@code Quarry.builder().maxInputChars(...)}. Nothing was spent.
 */
public class InvalidInputException extends QuarryException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message);
  }
}
