package test;

import dev.quarry.Mode;
import dev.quarry.Quarry;
import dev.quarry.StreamingExtraction;
import dev.quarry.read.JsonIn;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.spi.Render;
import dev.quarry.spi.Streaming;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.stream.Stream;
import javax.annotation.processing.Generated;
import tools.jackson.core.type.TypeReference;

/**
 * The {@link PeopleStreamer} that Quarry generated: each method asks the model.
 */
@Generated("dev.quarry.processor.QuarryProcessor")
public final class PeopleStreamerImpl implements PeopleStreamer {
  /**
   * JSON schema of the answer of {@link PeopleStreamer#people(String)}.
   */
  public static final String PEOPLE_SCHEMA = "{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"email\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"name\"],\"additionalProperties\":false}}},\"required\":[\"value\"],\"additionalProperties\":false}";

  /**
   * {@link #PEOPLE_SCHEMA} in OpenAI's strict dialect.
   */
  public static final String PEOPLE_STRICT_SCHEMA = "{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"email\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"name\",\"email\"],\"additionalProperties\":false}}},\"required\":[\"value\"],\"additionalProperties\":false}";

  static final ExtractMethod<List<Person>> PEOPLE = ExtractMethod.builder(PeopleStreamer.class, "people", new TypeReference<List<Person>>() {})
      .toolName("people")
      .schema(PEOPLE_SCHEMA)
      .strictSchema(PEOPLE_STRICT_SCHEMA)
      .wrapperProperty("value")
      .mode(Mode.JSON_SCHEMA)
      .reader(Readers::answerPeople)
      .javaChecks(false)
      .build();

  static final ExtractMethod<List<Person>> PEOPLE_ITERATOR = ExtractMethod.builder(PeopleStreamer.class, "peopleIterator", new TypeReference<List<Person>>() {})
      .toolName("peopleIterator")
      .schema(PEOPLE_SCHEMA)
      .strictSchema(PEOPLE_STRICT_SCHEMA)
      .wrapperProperty("value")
      .mode(Mode.JSON_SCHEMA)
      .reader(Readers::answerPeopleIterator)
      .javaChecks(false)
      .build();

  static final ExtractMethod<List<Person>> PEOPLE_PUBLISHER = ExtractMethod.builder(PeopleStreamer.class, "peoplePublisher", new TypeReference<List<Person>>() {})
      .toolName("peoplePublisher")
      .schema(PEOPLE_SCHEMA)
      .strictSchema(PEOPLE_STRICT_SCHEMA)
      .wrapperProperty("value")
      .mode(Mode.JSON_SCHEMA)
      .reader(Readers::answerPeoplePublisher)
      .javaChecks(false)
      .build();

  /**
   * JSON schema of the answer of {@link PeopleStreamer#readLive(String)}.
   */
  public static final String READ_LIVE_SCHEMA = "{\"type\":\"object\",\"properties\":{\"merchant\":{\"type\":\"string\"},\"date\":{\"type\":\"string\",\"format\":\"date\"},\"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"quantity\":{\"type\":\"integer\"},\"unitPrice\":{\"type\":\"number\"}},\"required\":[\"name\",\"quantity\",\"unitPrice\"],\"additionalProperties\":false}},\"total\":{\"type\":\"number\"}},\"required\":[\"merchant\",\"date\",\"items\",\"total\"],\"additionalProperties\":false}";

  /**
   * {@link #READ_LIVE_SCHEMA}, which OpenAI's strict dialect accepts as it is.
   */
  public static final String READ_LIVE_STRICT_SCHEMA = READ_LIVE_SCHEMA;

  static final ExtractMethod<Receipt> READ_LIVE = ExtractMethod.builder(PeopleStreamer.class, "readLive", new TypeReference<Receipt>() {})
      .toolName("readLive")
      .schema(READ_LIVE_SCHEMA)
      .strictSchema(READ_LIVE_STRICT_SCHEMA)
      .mode(Mode.JSON_SCHEMA)
      .reader(Readers::answerReadLive)
      .javaChecks(false)
      .build();

  static final ExtractMethod<Receipt> READ_EVENTS = ExtractMethod.builder(PeopleStreamer.class, "readEvents", new TypeReference<Receipt>() {})
      .toolName("readEvents")
      .schema(READ_LIVE_SCHEMA)
      .strictSchema(READ_LIVE_STRICT_SCHEMA)
      .mode(Mode.JSON_SCHEMA)
      .reader(Readers::answerReadEvents)
      .javaChecks(false)
      .build();

  private final Quarry quarry;

  public PeopleStreamerImpl(Quarry quarry) {
    this.quarry = Objects.requireNonNull(quarry, "quarry == null");
  }

