package dev.quarry.call;

import dev.quarry.BudgetExceededException;
import dev.quarry.Cost;
import dev.quarry.DeadlineExceededException;
import dev.quarry.Extraction;
import dev.quarry.Message;
import dev.quarry.ProviderException;
import dev.quarry.QuarryException;
import dev.quarry.StreamEvent;
import dev.quarry.Usage;
import dev.quarry.Violation;
import dev.quarry.observe.AttemptResult;
import dev.quarry.observe.CallInfo;
import dev.quarry.observe.ListenerSet;
import dev.quarry.provider.ModelReply;
import dev.quarry.provider.Provider;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.transport.RateLimiter;
import dev.quarry.transport.RetryPolicy;
import dev.quarry.transport.TimeSource;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One call, and the only attempt loop: render → request → send (rate limit, deadline, transport
 * retries) → receive (whole or streamed, by the {@link Receiver}) → read the answer (parse →
 * validate → bind → check) → return, or re-ask with the violations until the attempts or the
 * budgets run out. It records every attempt and tells the listeners.
 *
 * <p>The loop is a small state machine driven by {@link #advance()}: a whole call advances until
 * it has a result ({@link #run()}); a streamed call advances each time its consumer asks for an
 * event ({@link #events()}), so nothing is read ahead of the consumer and no thread is started.
 */
final class Call<T> {
  private static final Logger LOG = System.getLogger("dev.quarry");
  /** The timeout passed to the transport without a deadline: its own request timeout applies. */
  private static final Duration NO_TIMEOUT = Duration.ofDays(36_500);
  /** Closes streams whose deadline passed while a read was blocked. */
  private static final ScheduledExecutorService WATCHDOG = watchdog();

  private final Engine engine;
  private final Settings settings;
  /** The provider of the current route: a strategy's call may move on to another. */
  private Provider provider;
  /** The routes this call may take, in order, and the one it is on. */
  private final List<Routes.Route> order;
  private int routeIndex;
  private Routes.Route route;
  /** The failures that moved the call on to another route, oldest first. */
  private List<QuarryException> movedOn = List.of(); // made on the first move
  /** How many answers were judged; {@code maxAttempts} limits these. */
  private int answered;
  private final PreparedMethod<T> prepared;
  private final AttemptSteps<T> steps;
  private final ExtractMethod<T> method;
  private final Receiver<T> receiver;
  private final RetryPolicy retryPolicy;
  private final TimeSource time;
  // Sized for the usual call: a system prompt and the user's, one attempt (a re-ask grows them).
  private final List<Message> messages = new ArrayList<>(4);
  private final List<Extraction.Attempt> attempts = new ArrayList<>(2);
  // Room for one event: a whole answer's Done; a stream's events grow it.
  private final ArrayDeque<StreamEvent<T>> ready = new ArrayDeque<>(1);
  /** Listeners hear events only when there are any: a call without them builds no event data. */
  private final ListenerSet listeners;
  private final boolean observed;

  private Usage usage = Usage.ZERO;
  /** What validators that ask a model spent judging this call's answers. */
  private final NestedCalls nested = new NestedCalls();
  private long start;
  private boolean hasDeadline;
  private long deadlineAt;
  private CallInfo call;
  private List<Instant> attemptStarts = List.of(); // made when listeners are told of a first attempt
  /** How many of {@link #attempts} the listeners have heard the end of. */
  private int reported;
  private ModelReply lastReply;
  private int lastReplyNumber;

  // The state machine.
  private boolean started;
  private boolean finished;
  private volatile boolean closed;
  private volatile boolean deadlinePassed;
  private Extraction<T> result;

  // The attempt in progress.
  private int number;
  private ProviderRequest request;
  private TransportRequest http;
  private Sent sent;
  private boolean receiving;
  private long receiveStart;
  private ScheduledFuture<?> watchdog;
  // A batch's attempt: its send is deferred, its reply (or failure) delivered later.
  private boolean deferred;
  private TransportResponse delivered;
  private QuarryException deliveredFailure;
  private Duration deliveredAfter = Duration.ZERO; // how long the batch took: the attempt's latency

  Call(Engine engine, PreparedMethod<T> prepared, Message.UserPrompt user, ListenerSet listeners,
      Receiver<T> receiver) {
    this(engine, prepared, user, listeners, receiver, null);
  }

  /** A call whose answers may quote {@code sources}, the method's text parameters by name. */
  Call(Engine engine, PreparedMethod<T> prepared, Message.UserPrompt user, ListenerSet listeners,
      Receiver<T> receiver, Map<String, ? extends CharSequence> sources) {
    this.engine = engine;
    this.settings = engine.settings();
    this.order = settings.routes().order(engine.nextCall());
    this.route = order.get(0);
    this.provider = route.provider();
    this.prepared = prepared;
    this.method = prepared.method();
    this.steps = new AttemptSteps<>(settings, prepared, sources);
    this.receiver = receiver;
    this.retryPolicy = prepared.retryPolicy();
    this.time = settings.timeSource();
    this.listeners = listeners;
    this.observed = !listeners.isEmpty();
    steps.conversation(prepared.mode(), user, messages);
  }

  // ------------------------------------------------------------------ the two ways to drive it

  /** Runs the call to its end on this thread. */
  Extraction<T> run() {
    while (result == null) {
      advance();
    }
    return result;
  }

  /**
   * Runs the call until it has a result, or until an attempt's send is deferred to a batch
   * ({@link Receiver#defers}); then {@link #deliver} or {@link #deliverFailure} goes on.
   *
   * @return the result, or {@code null} while an attempt waits for its batch
   */
  Extraction<T> runUntilDeferred() {
    while (result == null && !deferred) {
      advance();
    }
    return result;
  }

  /** Whether an attempt waits for its batch's reply. */
  boolean deferred() {
    return deferred;
  }

  /** The request of the attempt in progress (the one deferred, when {@link #deferred()}). */
  ProviderRequest request() {
    return request;
  }

  /** The number of the attempt in progress. */
  int attemptNumber() {
    return number;
  }

  /**
   * The deferred attempt's reply arrived (in a batch's results): the attempt goes on as if its
   * one send had returned {@code response}, and the call runs until its result or the next
   * deferred attempt (a re-ask).
   */
  Extraction<T> deliver(TransportResponse response, Duration waited) {
    if (!deferred) {
      throw new IllegalStateException("no attempt waits for a reply");
    }
    deferred = false;
    delivered = response;
    deliveredAfter = waited;
    return runUntilDeferred();
  }

  /** The deferred attempt ended without a reply: the call ends with {@code failure}. */
  void deliverFailure(QuarryException failure, Duration waited) {
    if (!deferred) {
      throw new IllegalStateException("no attempt waits for a reply");
    }
    deferred = false;
    deliveredFailure = failure;
    deliveredAfter = waited;
    runUntilDeferred();
  }

  /** The call as events, advanced as they are pulled. */
  Engine.EventSource<T> events() {
    return new Engine.EventSource<>() {
      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && !finished && !closed) {
          advance();
        }
        return !closed && !ready.isEmpty();
      }

      @Override
      public StreamEvent<T> next() {
        return ready.remove();
      }

      @Override
      public void close() {
        Call.this.close();
      }

      @Override
      public String toString() {
        return method.displayName() + ", attempt " + number + (finished ? ", finished" : "")
            + (closed ? ", closed" : "");
      }
    };
  }

  private void close() {
    closed = true;
    receiver.abort();
    cancelWatchdog();
  }

  /** One step: start an attempt, or read on in the one in progress. */
  private void advance() {
    try {
      if (!started) {
        begin();
      }
      if (receiving) {
        receive();
      } else if (delivered != null || deliveredFailure != null) {
        receiveDeferred();
      } else {
        attempt();
      }
    } catch (QuarryException e) {
      if (movesOn(e)) {
        return;
      }
      end();
      for (QuarryException earlier : movedOn) {
        e.addSuppressed(earlier);
      }
      if (observed) {
        finishUnreported(e);
        listeners.failed(call, e);
      }
      throw e;
    } catch (RuntimeException | Error e) {
      end();
      if (observed) {
        QuarryException reported = fail(new QuarryException(method.displayName() + ": " + e, e));
        finishUnreported(reported);
        listeners.failed(call, reported);
      }
      throw e;
    }
  }

  private void end() {
    finished = true;
    receiving = false;
    receiver.abort();
    cancelWatchdog();
  }

  private void begin() {
    started = true;
    start = time.nanoTime();
    if (settings.deadline() != null) {
      hasDeadline = true;
      deadlineAt = start + settings.deadline().toNanos();
    }
    if (observed) {
      call = steps.callInfo(route.provider(), route.baseUrl(), model());
      listeners.started(call);
    }
    checkClientBudget(0);
  }

  // ------------------------------------------------------------------------------ one attempt

  private void attempt() {
    number++;
    request = new ProviderRequest(route.baseUrl(), route.apiKey(), model(), method,
        prepared.mode(), messages, settings.maxOutputTokens(), settings.temperature(),
        receiver.streams(), settings.promptCache());
    http = receiver.request(provider, request);
    if (LOG.isLoggable(Level.DEBUG)) { // the message's lambda is not made on every call
      LOG.log(Level.DEBUG, method.displayName() + " → " + http + "\n" + engine.redact(http.body()));
    }
    if (observed) {
      if (attemptStarts.isEmpty()) {
        attemptStarts = new ArrayList<>(2);
      }
      attemptStarts.add(Instant.now());
      listeners.requestReady(call, number, List.copyOf(messages), engine.redact(http.body()));
    }
    if (receiver.defers(number)) {
      deferred = true; // a batch sends it; deliver() brings the reply
      return;
    }
    sent = send(http, new ArrayList<>());
    received();
  }

  /** The deferred attempt's reply or failure arrived: go on as after a send. */
  private void receiveDeferred() {
    receiveStart = time.nanoTime() - deliveredAfter.toNanos();
    TransportResponse response = delivered;
    QuarryException failure = deliveredFailure;
    delivered = null;
    deliveredFailure = null;
    sent = new Sent(response, List.of(), deliveredAfter.toNanos(), null);
    if (failure != null) {
      attempts.add(failedAttempt(0, Map.of(), null, sent));
      throw fail(failure);
    }
    receiver.deliveredReply(response);
    received();
  }

  /** The attempt's send returned {@link #sent}: an error is reported, a success received. */
  private void received() {
    TransportResponse head = sent.response;
    if (head.status() < 200 || head.status() > 299) {
      String body = head.body();
      responseReceived(head.status(), body);
      try {
        provider.reply(request, head);
      } catch (QuarryException e) {
        throw replyFailed(e, head.status(), body);
      }
      attempts.add(failedAttempt(head.status(), head.headers(), body, sent));
      throw fail(new ProviderException(
          method.displayName() + ": " + provider.name() + " answered HTTP " + head.status()
              + " (" + engine.redact(body) + "). " + sentTimes(sent.retries.size() + 1)
              + (sent.gaveUp == null ? "" : sent.gaveUp),
          head.status(), null, null, null, engine.redact(body), null));
    }
    receiving = true;
    if (ready.isEmpty()) {
      receive(); // a whole reply is complete already; a stream's first events are ready
    }
  }

  /** Reads on in the attempt in progress; judges its reply when it is complete. */
  private void receive() {
    ModelReply reply;
    try {
      reply = receiver.pull(provider, request);
    } catch (IOException e) {
      if (closed) {
        finishClosed();
        return;
      }
      if (deadlinePassed) {
        throw deadlineWhileReceiving(e);
      }
      broken(e);
      return;
    } catch (QuarryException e) {
      if (closed) {
        finishClosed();
        return;
      }
      if (deadlinePassed) {
        throw deadlineWhileReceiving(null);
      }
      throw replyFailed(e, sent.response.status(), receiver.body());
    } finally {
      receiver.drainTo(ready);
    }
    if (reply == null) {
      if (closed) {
        finishClosed();
      } else if (deadlinePassed || (hasDeadline && time.nanoTime() - deadlineAt >= 0)) {
        throw deadlineWhileReceiving(null);
      }
      return; // events are ready
    }
    receiving = false;
    cancelWatchdog();
    responseReceived(sent.response.status(), receiver.body());
    judge(reply);
  }

  /** The consumer closed the stream: the call ends without a result, and the listeners hear so. */
  private void finishClosed() {
    boolean wasFinished = finished;
    end();
    if (observed && !wasFinished) {
      QuarryException e = fail(new QuarryException(method.displayName()
          + ": the stream was closed by its consumer before the answer was complete."));
      finishUnreported(e);
      listeners.failed(call, e);
    }
  }

  private void responseReceived(int status, String body) {
    boolean logged = LOG.isLoggable(Level.DEBUG);
    if (!observed && !logged) {
      return;
    }
    Duration latency = Duration.ofNanos(time.nanoTime() - receiveStart);
    if (observed) {
      listeners.responseReceived(call, number, status, engine.redact(body), latency);
    }
    if (logged) {
      LOG.log(Level.DEBUG, method.displayName() + " ← " + status + " in "
          + latency.toMillis() + " ms\n" + engine.redact(body));
    }
  }

  /** The provider could not read a reply (an error, an error event, a stream cut short). */
  private QuarryException replyFailed(QuarryException e, int status, String body) {
    attempts.add(failedAttempt(status, sent.response.headers(), body, sent));
    boolean explain = !sent.retries.isEmpty() || usuallyRetried(status);
    if (!explain || !(e instanceof ProviderException)) {
      return fail(e);
    }
    ProviderException detailed = afterRetries((ProviderException) e, sent);
    return fail(sent.deadlineStop ? deadlineBeforeRetry(detailed) : detailed);
  }

  /**
   * Reads an answer with the validators' model calls counted as this call's: an {@link
   * dev.quarry.LlmValidator} runs on this thread, inside the read.
   */
  private AttemptSteps.Outcome<T> readAnswer(String output) {
    nested.enter();
    try {
      return steps.readAnswer(output);
    } finally {
      nested.exit();
    }
  }

  /** Judges a complete reply: the same for every receiver. */
  private void judge(ModelReply reply) {
    usage = usage.plus(reply.usage());
    engine.spent(reply.usage());
    answered++;
    lastReply = reply;
    lastReplyNumber = number;

    boolean refused = AttemptSteps.refusedOrFiltered(reply);
    AttemptSteps.Outcome<T> outcome = refused || reply.truncated() ? null : readAnswer(reply.output());
    Extraction.Attempt attempt = new Extraction.Attempt(
        number, sentMessages(), http.body(), sent.response.status(), engine.redact(receiver.body()),
        reply.output(), outcome == null ? List.of() : outcome.violations(),
        outcome == null ? List.of() : outcome.repairs(), reply.usage(),
        Duration.ofNanos(time.nanoTime() - receiveStart), sent.retries,
        sent.response.headers(), provider.name(), model());
    attempts.add(attempt);
    if (observed && outcome != null) {
      if (!outcome.repairs().isEmpty()) {
        listeners.repaired(call, number, outcome.repairs());
      }
      if (!outcome.violations().isEmpty()) {
        listeners.validationFailed(call, number, outcome.violations());
      }
      listeners.attemptFinished(call, new AttemptResult(
          attempt,
          outcome.violations().isEmpty() ? AttemptResult.Outcome.OK : AttemptResult.Outcome.INVALID,
          attemptStart(number), reply.responseModel(), reply.finishReason(),
          price(number, model(), reply.usage()),
          outcome.violations().isEmpty() ? null : violationText(outcome.violations())));
      reported = attempts.size();
    }
    if (refused) {
      throw fail(steps.refused(reply));
    }
    if (reply.truncated()) {
      throw fail(steps.truncated(reply));
    }
    if (outcome.violations().isEmpty()) {
      result = new Extraction<>(
          outcome.value(), attempts, usage.plus(nested.usage()),
          Duration.ofNanos(time.nanoTime() - start),
          NestedCalls.plus(callCost(), nested));
      NestedCalls.spent(result.usage(), result.cost());
      finished = true;
      if (receiver.streams()) {
        ready.add(new StreamEvent.Done<>(result));
      }
      if (observed) {
        listeners.completed(call, result);
      }
      return;
    }
    if (answered >= prepared.maxAttempts()) {
      throw fail(steps.exhausted(attempts.size(), prepared.maxAttempts(), outcome.violations()));
    }
    checkCallBudget(reply.usage().totalTokens());
    checkClientBudget(reply.usage().totalTokens());
    if (observed) {
      listeners.reasking(call, number + 1, outcome.violations());
    }
    steps.reask(messages, reply, outcome.violations(), attempts.size());
    if (receiver.streams()) {
      ready.add(new StreamEvent.NewAttempt<>(number + 1, outcome.violations()));
    }
  }

  /**
   * The connection broke while a streamed answer was arriving, after events were delivered: sent
   * again as a transport retry when the policy allows (the consumer sees a {@link
   * StreamEvent.NewAttempt} with no violations, and the answer from its start), else the call
   * ends with a {@link ProviderException}.
   */
  private void broken(IOException e) {
    receiving = false;
    cancelWatchdog();
    String body = receiver.body();
    int status = sent.response.status();
    Duration latency = Duration.ofNanos(time.nanoTime() - receiveStart);
    int retry = sent.retries.size();
    RetryPolicy.Next next = withinDeadline(retryPolicy.next(retry, null, e));
    String gaveUp = next.gaveUp();
    Duration wait = next.delay();
    int characters = body == null ? 0 : body.length();
    if (wait == null) {
      attempts.add(failedAttempt(status, sent.response.headers(), body, sent));
      throw fail(new ProviderException(
          method.displayName() + ": the connection to " + provider.name() + " broke while the"
              + " answer was streaming (" + e + "), after " + characters + " characters. "
              + sentTimes(retry + 1) + gaveUp + " Raise RetryPolicy.maxRetries to send it again"
              + " automatically.",
          status, null, null, null, engine.redact(body), e));
    }
    List<Extraction.Retry> retries = new ArrayList<>(sent.retries);
    Extraction.Retry failed = new Extraction.Retry(status, engine.redact(body), e.toString(), latency, wait);
    retries.add(failed);
    if (observed) {
      listeners.transportRetry(call, number, failed);
    }
    Duration waitFor = wait;
    LOG.log(Level.INFO, () -> method.displayName() + ": the stream from " + provider.name()
        + " broke after " + characters + " characters (" + e + "); sending again in "
        + waitFor.toMillis() + " ms");
    sleep(wait, retries);
    // The consumer has seen part of an answer that will not be completed: it starts over.
    ready.add(new StreamEvent.NewAttempt<>(number, List.of()));
    sent = send(http, retries);
    TransportResponse head = sent.response;
    if (head.status() < 200 || head.status() > 299) {
      responseReceived(head.status(), head.body());
      try {
        provider.reply(request, head);
      } catch (QuarryException error) {
        throw replyFailed(error, head.status(), head.body());
      }
      attempts.add(failedAttempt(head.status(), head.headers(), head.body(), sent));
      throw fail(new ProviderException(
          method.displayName() + ": " + provider.name() + " answered HTTP " + head.status(),
          head.status(), null, null, null, engine.redact(head.body()), null));
    }
    receiving = true;
  }

  // ---------------------------------------------------------------------- sending, with retries

  /**
   * Sends one attempt's request, sending it again after transport failures the retry policy
   * allows, within the deadline and the rate limit.
   *
   * @param retries the failed sends of this attempt so far
   * @return the last response: a success, or an error that is not retried (for the provider to
   *     describe)
   */
  private Sent send(TransportRequest http, List<Extraction.Retry> retries) {
    startWatchdog(); // a stream's lines are not bounded by the request timeout
    for (int retry = retries.size(); ; retry++) {
      awaitRateLimit(retries);
      Duration timeout = timeLeft(retries, null, Duration.ZERO);
      long sentAt = time.nanoTime();
      receiveStart = sentAt;
      TransportResponse response = null;
      IOException failure = null;
      try {
        response = receiver.open(settings.transport(), provider, request, http, timeout, number);
      } catch (IOException e) {
        failure = e;
      } catch (QuarryException e) {
        // An error event before the answer began.
        Sent failedSend = new Sent(null, retries, time.nanoTime() - sentAt, null);
        attempts.add(failedAttempt(200, Map.of(), receiver.body(), failedSend));
        throw fail(e);
      }
      long latencyNanos = time.nanoTime() - sentAt;
      if (response != null && response.status() >= 200 && response.status() <= 299) {
        receiver.drainTo(ready);
        return new Sent(response, retries, latencyNanos, null);
      }
      Duration latency = Duration.ofNanos(latencyNanos);
      if (failure != null && hasDeadline && time.nanoTime() - deadlineAt >= 0) {
        timeLeft(retries, failure, latency); // throws
      }
      RetryPolicy.Next policy = retryPolicy.next(retry, response, failure);
      RetryPolicy.Next next = withinDeadline(policy);
      String gaveUp = next.gaveUp();
      Duration wait = next.delay();
      boolean deadlineStop = policy.retries() && !next.retries();
      if (wait == null) {
        if (response != null) {
          return new Sent(response, retries, latencyNanos, gaveUp, deadlineStop);
        }
        attempts.add(failedAttempt(0, Map.of(), null, new Sent(null, retries, latencyNanos, gaveUp)));
        ProviderException unreachable = new ProviderException(
            method.displayName() + ": could not reach " + provider.name() + " at " + http.uri()
                + ": " + failure + ". Check the base URL and the network. "
                + sentTimes(retries.size() + 1) + gaveUp,
            0, null, null, null, null, failure);
        throw fail(deadlineStop ? deadlineBeforeRetry(unreachable) : unreachable);
      }
      Extraction.Retry failed = new Extraction.Retry(
          response == null ? 0 : response.status(),
          response == null ? null : engine.redact(response.body()),
          failure == null ? null : engine.redact(failure.toString()),
          latency,
          wait);
      retries.add(failed);
      if (observed) {
        listeners.transportRetry(call, number, failed);
      }
      int retryNumber = retry + 1;
      Duration waitFor = wait;
      LOG.log(Level.INFO, () -> method.displayName() + ": "
          + (failed.error() != null ? failed.error() : "HTTP " + failed.status())
          + " from " + provider.name() + "; retry " + retryNumber + " of "
          + retryPolicy.maxRetries() + " in " + waitFor.toMillis() + " ms");
      sleep(wait, retries);
    }
  }

  /** The policy's decision, unless its wait would pass the call's deadline. */
  private RetryPolicy.Next withinDeadline(RetryPolicy.Next next) {
    if (next.retries() && hasDeadline && time.nanoTime() + next.delay().toNanos() - deadlineAt >= 0) {
      return RetryPolicy.Next.stop("not retried: waiting " + next.delay().toMillis()
          + " ms would pass the deadline of " + settings.deadline() + ".");
    }
    return next;
  }

  private void awaitRateLimit(List<Extraction.Retry> retries) {
    RateLimiter limiter = settings.rateLimiter();
    if (limiter == null) {
      return;
    }
    for (Duration wait = limiter.tryAcquire(); !wait.isZero(); wait = limiter.tryAcquire()) {
      if (hasDeadline && time.nanoTime() + wait.toNanos() - deadlineAt >= 0) {
        recordUnfinished(retries, null, Duration.ZERO);
        throw fail(new DeadlineExceededException(
            method.displayName() + ": the client's rate limit (" + limiter + ") would hold the"
                + " request past the deadline of " + settings.deadline() + ". Every attempt is"
                + " in attempts().",
            settings.deadline(), null));
      }
      sleep(wait, retries);
    }
  }

  /**
   * The time left before the deadline, for the next request's timeout.
   *
   * @throws DeadlineExceededException when none is left
   */
  private Duration timeLeft(List<Extraction.Retry> retries, IOException failure, Duration latency) {
    if (!hasDeadline) {
      return NO_TIMEOUT;
    }
    long left = deadlineAt - time.nanoTime();
    if (left > 0 && failure == null) {
      return Duration.ofNanos(left);
    }
    recordUnfinished(retries, failure, latency);
    throw fail(new DeadlineExceededException(
        method.displayName() + ": the deadline of " + settings.deadline() + " passed"
            + (failure != null ? " while waiting for a response (" + failure + ")" : "")
            + " after " + attempts.size() + (attempts.size() == 1 ? " attempt" : " attempts")
            + " and " + usage.totalTokens() + " tokens. Every attempt is in attempts(); raise"
            + " Quarry.builder().deadline(...) or ask for less.",
        settings.deadline(), failure));
  }

  private DeadlineExceededException deadlineWhileReceiving(IOException failure) {
    receiving = false;
    String body = receiver.body();
    attempts.add(failedAttempt(sent.response.status(), sent.response.headers(), body, sent));
    return (DeadlineExceededException) fail(new DeadlineExceededException(
        method.displayName() + ": the deadline of " + settings.deadline() + " passed while the"
            + " answer was streaming, after " + (body == null ? 0 : body.length())
            + " characters; the request was cancelled. Every attempt is in attempts(); raise"
            + " Quarry.builder().deadline(...) or ask for less.",
        settings.deadline(), failure));
  }

  /** Closes the stream in flight when the deadline passes during a blocked read. */
  private void startWatchdog() {
    if (!hasDeadline || !receiver.streams() || watchdog != null) {
      return;
    }
    long left = deadlineAt - time.nanoTime();
    watchdog = WATCHDOG.schedule(() -> {
      deadlinePassed = true;
      receiver.abort();
    }, Math.max(0, left), TimeUnit.NANOSECONDS);
  }

  private void cancelWatchdog() {
    ScheduledFuture<?> current = watchdog;
    if (current != null) {
      current.cancel(false);
      watchdog = null;
    }
  }

  private void sleep(Duration wait, List<Extraction.Retry> retries) {
    try {
      time.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      recordUnfinished(retries, null, Duration.ZERO);
      throw fail(new QuarryException(
          method.displayName() + ": interrupted while waiting to send a request", e));
    }
  }

  // ------------------------------------------------------------------------------ budgets

  private void checkCallBudget(long nextEstimate) {
    long budget = settings.maxTokensPerCall();
    if (budget > 0 && usage.totalTokens() + nextEstimate > budget) {
      throw fail(new BudgetExceededException(
          method.displayName() + ": stopped after " + attempts.size()
              + (attempts.size() == 1 ? " attempt" : " attempts") + " and "
              + usage.totalTokens() + " tokens: a re-ask would take at least " + nextEstimate
              + " more, past the budget of " + budget
              + " tokens per call (Quarry.builder().maxTokensPerCall). Every attempt is in"
              + " attempts().",
          BudgetExceededException.Scope.CALL, budget));
    }
  }

  private void checkClientBudget(long nextEstimate) {
    long budget = settings.maxTokensTotal();
    long spent = engine.totalUsage().totalTokens();
    if (budget > 0 && (spent >= budget || spent + nextEstimate > budget)) {
      throw fail(new BudgetExceededException(
          method.displayName() + ": not sent: this client has spent " + spent
              + " tokens of its budget of " + budget + " (Quarry.builder().maxTokensTotal)"
              + (nextEstimate > 0 ? " and a re-ask would take at least " + nextEstimate + " more" : "")
              + ". Every attempt of this call is in attempts().",
          BudgetExceededException.Scope.CLIENT, budget));
    }
  }

  // ------------------------------------------------------------------------------ records

  /** Tells the listeners how the attempts ended that the exception {@code e} cut short. */
  private void finishUnreported(QuarryException e) {
    for (; reported < attempts.size(); reported++) {
      Extraction.Attempt attempt = attempts.get(reported);
      boolean replied = lastReply != null && attempt.number() == lastReplyNumber;
      listeners.attemptFinished(call, new AttemptResult(
          attempt, AttemptResult.Outcome.ERROR, attemptStart(attempt.number()),
          replied ? lastReply.responseModel() : null, replied ? lastReply.finishReason() : null,
          price(attempt.number(), attempt.model() != null ? attempt.model() : model(),
              attempt.usage()),
          e.getMessage()));
    }
  }

  private Instant attemptStart(int number) {
    return number - 1 < attemptStarts.size() ? attemptStarts.get(number - 1) : call.startedAt();
  }

  private static String violationText(List<Violation> violations) {
    StringBuilder text = new StringBuilder();
    for (Violation violation : violations) {
      text.append(text.length() == 0 ? "" : "\n").append(violation);
    }
    return text.toString();
  }

  /** The price of {@code usage}: at the batch price when the receiver's attempts are batched. */
  /** The price of attempt {@code attempt}'s tokens: at the batch price when a batch sent it. */
  private Optional<dev.quarry.Cost> price(int attempt, String model, Usage usage) {
    return receiver.defers(attempt) ? engine.batchCost(model, usage) : engine.cost(model, usage);
  }

  /** Records the cost and attempts on an exception that ends the call. */
  private QuarryException fail(QuarryException e) {
    e.withAttempts(attempts);
    if (!attempts.isEmpty()) {
      Optional<Cost> cost = NestedCalls.plus(callCost(), nested);
      cost.ifPresent(e::withCost);
      NestedCalls.spent(usage.plus(nested.usage()), cost);
    }
    return e;
  }

  /** The provider's exception for the last response, saying how often the request was sent. */
  private ProviderException afterRetries(ProviderException e, Sent sent) {
    ProviderException detailed = new ProviderException(
        e.getMessage() + " " + sentTimes(sent.retries.size() + 1)
            + (sent.gaveUp == null ? "" : sent.gaveUp),
        e.status(), e.errorType(), e.errorMessage(), e.requestId(), e.responseBody(), e.getCause());
    detailed.setStackTrace(e.getStackTrace());
    return detailed;
  }

  private DeadlineExceededException deadlineBeforeRetry(QuarryException lastError) {
    return new DeadlineExceededException(
        method.displayName() + ": stopped: the next retry would start after the deadline of "
            + settings.deadline() + ". The last error (the cause): " + lastError.getMessage(),
        settings.deadline(), lastError);
  }

  private static boolean usuallyRetried(int status) {
    return status == 408 || status == 409 || status == 429 || status >= 500;
  }

  private static String sentTimes(int sends) {
    return sends == 1 ? "Sent once; " : "Sent " + sends + " times; ";
  }

  /**
   * Records the attempt that a deadline or an interrupt ended, when any of its sends happened
   * (a request that was never sent is no attempt).
   */
  private void recordUnfinished(List<Extraction.Retry> retries, IOException failure, Duration latency) {
    if (failure != null || !retries.isEmpty()) {
      attempts.add(failedAttempt(0, Map.of(), null, new Sent(null, retries, latency.toNanos(), null)));
    }
  }

  /**
   * The messages the attempt in progress sent: its request's immutable copy, which the attempt's
   * record then shares instead of copying the call's list again.
   */
  private List<Message> sentMessages() {
    return request != null && request.messages().size() == messages.size()
        ? request.messages() : messages;
  }

  private Extraction.Attempt failedAttempt(
      int status, Map<String, String> headers, String body, Sent sent) {
    return new Extraction.Attempt(
        number, sentMessages(), http.body(), status, engine.redact(body), null, List.of(), List.of(),
        Usage.ZERO, Duration.ofNanos(sent.latencyNanos), sent.retries, headers, provider.name(),
        model());
  }

  // ------------------------------------------------------------------------------ routes

  /** The model the current route asks for. */
  private String model() {
    return route.model(prepared.model());
  }

  /**
   * Moves the call on to its next route when the attempt that just failed with {@code e} may
   * succeed elsewhere (see {@link Routes#movesOn}): the attempt is recorded already; the
   * listeners hear how it ended and where the call goes next, a stream's consumer gets a {@link
   * StreamEvent.NewAttempt} (the answer starts over), and the next {@link #advance()} sends the
   * same conversation to the next target.
   */
  private boolean movesOn(QuarryException e) {
    if (finished || closed || routeIndex + 1 >= order.size() || attempts.isEmpty()
        || !settings.routes().movesOn(e)) {
      return false;
    }
    receiving = false;
    receiver.abort();
    cancelWatchdog();
    Routes.Route from = route;
    routeIndex++;
    route = order.get(routeIndex);
    provider = route.provider();
    if (movedOn.isEmpty()) {
      movedOn = new ArrayList<>(2);
    }
    movedOn.add(e);
    if (observed) {
      finishUnreported(e);
      listeners.fellBack(call, number + 1, provider.name(), model(), e);
    }
    LOG.log(Level.INFO, () -> method.displayName() + ": " + from + " failed (" + e.getMessage()
        + "); trying " + route + " next");
    if (receiver.streams()) {
      ready.add(new StreamEvent.NewAttempt<>(number + 1, List.of()));
    }
    return true;
  }

  /**
   * The cost of the call so far: of its usage on its model, or, once a strategy moved it on to
   * another target or when its attempts are priced differently (a batch job's synchronous
   * re-asks), the sum of its attempts' costs, each priced on its own model and price (empty when
   * an attempt with tokens has no price).
   */
  private Optional<dev.quarry.Cost> callCost() {
    if (movedOn.isEmpty() && receiver.defers(1) == receiver.defers(2)) {
      return price(1, model(), usage);
    }
    dev.quarry.Cost total = dev.quarry.Cost.ZERO;
    boolean priced = false;
    for (Extraction.Attempt attempt : attempts) {
      if (attempt.usage().totalTokens() == 0) {
        continue;
      }
      Optional<dev.quarry.Cost> cost = price(attempt.number(), attempt.model(), attempt.usage());
      if (cost.isEmpty()) {
        return Optional.empty();
      }
      total = total.plus(cost.get());
      priced = true;
    }
    return priced ? Optional.of(total) : price(1, model(), usage);
  }

  private static ScheduledExecutorService watchdog() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "quarry-deadline");
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /** The outcome of sending one attempt's request, with the sends that failed before it. */
  private static final class Sent {
    final TransportResponse response;
    final List<Extraction.Retry> retries;
    /** How long the send took; a long, as a successful attempt's record measures its own. */
    final long latencyNanos;
    final String gaveUp;
    final boolean deadlineStop;

    Sent(TransportResponse response, List<Extraction.Retry> retries, long latencyNanos, String gaveUp) {
      this(response, retries, latencyNanos, gaveUp, false);
    }

    Sent(TransportResponse response, List<Extraction.Retry> retries, long latencyNanos,
        String gaveUp, boolean deadlineStop) {
      this.response = response;
      this.retries = List.copyOf(retries);
      this.latencyNanos = latencyNanos;
      this.gaveUp = gaveUp;
      this.deadlineStop = deadlineStop;
    }
  }
}
