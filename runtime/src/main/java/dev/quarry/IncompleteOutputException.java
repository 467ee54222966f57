package dev.quarry;

/**
 * The model stopped before finishing its answer because it reached the output token limit
 * ({@code finish_reason: length}). Raise the limit or ask for less; re-asking would cost the
 * same again.
 */
public class IncompleteOutputException extends QuarryException {
  private static final long serialVersionUID = 1L;

  private final String partialOutput;

  public IncompleteOutputException(String message, String partialOutput) {
    super(message);
    this.partialOutput = partialOutput;
  }

  /** What the model wrote before it was cut off, or {@code null}. */
  public String partialOutput() {
    return partialOutput;
  }
}
