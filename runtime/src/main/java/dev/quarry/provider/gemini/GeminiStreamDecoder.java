package dev.quarry.provider.gemini;

import static dev.quarry.spi.Mapper.JSON;

import dev.quarry.provider.ModelReply;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.provider.SseDecoder;
import dev.quarry.provider.StreamDelta;
import dev.quarry.provider.Wire;
import dev.quarry.transport.TransportResponse;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a {@code streamGenerateContent?alt=sse} stream: every event is a {@code
 * GenerateContentResponse} carrying the next parts of the first candidate (text, or a whole
 * {@code functionCall}: Gemini does not split call arguments), and the last ones carry the
 * finish reason and the usage so far. At the end the parts are put together into the response
 * the non-streamed call returns, which {@link GeminiProvider#reply} reads. An event with an
 * {@code error} becomes the exception of an error response.
 */
final class GeminiStreamDecoder extends SseDecoder {

  private final GeminiProvider provider;
  private final ProviderRequest request;
  private final Map<String, String> headers;
  private final ObjectNode response = JSON.createObjectNode();
  private final ArrayNode parts = JSON.createArrayNode();
  private ObjectNode candidate;
  private boolean answered;

  GeminiStreamDecoder(GeminiProvider provider, ProviderRequest request, Map<String, String> headers) {
    super("Gemini");
    this.provider = provider;
    this.request = request;
    this.headers = headers;
  }

  @Override
  protected void event(String name, JsonNode chunk, Consumer<StreamDelta> deltas) {
    if (chunk.isArray() || chunk.path("error").isObject() && !chunk.has("candidates")) {
      provider.reply(request, new TransportResponse(200, headers, JSON.writeValueAsString(chunk)));
      throw new IllegalStateException("reply() accepted an error event: " + chunk);
    }
    for (String field : new String[] {"usageMetadata", "modelVersion", "responseId", "promptFeedback"}) {
      if (chunk.has(field)) {
        response.set(field, chunk.get(field));
      }
    }
    if (chunk.has("usageMetadata")) {
      deltas.accept(new StreamDelta.UsageReport(GeminiProvider.usage(chunk.get("usageMetadata"))));
    }
    if (chunk.has("promptFeedback") && chunk.path("promptFeedback").has("blockReason")) {
      answered = true;
    }
    JsonNode next = chunk.path("candidates").path(0);
    if (!next.isObject()) {
      return;
    }
    if (candidate == null) {
      candidate = JSON.createObjectNode();
    }
    for (Map.Entry<String, JsonNode> field : next.properties()) {
      if (!field.getKey().equals("content")) {
        candidate.set(field.getKey(), field.getValue()); // finishReason, safetyRatings, ...
      }
    }
    for (JsonNode part : next.path("content").path("parts")) {
      parts.add(part);
      if (part.path("thought").asBoolean(false)) {
        continue;
      }
      JsonNode call = part.get("functionCall");
      if (call != null && call.isObject()) {
        JsonNode args = call.get("args");
        deltas.accept(new StreamDelta.ToolArguments(
            GeminiProvider.callToken(
                call.path("id").asString(null), part.path("thoughtSignature").asString(null)),
            call.path("name").asString(null),
            args == null || args.isNull() ? "{}" : JSON.writeValueAsString(args)));
      } else if (part.path("text").isString() && !part.get("text").stringValue().isEmpty()) {
        deltas.accept(new StreamDelta.Text(part.get("text").stringValue()));
      }
    }
    String finishReason = next.path("finishReason").asString(null);
    if (finishReason != null) {
      answered = true;
      deltas.accept(new StreamDelta.Stop(finishReason));
    }
  }

  @Override
  protected ModelReply complete() {
    if (!answered) {
      throw SseDecoder.endedEarly("Gemini", "a finishReason", null);
    }
    if (candidate != null) {
      ObjectNode content = candidate.putObject("content");
      content.put("role", "model");
      content.set("parts", parts);
      response.putArray("candidates").add(candidate);
    }
    return provider.reply(request, new TransportResponse(200, headers, JSON.writeValueAsString(response)));
  }
}
