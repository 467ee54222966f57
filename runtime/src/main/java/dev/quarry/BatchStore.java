package dev.quarry;

import static java.util.Objects.requireNonNull;

import dev.quarry.provider.BatchApi;
import java.util.List;
import java.util.Optional;

/**
 * Where a {@link BatchJob} keeps its state as it changes, so that a process killed at any moment
 * resumes the same job: the job (its inputs' count and fingerprint), each batch (which custom ids
 * it holds, each finished submit step, the provider's batch id) and each entry's outcome (the
 * provider's reply body, or how it failed). {@link #inMemory()} keeps it for the life of the
 * process; {@code dev.quarry.jdbc.JdbcBatchStore} (artifact {@code quarry-jdbc}) in a database,
 * H2 embedded or PostgreSQL. A job made without a store is kept in {@link #standard()}: with
 * {@code quarry-jdbc} on the class path, an embedded H2 database under {@code .quarry/}.
 *
 * <pre>{@code
 * BatchStore store = JdbcBatchStore.h2(Path.of("jobs/receipts"));
 * BatchJob<String, Receipt> job = quarry.batchJob(reader::read, texts,
 *     BatchJob.Options.builder().id("receipts-2026-12").store(store).build());
 * }</pre>
 *
 * <p>Each save must be durable when it returns (Quarry saves before it acts on what it saved).
 * Implementations are thread-safe.
 */
public interface BatchStore {
  /** The job stored under {@code jobId}, or empty when there is none. */
  Optional<Stored> load(String jobId);

  /** Stores a new job; does nothing when a job of that id is stored already. */
  void saveJob(Job job);

  /** Stores {@code batch} of job {@code jobId}, replacing the stored batch of the same number. */
  void saveBatch(String jobId, Batch batch);

  /** Stores an entry's outcome; an outcome stored already for its custom id is kept. */
  void saveResult(String jobId, Result result);

  /** A store in this process's memory: a job resumes within the process, not after it ends. */
  static BatchStore inMemory() {
    return new dev.quarry.batch.MemoryBatchStore();
  }

  /**
   * The store of jobs made without one, the same for the whole process. With {@code
   * quarry-jdbc} on the class path it is durable: an embedded H2 database in {@code
   * .quarry/batch-jobs} under the working directory, or at the path in the system property
   * {@code quarry.batch.store}. Without it, or with {@code -Dquarry.batch.store=memory}, it is
   * an {@link #inMemory()} store (with one warning, unless memory was chosen). Other stores
   * offer themselves as a {@link java.util.ServiceLoader} service of this interface (a public
   * no-argument constructor, listed in {@code META-INF/services/dev.quarry.BatchStore}).
   *
   * <pre>{@code
   * quarry.batchJob(reader::read, texts)   // kept in BatchStore.standard()
   * }</pre>
   *
   * @throws ConfigurationException when the durable store on the class path cannot be opened
   */
  static BatchStore standard() {
    return dev.quarry.batch.StandardStore.get();
  }

  /**
   * A job as it was created.
   *
   * @param id the job's id, matching {@link BatchApi#ID}
   * @param provider the provider's name
   * @param model the model
   * @param inputs how many inputs the job has
   * @param fingerprint a digest of every input's first request, to recognise the same inputs
   */
  record Job(String id, String provider, String model, int inputs, String fingerprint) {
    public Job {
      requireNonNull(id, "id == null");
      requireNonNull(provider, "provider == null");
      requireNonNull(model, "model == null");
      requireNonNull(fingerprint, "fingerprint == null");
    }
  }

  /**
   * One batch of a job.
   *
   * @param number 1 for the job's first batch
   * @param customIds the entries' custom ids, in the batch's order
   * @param submission the submit steps done so far, and the batch id once created
   * @param stepStarted whether a submit step was started whose result is not stored (a process
   *     that died during it must look the result up at the provider before going on)
   * @param state the last {@link BatchApi.State} polled, by name, or {@code null} before
   * @param settled whether every entry's outcome is stored
   */
  record Batch(int number, List<String> customIds, BatchApi.Submission submission,
      boolean stepStarted, String state, boolean settled) {
    public Batch {
      customIds = List.copyOf(customIds);
      requireNonNull(submission, "submission == null");
    }
  }

  /**
   * What became of one entry.
   *
   * @param customId the entry's custom id
   * @param kind how it ended
   * @param status the HTTP status of the reply, or the provider's status for a failure; 0 when none
   * @param body the provider's reply body ({@link Kind#ANSWERED}), else {@code null}
   * @param errorType the provider's error type or code, or {@code null}
   * @param message the provider's error message, or {@code null}
   */
  record Result(String customId, Kind kind, int status, String body, String errorType,
      String message) {
    public Result {
      requireNonNull(customId, "customId == null");
      requireNonNull(kind, "kind == null");
    }

    /** How an entry ended. */
    public enum Kind {
      /** The provider replied ({@link #body()}, which the provider's reply reader reads). */
      ANSWERED,
      /** The provider reports the entry failed. */
      FAILED,
      /** The batch expired before the entry ran. */
      EXPIRED,
      /** The batch was cancelled before the entry ran. */
      CANCELLED,
      /** The batch failed as a whole (e.g. its input did not validate). */
      BATCH_FAILED,
      /** The batch ended without an outcome for the entry. */
      MISSING
    }
  }

  /** A stored job with its batches (by number) and the outcomes stored so far. */
  record Stored(Job job, List<Batch> batches, List<Result> results) {
    public Stored {
      requireNonNull(job, "job == null");
      batches = List.copyOf(batches);
      results = List.copyOf(results);
    }
  }
}
