package dev.quarry;

import static java.util.Objects.requireNonNull;

import dev.quarry.provider.BatchApi;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a {@link BatchJob} stands: its items by state, its batches by the provider's state, the
 * provider's own counts summed over the batches, the time since the job was made in this process,
 * and the usage and cost (at the batch price) of the answers so far. Listeners hear it after every
 * poll ({@link dev.quarry.observe.QuarryListener#batchProgress}); {@link #line()} is a one-line
 * display for a console.
 *
 * @param jobId the job's id
 * @param items the job's inputs
 * @param succeeded items with a valid value
 * @param failed items that ended in an error (invalid after every attempt, expired, ...)
 * @param submitted items waiting in a submitted batch
 * @param unsubmitted items waiting to be submitted (first attempts or re-asks)
 * @param batches the number of batches per provider state
 * @param providerCounts the provider's counts, summed over the job's batches
 * @param elapsed since the job's first batch was submitted (in whichever process did it: a
 *     resumed job goes on counting), or since it was made, before that
 * @param usage the tokens of every answer so far
 * @param cost their cost at the client's {@link PriceTable}: batched answers at its batch
 *     price, synchronous re-asks at the regular price; empty without prices (or when an
 *     answer's model has none)
 */
public record BatchProgress(String jobId, int items, int succeeded, int failed, int submitted,
    int unsubmitted, Map<BatchApi.State, Integer> batches, BatchApi.Counts providerCounts,
    Duration elapsed, Usage usage, Optional<Cost> cost) {
  public BatchProgress {
    requireNonNull(jobId, "jobId == null");
    batches = Map.copyOf(batches);
    requireNonNull(providerCounts, "providerCounts == null");
    requireNonNull(elapsed, "elapsed == null");
    requireNonNull(usage, "usage == null");
    requireNonNull(cost, "cost == null");
  }

  /** Whether every item has ended (succeeded or failed). */
  public boolean done() {
    return succeeded + failed == items;
  }

  /**
   * The progress in one line, e.g. {@code job receipts: 1000 items, 812 ok, 3 failed, 185 in
   * batches, 0 to submit | batches: 1 COMPLETED, 1 IN_PROGRESS | provider: 815/1000 done, 3
   * failed | 45210 tokens, cost 0.0123 | 00:03:12}.
   */
  public String line() {
    StringBuilder line = new StringBuilder("job ").append(jobId).append(": ").append(items)
        .append(" items, ").append(succeeded).append(" ok, ").append(failed).append(" failed, ")
        .append(submitted).append(" in batches, ").append(unsubmitted).append(" to submit");
    line.append(" | batches:");
    if (batches.isEmpty()) {
      line.append(" none");
    }
    String separator = " ";
    for (Map.Entry<BatchApi.State, Integer> entry : new TreeMap<>(batches).entrySet()) {
      line.append(separator).append(entry.getValue()).append(' ').append(entry.getKey());
      separator = ", ";
    }
    line.append(" | provider: ").append(providerCounts.succeeded() + providerCounts.failed())
        .append('/').append(providerCounts.total()).append(" done, ")
        .append(providerCounts.failed()).append(" failed");
    line.append(" | ").append(usage.totalTokens()).append(" tokens");
    cost.ifPresent(c -> line.append(", cost ").append(c.total().toPlainString()));
    long seconds = elapsed.toSeconds();
    line.append(String.format(" | %02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60));
    return line.toString();
  }
}
