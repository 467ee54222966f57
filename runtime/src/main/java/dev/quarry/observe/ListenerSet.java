package dev.quarry.observe;

import static java.util.Objects.requireNonNull;

import dev.quarry.Extraction;
import dev.quarry.Message;
import dev.quarry.QuarryException;
import dev.quarry.Violation;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Several listeners heard as one, each shielded from the others and from the call: an exception
 * thrown by a listener is caught, its first one reported once at {@code WARNING}, and the event
 * goes on to the next listener. Immutable; this is what the runtime's call loops deliver events
 * to, and what a listener that fans out to others can use.
 */
public final class ListenerSet implements QuarryListener {
  private static final Logger LOG = System.getLogger("dev.quarry.observe");
  private static final ListenerSet EMPTY = new ListenerSet(List.of());

  private final List<Guarded> listeners;

  private ListenerSet(List<Guarded> listeners) {
    this.listeners = listeners;
  }

  /** No listeners. */
  public static ListenerSet empty() {
    return EMPTY;
  }

  /** {@code listeners}, in the order they hear each event. */
  public static ListenerSet of(List<? extends QuarryListener> listeners) {
    requireNonNull(listeners, "listeners == null");
    ListenerSet set = EMPTY;
    for (QuarryListener listener : listeners) {
      set = set.plus(listener);
    }
    return set;
  }

  /**
   * This set with {@code listener} added last. The listeners already here keep their "already
   * reported" state, so a view of a client does not report a listener's failure again.
   */
  public ListenerSet plus(QuarryListener listener) {
    requireNonNull(listener, "listener == null");
    List<Guarded> more = new ArrayList<>(listeners);
    more.add(new Guarded(listener));
    return new ListenerSet(List.copyOf(more));
  }

  public boolean isEmpty() {
    return listeners.isEmpty();
  }

  /** The listeners, in order. */
  public List<QuarryListener> listeners() {
    List<QuarryListener> list = new ArrayList<>(listeners.size());
    for (Guarded guarded : listeners) {
      list.add(guarded.listener);
    }
    return List.copyOf(list);
  }

  private void each(String event, Consumer<QuarryListener> delivery) {
    for (Guarded guarded : listeners) {
      try {
        delivery.accept(guarded.listener);
      } catch (RuntimeException | LinkageError e) {
        // A LinkageError is caught too: a listener compiled against an optional library that
        // is missing at run time must not break calls.
        if (guarded.reported.compareAndSet(false, true)) {
          LOG.log(Level.WARNING, "Quarry listener " + guarded.listener + " failed in " + event
              + "; the call goes on. Later failures of this listener are not reported.", e);
        }
      }
    }
  }

  @Override
  public void started(CallInfo call) {
    each("started", l -> l.started(call));
  }

  @Override
  public void requestReady(CallInfo call, int attempt, List<Message> messages, String body) {
    each("requestReady", l -> l.requestReady(call, attempt, messages, body));
  }

  @Override
  public void transportRetry(CallInfo call, int attempt, Extraction.Retry retry) {
    each("transportRetry", l -> l.transportRetry(call, attempt, retry));
  }

  @Override
  public void responseReceived(
      CallInfo call, int attempt, int status, String body, Duration latency) {
    each("responseReceived", l -> l.responseReceived(call, attempt, status, body, latency));
  }

  @Override
  public void repaired(CallInfo call, int attempt, List<String> repairs) {
    each("repaired", l -> l.repaired(call, attempt, repairs));
  }

  @Override
  public void validationFailed(CallInfo call, int attempt, List<Violation> violations) {
    each("validationFailed", l -> l.validationFailed(call, attempt, violations));
  }

  @Override
  public void attemptFinished(CallInfo call, AttemptResult result) {
    each("attemptFinished", l -> l.attemptFinished(call, result));
  }

  @Override
  public void reasking(CallInfo call, int nextAttempt, List<Violation> violations) {
    each("reasking", l -> l.reasking(call, nextAttempt, violations));
  }

  @Override
  public void fellBack(
      CallInfo call, int nextAttempt, String provider, String model, QuarryException cause) {
    each("fellBack", l -> l.fellBack(call, nextAttempt, provider, model, cause));
  }

  @Override
  public void completed(CallInfo call, Extraction<?> result) {
    each("completed", l -> l.completed(call, result));
  }

  @Override
  public void failed(CallInfo call, QuarryException error) {
    each("failed", l -> l.failed(call, error));
  }

  @Override
  public void batchProgress(dev.quarry.BatchProgress progress) {
    each("batchProgress", l -> l.batchProgress(progress));
  }

  @Override
  public String toString() {
    return "ListenerSet" + listeners();
  }

  private static final class Guarded {
    final QuarryListener listener;
    final AtomicBoolean reported = new AtomicBoolean();

    Guarded(QuarryListener listener) {
      this.listener = listener;
    }
  }
}
