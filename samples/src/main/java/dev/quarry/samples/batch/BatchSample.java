package dev.quarry.samples.batch;

import dev.quarry.BatchJob;
import dev.quarry.BatchProgress;
import dev.quarry.BatchStore;
import dev.quarry.PriceTable;
import dev.quarry.Quarry;
import dev.quarry.observe.QuarryListener;
import dev.quarry.samples.Console;
import dev.quarry.samples.Sample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A batch job: 1,000 short memos read through the generated {@code MemoReader} as one provider
 * batch (OpenAI's Batch API, served offline by a {@link LocalBatchServer} inside the sample), with
 * the progress line after each poll, a re-ask batch for the answers that failed their check, and
 * the job's summary at the batch price.
 */
public final class BatchSample implements Sample {
  private static final List<String> SUBJECTS =
      List.of("roof repair", "team offsite", "new laptops", "printer toner", "conference tickets");

  /** Memo {@code i}: a one-sentence document. */
  static String memo(int i) {
    return "Memo " + i + ": " + SUBJECTS.get(i % SUBJECTS.size()) + ". It costs " + (100 + i * 7)
        + " EUR.";
  }

  @Override
  public String name() {
    return "batch";
  }

  @Override
  public String title() {
    return "Batch job: 1,000 memos as one provider batch, re-asks in a follow-up batch";
  }

  /** Runs on its own local batch server, whatever {@code given} is (recordings hold no batches). */
  @Override
  public void run(Quarry given, Console console, LocalDate today) {
    try (LocalBatchServer server = new LocalBatchServer()) {
      Quarry quarry = Quarry.builder().baseUrl(server.baseUrl()).apiKey("sk-local-batch")
          .model("gpt-4o-mini")
          .prices(PriceTable.builder().price("gpt-4o-mini", 0.15, 0.60)
              .batchPrice("gpt-4o-mini", 0.075, 0.30).build())
          .listener(new QuarryListener() {
            @Override
            public void batchProgress(BatchProgress progress) {
              console.line("  " + progress.line().replaceAll(" \\| \\d\\d:\\d\\d:\\d\\d$", ""));
            }
          })
          .build();
      MemoReader reader = quarry.create(MemoReader.class);
      List<String> memos = IntStream.range(0, 1000).mapToObj(BatchSample::memo).toList();

      // The local server forgets its batches when the sample ends, so the job is kept in memory;
      // a real job leaves the store unset (BatchStore.standard(): with quarry-jdbc, an embedded
      // H2 database under .quarry/) and resumes under its id after a crash.
      BatchJob<String, Memo> job = quarry.batchJob(reader::read, memos,
          BatchJob.Options.builder().id("memos").store(BatchStore.inMemory())
              .pollInterval(Duration.ofMillis(10)).build());
      BatchJob.Result<String, Memo> result = job.submit().await(Duration.ofMinutes(1));

      BatchJob.Item<String, Memo> reasked = result.items().get(100);
      console.field("items", result.items().size() + " (" + result.values().size() + " ok, "
          + result.failures().size() + " failed)");
      console.field("batches", result.batches() + " (the first, and one of re-asks)");
      console.field("memo 100", reasked.value() + " on attempt " + reasked.attempt());
      console.field("tokens", result.usage().totalTokens());
      console.field("cost", result.cost().map(c -> c.total().stripTrailingZeros().toPlainString() + " USD at the batch"
          + " price").orElse("unpriced"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the sample's local batch server", e);
    }
  }
}
