package dev.quarry.samples.receipts;

import dev.quarry.Description;
import dev.quarry.Extraction;
import dev.quarry.LlmExtract;
import dev.quarry.Prompt;
import java.util.stream.Stream;

/** Reads receipts and invoices from text; ReceiptPhotoReader reads photos of them. */
@LlmExtract(system = "You extract data from receipts and invoices. Copy names and amounts exactly"
    + " as printed; never invent values.")
public interface ReceiptReader {
  @Description("Records the receipt's merchant, date, line items and total.")
  @Prompt("Extract the receipt below.\n\n{{text}}")
  Receipt read(String text);

  // The same call, returning the attempts, tokens and latency that led to the value too.
  @Description("Records the receipt's merchant, date, line items and total.")
  @Prompt("Extract the receipt below.\n\n{{text}}")
  Extraction<Receipt> readWithDetails(String text);

  // Streamed: snapshots of the receipt as the model writes it (ReceiptPartial is generated, every
  // field nullable), the last one the validated receipt.
  @Description("Records the receipt's merchant, date, line items and total.")
  @Prompt("Extract the receipt below.\n\n{{text}}")
  Stream<ReceiptPartial> readLive(String text);
}
