package dev.quarry.testing.batch;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.quarry.testing.AnthropicSpec;
import dev.quarry.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Message Batches schemas of the Anthropic spec mirror in {@code testdata/} (trimmed to the
 * roots named in {@code testdata/NOTICE}): what a batch request must be, and what the API answers.
 *
 * <p>A create request is checked in two parts: its envelope ({@code CreateMessageBatchParams},
 * {@code MessageBatchIndividualRequestParams}: 1 to 100,000 requests, {@code custom_id} of 1 to 64
 * of {@code [a-zA-Z0-9_-]}, nothing else) here, with {@code params} taken as any object; each
 * {@code params} then by {@link AnthropicSpec}, which validates Messages requests for the whole
 * calls (with its patch and the conversation rules the API enforces).
 *
 * <p>Responses ({@code MessageBatch}, {@code ListResponse_MessageBatch_}, {@code
 * MessageBatchIndividualResponse}) are checked with every {@code discriminator} removed, for the
 * reason {@link AnthropicSpec} gives: each union branch has a {@code const} type, so the {@code
 * oneOf}s keep their meaning.
 */
public final class AnthropicBatchSpec {
  private static final String SPEC_IRI = "https://quarry.test/anthropic/batches.json";
  private static final String SPEC_FILE =
      "wire/anthropic/spec-unofficial/anthropic-openapi.tryAGI-mirror.json";
  private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();
  private static SchemaRegistry registry;

  private AnthropicBatchSpec() {}

  /** The spec's complaints about a create request body; empty when it is valid. */
  public static List<String> createErrors(String body) {
    List<String> errors = new ArrayList<>(errors("CreateMessageBatchParams", body));
    JsonNode requests = BatchServer.JSON.readTree(body).path("requests");
    for (int i = 0; i < requests.size(); i++) {
      String params = requests.get(i).path("params").toString();
      for (String error : AnthropicSpec.messageRequestErrors(params)) {
        errors.add("requests[" + i + "].params: " + error);
      }
      for (String error : AnthropicSpec.conversationErrors(params)) {
        errors.add("requests[" + i + "].params: " + error);
      }
    }
    return errors;
  }

  /** The spec's complaints about {@code json} as an instance of the named schema. */
  public static List<String> errors(String schema, String json) {
    return SCHEMAS.computeIfAbsent(schema, AnthropicBatchSpec::load)
        .validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
  }

  private static synchronized Schema load(String name) {
    if (registry == null) {
      JsonNode spec = BatchServer.JSON.readTree(SharedData.read(SPEC_FILE));
      ((ObjectNode) spec.at("/components/schemas/MessageBatchIndividualRequestParams/properties"))
          .putObject("params").put("type", "object");
      dropDiscriminators(spec);
      String patched = BatchServer.JSON.writeValueAsString(spec);
      registry = SchemaRegistry.withDefaultDialect(
          Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(SPEC_IRI, patched)));
    }
    Schema schema = registry.getSchema(SchemaLocation.of(SPEC_IRI + "#/components/schemas/" + name));
    schema.initializeValidators();
    return schema;
  }

  private static void dropDiscriminators(JsonNode node) {
    if (node.isObject() && node.path("discriminator").isObject()) {
      ((ObjectNode) node).remove("discriminator");
    }
    node.values().forEach(AnthropicBatchSpec::dropDiscriminators);
  }
}
