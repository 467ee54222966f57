package dev.quarry.provider.openai;

import dev.quarry.Message;
import dev.quarry.spi.ExtractMethod;
import java.util.List;
import tools.jackson.core.type.TypeReference;

/** The weather method both OpenAI APIs' request tests build bodies for. */
final class WeatherFixture {
  private WeatherFixture() {}

  static final String SCHEMA = """
      {"type":"object","properties":{"city":{"type":"string"},"temperature":{"type":"number"}},\
      "required":["city"]}""";
  static final String STRICT_SCHEMA = """
      {"type":"object","properties":{"city":{"type":"string"},\
      "temperature":{"type":["number","null"]}},"required":["city","temperature"],\
      "additionalProperties":false}""";

  interface Weather {}

  record City(String city, Double temperature) {}

  static final ExtractMethod<City> STRICT =
      ExtractMethod.builder(Weather.class, "read", new TypeReference<City>() {})
          .toolName("read_weather")
          .description("Reads the weather report.")
          .schema(SCHEMA)
          .strictSchema(STRICT_SCHEMA)
          .build();

  static final ExtractMethod<City> PLAIN =
      ExtractMethod.builder(Weather.class, "read", new TypeReference<City>() {})
          .toolName("Weather.read city")
          .schema(SCHEMA)
          .build();

  static final List<Message> CONVERSATION = List.of(
      Message.system("You extract weather reports."),
      Message.user("Edinburgh, 12 degrees."));
}
