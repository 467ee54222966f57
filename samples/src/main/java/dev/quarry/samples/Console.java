package dev.quarry.samples;

import dev.quarry.Extraction;
import dev.quarry.Usage;
import dev.quarry.Violation;
import dev.quarry.jdbc.CallLog;
import java.math.BigDecimal;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints what the samples do: headings, typed fields, and how each call went. */
public final class Console {
  private final PrintStream out;

  public Console(PrintStream out) {
    this.out = out;
  }

  public void line(String text) {
    out.println(text);
  }

  public void heading(String title) {
    out.println();
    out.println("== " + title + " " + "=".repeat(Math.max(3, 72 - title.length())));
  }

  /** A labelled field of a typed result, indented under the call. */
  public void field(String label, Object value) {
    out.printf(Locale.ROOT, "    %-12s %s%n", label, value);
  }

  /** A continuation line of the field above. */
  public void more(Object value) {
    out.printf(Locale.ROOT, "    %-12s %s%n", "", value);
  }

  /** A field of several lines: the label on the first, the others continued under it. */
  public void lines(String label, List<?> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i == 0) {
        field(label, values.get(i));
      } else {
        more(values.get(i));
      }
    }
  }

  /** The call, then every attempt: accepted or rejected with its violations and repairs. */
  public void call(String call, Extraction<?> extraction) {
    out.println();
    out.println("  " + call);
    List<Extraction.Attempt> attempts = extraction.attempts();
    for (Extraction.Attempt attempt : attempts) {
      out.printf(Locale.ROOT, "    attempt %d: %s (%s, %d ms)%n", attempt.number(),
          attempt.succeeded() ? "accepted" : "rejected", tokens(attempt.usage()),
          attempt.latency().toMillis());
      for (String repair : attempt.repairs()) {
        out.println("      repaired: " + repair);
      }
      for (Violation violation : attempt.violations()) {
        out.println("      violation [" + violation.rule() + "] " + violation);
      }
      if (!attempt.succeeded() && attempt.number() < attempts.size()) {
        out.println("      -> re-asked the model with these violations");
      }
    }
  }

  /** The totals of a call, after its typed fields. */
  public void summary(Extraction<?> extraction) {
    int count = extraction.attempts().size();
    out.printf(Locale.ROOT, "    => %d attempt%s, %s, %d ms%n", count, count == 1 ? "" : "s",
        tokens(extraction.usage()), extraction.latency().toMillis());
  }

  /** The totals of every call the run made, from the call log. */
  public void callLog(CallLog.Summary summary, String pricesNote) {
    out.printf(Locale.ROOT, "  calls        %d (%d succeeded), %d requests%n", summary.calls(),
        summary.succeededCalls(), summary.requests());
    out.printf(Locale.ROOT, "  tokens       %,d: %,d in + %,d out%n", summary.totalTokens(),
        summary.inputTokens(), summary.outputTokens());
    out.printf(Locale.ROOT, "  cost         %s%n", summary.cost()
        .map(cost -> "$" + cost.setScale(6, java.math.RoundingMode.HALF_UP).toPlainString()
            + " (" + pricesNote + ")")
        .orElse("(no price for this model)"));
    out.printf(Locale.ROOT, "  latency      p50 %d ms, p95 %d ms per request%n",
        summary.p50Latency().toMillis(), summary.p95Latency().toMillis());
  }

  private static String tokens(Usage usage) {
    return String.format(Locale.ROOT, "%,d tokens: %,d in + %,d out", usage.totalTokens(),
        usage.inputTokens(), usage.outputTokens());
  }
}
