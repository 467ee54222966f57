package dev.quarry.jdbc;

import dev.quarry.BatchStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@linkplain BatchStore#standard() standard store} this artifact provides: batch jobs made
 * without a store are kept in an embedded H2 database, {@code .quarry/batch-jobs.mv.db} under the
 * working directory, or at the path in the system property {@code quarry.batch.store}. Found by
 * {@link java.util.ServiceLoader}; not meant to be made directly (use {@link
 * JdbcBatchStore#h2(Path)} for a database of your choosing).
 */
public final class EmbeddedBatchStore implements BatchStore {
  // As BatchStore.standard() documents them (the runtime's chooser is not exported).
  private static final String PROPERTY = "quarry.batch.store";
  private static final String DEFAULT_PATH = ".quarry/batch-jobs";
  private final Path path;
  private final JdbcBatchStore store;

  /** Opens (creating when missing) the database the system property names, or the default. */
  public EmbeddedBatchStore() {
    String chosen = System.getProperty(PROPERTY);
    this.path = Path.of(chosen == null || chosen.isBlank() ? DEFAULT_PATH : chosen.strip())
        .toAbsolutePath();
    try {
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create " + path.getParent()
          + " for the batch jobs' database", e);
    }
    this.store = JdbcBatchStore.h2(path);
  }

  /** Where the database's files are ({@code <path>.mv.db}). */
  public Path path() {
    return path;
  }

  @Override
  public Optional<Stored> load(String jobId) {
    return store.load(jobId);
  }

  @Override
  public void saveJob(Job job) {
    store.saveJob(job);
  }

  @Override
  public void saveBatch(String jobId, Batch batch) {
    store.saveBatch(jobId, batch);
  }

  @Override
  public void saveResult(String jobId, Result result) {
    store.saveResult(jobId, result);
  }

  @Override
  public String toString() {
    return "EmbeddedBatchStore[" + path + ".mv.db]";
  }
}
