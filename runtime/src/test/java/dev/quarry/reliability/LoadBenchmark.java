package dev.quarry.reliability;

import java.time.Duration;

/**
 * Prints throughput and memory of many concurrent extractions against a local server with
 * injected latency. Not a test; run it from the test classpath:
 *
 * <pre>{@code
 * mvn -q -pl runtime test-compile
 * java -cp runtime/target/test-classes:runtime/target/classes:$(cat cp.txt) \
 *     dev.quarry.reliability.LoadBenchmark [calls] [latencyMillis]
 * }</pre>
 */
public final class LoadBenchmark {
  private LoadBenchmark() {}

  public static void main(String[] args) {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    Duration latency = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 100);
    System.out.println("Java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
        + " CPUs, max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MB, latency "
        + latency.toMillis() + " ms");
    LoadRun.run(200, latency, LoadRun.Style.ASYNC, 0); // warm-up
    for (int round = 1; round <= 3; round++) {
      System.out.println("async        #" + round + ": "
          + LoadRun.run(calls, latency, LoadRun.Style.ASYNC, 0));
    }
    for (int concurrency : new int[] {64, 256}) {
      System.out.println("batch(" + concurrency + ")" + (concurrency < 100 ? " " : "") + "   : "
          + LoadRun.run(calls, latency, LoadRun.Style.BATCH, concurrency));
    }
  }
}
