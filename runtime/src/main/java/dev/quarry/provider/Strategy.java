package dev.quarry.provider;

import static java.util.Objects.requireNonNull;

import dev.quarry.ConfigurationException;
import java.util.List;

/**
 * Several {@link Target}s behind one client: {@link Providers#fallback} tries them in order,
 * {@link Providers#roundRobin} spreads calls over them. Set it with {@code
 * Quarry.builder().strategy(...)}, or for some calls with {@code quarry.with(CallOptions)}.
 * Immutable.
 *
 * <pre>{@code
 * Quarry quarry = Quarry.builder()
 *     .strategy(Providers.fallback(
 *         Providers.openAi("gpt-4o-mini"), Providers.anthropic("claude-haiku-4-5")))
 *     .build();
 * }</pre>
 *
 * <p>The target is chosen per attempt inside the call's one attempt loop. A call moves on to the
 * next target when its current one fails in a way that sending again does not fix: a 5xx, 429
 * (rate limit or {@code insufficient_quota}), 408 or 409 once the transport retries of the
 * {@code RetryPolicy} are spent (or the server said not to retry), a server that cannot be
 * reached, an error event in a stream or a reply not in the API's format, a stream that broke
 * after its retries, and, with {@link #fallbackOnRefusal()}, a refusal. Other
 * failures end the call as without a strategy: a 400, 401, 403 or 404 (a mistake to fix, not to
 * hide), an invalid answer (re-asked on the same target, which keeps its conversation), a
 * deadline or a budget. A round-robin call starts at the next target in turn and falls back
 * through the others in the same order.
 */
public final class Strategy {
  /** How a strategy picks the first target of a call. */
  public enum Kind {
    /** Every call starts at the first target. */
    FALLBACK,
    /** Calls start at each target in turn. */
    ROUND_ROBIN
  }

  private final Kind kind;
  private final List<Target> targets;
  private final boolean fallbackOnRefusal;

  private Strategy(Kind kind, List<Target> targets, boolean fallbackOnRefusal) {
    this.kind = kind;
    this.targets = targets;
    this.fallbackOnRefusal = fallbackOnRefusal;
  }

  static Strategy of(Kind kind, Target... targets) {
    requireNonNull(targets, "targets == null");
    String name = kind == Kind.FALLBACK ? "Providers.fallback" : "Providers.roundRobin";
    if (targets.length == 0) {
      throw new ConfigurationException(
          name + "(): no targets; name at least one, e.g. " + name
              + "(Providers.openAi(\"gpt-4o-mini\"), Providers.anthropic(\"claude-haiku-4-5\")).");
    }
    for (int i = 0; i < targets.length; i++) {
      if (targets[i] == null) {
        throw new NullPointerException(name + ": targets[" + i + "] == null");
      }
    }
    return new Strategy(kind, List.of(targets), false);
  }

  /**
   * This strategy, also moving on to the next target when the model refuses to answer (a
   * refusal or a content filter); without it a refusal ends the call with a {@code
   * RefusalException}.
   */
  public Strategy fallbackOnRefusal() {
    return new Strategy(kind, targets, true);
  }

  public Kind kind() {
    return kind;
  }

  /** The targets, in order. */
  public List<Target> targets() {
    return targets;
  }

  /** Whether a refusal moves the call on to the next target. */
  public boolean fallsBackOnRefusal() {
    return fallbackOnRefusal;
  }

  @Override
  public String toString() {
    return (kind == Kind.FALLBACK ? "fallback" : "roundRobin") + targets
        + (fallbackOnRefusal ? " (also on refusal)" : "");
  }
}
