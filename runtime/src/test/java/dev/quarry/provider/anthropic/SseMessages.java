package dev.quarry.provider.anthropic;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Folds a recorded Messages API event stream into the message a non-streaming call returns, so
 * that the recorded streams (the only recordings of {@code max_tokens} and {@code refusal}) can
 * test the reply reading: {@code message_start} gives the message, the {@code content_block_*}
 * events its content, {@code message_delta} its stop reason, stop details and final usage.
 *
 * <p>A {@code tool_use} block whose input JSON was cut off (the stream stopped at {@code
 * max_tokens}) keeps the empty input {@code {}} it started with.
 */
public final class SseMessages {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private SseMessages() {}

  /** The final message of {@code sse} as JSON text. */
  public static String fold(String sse) {
    ObjectNode message = null;
    StringBuilder[] partialJson = new StringBuilder[64];
    for (String line : sse.split("\r?\n")) {
      if (!line.startsWith("data:")) {
        continue;
      }
      JsonNode event = JSON.readTree(line.substring("data:".length()).strip());
      switch (event.path("type").asString()) {
        case "message_start" -> {
          message = (ObjectNode) event.get("message").deepCopy();
          message.putArray("content");
        }
        case "content_block_start" -> {
          int index = event.get("index").asInt();
          ((ArrayNode) message.get("content")).insert(index, event.get("content_block").deepCopy());
          partialJson[index] = new StringBuilder();
        }
        case "content_block_delta" -> {
          int index = event.get("index").asInt();
          ObjectNode block = (ObjectNode) message.get("content").get(index);
          JsonNode delta = event.get("delta");
          switch (delta.path("type").asString()) {
            case "text_delta" -> block.put("text",
                block.path("text").asString("") + delta.get("text").asString());
            case "thinking_delta" -> block.put("thinking",
                block.path("thinking").asString("") + delta.get("thinking").asString());
            case "input_json_delta" -> partialJson[index].append(delta.get("partial_json").asString());
            default -> {}
          }
        }
        case "content_block_stop" -> {
          int index = event.get("index").asInt();
          ObjectNode block = (ObjectNode) message.get("content").get(index);
          if (partialJson[index].length() > 0) {
            try {
              block.set("input", JSON.readTree(partialJson[index].toString()));
            } catch (JacksonException e) {
              throw new AssertionError("a finished tool_use block with invalid input JSON", e);
            }
          }
        }
        case "message_delta" -> {
          ObjectNode current = message;
          event.get("delta").properties().forEach(e -> current.set(e.getKey(), e.getValue()));
          ObjectNode usage = (ObjectNode) message.get("usage");
          event.path("usage").properties().forEach(e -> usage.set(e.getKey(), e.getValue()));
        }
        default -> {} // ping, message_stop
      }
    }
    if (message == null) {
      throw new AssertionError("no message_start event in the stream");
    }
    return message.toString();
  }
}
