package test;

import dev.quarry.Extraction;
import dev.quarry.Image;
import dev.quarry.Quarry;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.spi.Render;
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
      .build();

  /**
   * JSON schema of the answer of {@link AsyncFinder#photo(Image)}.
   */
  public static final String PHOTO_SCHEMA = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"email\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"name\"],\"additionalProperties\":false}";

  /**
   * {@link #PHOTO_SCHEMA} in OpenAI's strict dialect.
   */
  public static final String PHOTO_STRICT_SCHEMA = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"email\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"name\",\"email\"],\"additionalProperties\":false}";

  static final ExtractMethod<Person> PHOTO = ExtractMethod.builder(AsyncFinder.class, "photo", new TypeReference<Person>() {})
      .toolName("photo")
      .schema(PHOTO_SCHEMA)
      .strictSchema(PHOTO_STRICT_SCHEMA)
      .maxRetries(2)
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
}
