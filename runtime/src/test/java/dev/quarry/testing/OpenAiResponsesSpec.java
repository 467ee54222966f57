package dev.quarry.testing;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates request bodies against {@code CreateResponse} (OpenAI's Responses API) of the
 * published OpenAPI spec ({@code testdata/wire/openai/spec/openapi.json}, trimmed), and hand-made response
 * payloads against {@code Response}.
 *
 * <p>The spec is patched where it contradicts the documented, accepted behaviour (the quirks listed
 * in the wire data's README in the workshop's shared folder; origins in {@code testdata/NOTICE}):
 *
 * <ul>
 *   <li>Discriminators without a {@code mapping} are dropped: applied literally they would demand
 *       a schema named after each {@code type} value. The {@code oneOf} they sit on still decides,
 *       since each branch pins its {@code type} with an {@code enum}.
 *   <li>{@code InputItem} is an {@code anyOf}: as a {@code oneOf}, a user message with a content
 *       list matches both {@code EasyInputMessage} and {@code InputMessage} and is rejected.
 *   <li>{@code InputImageContent.detail} and {@code FunctionTool.strict} are not required (the
 *       docs call them optional, the spec's own examples omit them).
 * </ul>
 *
 * <p>Not patched: {@code max_output_tokens} keeps its {@code minimum} of 16, which the API
 * enforces; the provider refuses smaller limits before sending.
 */
public final class OpenAiResponsesSpec {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SPEC_IRI = "https://quarry.test/openai/responses/openapi.json";
  private static SchemaRegistry registry;
  private static Schema createResponse;
  private static Schema response;

  private OpenAiResponsesSpec() {}

  /** The spec's complaints about {@code body}; empty when it is a valid request. */
  public static List<String> requestErrors(String body) {
    return errors(createResponse(), body);
  }

  /**
   * The spec's complaints about a response object ({@code Response}); for hand-made payloads,
   * which must look like what the API sends.
   */
  public static List<String> responseErrors(String body) {
    return errors(response(), body);
  }

  private static List<String> errors(Schema schema, String body) {
    return schema.validate(body, InputFormat.JSON).stream().map(Error::toString).toList();
  }

  private static synchronized Schema createResponse() {
    if (createResponse == null) {
      createResponse = schema("CreateResponse");
    }
    return createResponse;
  }

  private static synchronized Schema response() {
    if (response == null) {
      response = schema("Response");
    }
    return response;
  }

  private static Schema schema(String name) {
    Schema schema =
        registry().getSchema(SchemaLocation.of(SPEC_IRI + "#/components/schemas/" + name));
    schema.initializeValidators();
    return schema;
  }

  private static synchronized SchemaRegistry registry() {
    if (registry == null) {
      JsonNode spec = JSON.readTree(SharedData.read("wire/openai/spec/openapi.json"));
      ObjectNode schemas = (ObjectNode) spec.path("components").path("schemas");
      dropUnmappedDiscriminators(spec);
      ObjectNode inputItem = (ObjectNode) schemas.get("InputItem");
      inputItem.set("anyOf", inputItem.remove("oneOf"));
      notRequired(schemas, "InputImageContent", "detail");
      notRequired(schemas, "FunctionTool", "strict");
      String patched = JSON.writeValueAsString(spec);
      registry = SchemaRegistry.withDefaultDialect(
          Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(SPEC_IRI, patched)));
    }
    return registry;
  }

  private static void notRequired(ObjectNode schemas, String schema, String property) {
    ArrayNode required = (ArrayNode) schemas.get(schema).get("required");
    for (int i = 0; i < required.size(); i++) {
      if (required.get(i).asString().equals(property)) {
        required.remove(i);
        return;
      }
    }
    throw new IllegalStateException(
        schema + "." + property + " is no longer required in the spec; drop this patch");
  }

  private static void dropUnmappedDiscriminators(JsonNode node) {
    if (node.isObject()) {
      JsonNode discriminator = node.get("discriminator");
      if (discriminator != null && discriminator.isObject() && !discriminator.has("mapping")) {
        ((ObjectNode) node).remove("discriminator");
      }
    }
    if (node.isContainer()) {
      for (JsonNode child : node.values()) {
        dropUnmappedDiscriminators(child);
      }
    }
  }
}
