package dev.quarry;

import dev.quarry.observe.AttemptResult;
import dev.quarry.observe.CallInfo;
import dev.quarry.observe.ListenerSet;
import dev.quarry.provider.ModelReply;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One call: render → request → send → extract → parse → validate → bind → check → return, or
 * re-ask with the violations until the attempts run out.
 */
final class ExtractionRun<T> {
  private static final Logger LOG = System.getLogger("dev.quarry");
  /** The timeout passed to the transport without a deadline: its own request timeout applies. */
  private static final Duration NO_TIMEOUT = Duration.ofDays(36_500);

  private final Quarry quarry;
  private final AttemptSteps<T> steps;
  private final ExtractMethod<T> method;
  private final Mode mode;
  private final String model;
  private final int maxAttempts;
  private final List<Message> messages = new ArrayList<>();
  private final List<Extraction.Attempt> attempts = new ArrayList<>();
  private final RetryPolicy retryPolicy;
  private final TimeSource time;
  private Usage usage = Usage.ZERO;
  private long start;
  private boolean hasDeadline;
  private long deadlineAt;
  /** Listeners hear events only when there are any: a call without them builds no event data. */
  private final ListenerSet listeners;
  private final boolean observed;
  private CallInfo call;
  private final List<Instant> attemptStarts = new ArrayList<>();
  /** How many of {@link #attempts} the listeners have heard the end of. */
  private int reported;
  private ModelReply lastReply;
  private int lastReplyNumber;

  ExtractionRun(Quarry quarry, PreparedMethod<T> prepared, Message.UserPrompt userMessage) {
    this.quarry = quarry;
    this.steps = new AttemptSteps<>(quarry, prepared);
    this.method = prepared.method();
    this.mode = quarry.resolveMode(method);
    this.model = quarry.resolveModel(method);
    this.maxAttempts = quarry.resolveMaxAttempts(method);
    this.retryPolicy = quarry.resolveRetryPolicy(method);
    this.time = quarry.timeSource();
    this.listeners = quarry.listeners();
    this.observed = !listeners.isEmpty();
    messages.addAll(steps.conversation(mode, userMessage));
  }

  Extraction<T> run() {
    start = time.nanoTime();
    if (quarry.deadline() != null) {
      hasDeadline = true;
      deadlineAt = start + quarry.deadline().toNanos();
    }
    if (!observed) {
      return attempts();
    }
    call = steps.callInfo(mode, model);
    listeners.started(call);
    Extraction<T> result;
    try {
      result = attempts();
    } catch (QuarryException e) {
      finishUnreported(e);
      listeners.failed(call, e);
      throw e;
    } catch (RuntimeException | Error e) {
      QuarryException reported = fail(new QuarryException(method.displayName() + ": " + e, e));
      finishUnreported(reported);
      listeners.failed(call, reported);
      throw e;
    }
    listeners.completed(call, result);
    return result;
  }

  /** Tells the listeners how the attempts ended that the exception {@code e} cut short. */
  private void finishUnreported(QuarryException e) {
    for (; reported < attempts.size(); reported++) {
      Extraction.Attempt attempt = attempts.get(reported);
      boolean replied = lastReply != null && attempt.number() == lastReplyNumber;
      listeners.attemptFinished(call, new AttemptResult(
          attempt, AttemptResult.Outcome.ERROR, attemptStart(attempt.number()),
          replied ? lastReply.responseModel() : null, replied ? lastReply.finishReason() : null,
          quarry.cost(model, attempt.usage()), e.getMessage()));
    }
  }

  private Instant attemptStart(int number) {
    return number - 1 < attemptStarts.size() ? attemptStarts.get(number - 1) : call.startedAt();
  }

