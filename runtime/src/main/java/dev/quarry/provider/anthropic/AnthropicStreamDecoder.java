package dev.quarry.provider.anthropic;

import static dev.quarry.spi.Mapper.JSON;

import dev.quarry.Message;
import dev.quarry.provider.ModelReply;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.provider.SseDecoder;
import dev.quarry.provider.StreamDelta;
import dev.quarry.provider.Wire;
import dev.quarry.transport.TransportResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a Messages API stream: {@code message_start}, content blocks ({@code text_delta}, {@code
 * input_json_delta} of a {@code tool_use}; thinking is skipped), {@code message_delta} with the
 * stop reason and the final usage, {@code message_stop}; {@code ping} is ignored and an {@code
 * error} event becomes the exception of an error response. At the end the events are put
 * together into the message the non-streamed call returns, which {@link AnthropicProvider#reply}
 * reads; a tool call keeps the argument text exactly as streamed (it may be cut off at {@code
 * max_tokens}, where a parsed {@code input} would be lost).
 */
final class AnthropicStreamDecoder extends SseDecoder {

  private final AnthropicProvider provider;
  private final ProviderRequest request;
  private final Map<String, String> headers;
  private ObjectNode message;
  private final Map<Integer, Block> blocks = new TreeMap<>();
  private Block firstToolUse;
  private boolean stopped;

  private static final class Block {
    final ObjectNode start;
    final StringBuilder text = new StringBuilder();

    Block(ObjectNode start) {
      this.start = start;
    }

    String type() {
      return start.path("type").asString("");
    }
  }

  AnthropicStreamDecoder(
      AnthropicProvider provider, ProviderRequest request, Map<String, String> headers) {
    super("Anthropic");
    this.provider = provider;
    this.request = request;
    this.headers = headers;
  }

  @Override
  protected void event(String name, JsonNode event, Consumer<StreamDelta> deltas) {
    String type = event.path("type").asString(name == null ? "" : name);
    switch (type) {
      case "message_start" -> {
        message = event.path("message").isObject()
            ? (ObjectNode) event.get("message").deepCopy() : JSON.createObjectNode();
        if (message.path("usage").isObject()) {
          deltas.accept(new StreamDelta.UsageReport(AnthropicProvider.usage(message.get("usage"))));
        }
      }
      case "content_block_start" -> {
        JsonNode start = event.path("content_block");
        Block block = new Block(start.isObject() ? (ObjectNode) start.deepCopy() : JSON.createObjectNode());
        blocks.put(event.path("index").asInt(blocks.size()), block);
        if ("text".equals(block.type())) {
          String text = block.start.path("text").asString("");
          block.text.append(text);
          if (!text.isEmpty()) {
            deltas.accept(new StreamDelta.Text(text));
          }
        } else if ("tool_use".equals(block.type()) && firstToolUse == null) {
          firstToolUse = block;
          deltas.accept(new StreamDelta.ToolArguments(
              block.start.path("id").asString(null), block.start.path("name").asString(null), ""));
        }
      }
      case "content_block_delta" -> {
        Block block = blocks.get(event.path("index").asInt(-1));
        JsonNode delta = event.path("delta");
        String deltaType = delta.path("type").asString("");
        if (block == null) {
          return;
        }
        if ("text_delta".equals(deltaType)) {
          String text = delta.path("text").asString("");
          block.text.append(text);
          if (!text.isEmpty()) {
            deltas.accept(new StreamDelta.Text(text));
          }
        } else if ("input_json_delta".equals(deltaType)) {
          String json = delta.path("partial_json").asString("");
          block.text.append(json);
          if (block == firstToolUse && !json.isEmpty()) {
            deltas.accept(new StreamDelta.ToolArguments(null, null, json));
          }
        }
      }
      case "message_delta" -> {
        if (message == null) {
          message = JSON.createObjectNode();
        }
        JsonNode delta = event.path("delta");
        for (Map.Entry<String, JsonNode> field : delta.properties()) {
          message.set(field.getKey(), field.getValue());
        }
        JsonNode usage = event.get("usage");
        if (usage != null && usage.isObject()) {
          ObjectNode merged = message.path("usage").isObject()
              ? (ObjectNode) message.get("usage") : message.putObject("usage");
          for (Map.Entry<String, JsonNode> field : usage.properties()) {
            if (!field.getValue().isNull()) {
              merged.set(field.getKey(), field.getValue()); // cumulative counts
            }
          }
          deltas.accept(new StreamDelta.UsageReport(AnthropicProvider.usage(merged)));
        }
        String stopReason = delta.path("stop_reason").asString(null);
        if (stopReason != null) {
          deltas.accept(new StreamDelta.Stop(stopReason));
        }
      }
      case "message_stop" -> stopped = true;
      case "error" -> {
        provider.reply(request, new TransportResponse(200, headers, JSON.writeValueAsString(event)));
        throw new IllegalStateException("reply() accepted an error event: " + event);
      }
      default -> {} // ping, content_block_stop, and events added later
    }
  }

  @Override
  protected ModelReply complete() {
    if (message == null || !stopped) {
      throw SseDecoder.endedEarly("Anthropic", "message_stop", headers.get("request-id"));
    }
    message.put("type", "message");
    ArrayNode content = message.putArray("content");
    for (Block block : blocks.values()) {
      ObjectNode node = block.start.deepCopy();
      switch (block.type()) {
        case "text" -> node.put("text", block.text.toString());
        case "tool_use" -> node.set("input", inputOrEmpty(block.text.toString()));
        default -> {}
      }
      content.add(node);
    }
    ModelReply reply = provider.reply(
        request, new TransportResponse(200, headers, JSON.writeValueAsString(message)));
    if (reply.toolCall() == null || firstToolUse == null || firstToolUse.text.toString().isBlank()) {
      return reply;
    }
    String arguments = firstToolUse.text.toString();
    Message.ToolCall call = reply.toolCall();
    return new ModelReply(arguments, new Message.ToolCall(call.id(), call.name(), arguments),
        reply.usage(), reply.finishReason(), reply.truncated(), reply.refusal(),
        reply.responseModel(), reply.requestId());
  }

  private static JsonNode inputOrEmpty(String arguments) {
    if (arguments.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode input = JSON.readTree(arguments);
      return input != null && input.isObject() ? input : JSON.createObjectNode();
    } catch (JacksonException e) {
      return JSON.createObjectNode(); // cut off at max_tokens: the raw text is kept as the output
    }
  }
}
