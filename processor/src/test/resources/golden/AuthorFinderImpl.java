package test;

import dev.quarry.Quarry;
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
}
