package test;

import dev.quarry.Quarry;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.spi.Render;
import java.util.Objects;
import javax.annotation.processing.Generated;
import tools.jackson.core.type.TypeReference;

/**
 * The {@link ReceiptReader} that Quarry generated: each method asks the model.
 */
@Generated("dev.quarry.processor.QuarryProcessor")
public final class ReceiptReaderImpl implements ReceiptReader {
  /**
   * JSON schema of the answer of {@link ReceiptReader#read(String)}.
   */
  public static final String READ_SCHEMA = "{\"type\":\"object\",\"description\":\"A shop receipt.\",\"properties\":{\"merchant\":{\"type\":\"string\"},\"date\":{\"type\":\"string\",\"format\":\"date\"},\"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\",\"description\":\"as printed\"},\"quantity\":{\"type\":\"integer\",\"exclusiveMinimum\":0},\"unitPrice\":{\"type\":\"number\"}},\"required\":[\"name\",\"quantity\",\"unitPrice\"],\"additionalProperties\":false}},\"total\":{\"type\":\"number\"}},\"required\":[\"merchant\",\"date\",\"items\",\"total\"],\"additionalProperties\":false}";

  /**
   * {@link #READ_SCHEMA}, which OpenAI's strict dialect accepts as it is.
   */
  public static final String READ_STRICT_SCHEMA = READ_SCHEMA;

  static final ExtractMethod<Receipt> READ = ExtractMethod.builder(ReceiptReader.class, "read", new TypeReference<Receipt>() {})
      .toolName("read")
      .description("Reads one receipt.")
      .system("You extract data from receipts. Never invent values.")
      .schema(READ_SCHEMA)
      .strictSchema(READ_STRICT_SCHEMA)
      .build();

  private final Quarry quarry;

  public ReceiptReaderImpl(Quarry quarry) {
    this.quarry = Objects.requireNonNull(quarry, "quarry == null");
  }

  @Override
  public Receipt read(String text) {
    Objects.requireNonNull(text, "text == null");
    return quarry.extract(READ, "Extract the receipt below.\n"
            + "\n" + Render.text(text)).value();
  }
}
