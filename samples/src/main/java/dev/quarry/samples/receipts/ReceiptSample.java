package dev.quarry.samples.receipts;

import dev.quarry.Extraction;
import dev.quarry.Quarry;
import dev.quarry.samples.Console;
import dev.quarry.samples.Sample;
import java.time.LocalDate;

/** Receipts and invoices: nested records, BigDecimal money, and a Java check that re-asks. */
public final class ReceiptSample implements Sample {
  public static final String GROCER = """
      GREEN LEAF GROCERS
      12 Market Street, Leeds
      11/06/2025  17:42       Till 3

      Oat milk 1L          2 x 1.85     3.70
      Sourdough loaf       1 x 4.20     4.20
      Free-range eggs x6   1 x 3.15     3.15

      TOTAL                            11.05
      CARD                             11.05
      Thank you for shopping local!
      """;

  public static final String INVOICE = """
      Northwind Office Supplies Ltd - INVOICE 2025-0412
      Issued: 3 April 2025

      Qty  Description              Unit price   Amount
      3    A4 copy paper, 500 sh.         5.49    16.47
      2    Heavy-duty stapler            12.90    25.80

      Total due (EUR)                             42.27
      """;

  @Override
  public String name() {
    return "receipts";
  }

  @Override
  public String title() {
    return "Receipts: nested records, BigDecimal, a compact-constructor check";
  }

  @Override
  public void run(Quarry quarry, Console console, LocalDate today) {
    ReceiptReader reader = quarry.create(ReceiptReader.class);

    Extraction<Receipt> grocer = reader.readWithDetails(GROCER);
    console.call("ReceiptReader.readWithDetails(GROCER)", grocer);
    print(grocer.value(), console);
    console.summary(grocer);

    // The plain method returns the value alone; what it cost is not visible here.
    Receipt invoice = reader.read(INVOICE);
    console.line("");
    console.line("  ReceiptReader.read(INVOICE)  (returns Receipt only)");
    print(invoice, console);
  }

  static void print(Receipt receipt, Console console) {
    console.field("merchant", receipt.merchant());
    console.field("date", receipt.date());
    for (int i = 0; i < receipt.items().size(); i++) {
      LineItem item = receipt.items().get(i);
      String line = item.quantity() + " x " + item.name() + " @ " + Receipt.money(item.unitPrice())
          + " = " + Receipt.money(item.lineTotal());
      if (i == 0) {
        console.field("items", line);
      } else {
        console.more(line);
      }
    }
    console.field("total", Receipt.money(receipt.total()));
  }
}
