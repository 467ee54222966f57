package test;

import dev.quarry.Extraction;
import dev.quarry.Image;
import dev.quarry.Quarry;
import dev.quarry.read.JsonIn;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.spi.Render;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.annotation.processing.Generated;
import tools.jackson.core.type.TypeReference;

/**
 * The {@link AsyncFinder} that Quarry generated: each method asks the model.
 */
@Generated("dev.quarry.processor.QuarryProcessor")
public final class AsyncFinderImpl implements AsyncFinder {
  /**
   * JSON schema of the answer of {@link AsyncFinder#person(String)}.
   */
  public static final String PERSON_SCHEMA = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"email\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"name\"],\"additionalProperties\":false}";

  /**
   * {@link #PERSON_SCHEMA} in OpenAI's strict dialect.
   */
  public static final String PERSON_STRICT_SCHEMA = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"email\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"name\",\"email\"],\"additionalProperties\":false}";

  static final ExtractMethod<Person> PERSON = ExtractMethod.builder(AsyncFinder.class, "person", new TypeReference<Person>() {})
      .toolName("person")
      .schema(PERSON_SCHEMA)
      .strictSchema(PERSON_STRICT_SCHEMA)
      .maxRetries(0)
      .reader(Readers::answerPerson)
      .javaChecks(false)
      .build();

  /**
   * JSON schema of the answer of {@link AsyncFinder#author(String)}.
   */
  public static final String AUTHOR_SCHEMA = "{\"type\":\"object\",\"properties\":{\"value\":{\"anyOf\":[{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"email\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"name\"],\"additionalProperties\":false},{\"type\":\"null\"}]}},\"required\":[\"value\"],\"additionalProperties\":false}";

  /**
   * {@link #AUTHOR_SCHEMA} in OpenAI's strict dialect.
   */
  public static final String AUTHOR_STRICT_SCHEMA = "{\"type\":\"object\",\"properties\":{\"value\":{\"anyOf\":[{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"email\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"name\",\"email\"],\"additionalProperties\":false},{\"type\":\"null\"}]}},\"required\":[\"value\"],\"additionalProperties\":false}";

  static final ExtractMethod<Person> AUTHOR = ExtractMethod.builder(AsyncFinder.class, "author", new TypeReference<Person>() {})
      .toolName("author")
      .schema(AUTHOR_SCHEMA)
      .strictSchema(AUTHOR_STRICT_SCHEMA)
      .wrapperProperty("value")
      .maxRetries(2)
      .reader(Readers::answerAuthor)
      .javaChecks(false)
      .build();

  /**
   * JSON schema of the answer of {@link AsyncFinder#people(String, int)}.
   */
  public static final String PEOPLE_SCHEMA = "{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"email\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"name\"],\"additionalProperties\":false}}},\"required\":[\"value\"],\"additionalProperties\":false}";

  /**
   * {@link #PEOPLE_SCHEMA} in OpenAI's strict dialect.
   */
  public static final String PEOPLE_STRICT_SCHEMA = "{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"email\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"name\",\"email\"],\"additionalProperties\":false}}},\"required\":[\"value\"],\"additionalProperties\":false}";

  static final ExtractMethod<List<Person>> PEOPLE = ExtractMethod.builder(AsyncFinder.class, "people", new TypeReference<List<Person>>() {})
      .toolName("people")
      .schema(PEOPLE_SCHEMA)
      .strictSchema(PEOPLE_STRICT_SCHEMA)
      .wrapperProperty("value")
      .maxRetries(2)
      .reader(Readers::answerPeople)
      .javaChecks(false)
      .build();

  static final ExtractMethod<Person> PHOTO = ExtractMethod.builder(AsyncFinder.class, "photo", new TypeReference<Person>() {})
      .toolName("photo")
      .schema(PERSON_SCHEMA)
      .strictSchema(PERSON_STRICT_SCHEMA)
      .maxRetries(2)
      .reader(Readers::answerPhoto)
      .javaChecks(false)
      .build();

  private final Quarry quarry;

  public AsyncFinderImpl(Quarry quarry) {
    this.quarry = Objects.requireNonNull(quarry, "quarry == null");
  }

  @Override
  public CompletableFuture<Person> person(String text) {
    Objects.requireNonNull(text, "text == null");
    return quarry.extractAsync(PERSON, "Who is " + Render.text(text) + "?").thenApply(Extraction::value);
  }

  @Override
  public CompletableFuture<Optional<Person>> author(String text) {
    Objects.requireNonNull(text, "text == null");
    return quarry.extractAsync(AUTHOR, "Who wrote " + Render.text(text) + ", if anyone says?").thenApply(Extraction::optionalValue);
  }

  @Override
  public CompletionStage<Extraction<List<Person>>> people(String text, int limit) {
    Objects.requireNonNull(text, "text == null");
    return quarry.extractAsync(PEOPLE, "At most " + Render.text(limit) + " people in " + Render.text(text));
  }

  @Override
  public CompletableFuture<Person> photo(Image photo) {
    Objects.requireNonNull(photo, "photo == null");
    return quarry.extractAsync(PHOTO, "Who is in this photo?", List.of(photo)).thenApply(Extraction::value);
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

    static Person answerPerson(JsonIn in) {
      return readPerson(in);
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
            int t2 = in.items();
            while (in.nextElement()) {
              Person t3;
              t3 = readPerson(in);
              in.item(t3);
            }
            ArrayList<Person> t4 = in.list(t2);
            value = t4;
            break;
          default:
            in.unknown(name);
        }
      }
      in.required(seen, 1L, WRAPPER_NAMES);
      return value;
    }

    static Person answerPhoto(JsonIn in) {
      return readPerson(in);
    }
  }
}
