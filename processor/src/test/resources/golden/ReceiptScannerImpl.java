package test;

import dev.quarry.Document;
import dev.quarry.Image;
import dev.quarry.Message;
import dev.quarry.Quarry;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.spi.Render;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.annotation.processing.Generated;
import tools.jackson.core.type.TypeReference;

/**
 * The {@link ReceiptScanner} that Quarry generated: each method asks the model.
 */
@Generated("dev.quarry.processor.QuarryProcessor")
public final class ReceiptScannerImpl implements ReceiptScanner {
  /**
   * JSON schema of the answer of {@link ReceiptScanner#readImage(Image)}.
   */
  public static final String READ_IMAGE_SCHEMA = "{\"type\":\"object\",\"description\":\"A shop receipt.\",\"properties\":{\"merchant\":{\"type\":\"string\"},\"date\":{\"type\":\"string\",\"format\":\"date\"},\"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\",\"description\":\"as printed\"},\"quantity\":{\"type\":\"integer\",\"exclusiveMinimum\":0},\"unitPrice\":{\"type\":\"number\"}},\"required\":[\"name\",\"quantity\",\"unitPrice\"],\"additionalProperties\":false}},\"total\":{\"type\":\"number\"}},\"required\":[\"merchant\",\"date\",\"items\",\"total\"],\"additionalProperties\":false}";

  /**
   * {@link #READ_IMAGE_SCHEMA}, which OpenAI's strict dialect accepts as it is.
   */
  public static final String READ_IMAGE_STRICT_SCHEMA = READ_IMAGE_SCHEMA;

  static final ExtractMethod<Receipt> READ_IMAGE = ExtractMethod.builder(ReceiptScanner.class, "readImage", new TypeReference<Receipt>() {})
      .toolName("readImage")
      .system("You extract data from receipts. Never invent values.")
      .schema(READ_IMAGE_SCHEMA)
      .strictSchema(READ_IMAGE_STRICT_SCHEMA)
      .build();

  /**
   * JSON schema of the answer of {@link ReceiptScanner#readScans(String, Image, List)}.
   */
  public static final String READ_SCANS_SCHEMA = "{\"type\":\"object\",\"description\":\"A shop receipt.\",\"properties\":{\"merchant\":{\"type\":\"string\"},\"date\":{\"type\":\"string\",\"format\":\"date\"},\"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\",\"description\":\"as printed\"},\"quantity\":{\"type\":\"integer\",\"exclusiveMinimum\":0},\"unitPrice\":{\"type\":\"number\"}},\"required\":[\"name\",\"quantity\",\"unitPrice\"],\"additionalProperties\":false}},\"total\":{\"type\":\"number\"}},\"required\":[\"merchant\",\"date\",\"items\",\"total\"],\"additionalProperties\":false}";

  /**
   * {@link #READ_SCANS_SCHEMA}, which OpenAI's strict dialect accepts as it is.
   */
  public static final String READ_SCANS_STRICT_SCHEMA = READ_SCANS_SCHEMA;

  static final ExtractMethod<Receipt> READ_SCANS = ExtractMethod.builder(ReceiptScanner.class, "readScans", new TypeReference<Receipt>() {})
      .toolName("readScans")
      .system("You extract data from receipts. Never invent values.")
      .schema(READ_SCANS_SCHEMA)
      .strictSchema(READ_SCANS_STRICT_SCHEMA)
      .build();

  private final Quarry quarry;

  public ReceiptScannerImpl(Quarry quarry) {
    this.quarry = Objects.requireNonNull(quarry, "quarry == null");
  }

  @Override
  public Receipt readImage(Image photo) {
    Objects.requireNonNull(photo, "photo == null");
    return quarry.extract(READ_IMAGE, "Extract the receipt in this photo.", List.of(photo)).value();
  }

  @Override
  public Receipt readScans(String merchant, Image cover, List<Document> pages) {
    Objects.requireNonNull(merchant, "merchant == null");
    Objects.requireNonNull(cover, "cover == null");
    Objects.requireNonNull(pages, "pages == null");
    List<Message.Part> attachments = new ArrayList<>();
    attachments.add(cover);
    attachments.addAll(pages);
    return quarry.extract(READ_SCANS, "Extract the receipt of " + Render.text(merchant) + " from these scans.", attachments).value();
  }
}
