package dev.quarry.observe;

import dev.quarry.Extraction;
import dev.quarry.Message;
import dev.quarry.QuarryException;
import dev.quarry.Violation;
import java.time.Duration;
import java.util.List;

/**
 * Hears what happens during calls: for logging, metrics, tracing, auditing, tests. Every method
 * does nothing by default; override the ones you need.
 *
 * <p>The events of one call, in order: {@link #started}; then per attempt {@link #requestReady},
 * {@link #transportRetry} for each send that failed and was sent again, {@link
 * #responseReceived}, {@link #repaired} and {@link #validationFailed} when they apply, {@link
 * #attemptFinished}, and {@link #reasking} before the next attempt; finally exactly one of {@link
 * #completed} or {@link #failed}. Attempts are numbered from 1.
 *
 * <pre>{@code
 * Quarry quarry = Quarry.builder()
 *     .listener(new QuarryListener() {
 *       @Override public void completed(CallInfo call, Extraction<?> result) {
 *         log.info("{} took {} ms, {} tokens", call.displayName(),
 *             result.latency().toMillis(), result.usage().totalTokens());
 *       }
 *     })
 *     .build();
 * }</pre>
 *
 * <p><b>Threads.</b> Events are delivered synchronously on the thread making the call (so a
 * listener's time adds to the call's); a listener shared by concurrent calls must be
 * thread-safe. Hand slow work to another thread, as {@code dev.quarry.jdbc.CallLog} (artifact
 * {@code quarry-jdbc}) does.
 *
 * <p><b>Failures.</b> An exception thrown by a listener never reaches the call: it is caught, the
 * first one of each listener is logged once at {@code WARNING} through {@link System.Logger}
 * ({@code dev.quarry.observe}), and the call goes on.
 *
 * <p><b>Secrets.</b> Bodies are passed as sent and received, with the client's API key replaced
 * by {@code [redacted]} should a server echo it; credentials travel in headers, which listeners
 * do not see.
 */
public interface QuarryListener {
  /** The call began; nothing was sent yet. */
  default void started(CallInfo call) {}

  /**
   * An attempt's request is about to be sent.
   *
   * @param messages the conversation, in provider-neutral form
   * @param body the exact HTTP body
   */
  default void requestReady(CallInfo call, int attempt, List<Message> messages, String body) {}

  /**
   * A send of the attempt's request failed at the transport level (429, 5xx, dropped connection)
   * and will be sent again after {@link Extraction.Retry#delay()}.
   */
  default void transportRetry(CallInfo call, int attempt, Extraction.Retry retry) {}

  /**
   * The last response of the attempt arrived: a success, or an error that is not retried.
   *
   * @param latency from sending the request to reading the whole response
   */
  default void responseReceived(
      CallInfo call, int attempt, int status, String body, Duration latency) {}

  /** The lenient parser had to repair the answer to read it (e.g. a trailing comma). */
  default void repaired(CallInfo call, int attempt, List<String> repairs) {}

  /** The answer broke the schema or a Java check. */
  default void validationFailed(CallInfo call, int attempt, List<Violation> violations) {}

  /** The attempt is over; the result has its usage, cost and outcome. */
  default void attemptFinished(CallInfo call, AttemptResult result) {}

  /**
   * The model is asked again with the violations of its last answer.
   *
   * @param nextAttempt the number of the attempt the re-ask starts
   */
  default void reasking(CallInfo call, int nextAttempt, List<Violation> violations) {}

  /**
   * A {@code Strategy} moves the call on to another target after {@code cause} ended the last
   * attempt (whose {@link #attemptFinished} came first); the same conversation goes there next.
   *
   * @param nextAttempt the number of the attempt sent to the new target
   * @param provider the new target's provider name
   * @param model the new target's model
   */
  default void fellBack(
      CallInfo call, int nextAttempt, String provider, String model, QuarryException cause) {}

  /** The call returns {@code result}: its value, attempts, usage, latency and cost. */
  default void completed(CallInfo call, Extraction<?> result) {}

  /**
   * The call ends with {@code error}, which carries its attempts, usage and cost. An unchecked
   * exception that is not a {@link QuarryException} (say, from a custom transport) is reported
   * wrapped in one, with the original as its cause; the caller still gets the original.
   */
  default void failed(CallInfo call, QuarryException error) {}

  /**
   * A batch job ({@code Quarry.batchJob}) was polled: where it stands. Heard after every poll, on
   * the thread that drives the job; the job's calls are heard as any call's (their attempts'
   * requests when the batch is built, their replies when its results arrive).
   */
  default void batchProgress(dev.quarry.BatchProgress progress) {}
}
