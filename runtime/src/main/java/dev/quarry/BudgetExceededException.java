package dev.quarry;

/**
 * A call stopped because its tokens would pass a budget: the per-call budget ({@code
 * Quarry.builder().maxTokensPerCall(...)}) or the client's total ({@code maxTokensTotal(...)}).
 * {@link #usage()} and {@link #attempts()} show what was spent before it stopped.
 */
public class BudgetExceededException extends QuarryException {
  private static final long serialVersionUID = 1L;

  /** Which budget ran out. */
  public enum Scope {
    /** The tokens of one call's attempts. */
    CALL,
    /** The tokens of every call of one {@link Quarry} client. */
    CLIENT
  }

  private final Scope scope;
  private final long budget;

  public BudgetExceededException(String message, Scope scope, long budget) {
    super(message);
    this.scope = scope;
    this.budget = budget;
  }

  public Scope scope() {
    return scope;
  }

  /** The budget in tokens (input plus output). */
  public long budget() {
    return budget;
  }
}