  private Extraction<T> attempts() {
    checkClientBudget(0);
    for (int number = 1; ; number++) {
      ProviderRequest request =
          new ProviderRequest(
              quarry.baseUrl(),
              quarry.apiKey(),
              model,
              method,
              mode,
              messages,
              quarry.maxOutputTokens(),
              quarry.temperature());
      TransportRequest http = quarry.provider().request(request);
      LOG.log(Level.DEBUG, () -> method.displayName() + " → " + http + "\n" + http.body());
      if (observed) {
        attemptStarts.add(Instant.now());
        listeners.requestReady(call, number, List.copyOf(messages), redact(http.body()));
      }
      Sent sent = send(number, http);
      TransportResponse response = sent.response;
      if (observed) {
        listeners.responseReceived(
            call, number, response.status(), redact(response.body()), sent.latency);
      }
      LOG.log(
          Level.DEBUG,
          () -> method.displayName() + " ← " + response.status() + " in "
              + sent.latency.toMillis() + " ms\n" + redact(response.body()));
      ModelReply reply;
      try {
        reply = quarry.provider().reply(request, response);
      } catch (QuarryException e) {
        attempts.add(failedAttempt(number, http, response.status(), response.body(), sent));
        boolean explain = !sent.retries.isEmpty() || usuallyRetried(response.status());
        if (!explain || !(e instanceof ProviderException)) {
          throw fail(e);
        }
        ProviderException detailed = afterRetries((ProviderException) e, sent);
        throw fail(sent.deadlineStop ? deadlineBeforeRetry(detailed) : detailed);
      }
      usage = usage.plus(reply.usage());
      quarry.spent(reply.usage());
      lastReply = reply;
      lastReplyNumber = number;

      boolean refused = AttemptSteps.refusedOrFiltered(reply);
      AttemptSteps.Outcome<T> outcome =
          refused || reply.truncated() ? null : steps.read(reply.output());
      Extraction.Attempt attempt =
          new Extraction.Attempt(
              number,
              messages,
              http.body(),
              response.status(),
              redact(response.body()),
              reply.output(),
              outcome == null ? List.of() : outcome.violations(),
              outcome == null ? List.of() : outcome.repairs(),
              reply.usage(),
              sent.latency,
              sent.retries);
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
            quarry.cost(model, reply.usage()),
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
        return new Extraction<>(
            outcome.value(), attempts, usage, Duration.ofNanos(time.nanoTime() - start),
            quarry.cost(model, usage));
      }
      if (number >= maxAttempts) {
        throw fail(steps.exhausted(attempts.size(), maxAttempts, outcome.violations()));
      }
      checkCallBudget(reply.usage().totalTokens());
      checkClientBudget(reply.usage().totalTokens());
      if (observed) {
        listeners.reasking(call, number + 1, outcome.violations());
      }
      steps.reask(messages, reply, outcome.violations(), attempts.size());
    }
  }

  private static String violationText(List<Violation> violations) {
    StringBuilder text = new StringBuilder();
    for (Violation violation : violations) {
      text.append(text.length() == 0 ? "" : "\n").append(violation);
    }
    return text.toString();
  }

  /** Records the cost and attempts on an exception that ends the call. */
  private QuarryException fail(QuarryException e) {
    e.withAttempts(attempts);
    if (!attempts.isEmpty()) {
      quarry.cost(model, usage).ifPresent(e::withCost);
    }
    return e;
  }

  /** The provider's exception for the last response, saying how often the request was sent. */
  private ProviderException afterRetries(ProviderException e, Sent sent) {
    ProviderException detailed = new ProviderException(
        e.getMessage() + " " + sentTimes(sent.retries.size() + 1) + sent.gaveUp,
        e.status(), e.errorType(), e.errorMessage(), e.requestId(), e.responseBody(), e.getCause());
    detailed.setStackTrace(e.getStackTrace());
    return detailed;
  }

  private DeadlineExceededException deadlineBeforeRetry(QuarryException lastError) {
    return new DeadlineExceededException(
        method.displayName() + ": stopped: the next retry would start after the deadline of "
            + quarry.deadline() + ". The last error (the cause): " + lastError.getMessage(),
        quarry.deadline(), lastError);
  }

  private static boolean usuallyRetried(int status) {
    return status == 408 || status == 409 || status == 429 || status >= 500;
  }

  private static String sentTimes(int sends) {
    return sends == 1 ? "Sent once; " : "Sent " + sends + " times; ";
  }

  private void checkCallBudget(long nextEstimate) {
    long budget = quarry.maxTokensPerCall();
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
    long budget = quarry.maxTokensTotal();
    long spent = quarry.totalUsage().totalTokens();
    if (budget > 0 && (spent >= budget || spent + nextEstimate > budget)) {
      throw fail(new BudgetExceededException(
          method.displayName() + ": not sent: this client has spent " + spent
              + " tokens of its budget of " + budget + " (Quarry.builder().maxTokensTotal)"
              + (nextEstimate > 0 ? " and a re-ask would take at least " + nextEstimate + " more" : "")
              + ". Every attempt of this call is in attempts().",
          BudgetExceededException.Scope.CLIENT, budget));
    }
  }

  /**
   * Sends one attempt's request, sending it again after transport failures the retry policy
   * allows, within the deadline and the rate limit.
   *
   * @return the last response: a success, or an error that is not retried (for the provider to
   *     describe)
   */
  private Sent send(int number, TransportRequest http) {
    List<Extraction.Retry> retries = new ArrayList<>();
    for (int retry = 0; ; retry++) {
      awaitRateLimit(number, http, retries);
      Duration timeout = timeLeft(number, http, retries, null, Duration.ZERO);
      long sentAt = time.nanoTime();
      TransportResponse response = null;
      IOException failure = null;
      try {
        response = quarry.transport().send(http, timeout);
      } catch (IOException e) {
        failure = e;
      }
      Duration latency = Duration.ofNanos(time.nanoTime() - sentAt);
      if (response != null && response.status() >= 200 && response.status() <= 299) {
        return new Sent(response, retries, latency, null);
      }
      if (failure != null && hasDeadline && time.nanoTime() - deadlineAt >= 0) {
        timeLeft(number, http, retries, failure, latency); // throws
      }
      String gaveUp = null;
      Duration wait = null;
      boolean deadlineStop = false;
      boolean retryable =
          failure != null ? retryPolicy.isRetryable(failure) : retryPolicy.isRetryable(response);
      if (!retryable) {
        gaveUp = "not retried: " + (failure != null ? "the thread was interrupted."
            : "false".equalsIgnoreCase(response.header("x-should-retry"))
                ? "the server answered x-should-retry: false."
                : "HTTP " + response.status() + " is not retryable.");
      } else if (retry >= retryPolicy.maxRetries()) {
        gaveUp = "gave up after " + retry + (retry == 1 ? " retry" : " retries")
            + " (RetryPolicy.maxRetries " + retryPolicy.maxRetries() + ").";
      } else {
        Optional<Duration> delay = retryPolicy.delay(retry + 1, response);
        if (delay.isEmpty()) {
          gaveUp = "not retried: the server asked to wait longer than RetryPolicy.maxRetryAfter "
              + retryPolicy.maxRetryAfter() + ".";
        } else if (hasDeadline
            && time.nanoTime() + delay.get().toNanos() - deadlineAt >= 0) {
          gaveUp = "not retried: waiting " + delay.get().toMillis()
              + " ms would pass the deadline of " + quarry.deadline() + ".";
          deadlineStop = true;
        } else {
          wait = delay.get();
        }
      }
      if (wait == null) {
        if (response != null) {
          return new Sent(response, retries, latency, gaveUp, deadlineStop);
        }
        attempts.add(failedAttempt(number, http, 0, null, new Sent(null, retries, latency, gaveUp)));
        ProviderException unreachable = new ProviderException(
            method.displayName()
                + ": could not reach "
                + quarry.provider().name()
                + " at "
                + http.uri()
                + ": "
                + failure
                + ". Check the base URL and the network. " + sentTimes(retries.size() + 1)
                + gaveUp,
            0,
            null,
            null,
            null,
            null,
            failure);
        throw fail(deadlineStop ? deadlineBeforeRetry(unreachable) : unreachable);
      }
      Extraction.Retry failed = new Extraction.Retry(
          response == null ? 0 : response.status(),
          response == null ? null : redact(response.body()),
          failure == null ? null : failure.toString(),
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
          + " from " + quarry.provider().name() + "; retry " + retryNumber + " of "
          + retryPolicy.maxRetries() + " in " + waitFor.toMillis() + " ms");
      sleep(wait, number, http, retries);
    }
  }

  private void awaitRateLimit(int number, TransportRequest http, List<Extraction.Retry> retries) {
    RateLimiter limiter = quarry.rateLimiter();
    if (limiter == null) {
      return;
    }
    for (Duration wait = limiter.tryAcquire(); !wait.isZero(); wait = limiter.tryAcquire()) {
      if (hasDeadline && time.nanoTime() + wait.toNanos() - deadlineAt >= 0) {
        recordUnfinished(number, http, retries, null, Duration.ZERO);
        throw fail(new DeadlineExceededException(
            method.displayName() + ": the client's rate limit (" + limiter + ") would hold the"
                + " request past the deadline of " + quarry.deadline() + ". Every attempt is in"
                + " attempts().",
            quarry.deadline(), null));
      }
      sleep(wait, number, http, retries);
    }
  }

  /**
   * The time left before the deadline, for the next request's timeout.
   *
   * @throws DeadlineExceededException when none is left
   */
  private Duration timeLeft(int number, TransportRequest http, List<Extraction.Retry> retries,
      IOException failure, Duration latency) {
    if (!hasDeadline) {
      return NO_TIMEOUT;
    }
    long left = deadlineAt - time.nanoTime();
    if (left > 0 && failure == null) {
      return Duration.ofNanos(left);
    }
    recordUnfinished(number, http, retries, failure, latency);
    throw fail(new DeadlineExceededException(
        method.displayName() + ": the deadline of " + quarry.deadline() + " passed"
            + (failure != null ? " while waiting for a response (" + failure + ")" : "")
            + " after " + attempts.size() + (attempts.size() == 1 ? " attempt" : " attempts")
            + " and " + usage.totalTokens() + " tokens. Every attempt is in attempts(); raise"
            + " Quarry.builder().deadline(...) or ask for less.",
        quarry.deadline(), failure));
  }

  private void sleep(Duration wait, int number, TransportRequest http, List<Extraction.Retry> retries) {
    try {
      time.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      recordUnfinished(number, http, retries, null, Duration.ZERO);
      throw fail(new QuarryException(
          method.displayName() + ": interrupted while waiting to send a request", e));
    }
  }

  /**
   * Records the attempt that a deadline or an interrupt ended, when any of its sends happened
   * (a request that was never sent is no attempt).
   */
  private void recordUnfinished(int number, TransportRequest http, List<Extraction.Retry> retries,
      IOException failure, Duration latency) {
    if (failure != null || !retries.isEmpty()) {
      attempts.add(failedAttempt(number, http, 0, null, new Sent(null, retries, latency, null)));
    }
  }

  private Extraction.Attempt failedAttempt(
      int number, TransportRequest http, int status, String body, Sent sent) {
    return new Extraction.Attempt(
        number, messages, http.body(), status, redact(body), null, List.of(), List.of(),
        Usage.ZERO, sent.latency, sent.retries);
  }

  /** The body with the API key replaced, should a server echo it. */
  private String redact(String body) {
    String key = quarry.apiKey();
    return body == null || key == null || key.length() < 8 ? body : body.replace(key, "[redacted]");
  }

  /** The outcome of sending one attempt's request, with the sends that failed before it. */
  private static final class Sent {
    final TransportResponse response;
    final List<Extraction.Retry> retries;
    final Duration latency;
    final String gaveUp;
    final boolean deadlineStop;

    Sent(TransportResponse response, List<Extraction.Retry> retries, Duration latency, String gaveUp) {
      this(response, retries, latency, gaveUp, false);
    }

    Sent(TransportResponse response, List<Extraction.Retry> retries, Duration latency, String gaveUp,
        boolean deadlineStop) {
      this.response = response;
      this.retries = List.copyOf(retries);
      this.latency = latency;
      this.gaveUp = gaveUp;
      this.deadlineStop = deadlineStop;
    }
  }
}
