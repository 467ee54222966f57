package dev.quarry.reliability;

import dev.quarry.BatchResult;
import dev.quarry.Extraction;
import dev.quarry.Quarry;
import dev.quarry.reliability.Fixtures.Person;
import dev.quarry.testing.LocalServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many extractions at once against a {@link LocalServer} that answers every request after a
 * fixed latency, measuring what the load test bounds and the benchmark prints: platform threads
 * (peak), heap in use (peak, sampled), and throughput.
 */
final class LoadRun {
  enum Style { ASYNC, BATCH }

  record Figures(int calls, int succeeded, int requests, Duration elapsed, int threadsBefore,
      int peakThreads, long heapBefore, long peakHeap, boolean virtualThreads) {
    double callsPerSecond() {
      return calls / (elapsed.toNanos() / 1e9);
    }

    @Override
    public String toString() {
      return String.format(
          "%d calls (%d ok, %d requests) in %d ms = %.0f calls/s; platform threads %d -> peak %d;"
              + " heap %d MB -> peak %d MB; virtual threads: %s",
          calls, succeeded, requests, elapsed.toMillis(), callsPerSecond(), threadsBefore,
          peakThreads, heapBefore >> 20, peakHeap >> 20, virtualThreads);
    }
  }

  private LoadRun() {}

  static Figures run(int calls, Duration latency, Style style, int batchConcurrency) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try (LocalServer server = LocalServer.start()) {
      server.discardRequests();
      server.answerAlways(200, Fixtures.ada(), latency);
      Quarry quarry = Quarry.builder().baseUrl(server.baseUrl()).apiKey(Fixtures.KEY)
          .model("gpt-4o-mini").build();
      quarry.extract(Fixtures.PERSON, "warm-up");

      System.gc();
      int threadsBefore = threads.getThreadCount();
      long heapBefore = memory.getHeapMemoryUsage().getUsed();
      threads.resetPeakThreadCount();
      AtomicLong peakHeap = new AtomicLong(heapBefore);
      Thread sampler = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-sampler");
      sampler.setDaemon(true);
      sampler.start();

      long start = System.nanoTime();
      int succeeded = 0;
      if (style == Style.ASYNC) {
        List<CompletableFuture<Extraction<Person>>> futures = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
          futures.add(quarry.extractAsync(Fixtures.PERSON, "person " + i));
        }
        for (CompletableFuture<Extraction<Person>> future : futures) {
          if (future.join().value() != null) {
            succeeded++;
          }
        }
      } else {
        List<String> inputs = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
          inputs.add("person " + i);
        }
        BatchResult<String, Person> result = quarry.batch(
            inputs, text -> quarry.extract(Fixtures.PERSON, text).value(), batchConcurrency);
        succeeded = result.values().size();
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      sampler.interrupt();
      return new Figures(calls, succeeded, server.totalRequests() - 1, elapsed, threadsBefore,
          threads.getPeakThreadCount(), heapBefore, peakHeap.get(),
          Runtime.version().feature() >= 21);
    }
  }
}
