package dev.quarry.samples.receipts;

import dev.quarry.Quarry;
import dev.quarry.samples.Console;
import dev.quarry.samples.Sample;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

/**
 * The receipt again, streamed: each line is a snapshot of the generated {@code ReceiptPartial}
 * as the answer arrives, fields appearing as soon as they are complete (numbers never half
 * written), the last one the validated receipt.
 */
public final class LiveReceiptSample implements Sample {
  @Override
  public String name() {
    return "receipt-live";
  }

  @Override
  public String title() {
    return "Receipt, streamed: a typed partial record filling in";
  }

  @Override
  public void run(Quarry quarry, Console console, LocalDate today) {
    ReceiptReader reader = quarry.create(ReceiptReader.class);
    console.line("  ReceiptReader.readLive(GROCER)");
    String shown = "";
    try (Stream<ReceiptPartial> snapshots = reader.readLive(ReceiptSample.GROCER)) {
      for (ReceiptPartial receipt : (Iterable<ReceiptPartial>) snapshots::iterator) {
        String line = describe(receipt);
        if (!line.equals(shown)) {
          console.line("    " + line);
          shown = line;
        }
      }
    }
  }

  /** One line per snapshot: what is known so far. */
  static String describe(ReceiptPartial receipt) {
    List<LineItemPartial> items = receipt.items() == null ? List.of() : receipt.items();
    StringBuilder line = new StringBuilder()
        .append("merchant=").append(orDash(receipt.merchant()))
        .append("  date=").append(orDash(receipt.date()))
        .append("  items=").append(items.size());
    if (!items.isEmpty()) {
      LineItemPartial last = items.get(items.size() - 1);
      line.append(" (last: ").append(orDash(last.name())).append(" × ").append(orDash(last.quantity()))
          .append(" @ ").append(orDash(last.unitPrice())).append(')');
    }
    return line.append("  total=").append(orDash(receipt.total())).toString();
  }

  private static String orDash(Object value) {
    return value == null ? "—" : value.toString();
  }
}
