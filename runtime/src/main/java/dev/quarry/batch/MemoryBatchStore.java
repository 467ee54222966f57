package dev.quarry.batch;

import dev.quarry.BatchStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link BatchStore#inMemory()}: the state of jobs in this process's memory. Thread-safe. */
public final class MemoryBatchStore implements BatchStore {
  private final Map<String, Entry> jobs = new LinkedHashMap<>();

  private static final class Entry {
    final Job job;
    final TreeMap<Integer, Batch> batches = new TreeMap<>();
    final Map<String, Result> results = new LinkedHashMap<>();

    Entry(Job job) {
      this.job = job;
    }
  }

  @Override
  public synchronized Optional<Stored> load(String jobId) {
    Entry entry = jobs.get(jobId);
    return entry == null ? Optional.empty() : Optional.of(new Stored(entry.job,
        new ArrayList<>(entry.batches.values()), new ArrayList<>(entry.results.values())));
  }

  @Override
  public synchronized void saveJob(Job job) {
    jobs.putIfAbsent(job.id(), new Entry(job));
  }

  @Override
  public synchronized void saveBatch(String jobId, Batch batch) {
    entry(jobId).batches.put(batch.number(), batch);
  }

  @Override
  public synchronized void saveResult(String jobId, Result result) {
    entry(jobId).results.putIfAbsent(result.customId(), result);
  }

  private Entry entry(String jobId) {
    Entry entry = jobs.get(jobId);
    if (entry == null) {
      throw new IllegalStateException("no job " + jobId + " is stored; save it first");
    }
    return entry;
  }

  @Override
  public String toString() {
    return "BatchStore.inMemory()";
  }
}
