package test;

import dev.quarry.Quarry;
import dev.quarry.read.JsonIn;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.spi.Render;
import java.util.Objects;
import java.util.Optional;
import javax.annotation.processing.Generated;
import tools.jackson.core.type.TypeReference;

/**
 * The {@link AuthorFinder} that Quarry generated: each method asks the model.
 */
@Generated("dev.quarry.processor.QuarryProcessor")
public final class AuthorFinderImpl implements AuthorFinder {
  /**
   * JSON schema of the answer of {@link AuthorFinder#author(Document)}.
   */
  public static final String AUTHOR_SCHEMA = "{\"type\":\"object\",\"properties\":{\"value\":{\"anyOf\":[{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"email\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"name\"],\"additionalProperties\":false},{\"type\":\"null\"}]}},\"required\":[\"value\"],\"additionalProperties\":false}";

  /**
   * {@link #AUTHOR_SCHEMA} in OpenAI's strict dialect.
   */
  public static final String AUTHOR_STRICT_SCHEMA = "{\"type\":\"object\",\"properties\":{\"value\":{\"anyOf\":[{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"email\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"name\",\"email\"],\"additionalProperties\":false},{\"type\":\"null\"}]}},\"required\":[\"value\"],\"additionalProperties\":false}";

  static final ExtractMethod<Person> AUTHOR = ExtractMethod.builder(AuthorFinder.class, "author", new TypeReference<Person>() {})
      .toolName("author")
      .schema(AUTHOR_SCHEMA)
      .strictSchema(AUTHOR_STRICT_SCHEMA)
      .wrapperProperty("value")
      .model("gpt-4o-mini")
      .maxAttempts(2)
      .maxRetries(3)
      .reader(Readers::answerAuthor)
      .javaChecks(false)
      .build();

  private final Quarry quarry;

  public AuthorFinderImpl(Quarry quarry) {
    this.quarry = Objects.requireNonNull(quarry, "quarry == null");
  }

  @Override
  public Optional<Person> author(Document document) {
    Objects.requireNonNull(document, "document == null");
    return Optional.ofNullable(quarry.extract(AUTHOR, "Who wrote this, if anyone says? " + Render.text(document.title()) + "\n" + Render.text(document.body())).value());
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
              String t1;
              t1 = in.string("[string, null]");
              p1 = Optional.of(t1);
            }
            break;
          default:
            in.unknown(name);
        }
      }
      in.required(seen, 1L, READPERSON_NAMES);
      return new Person(p0, p1);
    }

    static Person answerAuthor(JsonIn in) {
      in.beginObject("object");
      Person value = null;
      long seen = 0L;
      String name;
      while ((name = in.nextName()) != null) {
        switch (name) {
          case "value":
            seen = in.once(seen, 1L);
            if (in.isNull()) {
              value = null;
            } else {
              value = readPerson(in);
            }
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
