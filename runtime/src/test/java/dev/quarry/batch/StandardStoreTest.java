package dev.quarry.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.BatchStore;
import dev.quarry.ConfigurationException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link BatchStore#standard()} chooses: the first {@code BatchStore} service on the class
 * path (quarry-jdbc's embedded H2 store, tested in that module), memory when asked for, and
 * memory (with a warning) when there is no service.
 */
class StandardStoreTest {
  @TempDir Path dir;

  /** A durable store as a service provides one. */
  public static final class ServiceStore implements BatchStore {
    private final BatchStore memory = BatchStore.inMemory();

    public ServiceStore() {}

    @Override public Optional<Stored> load(String jobId) { return memory.load(jobId); }
    @Override public void saveJob(Job job) { memory.saveJob(job); }
    @Override public void saveBatch(String jobId, Batch batch) { memory.saveBatch(jobId, batch); }
    @Override public void saveResult(String jobId, Result result) { memory.saveResult(jobId, result); }
  }

  /** A service whose database cannot be opened. */
  public static final class BrokenStore extends ForwardingNothing {
    public BrokenStore() {
      throw new IllegalStateException("cannot open /read-only/.quarry/batch-jobs");
    }
  }

  /** Base of {@link BrokenStore}. */
  public abstract static class ForwardingNothing implements BatchStore {
    @Override public Optional<Stored> load(String jobId) { return Optional.empty(); }
    @Override public void saveJob(Job job) {}
    @Override public void saveBatch(String jobId, Batch batch) {}
    @Override public void saveResult(String jobId, Result result) {}
  }

  private ClassLoader withService(Class<?> service) throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(BatchStore.class.getName()), service.getName() + "\n");
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
  }

  @Test
  void aServiceOnTheClassPathIsTheStandardStore() throws Exception {
    assertThat(StandardStore.choose(null, withService(ServiceStore.class)))
        .isInstanceOf(ServiceStore.class);
    assertThat(StandardStore.choose("/var/jobs/db", withService(ServiceStore.class)))
        .isInstanceOf(ServiceStore.class);
  }

  @Test
  void memoryIsChosenByThePropertyOrWhenThereIsNoService() throws Exception {
    assertThat(StandardStore.choose(" Memory ", withService(ServiceStore.class)))
        .isInstanceOf(MemoryBatchStore.class);
    assertThat(StandardStore.choose(null, new URLClassLoader(new URL[0], null)))
        .isInstanceOf(MemoryBatchStore.class);
  }

  @Test
  void aServiceThatCannotOpenItsDatabaseSaysHowToGoOn() throws Exception {
    ClassLoader loader = withService(BrokenStore.class);
    assertThatThrownBy(() -> StandardStore.choose(null, loader))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cannot open /read-only/.quarry/batch-jobs")
        .hasMessageContaining("BatchJob.Options.builder().store(...)")
        .hasMessageContaining("-Dquarry.batch.store=memory");
  }

  @Test
  void theStandardStoreIsOnePerProcess() {
    assertThat(BatchStore.standard()).isSameAs(BatchStore.standard());
  }
}
