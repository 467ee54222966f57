package dev.quarry.transport;

import java.time.Duration;

/**
 * Where Quarry reads the time and how it waits: for retry backoff, rate limiting and deadlines.
 * {@link #system()} unless a test supplies a fake one, which makes backoff tests deterministic
 * and instant.
 *
 * <pre>{@code
 * Quarry quarry = Quarry.builder().timeSource(fakeClock).build();
 * }</pre>
 */
public interface TimeSource {
  /** A monotonic reading in nanoseconds, like {@link System#nanoTime()}. */
  long nanoTime();

  /** Waits {@code duration}; returns at once when it is zero or negative. */
  void sleep(Duration duration) throws InterruptedException;

  /** The JVM's clock and {@link Thread#sleep}. */
  static TimeSource system() {
    return SystemTimeSource.INSTANCE;
  }
}

enum SystemTimeSource implements TimeSource {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (!duration.isNegative() && !duration.isZero()) {
      Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
    }
  }

  @Override
  public String toString() {
    return "TimeSource.system()";
  }
}
