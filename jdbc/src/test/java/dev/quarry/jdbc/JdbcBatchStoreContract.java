package dev.quarry.jdbc;

import static dev.quarry.testing.BatchDocs.DOC;
import static dev.quarry.testing.BatchDocs.docs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.BatchJob;
import dev.quarry.BatchStore;
import dev.quarry.Quarry;
import dev.quarry.provider.BatchApi;
import dev.quarry.testing.BatchDocs;
import dev.quarry.testing.BatchDocs.Doc;
import dev.quarry.testing.OpenAiBatchServer;
import dev.quarry.transport.JdkHttpTransport;
import dev.quarry.transport.Transport;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every database must do for {@link JdbcBatchStore}. */
abstract class JdbcBatchStoreContract {
  final String prefix = "qb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  abstract DataSource dataSource();

  @AfterEach
  void dropTables() throws SQLException {
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      for (String table : List.of("_job", "_batch", "_result")) {
        statement.execute("DROP TABLE IF EXISTS " + prefix + table);
      }
    }
  }

  @Test
  void whatIsSavedIsLoadedByAnotherStoreOnTheSameTables() {
    JdbcBatchStore store = JdbcBatchStore.create(dataSource(), prefix);
    store.saveJob(new BatchStore.Job("j1", "openai", "gpt-4o-mini", 3, "abc"));
    store.saveJob(new BatchStore.Job("j1", "openai", "other", 9, "zzz")); // kept as first saved
    BatchApi.Submission started = BatchApi.Submission.start("j1-1");
    store.saveBatch("j1", new BatchStore.Batch(1, List.of("q0-1", "q1-1"), started, true, null, false));
    BatchApi.Submission created = started.withStep("input_file_id", "file-1").withBatchId("batch_1");
    store.saveBatch("j1", new BatchStore.Batch(1, List.of("q0-1", "q1-1"), created, false,
        "IN_PROGRESS", false));
    store.saveResult("j1", new BatchStore.Result("q0-1", BatchStore.Result.Kind.ANSWERED, 200,
        "{\"id\":\"x\"}", null, null));
    store.saveResult("j1", new BatchStore.Result("q0-1", BatchStore.Result.Kind.EXPIRED, 0, null,
        null, null));
    store.saveResult("j1", new BatchStore.Result("q1-1", BatchStore.Result.Kind.FAILED, 500, null,
        "server_error", "it broke"));

    BatchStore.Stored stored = JdbcBatchStore.create(dataSource(), prefix).load("j1").orElseThrow();

    assertThat(stored.job()).isEqualTo(new BatchStore.Job("j1", "openai", "gpt-4o-mini", 3, "abc"));
    assertThat(stored.batches()).containsExactly(new BatchStore.Batch(1, List.of("q0-1", "q1-1"),
        created, false, "IN_PROGRESS", false));
    assertThat(stored.batches().get(0).submission().steps()).containsEntry("input_file_id", "file-1");
    assertThat(stored.results()).containsExactlyInAnyOrder(
        new BatchStore.Result("q0-1", BatchStore.Result.Kind.ANSWERED, 200, "{\"id\":\"x\"}", null, null),
        new BatchStore.Result("q1-1", BatchStore.Result.Kind.FAILED, 500, null, "server_error", "it broke"));
    assertThat(JdbcBatchStore.create(dataSource(), prefix).load("other")).isEmpty();
  }

  /**
   * The job's thread dies (its response lost after the server acted), and so does its store:
   * a new store on the same tables resumes the job without submitting anything twice.
   */
  @Test
  void aJobResumesFromTheDatabaseAfterItsThreadAndStoreDied() {
    try (OpenAiBatchServer server = OpenAiBatchServer.start()) {
      server.answers = BatchDocs::answer;
      Transport http = JdkHttpTransport.create();
      for (String killAt : List.of("POST /v1/files", "POST /v1/batches", "GET /v1/batches/", "/content")) {
        String id = "kill-" + killAt.replaceAll("[^A-Za-z]", "");
        AtomicBoolean killed = new AtomicBoolean();
        Transport dying = request -> {
          var response = http.send(request);
          String line = request.method() + " " + request.uri().getPath();
          if (line.contains(killAt) && killed.compareAndSet(false, true)) {
            throw new IOException("killed after " + line);
          }
          return response;
        };
        int uploads = server.uploads.get();
        int creates = server.creates.get();
        Quarry first = quarry(server, dying);
        assertThatThrownBy(() -> first.batchJob(t -> first.extract(DOC, t).value(), docs(5),
            options(id).store(JdbcBatchStore.create(dataSource(), prefix)).build())
            .submit().await(Duration.ofMinutes(1)))
            .hasMessageContaining("killed after");

        Quarry second = quarry(server, http);
        BatchJob.Result<String, Doc> result = second.batchJob(t -> second.extract(DOC, t).value(),
            docs(5), options(id).store(JdbcBatchStore.create(dataSource(), prefix)).build())
            .submit().await(Duration.ofMinutes(1));

        assertThat(result.values()).as(killAt).hasSize(5);
        assertThat(result.usage().totalTokens()).as(killAt).isEqualTo(6 * 30);
        assertThat(server.uploads.get() - uploads).as(killAt).isEqualTo(2);
        assertThat(server.creates.get() - creates).as(killAt).isEqualTo(2);
      }
      assertThat(server.specErrors()).isEmpty();
    }
  }

  static Quarry quarry(OpenAiBatchServer server, Transport transport) {
    return Quarry.builder().baseUrl(server.baseUrl()).apiKey("sk-test-batch-1").model("gpt-4o-mini")
        .transport(transport).maxRetries(0).build();
  }

  static BatchJob.Options.Builder options(String id) {
    return BatchJob.Options.builder().id(id).pollInterval(Duration.ZERO);
  }
}
