package dev.quarry.batch;

import dev.quarry.BatchStore;
import dev.quarry.ConfigurationException;
import java.lang.System.Logger.Level;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * {@link BatchStore#standard()}: the store of jobs made without one, chosen once per process.
 * The system property {@value #PROPERTY} set to {@code memory} picks the in-memory store;
 * otherwise the first {@link BatchStore} service on the class path (or module path) is used:
 * {@code quarry-jdbc} provides one, an embedded H2 database (at the path the property names, or
 * {@value #DEFAULT_PATH} under the working directory). Without a service the job is kept in
 * memory, with one warning that it will not survive the process.
 */
public final class StandardStore {
  /** The system property that chooses the standard store. */
  public static final String PROPERTY = "quarry.batch.store";
  /** Where a durable standard store keeps its files, relative to the working directory. */
  public static final String DEFAULT_PATH = ".quarry/batch-jobs";
  private static final System.Logger LOG = System.getLogger("dev.quarry.batch");
  private static volatile BatchStore standard;

  private StandardStore() {}

  /** The process's standard store, made on first use. */
  public static BatchStore get() {
    BatchStore store = standard;
    if (store == null) {
      synchronized (StandardStore.class) {
        store = standard;
        if (store == null) {
          store = standard = choose(System.getProperty(PROPERTY), StandardStore.class.getClassLoader());
        }
      }
    }
    return store;
  }

  /** The store {@code chosen} (the property's value, or null) picks among {@code loader}'s services. */
  static BatchStore choose(String chosen, ClassLoader loader) {
    if ("memory".equalsIgnoreCase(chosen == null ? "" : chosen.strip())) {
      return BatchStore.inMemory();
    }
    Iterator<BatchStore> services =
        ServiceLoader.load(BatchStore.class, loader).iterator();
    try {
      if (services.hasNext()) {
        return services.next();
      }
    } catch (ServiceConfigurationError e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new ConfigurationException("Quarry.batchJob: the durable batch store on the class path"
          + " could not be opened (" + cause.getMessage() + "). Fix what it names (e.g. the"
          + " directory of -D" + PROPERTY + ", default " + DEFAULT_PATH + ", must be writable),"
          + " pass a store with BatchJob.Options.builder().store(...), or set -D" + PROPERTY
          + "=memory.", cause);
    }
    LOG.log(Level.WARNING, "Quarry.batchJob: no durable BatchStore on the class path, so batch"
        + " jobs made without a store are kept in this process's memory and cannot be resumed"
        + " after it ends. Add dev.quarry:quarry-jdbc (an embedded H2 database at "
        + DEFAULT_PATH + "), pass BatchJob.Options.builder().store(...), or set -D" + PROPERTY
        + "=memory to choose memory and silence this warning.");
    return BatchStore.inMemory();
  }
}
