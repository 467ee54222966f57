package dev.quarry.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A thousand extractions at once against a local server with 50 ms latency all complete, with
 * platform threads and heap bounded. Bounds are generous on purpose: they catch a thread per
 * call on Java 17 or a leak, not a slow machine. Durations are printed, never asserted.
 */
class LoadTest {
  private static final int CALLS = 1000;
  /** Java 17: 64 async threads + the HTTP client's and the server's; Java 21+: carriers. */
  private static final int MAX_EXTRA_THREADS = 250;
  private static final long MAX_EXTRA_HEAP = 256L << 20;

  @Test
  void aThousandConcurrentAsyncExtractionsComplete() {
    LoadRun.Figures figures = LoadRun.run(CALLS, Duration.ofMillis(50), LoadRun.Style.ASYNC, 0);
    System.out.println("LoadTest async: " + figures);

    assertThat(figures.succeeded()).isEqualTo(CALLS);
    assertThat(figures.requests()).isEqualTo(CALLS);
    assertThat(figures.peakThreads() - figures.threadsBefore()).isLessThan(MAX_EXTRA_THREADS);
    assertThat(figures.peakHeap() - figures.heapBefore()).isLessThan(MAX_EXTRA_HEAP);
  }

  @Test
  void aThousandItemBatchCompletes() {
    LoadRun.Figures figures = LoadRun.run(CALLS, Duration.ofMillis(50), LoadRun.Style.BATCH, 100);
    System.out.println("LoadTest batch: " + figures);

    assertThat(figures.succeeded()).isEqualTo(CALLS);
    assertThat(figures.requests()).isEqualTo(CALLS);
    assertThat(figures.peakThreads() - figures.threadsBefore()).isLessThan(MAX_EXTRA_THREADS);
    assertThat(figures.peakHeap() - figures.heapBefore()).isLessThan(MAX_EXTRA_HEAP);
  }
}
