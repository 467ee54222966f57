package dev.quarry.provider.openai;

import static dev.quarry.provider.Wire.text;
import static dev.quarry.spi.Mapper.JSON;

import dev.quarry.provider.ModelReply;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.provider.SseDecoder;
import dev.quarry.provider.StreamDelta;
import dev.quarry.provider.Wire;
import dev.quarry.transport.TransportResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a Chat Completions stream ({@code chat.completion.chunk} events, then {@code [DONE]}):
 * content, refusal and tool-call argument deltas of the first choice, the finish reason, and the
 * usage chunk that {@code stream_options.include_usage} adds at the end with {@code choices: []}.
 * At the end the chunks are put together into the chat completion the non-streamed call returns,
 * which {@link OpenAiProvider#reply} reads, so both paths judge an answer the same way.
 */
final class ChatStreamDecoder extends SseDecoder {

  private final OpenAiProvider provider;
  private final ProviderRequest request;
  private final Map<String, String> headers;
  private final ObjectNode completion = JSON.createObjectNode();
  private StringBuilder content;
  private StringBuilder refusal;
  private final Map<Integer, ToolCall> toolCalls = new TreeMap<>();
  private String finishReason;
  private JsonNode usage;

  private static final class ToolCall {
    String id;
    String name;
    final StringBuilder arguments = new StringBuilder();
  }

  ChatStreamDecoder(OpenAiProvider provider, ProviderRequest request, Map<String, String> headers) {
    super(provider.displayName());
    this.provider = provider;
    this.request = request;
    this.headers = headers;
  }

  @Override
  protected void event(String name, JsonNode chunk, Consumer<StreamDelta> deltas) {
    if (chunk.has("error") && !chunk.has("choices")) {
      // A mid-stream error: reply() turns it into the same exception as an error response.
      provider.reply(request, new TransportResponse(200, headers, JSON.writeValueAsString(chunk)));
      throw new IllegalStateException("reply() accepted an error chunk: " + chunk);
    }
    if (chunk.get("id") != null && !completion.has("id")) {
      completion.set("id", chunk.get("id"));
    }
    if (chunk.get("model") != null && chunk.get("model").isString()) {
      completion.set("model", chunk.get("model"));
    }
    JsonNode choice = chunk.path("choices").path(0);
    if (choice.isObject() && choice.path("index").asInt(0) == 0) {
      JsonNode delta = choice.path("delta");
      String text = text(delta.get("content"));
      if (text != null && !text.isEmpty()) {
        content = content == null ? new StringBuilder(text) : content.append(text);
        deltas.accept(new StreamDelta.Text(text));
      } else if (text != null && content == null) {
        content = new StringBuilder();
      }
      String refused = text(delta.get("refusal"));
      if (refused != null && !refused.isEmpty()) {
        refusal = refusal == null ? new StringBuilder(refused) : refusal.append(refused);
        deltas.accept(new StreamDelta.Refusal(refused));
      }
      for (JsonNode call : delta.path("tool_calls")) {
        ToolCall accumulated = toolCalls.computeIfAbsent(call.path("index").asInt(0), i -> new ToolCall());
        String id = text(call.get("id"));
        String callName = text(call.path("function").get("name"));
        String arguments = text(call.path("function").get("arguments"));
        boolean first = accumulated.name == null && callName != null;
        if (id != null) {
          accumulated.id = id;
        }
        if (callName != null) {
          accumulated.name = callName;
        }
        if (arguments != null) {
          accumulated.arguments.append(arguments);
        }
        if (toolCalls.keySet().iterator().next() == call.path("index").asInt(0)
            && (first || arguments != null && !arguments.isEmpty())) {
          deltas.accept(new StreamDelta.ToolArguments(
              first ? accumulated.id : null, first ? callName : null,
              arguments == null ? "" : arguments));
        }
      }
      String reason = text(choice.get("finish_reason"));
      if (reason != null) {
        finishReason = reason;
        deltas.accept(new StreamDelta.Stop(reason));
      }
    }
    JsonNode chunkUsage = chunk.get("usage");
    if (chunkUsage != null && chunkUsage.isObject()) {
      usage = chunkUsage;
      deltas.accept(new StreamDelta.UsageReport(OpenAiProvider.usage(chunkUsage)));
    }
  }

  @Override
  protected ModelReply complete() {
    if (finishReason == null) {
      throw SseDecoder.endedEarly(provider.displayName(), "a finish_reason", headers.get("x-request-id"));
    }
    completion.put("object", "chat.completion");
    ObjectNode choice = completion.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    if (content != null) {
      message.put("content", content.toString());
    } else {
      message.putNull("content");
    }
    if (refusal != null) {
      message.put("refusal", refusal.toString());
    }
    if (!toolCalls.isEmpty()) {
      ArrayNode calls = message.putArray("tool_calls");
      for (ToolCall call : toolCalls.values()) {
        ObjectNode node = calls.addObject();
        if (call.id != null) {
          node.put("id", call.id);
        }
        node.put("type", "function");
        ObjectNode function = node.putObject("function");
        if (call.name != null) {
          function.put("name", call.name);
        }
        function.put("arguments", call.arguments.toString());
      }
    }
    choice.put("finish_reason", finishReason);
    if (usage != null) {
      completion.set("usage", usage);
    }
    return provider.reply(request, new TransportResponse(200, headers, JSON.writeValueAsString(completion)));
  }

}
