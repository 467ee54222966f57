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
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates request bodies against {@code CreateChatCompletionRequest} of OpenAI's published
 * OpenAPI spec ({@code testdata/wire/openai/spec/openapi.json}, trimmed).
 *
 * <p>The spec declares its discriminators without a {@code mapping}, which a validator applies
 * literally (every message would have to match a schema named "user", "system", ...). Before
 * validating, each such discriminator gets the mapping the spec evidently means: every branch's
 * {@code $ref}, keyed by the single enum value of the branch's discriminating property; a
 * discriminator whose branches do not all say their value is dropped.
 */
public final class OpenAiSpec {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SPEC_IRI = "https://quarry.test/openai/openapi.json";
  private static Schema chatRequest;

  private OpenAiSpec() {}

  /** The spec's complaints about {@code body}; empty when it is a valid request. */
  public static List<String> chatRequestErrors(String body) {
    return chatRequest().validate(body, InputFormat.JSON).stream().map(Error::toString).toList();
  }

  private static synchronized Schema chatRequest() {
    if (chatRequest == null) {
      JsonNode spec = JSON.readTree(SharedData.read("wire/openai/spec/openapi.json"));
      addDiscriminatorMappings(spec, spec.path("components").path("schemas"));
      String patched = JSON.writeValueAsString(spec);
      SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
          Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(SPEC_IRI, patched)));
      chatRequest = registry.getSchema(
          SchemaLocation.of(SPEC_IRI + "#/components/schemas/CreateChatCompletionRequest"));
      chatRequest.initializeValidators();
    }
    return chatRequest;
  }

  private static void addDiscriminatorMappings(JsonNode node, JsonNode schemas) {
    if (node.isObject()) {
      JsonNode discriminator = node.get("discriminator");
      if (discriminator != null && discriminator.isObject() && !discriminator.has("mapping")) {
        JsonNode mapping = mapping(node, discriminator.path("propertyName").asString(), schemas);
        if (mapping != null) {
          ((ObjectNode) discriminator).set("mapping", mapping);
        } else {
          ((ObjectNode) node).remove("discriminator");
        }
      }
      for (JsonNode child : node.values()) {
        addDiscriminatorMappings(child, schemas);
      }
    } else if (node.isArray()) {
      for (JsonNode child : node.values()) {
        addDiscriminatorMappings(child, schemas);
      }
    }
  }

  private static JsonNode mapping(JsonNode union, String property, JsonNode schemas) {
    JsonNode branches = union.has("oneOf") ? union.get("oneOf") : union.get("anyOf");
    if (branches == null || property.isEmpty()) {
      return null;
    }
    ObjectNode mapping = JSON.createObjectNode();
    for (JsonNode branch : branches) {
      String ref = branch.path("$ref").asString("");
      if (!ref.startsWith("#/components/schemas/")) {
        return null;
      }
      String value = tagValue(schemas.path(ref.substring("#/components/schemas/".length())),
          property, schemas);
      if (value == null) {
        return null;
      }
      mapping.put(value, ref);
    }
    return mapping;
  }

  private static String tagValue(JsonNode schema, String property, JsonNode schemas) {
    JsonNode values = schema.path("properties").path(property).path("enum");
    if (values.isArray() && values.size() == 1) {
      return values.get(0).asString();
    }
    for (JsonNode part : schema.path("allOf")) {
      String ref = part.path("$ref").asString("");
      JsonNode resolved = ref.startsWith("#/components/schemas/")
          ? schemas.path(ref.substring("#/components/schemas/".length())) : part;
      String value = tagValue(resolved, property, schemas);
      if (value != null) {
        return value;
      }
    }
    return null;
  }
}
