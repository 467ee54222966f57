package dev.quarry;

import java.time.Duration;

/**
 * A call ran past its deadline ({@code Quarry.builder().deadline(...)}), which covers every
 * attempt, re-ask, transport retry and rate-limit wait. {@link #attempts()} has what was sent
 * before time ran out; the cause, when there is one, is the timeout of the request in flight.
 */
public class DeadlineExceededException extends QuarryException {
  private static final long serialVersionUID = 1L;

  private final Duration deadline;

  public DeadlineExceededException(String message, Duration deadline, Throwable cause) {
    super(message, cause);
    this.deadline = deadline;
  }

  /** The deadline that passed. */
  public Duration deadline() {
    return deadline;
  }
}