  @Override
  public Stream<Person> people(String text) {
    Objects.requireNonNull(text, "text == null");
    return quarry.extractStreaming(PEOPLE, "List every person named in: " + Render.text(text)).<Person>elements();
  }

  @Override
  public Iterator<Person> peopleIterator(String text) {
    Objects.requireNonNull(text, "text == null");
    return Streaming.iterator(quarry.extractStreaming(PEOPLE_ITERATOR, "List every person named in: " + Render.text(text)).<Person>elements());
  }

  @Override
  public Flow.Publisher<Person> peoplePublisher(String text) {
    Objects.requireNonNull(text, "text == null");
    return Streaming.publisher(quarry.extractStreaming(PEOPLE_PUBLISHER, "List every person named in: " + Render.text(text)).<Person>elements());
  }

  @Override
  public Stream<ReceiptPartial> readLive(String text) {
    Objects.requireNonNull(text, "text == null");
    return Streaming.partials(quarry.extractStreaming(READ_LIVE, "Read the receipt: " + Render.text(text)), ReceiptPartial::of);
  }

  @Override
  public StreamingExtraction<Receipt> readEvents(String text) {
    Objects.requireNonNull(text, "text == null");
    return quarry.extractStreaming(READ_EVENTS, "Read the receipt: " + Render.text(text));
  }

  /**
   * The answer readers: text to records, the schema checked as it is read.
   */
  private static final class Readers {
    private static final String[] READPERSON_NAMES = {"name", "email"};

    private static final String[] WRAPPER_NAMES = {"value"};

    private static final String[] READLINEITEM_NAMES = {"name", "quantity", "unitPrice"};

    private static final String[] READRECEIPT_NAMES = {"merchant", "date", "items", "total"};

    static Person readPerson(JsonIn in) {
      in.beginObject("object");
      String p0 = null;
      Optional<String> p1 = Optional.empty();
      long seen = 0L;
      String name;
      while ((name = in.nextName()) != null) {
        switch (name) {
          case "name":
            seen = in.once(seen, 1L);
            p0 = in.string("string");
            break;
          case "email":
            seen = in.once(seen, 2L);
            if (in.isNull()) {
              p1 = Optional.empty();
            } else {
              String t4;
              t4 = in.string("[string, null]");
              p1 = Optional.of(t4);
            }
            break;
          default:
            in.unknown(name);
        }
      }
      in.required(seen, 1L, READPERSON_NAMES);
      return new Person(p0, p1);
    }

    static List<Person> answerPeople(JsonIn in) {
      in.beginObject("object");
      List<Person> value = null;
      long seen = 0L;
      String name;
      while ((name = in.nextName()) != null) {
        switch (name) {
          case "value":
            seen = in.once(seen, 1L);
            in.beginArray("array");
            int t1 = in.items();
            while (in.nextElement()) {
              Person t2;
              t2 = readPerson(in);
              in.item(t2);
            }
            ArrayList<Person> t3 = in.list(t1);
            value = t3;
            break;
          default:
            in.unknown(name);
        }
      }
      in.required(seen, 1L, WRAPPER_NAMES);
      return value;
    }

    static List<Person> answerPeopleIterator(JsonIn in) {
      in.beginObject("object");
      List<Person> value = null;
      long seen = 0L;
      String name;
      while ((name = in.nextName()) != null) {
        switch (name) {
          case "value":
            seen = in.once(seen, 1L);
            in.beginArray("array");
            int t5 = in.items();
            while (in.nextElement()) {
              Person t6;
              t6 = readPerson(in);
              in.item(t6);
            }
            ArrayList<Person> t7 = in.list(t5);
            value = t7;
            break;
          default:
            in.unknown(name);
        }
      }
      in.required(seen, 1L, WRAPPER_NAMES);
      return value;
    }

    static List<Person> answerPeoplePublisher(JsonIn in) {
      in.beginObject("object");
      List<Person> value = null;
      long seen = 0L;
      String name;
      while ((name = in.nextName()) != null) {
        switch (name) {
          case "value":
            seen = in.once(seen, 1L);
            in.beginArray("array");
            int t8 = in.items();
            while (in.nextElement()) {
              Person t9;
              t9 = readPerson(in);
              in.item(t9);
            }
            ArrayList<Person> t10 = in.list(t8);
            value = t10;
            break;
          default:
            in.unknown(name);
        }
      }
      in.required(seen, 1L, WRAPPER_NAMES);
      return value;
    }

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
            int t11 = in.items();
            while (in.nextElement()) {
              LineItem t12;
              t12 = readLineItem(in);
              in.item(t12);
            }
            ArrayList<LineItem> t13 = in.list(t11);
            p2 = t13;
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

    static Receipt answerReadLive(JsonIn in) {
      return readReceipt(in);
    }

    static Receipt answerReadEvents(JsonIn in) {
      return readReceipt(in);
    }
  }
}
