package dev.quarry.transport;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A client-side limit on requests and tokens per minute, shared by every call of a {@link
 * dev.quarry.Quarry} (plain, async and batch calls alike), so a batch stays under the provider's
 * rate limits instead of collecting 429s.
 *
 * <p>Both limits are token buckets that refill continuously (a limit of 60 per minute allows one
 * request a second, with bursts up to 60). A request takes one request permit before it is sent;
 * its tokens are not known until the response arrives, so they are taken afterwards, and the
 * next requests wait while the token bucket is in debt. Thread-safe.
 *
 * <pre>{@code
 * Quarry.builder().rateLimiter(RateLimiter.perMinute(500, 200_000))
 * }</pre>
 */
public final class RateLimiter {
  private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();

  private final long requestsPerMinute;
  private final long tokensPerMinute;
  private final TimeSource time;
  private double requests; // guarded by this
  private double tokens; // guarded by this
  private long refilledAt; // guarded by this

  private RateLimiter(long requestsPerMinute, long tokensPerMinute, TimeSource time) {
    this.requestsPerMinute = requestsPerMinute;
    this.tokensPerMinute = tokensPerMinute;
    this.time = time;
    this.requests = requestsPerMinute;
    this.tokens = tokensPerMinute;
    this.refilledAt = time.nanoTime();
  }

  /**
   * At most {@code requestsPerMinute} requests and {@code tokensPerMinute} tokens (input plus
   * output) a minute; 0 leaves that figure unlimited.
   */
  public static RateLimiter perMinute(long requestsPerMinute, long tokensPerMinute) {
    return perMinute(requestsPerMinute, tokensPerMinute, TimeSource.system());
  }

  /** Like {@link #perMinute(long, long)}, reading time from {@code time}; for tests. */
  public static RateLimiter perMinute(long requestsPerMinute, long tokensPerMinute, TimeSource time) {
    requireNonNull(time, "time == null");
    if (requestsPerMinute < 0 || tokensPerMinute < 0) {
      throw new IllegalArgumentException(
          "limits must be >= 0, got " + requestsPerMinute + " requests and " + tokensPerMinute
              + " tokens per minute");
    }
    return new RateLimiter(requestsPerMinute, tokensPerMinute, time);
  }

  /**
   * How long the caller must wait before it may send a request; zero when it may send now, in
   * which case the request permit has been taken.
   */
  public synchronized Duration tryAcquire() {
    refill();
    long wait = 0;
    if (requestsPerMinute > 0 && requests < 1) {
      wait = Math.max(wait, (long) ((1 - requests) * MINUTE_NANOS / requestsPerMinute) + 1);
    }
    if (tokensPerMinute > 0 && tokens < 0) {
      wait = Math.max(wait, (long) (-tokens * MINUTE_NANOS / tokensPerMinute) + 1);
    }
    if (wait > 0) {
      return Duration.ofNanos(wait);
    }
    if (requestsPerMinute > 0) {
      requests -= 1;
    }
    return Duration.ZERO;
  }

  /** Takes the tokens a response reported. */
  public synchronized void consumeTokens(long count) {
    if (tokensPerMinute > 0 && count > 0) {
      refill();
      tokens -= count;
    }
  }

  private void refill() {
    long now = time.nanoTime();
    long elapsed = now - refilledAt;
    if (elapsed <= 0) {
      return;
    }
    refilledAt = now;
    if (requestsPerMinute > 0) {
      requests = Math.min(requestsPerMinute, requests + (double) elapsed * requestsPerMinute / MINUTE_NANOS);
    }
    if (tokensPerMinute > 0) {
      tokens = Math.min(tokensPerMinute, tokens + (double) elapsed * tokensPerMinute / MINUTE_NANOS);
    }
  }

  @Override
  public String toString() {
    return "RateLimiter[requestsPerMinute=" + requestsPerMinute + ", tokensPerMinute="
        + tokensPerMinute + "]";
  }
}
