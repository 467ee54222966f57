package dev.quarry;

import java.util.List;

/**
 * Every attempt the call was allowed produced an answer that could not be parsed, validated or
 * bound. {@link #attempts()} holds each raw output with its violations; {@link #violations()} those
 * of the last attempt.
 */
public class RetriesExhaustedException extends QuarryException {
  private static final long serialVersionUID = 1L;

  private final transient List<Violation> violations;

  public RetriesExhaustedException(String message, List<Violation> violations) {
    super(message);
    this.violations = List.copyOf(violations);
  }

  /** What was wrong with the last answer. */
  public List<Violation> violations() {
    return violations;
  }
}
