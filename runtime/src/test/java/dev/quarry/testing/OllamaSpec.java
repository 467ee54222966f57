package dev.quarry.testing;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Validates request bodies against {@code ChatRequest}, and responses against {@code
 * ChatResponse}, of Ollama's published OpenAPI spec ({@code testdata/wire/ollama/openapi.yaml}).
 *
 * <p>Two changes to the request side, made before validating:
 *
 * <ul>
 *   <li>{@code ChatMessage} gains {@code tool_name} (a string), which {@code docs/api.md} documents
 *       for tool results and the spec leaves out.
 *   <li>{@code ChatRequest}, {@code ChatMessage}, {@code ToolDefinition}, {@code ToolCall}, their
 *       {@code function} objects and {@code ModelOptions} are closed ({@code additionalProperties:
 *       false}): the spec leaves them open, so a misspelt field ({@code max_tokens} in {@code
 *       options}, {@code tool_call_id} on a message) would pass unnoticed, and Ollama ignores
 *       unknown fields silently.
 * </ul>
 *
 * <p>{@code ChatMessage.content} stays required, as published.
 */
public final class OllamaSpec {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SPEC_IRI = "https://quarry.test/ollama/openapi.json";
  private static final String SCHEMAS = "#/components/schemas/";
  private static Schema chatRequest;
  private static Schema chatResponse;
  private static JsonNode spec;

  private OllamaSpec() {}

  /** The spec's complaints about a request body; empty when it is a valid request. */
  public static List<String> chatRequestErrors(String body) {
    load();
    return chatRequest.validate(body, InputFormat.JSON).stream().map(Error::toString).toList();
  }

  /** The spec's complaints about a response body; empty when it is a valid response. */
  public static List<String> chatResponseErrors(String body) {
    load();
    return chatResponse.validate(body, InputFormat.JSON).stream().map(Error::toString).toList();
  }

  /** The JSON bodies of the spec's own {@code curl} examples for {@code POST /api/chat}. */
  public static List<String> chatRequestExamples() {
    load();
    List<String> bodies = new ArrayList<>();
    for (JsonNode sample : spec.at("/paths/~1api~1chat/post/x-codeSamples")) {
      String source = sample.path("source").asString();
      int start = source.indexOf("-d '");
      int end = source.lastIndexOf('\'');
      if (start < 0 || end <= start + 4) {
        throw new AssertionError("no -d '...' body in the example " + sample.path("label"));
      }
      bodies.add(source.substring(start + 4, end));
    }
    return bodies;
  }

  private static synchronized void load() {
    if (spec != null) {
      return;
    }
    JsonNode published = YAMLMapper.builder().build()
        .readTree(SharedData.read("wire/ollama/openapi.yaml"));
    JsonNode schemas = published.path("components").path("schemas");
    ((ObjectNode) schemas.at("/ChatMessage/properties"))
        .putObject("tool_name").put("type", "string")
        .put("description", "The tool whose result this is (docs/api.md)");
    for (String pointer : List.of("/ChatRequest", "/ChatMessage", "/ToolDefinition",
        "/ToolDefinition/properties/function", "/ToolCall", "/ToolCall/properties/function",
        "/ModelOptions")) {
      JsonNode schema = schemas.at(pointer);
      if (!schema.isObject() || !schema.has("properties")) {
        throw new AssertionError("the Ollama spec has no object schema at " + pointer);
      }
      ((ObjectNode) schema).put("additionalProperties", false);
    }
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
        Dialects.getOpenApi31(),
        builder -> builder.schemas(Map.of(SPEC_IRI, JSON.writeValueAsString(published))));
    chatRequest = registry.getSchema(SchemaLocation.of(SPEC_IRI + SCHEMAS + "ChatRequest"));
    chatRequest.initializeValidators();
    chatResponse = registry.getSchema(SchemaLocation.of(SPEC_IRI + SCHEMAS + "ChatResponse"));
    chatResponse.initializeValidators();
    spec = published;
  }
}
