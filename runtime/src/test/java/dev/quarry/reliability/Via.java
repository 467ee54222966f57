package dev.quarry.reliability;

import dev.quarry.Extraction;
import dev.quarry.Quarry;
import dev.quarry.StreamingExtraction;
import dev.quarry.spi.ExtractMethod;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two receivers of the one call engine: a reliability test parameterised over this runs the
 * same faults against a whole reply and a streamed one, so the two cannot drift apart.
 */
enum Via {
  WHOLE {
    @Override
    <T> Extraction<T> extract(Quarry quarry, ExtractMethod<T> method, String text) {
      return quarry.extract(method, text);
    }

    @Override
    String body(String completion) {
      return completion;
    }
  },
  STREAMED {
    @Override
    <T> Extraction<T> extract(Quarry quarry, ExtractMethod<T> method, String text) {
      try (StreamingExtraction<T> stream = quarry.extractStreaming(method, text)) {
        return stream.result();
      }
    }

    /** The chat completion as OpenAI streams it: role and tool call, pieces, finish, usage, [DONE]. */
    @Override
    String body(String completion) {
      JsonNode whole = Fixtures.JSON.readTree(completion);
      JsonNode choice = whole.path("choices").path(0);
      JsonNode message = choice.path("message");
      StringBuilder sse = new StringBuilder();
      ObjectNode first = delta(whole);
      ObjectNode delta = (ObjectNode) first.path("choices").path(0).path("delta");
      delta.put("role", "assistant");
      JsonNode call = message.path("tool_calls").path(0);
      String arguments = call.path("function").path("arguments").asString("");
      if (!call.isMissingNode()) {
        ArrayNode calls = delta.putArray("tool_calls");
        calls.addObject().put("index", 0).put("id", call.path("id").asString()).put("type", "function")
            .putObject("function").put("name", call.path("function").path("name").asString())
            .put("arguments", "");
      }
      event(sse, first);
      if (message.path("refusal").isString()) {
        ObjectNode refusal = delta(whole);
        ((ObjectNode) refusal.path("choices").path(0).path("delta"))
            .put("refusal", message.path("refusal").asString());
        event(sse, refusal);
      }
      for (int i = 0; i < arguments.length(); i += 7) {
        ObjectNode piece = delta(whole);
        ((ObjectNode) piece.path("choices").path(0).path("delta")).putArray("tool_calls").addObject()
            .put("index", 0).putObject("function")
            .put("arguments", arguments.substring(i, Math.min(arguments.length(), i + 7)));
        event(sse, piece);
      }
      ObjectNode finish = delta(whole);
      ((ObjectNode) finish.path("choices").path(0)).put("finish_reason",
          choice.path("finish_reason").asString());
      event(sse, finish);
      ObjectNode usage = Fixtures.JSON.createObjectNode().put("id", whole.path("id").asString())
          .put("object", "chat.completion.chunk").put("model", whole.path("model").asString());
      usage.putArray("choices");
      usage.set("usage", whole.path("usage"));
      event(sse, usage);
      sse.append("data: [DONE]\n\n");
      return sse.toString();
    }
  };

  /** The call, through this receiver. */
  abstract <T> Extraction<T> extract(Quarry quarry, ExtractMethod<T> method, String text);

  /** A successful OpenAI chat completion, in the form this receiver asks for. */
  abstract String body(String completion);

  private static ObjectNode delta(JsonNode whole) {
    ObjectNode chunk = Fixtures.JSON.createObjectNode().put("id", whole.path("id").asString())
        .put("object", "chat.completion.chunk").put("model", whole.path("model").asString());
    ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
    choice.putObject("delta");
    choice.putNull("finish_reason");
    return chunk;
  }

  private static void event(StringBuilder sse, JsonNode chunk) {
    sse.append("data: ").append(chunk).append("\n\n");
  }
}
