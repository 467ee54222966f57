package dev.quarry.samples.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.samples.Console;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The batch sample: 1,000 memos through the generated MemoReader as a batch job, offline. */
class BatchSampleTest {
  @Test
  void everyMemoIsReadAndTheWrongAnswersAreReaskedInAFollowUpBatch() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new BatchSample().run(null, new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8)),
        LocalDate.of(2026, 12, 3));
    String output = bytes.toString(StandardCharsets.UTF_8);

    assertThat(output).contains("job memos: 1000 items, 0 ok")
        .contains("job memos: 1000 items, 1000 ok, 0 failed, 0 in batches, 0 to submit")
        .contains("1000 (1000 ok, 0 failed)")
        .contains("2 (the first, and one of re-asks)")
        .contains("Memo[number=100, subject=roof repair, cost=800] on attempt 2")
        // 1,010 answers of 60 input and 15 output tokens, at the batch price
        .contains(String.valueOf(1010 * 75))
        .contains("0.00909 USD at the batch price");
    assertThat(output.lines().count()).as(output).isLessThan(20);
  }
}
