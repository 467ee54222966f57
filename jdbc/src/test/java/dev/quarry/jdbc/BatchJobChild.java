package dev.quarry.jdbc;

import static dev.quarry.testing.BatchDocs.DOC;
import static dev.quarry.testing.BatchDocs.docs;

import dev.quarry.BatchJob;
import dev.quarry.Quarry;
import dev.quarry.testing.BatchDocs.Doc;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The process {@link BatchJobKillTest} kills: runs a batch job of five documents against the
 * server at {@code args[0]} with its state in the H2 database {@code args[1]} (a {@code jdbc:}
 * URL: that database, with the user and password of {@code QUARRY_TEST_POSTGRES_USER} and
 * {@code _PASSWORD}; {@code -}: no store set, so the standard one, which {@code
 * -Dquarry.batch.store} places), under the id {@code
 * args[2]}, and prints {@code RESULT <ok> <failed> <tokens>} and the store it used.
 */
public final class BatchJobChild {
  private BatchJobChild() {}

  public static void main(String[] args) {
    Quarry quarry = Quarry.builder().baseUrl(args[0]).apiKey("sk-test-batch-1")
        .model("gpt-4o-mini").maxRetries(0).build();
    BatchJob.Options.Builder options =
        BatchJob.Options.builder().id(args[2]).pollInterval(Duration.ofMillis(20));
    if (args[1].startsWith("jdbc:")) {
      options.store(JdbcBatchStore.create(args[1], System.getenv("QUARRY_TEST_POSTGRES_USER"),
          System.getenv("QUARRY_TEST_POSTGRES_PASSWORD")));
    } else if (!args[1].equals("-")) {
      options.store(JdbcBatchStore.h2(Path.of(args[1])));
    }
    BatchJob.Options built = options.build();
    BatchJob.Result<String, Doc> result = quarry.batchJob(t -> quarry.extract(DOC, t).value(),
        docs(5), built).submit().await(Duration.ofMinutes(2));
    System.out.println("RESULT " + result.values().size() + " " + result.failures().size() + " "
        + result.usage().totalTokens());
    System.out.println("STORE " + built.store());
  }
}
