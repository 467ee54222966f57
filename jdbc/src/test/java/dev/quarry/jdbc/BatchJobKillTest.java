package dev.quarry.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.testing.BatchDocs;
import dev.quarry.testing.OpenAiBatchServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A batch job's process is killed (SIGKILL, no shutdown hooks) while the server handles one of
 * its requests, after the server acted on it: after the upload, after the batch was created,
 * during a poll, while the results are read. The job started again in a new process resumes from
 * its H2 database: every batch uploaded and created once, every result there, the same totals.
 */
class BatchJobKillTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"POST /v1/files", "POST /v1/batches", "GET /v1/batches/", "/content"})
  void aKilledProcessResumesTheSameJob(String killAt) throws Exception {
    killAndResume(killAt, false);
  }

  /**
   * A job made without a store is durable too: with this artifact on the class path the
   * standard store is an embedded H2 database (placed by {@code -Dquarry.batch.store}).
   */
  @ParameterizedTest
  @ValueSource(strings = {"POST /v1/batches", "/content"})
  void aJobWithTheStandardStoreResumesAfterAKill(String killAt) throws Exception {
    String output = killAndResume(killAt, true);
    assertThat(output).contains("STORE EmbeddedBatchStore[" + dir.resolve("jobs").toAbsolutePath()
        + ".mv.db]");
    assertThat(dir.resolve("jobs.mv.db")).exists();
  }

  /** The same on PostgreSQL (skipped without {@code QUARRY_TEST_POSTGRES_URL}, failed under CI). */
  @ParameterizedTest
  @ValueSource(strings = {"POST /v1/files", "GET /v1/batches/", "/content"})
  @org.junit.jupiter.api.condition.EnabledIf(
      value = "dev.quarry.jdbc.CallLogPostgresTest#postgresConfigured",
      disabledReason = CallLogPostgresTest.SKIPPED)
  void aKilledProcessResumesTheSameJobFromPostgres(String killAt) throws Exception {
    killAndResume(killAt, false, System.getenv("QUARRY_TEST_POSTGRES_URL"),
        "killed-" + Long.toHexString(System.nanoTime()));
  }

  private String killAndResume(String killAt, boolean standardStore) throws Exception {
    return killAndResume(killAt, standardStore, dir.resolve("jobs").toString(), "killed-job");
  }

  private String killAndResume(String killAt, boolean standardStore, String db, String jobId)
      throws Exception {
    try (OpenAiBatchServer server = OpenAiBatchServer.start()) {
      server.answers = BatchDocs::answer;
      AtomicReference<Process> child = new AtomicReference<>();
      AtomicBoolean kill = new AtomicBoolean(true);
      AtomicBoolean killed = new AtomicBoolean();
      server.onHandled = request -> {
        if (request.contains(killAt) && kill.compareAndSet(true, false)) {
          killed.set(true); // before the kill: the test thread wakes as the child dies
          try {
            child.get().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      };

      child.set(start(server, db, standardStore, jobId));
      assertThat(child.get().waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(killed).as("killed at " + killAt).isTrue();

      Process again = start(server, db, standardStore, jobId);
      assertThat(again.waitFor(90, TimeUnit.SECONDS)).isTrue();
      String output = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(again.exitValue()).as(output).isZero();
      assertThat(output).contains("RESULT 5 0 180");
      assertThat(server.uploads.get()).isEqualTo(2);
      assertThat(server.creates.get()).isEqualTo(2);
      assertThat(server.specErrors()).isEmpty();
      return output;
    }
  }

  private static Process start(OpenAiBatchServer server, String db, boolean standardStore,
      String jobId) throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
    if (standardStore) {
      command.add("-Dquarry.batch.store=" + db);
    }
    command.addAll(List.of(BatchJobChild.class.getName(), server.baseUrl(),
        standardStore ? "-" : db, jobId));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }
}
