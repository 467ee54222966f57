package dev.quarry.observe;

import static java.util.Objects.requireNonNull;

import dev.quarry.Cost;
import dev.quarry.Extraction;
import java.time.Instant;
import java.util.Optional;

/**
 * How one attempt of a call ended, as {@link QuarryListener#attemptFinished} reports it.
 *
 * @param attempt the attempt: request, response, violations, repairs, usage, latency and the
 *     transport retries before its last send
 * @param outcome whether the answer was accepted
 * @param startedAt when the attempt's first send started
 * @param responseModel the model that answered, as the provider reported it, or {@code null}
 * @param finishReason the provider's reason for stopping, or {@code null}
 * @param cost the price of the attempt's tokens; empty without a {@link dev.quarry.PriceTable}
 *     price for the model
 * @param error what went wrong for {@link Outcome#ERROR} (the exception's message), the
 *     violations for {@link Outcome#INVALID}, {@code null} for {@link Outcome#OK}
 */
public record AttemptResult(
    Extraction.Attempt attempt,
    Outcome outcome,
    Instant startedAt,
    String responseModel,
    String finishReason,
    Optional<Cost> cost,
    String error) {
  public AttemptResult {
    requireNonNull(attempt, "attempt == null");
    requireNonNull(outcome, "outcome == null");
    requireNonNull(startedAt, "startedAt == null");
    requireNonNull(cost, "cost == null");
  }

  /**
   * The provider the attempt was sent to (with a {@code Strategy}, its target's), or {@code
   * null} when the attempt does not say.
   */
  public String provider() {
    return attempt.provider();
  }

  /** The model the attempt asked for (with a {@code Strategy}, its target's), or {@code null}. */
  public String model() {
    return attempt.model();
  }

  /** How an attempt ended. */
  public enum Outcome {
    /** The answer passed every check and is the call's value. */
    OK,
    /** The answer was read but broke the schema or a Java check; a re-ask may follow. */
    INVALID,
    /**
     * No usable answer: the provider failed or could not be reached, the model refused or hit
     * the output limit, or a deadline, budget or interrupt ended the call.
     */
    ERROR
  }
}
