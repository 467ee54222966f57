package dev.quarry.parse;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** PLACEHOLDER until the schema-aligned parser lands: reads the first JSON object in the text. */
public final class SchemaAlignedParser {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final SchemaAlignedParser LENIENT = new SchemaAlignedParser();

  public static SchemaAlignedParser lenient() {
    return LENIENT;
  }

  public record Repair(String pointer, String description) {}

  public record Result(JsonNode value, List<Repair> repairs) {}

  public Result parseWithRepairs(String output, JsonNode schema) {
    int start = output.indexOf('{');
    int end = output.lastIndexOf('}');
    if (start < 0 || end < start) {
      throw new ParseException("no JSON object found in the output");
    }
    try {
      return new Result(MAPPER.readTree(output.substring(start, end + 1)), List.of());
    } catch (tools.jackson.core.JacksonException e) {
      throw new ParseException("not valid JSON: " + e.getOriginalMessage());
    }
  }

  public JsonNode parse(String output, JsonNode schema) {
    return parseWithRepairs(output, schema).value();
  }
}
