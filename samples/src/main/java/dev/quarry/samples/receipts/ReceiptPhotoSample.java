package dev.quarry.samples.receipts;

import dev.quarry.Extraction;
import dev.quarry.Image;
import dev.quarry.Quarry;
import dev.quarry.samples.Console;
import dev.quarry.samples.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;

/**
 * The receipt sample from a photo: {@code receipts/green-leaf-grocers.png}, the GROCER receipt
 * rendered as an image. Left out of the build with {@link ReceiptPhotoReader} until the processor
 * accepts {@code Image} parameters; then add it to {@code Main.SAMPLES} and run RecordFixtures,
 * whose script already holds its answers.
 */
public final class ReceiptPhotoSample implements Sample {
  public static final String PHOTO = "receipts/green-leaf-grocers.png";

  @Override
  public String name() {
    return "receipt-photo";
  }

  @Override
  public String title() {
    return "Receipt photo: an Image parameter, the same Receipt and checks";
  }

  @Override
  public void run(Quarry quarry, Console console, LocalDate today) {
    ReceiptPhotoReader reader = quarry.create(ReceiptPhotoReader.class);
    Extraction<Receipt> result = reader.readPhotoWithDetails(photo());
    console.call("ReceiptPhotoReader.readPhotoWithDetails(" + PHOTO + ")", result);
    ReceiptSample.print(result.value(), console);
    console.summary(result);
  }

  /** The shipped photo, read from the class path. */
  public static Image photo() {
    try (InputStream in = ReceiptPhotoSample.class.getClassLoader().getResourceAsStream(PHOTO)) {
      if (in == null) {
        throw new IllegalStateException(PHOTO + " is not on the class path");
      }
      return Image.fromBytes(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
