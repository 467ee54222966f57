package dev.quarry.call;

import dev.quarry.Cost;
import dev.quarry.Usage;
import java.util.Optional;

/**
 * The calls made while a call reads an answer, on the same thread: an {@link
 * dev.quarry.LlmValidator} asking its model, through whichever client. Their tokens and cost
 * belong to the call whose answer they judged, so {@link Call} opens a scope around reading an
 * answer and every call that ends inside it adds what it spent.
 */
final class NestedCalls {
  private static final ThreadLocal<NestedCalls> CURRENT = new ThreadLocal<>();

  private NestedCalls outer;
  private Usage usage = Usage.ZERO;
  private Cost cost = Cost.ZERO;
  private boolean costKnown = true;

  /** Starts collecting on this thread; end it with {@link #exit()} in a {@code finally}. */
  void enter() {
    outer = CURRENT.get();
    CURRENT.set(this);
  }

  /** Ends collecting; the enclosing scope, if any, collects again. */
  void exit() {
    // set, not remove: a removed entry is made anew by the next call's enter (the thread keeps
    // one entry, whose value is null between calls)
    CURRENT.set(outer);
  }

  /** Tells the enclosing call, if this thread is reading an answer, what a finished call spent. */
  static void spent(Usage usage, Optional<Cost> cost) {
    NestedCalls scope = CURRENT.get();
    if (scope == null || usage.totalTokens() == 0 && cost.isEmpty()) {
      return;
    }
    scope.usage = scope.usage.plus(usage);
    if (cost.isPresent()) {
      scope.cost = scope.cost.plus(cost.get());
    } else {
      scope.costKnown = false;
    }
  }

  Usage usage() {
    return usage;
  }

  boolean any() {
    return usage.totalTokens() > 0 || !costKnown || cost.total().signum() != 0;
  }

  /** The cost of the call's own tokens plus the nested calls', unknown if either is. */
  static Optional<Cost> plus(Optional<Cost> own, NestedCalls nested) {
    if (nested == null || !nested.any()) {
      return own;
    }
    return own.isPresent() && nested.costKnown ? Optional.of(own.get().plus(nested.cost)) : Optional.empty();
  }
}
