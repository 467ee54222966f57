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
 * Validates request bodies against {@code CreateMessageParams} of the unofficial Anthropic
 * OpenAPI mirror ({@code testdata/wire/anthropic/spec-unofficial/anthropic-openapi.tryAGI-mirror.json},
 * Anthropic publishes no spec file of its own).
 *
 * <p>One patch is applied before validating: every {@code discriminator} is removed. The
 * validator (networknt, OpenAPI 3.1 dialect) records a discriminator's choice per instance
 * location and throws when a second one claims the same location, which happens whenever it tries
 * sibling {@code oneOf} branches that each discriminate a nested property, e.g. {@code source} of
 * {@code RequestImageBlock} and of {@code RequestDocumentBlock}. {@code InputMessage} also carries
 * a discriminator on {@code role} with nothing to discriminate (no {@code oneOf}, no mapping).
 * Without discriminators the {@code oneOf}s keep their meaning: every branch of every union in the
 * request schema has a {@code const} type (or role) and {@code additionalProperties: false}, so
 * exactly one branch still matches a valid block.
 *
 * <p>Where the mirror and the recorded live exchanges disagree, the recordings win: {@link
 * dev.quarry.provider.anthropic} tests check both.
 */
public final class AnthropicSpec {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SPEC_IRI = "https://quarry.test/anthropic/openapi.json";
  private static final String SPEC_FILE =
      "wire/anthropic/spec-unofficial/anthropic-openapi.tryAGI-mirror.json";
  private static Schema messageRequest;

  private AnthropicSpec() {}

  /** The spec's complaints about {@code body}; empty when it is a valid create-message request. */
  public static List<String> messageRequestErrors(String body) {
    return messageRequest().validate(body, InputFormat.JSON).stream().map(Error::toString).toList();
  }

  /**
   * Breaches of the conversation rules that the spec cannot express but the API enforces (the
   * recorded 400 {@code invalid_request_error} is one): every {@code tool_result} answers a
   * {@code tool_use} of the turn just before, and a user turn's {@code tool_result} blocks come
   * before its other blocks. Roles need not alternate: the live API accepted two user turns in a
   * row in a recorded exchange (it combines them).
   */
  public static List<String> conversationErrors(String body) {
    List<String> errors = new java.util.ArrayList<>();
    JsonNode messages = JSON.readTree(body).path("messages");
    java.util.Set<String> previousToolUses = java.util.Set.of();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      java.util.Set<String> toolUses = new java.util.HashSet<>();
      boolean otherBlockSeen = false;
      JsonNode content = message.path("content");
      for (int j = 0; j < content.size(); j++) {
        JsonNode block = content.get(j);
        String type = block.path("type").asString();
        if (type.equals("tool_use")) {
          toolUses.add(block.path("id").asString());
        } else if (type.equals("tool_result")) {
          String id = block.path("tool_use_id").asString();
          if (!previousToolUses.contains(id)) {
            errors.add("messages." + i + ".content." + j + ": tool_result " + id
                + " answers no tool_use of the previous turn");
          }
          if (otherBlockSeen) {
            errors.add("messages." + i + ".content." + j + ": tool_result after other content");
          }
        }
        if (!type.equals("tool_result")) {
          otherBlockSeen = true;
        }
      }
      previousToolUses = toolUses;
    }
    return errors;
  }

  private static synchronized Schema messageRequest() {
    if (messageRequest == null) {
      JsonNode spec = JSON.readTree(SharedData.read(SPEC_FILE));
      dropDiscriminators(spec);
      String patched = JSON.writeValueAsString(spec);
      SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
          Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(SPEC_IRI, patched)));
      messageRequest = registry.getSchema(
          SchemaLocation.of(SPEC_IRI + "#/components/schemas/CreateMessageParams"));
      messageRequest.initializeValidators();
    }
    return messageRequest;
  }

  private static void dropDiscriminators(JsonNode node) {
    if (node.isObject()) {
      JsonNode discriminator = node.get("discriminator");
      if (discriminator != null && discriminator.isObject()) {
        ((ObjectNode) node).remove("discriminator");
      }
      for (JsonNode child : node.values()) {
        dropDiscriminators(child);
      }
    } else if (node.isArray()) {
      for (JsonNode child : node.values()) {
        dropDiscriminators(child);
      }
    }
  }
}
