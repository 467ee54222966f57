package dev.quarry.transport;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When and after how long a failed HTTP request is sent again. These are transport retries: the
 * same request, because the server was busy or unreachable. They are separate from re-asks, which
 * send the model's invalid answer back with the errors ({@code maxAttempts}).
 *
 * <p>The rules, as the official provider SDKs apply them:
 *
 * <ul>
 *   <li>Never retried: 400, 401, 403, 404 and 422 (the same request fails the same way), and a
 *       429 whose body says {@code insufficient_quota} (only billing helps).
 *   <li>Otherwise an {@code x-should-retry: true|false} header (Anthropic) decides.
 *   <li>Otherwise retried: 408, 409, 429, every 5xx (Anthropic's 529 "overloaded" included), and
 *       connection failures (refused, reset, timed out). Other statuses are not.
 * </ul>
 *
 * <p>The wait is what the server asked for ({@code retry-after-ms}, then {@code Retry-After} in
 * seconds or as an HTTP date, then Gemini's {@code RetryInfo.retryDelay} in the error body) when
 * it did; a request to wait longer than {@link #maxRetryAfter()}
 * ends the call instead. Without a hint it is exponential backoff with full jitter: a random
 * duration between 0 and {@code min(maxBackoff, initialBackoff × 2^(retry-1))}.
 *
 * <p>Defaults ({@link #defaults()}): 2 retries (3 requests), 500 ms initial and 8 s maximum
 * backoff, Retry-After honoured up to 60 s. Immutable and thread-safe.
 *
 * <pre>{@code
 * Quarry.builder().retryPolicy(RetryPolicy.builder().maxRetries(5).build())
 * }</pre>
 */
public final class RetryPolicy {
  private static final Set<Integer> NEVER_RETRIED = Set.of(400, 401, 403, 404, 422);
  /** Google's {@code google.rpc.RetryInfo} detail in a Gemini error body, e.g. {@code "37s"}. */
  private static final Pattern RETRY_DELAY =
      Pattern.compile("\"retryDelay\"\\s*:\\s*\"(\\d+(?:\\.\\d+)?)s\"");
  private static final RetryPolicy DEFAULTS = builder().build();

  private final int maxRetries;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxRetryAfter;
  private final DoubleSupplier jitter;

  private RetryPolicy(Builder builder) {
    this.maxRetries = builder.maxRetries;
    this.initialBackoff = builder.initialBackoff;
    this.maxBackoff = builder.maxBackoff;
    this.maxRetryAfter = builder.maxRetryAfter;
    this.jitter = builder.jitter;
  }

  /** 2 retries, 500 ms initial backoff, 8 s maximum backoff, Retry-After honoured up to 60 s. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** Sends every request once. */
  public static RetryPolicy none() {
    return builder().maxRetries(0).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this policy's settings. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.maxRetries = maxRetries;
    builder.initialBackoff = initialBackoff;
    builder.maxBackoff = maxBackoff;
    builder.maxRetryAfter = maxRetryAfter;
    builder.jitter = jitter;
    return builder;
  }

  /** This policy with another retry limit. */
  public RetryPolicy withMaxRetries(int maxRetries) {
    return toBuilder().maxRetries(maxRetries).build();
  }

  /** How many times one request may be sent again after the first try. */
  public int maxRetries() {
    return maxRetries;
  }

  public Duration initialBackoff() {
    return initialBackoff;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** The longest server-requested wait that is honoured; a longer one ends the call. */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /** Whether a request that got {@code response} may be sent again (the retry count aside). */
  public boolean isRetryable(TransportResponse response) {
    int status = response.status();
    if (NEVER_RETRIED.contains(status)) {
      return false;
    }
    if (status == 429 && response.body().contains("insufficient_quota")) {
      return false;
    }
    String shouldRetry = response.header("x-should-retry");
    if ("true".equalsIgnoreCase(shouldRetry)) {
      return true;
    }
    if ("false".equalsIgnoreCase(shouldRetry)) {
      return false;
    }
    return status == 408 || status == 409 || status == 429 || status >= 500;
  }

  /**
   * Whether a request that failed with {@code failure} before a response arrived may be sent
   * again: connection failures and timeouts may, an interrupted thread may not.
   */
  public boolean isRetryable(IOException failure) {
    return failure instanceof HttpTimeoutException || !(failure instanceof InterruptedIOException);
  }

  /**
   * How long to wait before retry number {@code retry} (1 for the first), after {@code response}
   * (or {@code null} after a connection failure).
   *
   * @return the wait, or empty when the server asked for a wait longer than {@link
   *     #maxRetryAfter()}
   */
  public Optional<Duration> delay(int retry, TransportResponse response) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry < 1: " + retry);
    }
    Optional<Duration> hint = response == null ? Optional.empty() : retryAfter(response, null);
    if (hint.isPresent()) {
      return hint.get().compareTo(maxRetryAfter) > 0 ? Optional.empty() : hint;
    }
    long ceiling = initialBackoff.toNanos();
    for (int i = 1; i < retry && ceiling < maxBackoff.toNanos(); i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, maxBackoff.toNanos());
    double random = Math.min(Math.max(jitter.getAsDouble(), 0), 1);
    return Optional.of(Duration.ofNanos((long) (ceiling * random)));
  }

  /**
   * What to do after a send of a request failed: wait and send it again, or stop and say why.
   * The one place the policy's rules meet; every sender (a call's attempts, a batch job's
   * uploads and polls) asks it, and adds only its own limits (a deadline).
   *
   * @param retries how many times the request was sent again already (0 after the first send)
   * @param response what the server answered, or {@code null} when {@code failure} happened
   * @param failure the connection failure, or {@code null} when a response arrived
   * @return {@link Next#retry(Duration)} with the wait, or {@link Next#stop(String)} with the
   *     reason, a sentence for the error message
   */
  public Next next(int retries, TransportResponse response, IOException failure) {
    if (response == null && failure == null) {
      throw new IllegalArgumentException("next: a response or a failure is needed");
    }
    boolean retryable = failure != null ? isRetryable(failure) : isRetryable(response);
    if (!retryable) {
      return Next.stop("not retried: " + (failure != null ? "the thread was interrupted."
          : "false".equalsIgnoreCase(response.header("x-should-retry"))
              ? "the server answered x-should-retry: false."
              : "HTTP " + response.status() + " is not retryable."));
    }
    if (retries >= maxRetries) {
      return Next.stop("gave up after " + retries + (retries == 1 ? " retry" : " retries")
          + " (RetryPolicy.maxRetries " + maxRetries + ").");
    }
    Optional<Duration> wait = delay(retries + 1, response);
    return wait.isPresent() ? Next.retry(wait.get())
        : Next.stop("not retried: the server asked to wait longer than"
            + " RetryPolicy.maxRetryAfter " + maxRetryAfter + ".");
  }

  /**
   * The decision of {@link #next}: either {@code delay} (send again after it) or {@code gaveUp}
   * (do not; why) is set.
   */
  public record Next(Duration delay, String gaveUp) {
    public static Next retry(Duration delay) {
      return new Next(requireNonNull(delay, "delay == null"), null);
    }

    public static Next stop(String gaveUp) {
      return new Next(null, requireNonNull(gaveUp, "gaveUp == null"));
    }

    public boolean retries() {
      return delay != null;
    }
  }

  /**
   * The wait the server asked for: {@code retry-after-ms} (milliseconds), else {@code
   * Retry-After} as seconds or as an HTTP date, else a {@code "retryDelay": "<n>s"} in the body
   * (Gemini's {@code google.rpc.RetryInfo}). A date is measured from the response's {@code
   * Date} header when present (so clock skew does not matter), else from {@code now}, else from
   * the system clock. Negative waits count as zero.
   */
  public static Optional<Duration> retryAfter(TransportResponse response, Instant now) {
    String millis = response.header("retry-after-ms");
    if (millis != null) {
      try {
        return Optional.of(nonNegative(Duration.ofNanos((long) (Double.parseDouble(millis.strip()) * 1e6))));
      } catch (NumberFormatException ignored) {
        // fall through to Retry-After
      }
    }
    String value = response.header("retry-after");
    if (value == null || value.isBlank()) {
      Matcher delay = RETRY_DELAY.matcher(response.body());
      return delay.find()
          ? Optional.of(Duration.ofNanos((long) (Double.parseDouble(delay.group(1)) * 1e9)))
          : Optional.empty();
    }
    value = value.strip();
    try {
      return Optional.of(nonNegative(Duration.ofNanos((long) (Double.parseDouble(value) * 1e9))));
    } catch (NumberFormatException notSeconds) {
      Instant at = httpDate(value);
      if (at == null) {
        return Optional.empty();
      }
      Instant reference = httpDate(response.header("date"));
      if (reference == null) {
        reference = now != null ? now : Instant.now();
      }
      return Optional.of(nonNegative(Duration.between(reference, at)));
    }
  }

  private static Instant httpDate(String value) {
    if (value == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Duration nonNegative(Duration duration) {
    return duration.isNegative() ? Duration.ZERO : duration;
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxRetries=" + maxRetries + ", initialBackoff=" + initialBackoff
        + ", maxBackoff=" + maxBackoff + ", maxRetryAfter=" + maxRetryAfter + "]";
  }

  /** Configures a {@link RetryPolicy}; starts from the defaults. */
  public static final class Builder {
    private int maxRetries = 2;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(8);
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();

    private Builder() {}

    /** How many times a request may be sent again; 0 disables retries. */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries < 0: " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = positive(initialBackoff, "initialBackoff");
      return this;
    }

    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = positive(maxBackoff, "maxBackoff");
      return this;
    }

    public Builder maxRetryAfter(Duration maxRetryAfter) {
      requireNonNull(maxRetryAfter, "maxRetryAfter == null");
      if (maxRetryAfter.isNegative()) {
        throw new IllegalArgumentException("maxRetryAfter is negative: " + maxRetryAfter);
      }
      this.maxRetryAfter = maxRetryAfter;
      return this;
    }

    /**
     * The random numbers in [0, 1) that spread the backoff; for tests that need fixed waits
     * (e.g. {@code () -> 1.0} waits the whole ceiling).
     */
    public Builder jitter(DoubleSupplier jitter) {
      this.jitter = requireNonNull(jitter, "jitter == null");
      return this;
    }

    public RetryPolicy build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException(
            "maxBackoff " + maxBackoff + " is shorter than initialBackoff " + initialBackoff);
      }
      return new RetryPolicy(this);
    }

    private static Duration positive(Duration duration, String name) {
      requireNonNull(duration, name + " == null");
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + duration);
      }
      return duration;
    }
  }
}
