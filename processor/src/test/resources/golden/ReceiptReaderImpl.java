package test;

import dev.quarry.Quarry;
import dev.quarry.read.JsonIn;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.spi.Render;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
      .reader(Readers::answerRead)
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

  /**
   * The answer readers: text to records, the schema checked as it is read.
   */
  private static final class Readers {
    private static final String[] READLINEITEM_NAMES = {"name", "quantity", "unitPrice"};

    private static final String[] READRECEIPT_NAMES = {"merchant", "date", "items", "total"};

    static LineItem readLineItem(JsonIn in) {
      in.beginObject("object");
      String p0 = null;
      int p1 = 0;
      BigDecimal p2 = null;
      long seen = 0L;
      String name;
      while ((name = in.nextName()) != null) {
        switch (name) {
          case "name":
            seen = in.once(seen, 1L);
            p0 = in.string("string");
            break;
          case "quantity":
            seen = in.once(seen, 2L);
            p1 = in.int32("integer");
            in.exclusiveMinimum(BigDecimal.ZERO, "0");
            break;
          case "unitPrice":
            seen = in.once(seen, 4L);
            p2 = in.decimal("number");
            break;
          default:
            in.unknown(name);
        }
      }
      in.required(seen, 7L, READLINEITEM_NAMES);
      return new LineItem(p0, p1, p2);
    }

    static Receipt readReceipt(JsonIn in) {
      in.beginObject("object");
      String p0 = null;
      LocalDate p1 = null;
      List<LineItem> p2 = null;
      BigDecimal p3 = null;
      long seen = 0L;
      String name;
      while ((name = in.nextName()) != null) {
        switch (name) {
          case "merchant":
            seen = in.once(seen, 1L);
            p0 = in.string("string");
            break;
          case "date":
            seen = in.once(seen, 2L);
            p1 = in.date("string");
            break;
          case "items":
            seen = in.once(seen, 4L);
            in.beginArray("array");
            int t1 = in.items();
            while (in.nextElement()) {
              LineItem t2;
              t2 = readLineItem(in);
              in.item(t2);
            }
            ArrayList<LineItem> t3 = in.list(t1);
            p2 = t3;
            break;
          case "total":
            seen = in.once(seen, 8L);
            p3 = in.decimal("number");
            break;
          default:
            in.unknown(name);
        }
      }
      in.required(seen, 15L, READRECEIPT_NAMES);
      return new Receipt(p0, p1, p2, p3);
    }

    static Receipt answerRead(JsonIn in) {
      return readReceipt(in);
    }
  }
}
