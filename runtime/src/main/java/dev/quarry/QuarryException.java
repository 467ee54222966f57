package dev.quarry;

import java.util.List;

/**
 * The root of every exception Quarry throws. It carries the attempts made before the failure, so
 * that nothing spent is lost: {@link #attempts()} has each request, raw response and error, and
 * {@link #usage()} their summed tokens.
 *
 * <pre>{@code
 * try {
 *   return reader.read(text);
 * } catch (QuarryException e) {
 *   log.warn("extraction failed after {} attempts, {} tokens", e.attempts().size(),
 *       e.usage().totalTokens(), e);
 * }
 * }</pre>
 */
public class QuarryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private transient List<Extraction.Attempt> attempts = List.of();

  public QuarryException(String message) {
    super(message);
  }

  public QuarryException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Every attempt made in the call that failed, oldest first; empty when none was made. */
  public List<Extraction.Attempt> attempts() {
    return attempts == null ? List.of() : attempts;
  }

  /** The tokens of every attempt, summed. */
  public Usage usage() {
    Usage sum = Usage.ZERO;
    for (Extraction.Attempt attempt : attempts()) {
      sum = sum.plus(attempt.usage());
    }
    return sum;
  }

  /**
   * Records the attempts of the failed call; called once by the runtime before the exception
   * leaves Quarry.
   */
  public QuarryException withAttempts(List<Extraction.Attempt> attempts) {
    this.attempts = List.copyOf(attempts);
    return this;
  }
}
