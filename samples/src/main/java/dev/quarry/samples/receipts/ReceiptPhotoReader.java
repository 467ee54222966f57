package dev.quarry.samples.receipts;

import dev.quarry.Extraction;
import dev.quarry.Image;
import dev.quarry.LlmExtract;
import dev.quarry.Prompt;

/**
 * Reads a receipt from a photo: the same {@link Receipt}, with its checks and re-asks, from an
 * {@link Image} instead of text. The image travels as an image part after the prompt's text.
 */
@LlmExtract(system = "You extract data from photos of receipts. Copy names and amounts exactly"
    + " as printed; never invent values.")
public interface ReceiptPhotoReader {
  @Prompt("Extract the receipt in this photo.")
  Receipt readPhoto(Image photo);

  @Prompt("Extract the receipt in this photo.")
  Extraction<Receipt> readPhotoWithDetails(Image photo);
}
