package dev.quarry.samples;

import dev.quarry.QuarryException;
import dev.quarry.jdbc.CallLog;
import dev.quarry.samples.batch.BatchSample;
import dev.quarry.samples.classify.ClassifySample;
import dev.quarry.samples.graph.GraphSample;
import dev.quarry.samples.plan.PlanSample;
import dev.quarry.samples.quotes.QuotesSample;
import dev.quarry.samples.receipts.LiveReceiptSample;
import dev.quarry.samples.receipts.ReceiptPhotoSample;
import dev.quarry.samples.receipts.ReceiptSample;
import dev.quarry.samples.review.ReviewSample;
import dev.quarry.samples.search.SearchSample;
import java.util.List;
import java.util.UUID;

/**
 * Runs every sample and prints the typed results and how each call went.
 *
 * <pre>
 * mvn -B -q -pl samples -am package exec:java -DskipTests                     # offline, OpenAI recordings
 * mvn ... exec:java -DskipTests -Dquarry.samples.provider=anthropic            # offline, Anthropic recordings
 * QUARRY_MODEL=anthropic/claude-sonnet-4-5 ANTHROPIC_API_KEY=... mvn ... exec:java   # live
 * </pre>
 *
 * The offline provider may also be given as the first argument.
 */
public final class Main {
  /** Every sample, in the order they run. */
  public static final List<Sample> SAMPLES = List.of(
      new ReceiptSample(), new LiveReceiptSample(), new ReceiptPhotoSample(), new GraphSample(),
      new SearchSample(),
      new ClassifySample(), new QuotesSample(), new PlanSample(), new ReviewSample());

  private Main() {}

  public static void main(String[] args) {
    String offlineProvider = args.length > 0 ? args[0] : System.getProperty(Setup.PROVIDER_PROPERTY);
    int failed = run(Setup.from(System::getenv, offlineProvider), new Console(System.out));
    if (failed > 0) {
      System.exit(1);
    }
  }

  /**
   * Runs every sample, writing each call's attempts to a call log in an embedded H2 database,
   * and prints the log's summary at the end; returns how many samples failed.
   */
  static int run(Setup setup, Console console) {
    console.line(setup.description());
    int failed = 0;
    // One in-memory database per run; DB_CLOSE_DELAY keeps it between the log's connections.
    String database = "jdbc:h2:mem:quarry-samples-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    try (CallLog log = CallLog.builder(database, "sa", "").build()) {
      for (Sample sample : SAMPLES) {
        console.heading(sample.title());
        try {
          // withListener: a view of the sample's client whose calls the log hears too.
          sample.run(sample.client(setup).withListener(log), console, setup.today());
        } catch (QuarryException e) {
          // A live model can fail where the recordings do not; show why and go on.
          failed++;
          console.line("  FAILED after " + e.attempts().size() + " attempt(s): " + e.getMessage());
        }
      }
      // The batch sample brings its own local batch server (the recordings hold no batches).
      Sample batch = new BatchSample();
      console.heading(batch.title());
      batch.run(null, console, setup.today());
      console.heading("Call log (embedded H2, table quarry_call_log)");
      console.callLog(log.summary(), ExamplePrices.NOTE);
    }
    return failed;
  }
}
