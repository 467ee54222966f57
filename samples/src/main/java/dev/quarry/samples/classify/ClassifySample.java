package dev.quarry.samples.classify;

import dev.quarry.Extraction;
import dev.quarry.Quarry;
import dev.quarry.samples.Console;
import dev.quarry.samples.Sample;
import java.time.LocalDate;
import java.util.List;

/** Classification: an enum with descriptions and aliases, a bounded confidence. */
public final class ClassifySample implements Sample {
  /** A support ticket. */
  public record Ticket(String subject, String body) {}

  public static final Ticket DOUBLE_CHARGE = new Ticket(
      "Charged twice for May",
      "Hi, my card statement shows two charges of 29.00 for the May subscription. Please refund"
          + " one of them. Thanks, Dana");

  public static final Ticket EXPORT_CRASH = new Ticket(
      "Export to CSV crashes",
      "Since yesterday's update, clicking Export > CSV on a report with more than 1000 rows"
          + " closes the app without any message. Smaller reports export fine.");

  public static final List<Ticket> TICKETS = List.of(DOUBLE_CHARGE, EXPORT_CRASH);

  @Override
  public String name() {
    return "classify";
  }

  @Override
  public String title() {
    return "Classification: an enum with per-constant descriptions, bounded confidence";
  }

  @Override
  public void run(Quarry quarry, Console console, LocalDate today) {
    TicketClassifier classifier = quarry.create(TicketClassifier.class);
    for (Ticket ticket : TICKETS) {
      Extraction<Classification> result = classifier.classify(ticket.subject(), ticket.body());
      console.call("TicketClassifier.classify(\"" + ticket.subject() + "\", ...)", result);
      Classification classification = result.value();
      console.field("category", classification.category());
      console.field("confidence", classification.confidence());
      console.field("reason", classification.reason());
      console.summary(result);
    }
  }
}
