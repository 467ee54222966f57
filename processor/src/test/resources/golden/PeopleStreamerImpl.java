package test;

import dev.quarry.Mode;
import dev.quarry.Quarry;
import dev.quarry.StreamingExtraction;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.spi.Render;
import dev.quarry.spi.Streaming;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
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
      .build();

  /**
   * JSON schema of the answer of {@link PeopleStreamer#peopleIterator(String)}.
   */
  public static final String PEOPLE_ITERATOR_SCHEMA = "{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"email\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"name\"],\"additionalProperties\":false}}},\"required\":[\"value\"],\"additionalProperties\":false}";

  /**
   * {@link #PEOPLE_ITERATOR_SCHEMA} in OpenAI's strict dialect.
   */
  public static final String PEOPLE_ITERATOR_STRICT_SCHEMA = "{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"email\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"name\",\"email\"],\"additionalProperties\":false}}},\"required\":[\"value\"],\"additionalProperties\":false}";

  static final ExtractMethod<List<Person>> PEOPLE_ITERATOR = ExtractMethod.builder(PeopleStreamer.class, "peopleIterator", new TypeReference<List<Person>>() {})
      .toolName("peopleIterator")
      .schema(PEOPLE_ITERATOR_SCHEMA)
      .strictSchema(PEOPLE_ITERATOR_STRICT_SCHEMA)
      .wrapperProperty("value")
      .mode(Mode.JSON_SCHEMA)
      .build();

  /**
   * JSON schema of the answer of {@link PeopleStreamer#peoplePublisher(String)}.
   */
  public static final String PEOPLE_PUBLISHER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"email\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"name\"],\"additionalProperties\":false}}},\"required\":[\"value\"],\"additionalProperties\":false}";

  /**
   * {@link #PEOPLE_PUBLISHER_SCHEMA} in OpenAI's strict dialect.
   */
  public static final String PEOPLE_PUBLISHER_STRICT_SCHEMA = "{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"email\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"name\",\"email\"],\"additionalProperties\":false}}},\"required\":[\"value\"],\"additionalProperties\":false}";

  static final ExtractMethod<List<Person>> PEOPLE_PUBLISHER = ExtractMethod.builder(PeopleStreamer.class, "peoplePublisher", new TypeReference<List<Person>>() {})
      .toolName("peoplePublisher")
      .schema(PEOPLE_PUBLISHER_SCHEMA)
      .strictSchema(PEOPLE_PUBLISHER_STRICT_SCHEMA)
      .wrapperProperty("value")
      .mode(Mode.JSON_SCHEMA)
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
      .build();

  /**
   * JSON schema of the answer of {@link PeopleStreamer#readEvents(String)}.
   */
  public static final String READ_EVENTS_SCHEMA = "{\"type\":\"object\",\"properties\":{\"merchant\":{\"type\":\"string\"},\"date\":{\"type\":\"string\",\"format\":\"date\"},\"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"quantity\":{\"type\":\"integer\"},\"unitPrice\":{\"type\":\"number\"}},\"required\":[\"name\",\"quantity\",\"unitPrice\"],\"additionalProperties\":false}},\"total\":{\"type\":\"number\"}},\"required\":[\"merchant\",\"date\",\"items\",\"total\"],\"additionalProperties\":false}";

  /**
   * {@link #READ_EVENTS_SCHEMA}, which OpenAI's strict dialect accepts as it is.
   */
  public static final String READ_EVENTS_STRICT_SCHEMA = READ_EVENTS_SCHEMA;

  static final ExtractMethod<Receipt> READ_EVENTS = ExtractMethod.builder(PeopleStreamer.class, "readEvents", new TypeReference<Receipt>() {})
      .toolName("readEvents")
      .schema(READ_EVENTS_SCHEMA)
      .strictSchema(READ_EVENTS_STRICT_SCHEMA)
      .mode(Mode.JSON_SCHEMA)
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
}
