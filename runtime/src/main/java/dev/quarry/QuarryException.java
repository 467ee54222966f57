package dev.quarry;

import java.util.List;
import java.util.Optional;

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
  private transient Cost cost;

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
   * The price of {@link #usage()} from the client's {@link PriceTable}; empty when none is
   * configured, it has no price for the model, or no attempt was made.
   */
  public Optional<Cost> cost() {
    return Optional.ofNullable(cost);
  }

  /** How many HTTP requests the failed call sent: every attempt and every transport retry. */
  public int requestCount() {
    return Extraction.requestCount(attempts());
  }

  /** Records the cost of the failed call; called by the runtime before the exception leaves Quarry. */
  public QuarryException withCost(Cost cost) {
    this.cost = cost;
    return this;
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
