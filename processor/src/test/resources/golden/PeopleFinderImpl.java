package test;

import dev.quarry.Mode;
import dev.quarry.Quarry;
import dev.quarry.read.JsonIn;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.spi.Render;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.annotation.processing.Generated;
import tools.jackson.core.type.TypeReference;

/**
 * The {@link PeopleFinder} that Quarry generated: each method asks the model.
 */
@Generated("dev.quarry.processor.QuarryProcessor")
public final class PeopleFinderImpl implements PeopleFinder {
  /**
   * JSON schema of the answer of {@link PeopleFinder#people(String)}.
   */
  public static final String PEOPLE_SCHEMA = "{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"email\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"name\"],\"additionalProperties\":false}}},\"required\":[\"value\"],\"additionalProperties\":false}";

  /**
   * {@link #PEOPLE_SCHEMA} in OpenAI's strict dialect.
   */
  public static final String PEOPLE_STRICT_SCHEMA = "{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"email\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"name\",\"email\"],\"additionalProperties\":false}}},\"required\":[\"value\"],\"additionalProperties\":false}";

  static final ExtractMethod<List<Person>> PEOPLE = ExtractMethod.builder(PeopleFinder.class, "people", new TypeReference<List<Person>>() {})
      .toolName("people")
      .schema(PEOPLE_SCHEMA)
      .strictSchema(PEOPLE_STRICT_SCHEMA)
      .wrapperProperty("value")
      .mode(Mode.JSON_SCHEMA)
      .reader(Readers::answerPeople)
      .javaChecks(false)
      .build();

  private final Quarry quarry;

  public PeopleFinderImpl(Quarry quarry) {
    this.quarry = Objects.requireNonNull(quarry, "quarry == null");
  }

  @Override
  public List<Person> people(String text) {
    Objects.requireNonNull(text, "text == null");
    return quarry.extract(PEOPLE, "List every person named in: " + Render.text(text)).value();
  }

  /**
   * The answer readers: text to records, the schema checked as it is read.
   */
  private static final class Readers {
    private static final String[] READPERSON_NAMES = {"name", "email"};

    private static final String[] WRAPPER_NAMES = {"value"};

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
  }
}
