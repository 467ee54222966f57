package test;

import dev.quarry.Mode;
import dev.quarry.Quarry;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.spi.Render;
import java.util.List;
import java.util.Objects;
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
}
