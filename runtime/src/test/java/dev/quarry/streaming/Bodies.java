package dev.quarry.streaming;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Stream bodies in each provider's wire format, carrying a given answer in pieces. */
final class Bodies {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Bodies() {}

  static List<String> pieces(String text, int size) {
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < text.length(); i += size) {
      pieces.add(text.substring(i, Math.min(text.length(), i + size)));
    }
    return pieces;
  }

  private static String q(String text) {
    return JSON.writeValueAsString(text);
  }

  /** OpenAI chat, TOOLS mode: one event per piece, then finish_reason, the usage chunk, [DONE]. */
  static List<String> openAiTools(String tool, List<String> pieces, String finishReason) {
    List<String> events = new ArrayList<>();
    String head = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,";
    events.add(head + "\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"" + tool + "\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n");
    for (String piece : pieces) {
      events.add(head + "\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + q(piece) + "}}]},\"finish_reason\":null}]}\n\n");
    }
    events.add(head + "\"delta\":{},\"finish_reason\":\"" + finishReason + "\"}]}\n\n");
    events.add("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":20,\"total_tokens\":30}}\n\n");
    events.add("data: [DONE]\n\n");
    return events;
  }

  /** Responses API, TOOLS mode. */
  static List<String> responsesTools(String tool, List<String> pieces) {
    List<String> events = new ArrayList<>();
    events.add("event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\",\"output\":[]}}\n\n");
    events.add("event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"" + tool + "\",\"arguments\":\"\"}}\n\n");
    for (String piece : pieces) {
      events.add("event: response.function_call_arguments.delta\ndata: {\"type\":\"response.function_call_arguments.delta\",\"item_id\":\"fc_1\",\"output_index\":0,\"delta\":" + q(piece) + "}\n\n");
    }
    ObjectNode response = JSON.createObjectNode();
    response.put("id", "resp_1").put("object", "response").put("status", "completed").put("model", "gpt-4o");
    response.putArray("output").addObject().put("id", "fc_1").put("type", "function_call")
        .put("call_id", "call_1").put("name", tool).put("arguments", String.join("", pieces));
    response.putObject("usage").put("input_tokens", 10).put("output_tokens", 20).put("total_tokens", 30);
    events.add("event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":" + response + "}\n\n");
    return events;
  }

  /** Anthropic, TOOLS mode. */
  static List<String> anthropicTools(String tool, List<String> pieces, String stopReason) {
    List<String> events = new ArrayList<>();
    events.add("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n");
    events.add("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"" + tool + "\",\"input\":{}}}\n\n");
    events.add("event: ping\ndata: {\"type\": \"ping\"}\n\n");
    for (String piece : pieces) {
      events.add("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":" + q(piece) + "}}\n\n");
    }
    events.add("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
    events.add("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":20}}\n\n");
    events.add("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    return events;
  }

  /** Gemini, JSON_SCHEMA mode: text parts, the last chunk with finishReason and usage. */
  static List<String> geminiText(List<String> pieces) {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < pieces.size(); i++) {
      boolean last = i == pieces.size() - 1;
      events.add("data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": " + q(pieces.get(i))
          + "}],\"role\": \"model\"}" + (last ? ",\"finishReason\": \"STOP\"" : "") + ",\"index\": 0}],"
          + "\"usageMetadata\": {\"promptTokenCount\": 10,\"candidatesTokenCount\": " + (last ? 20 : i)
          + ",\"totalTokenCount\": " + (last ? 30 : 10 + i) + "},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"r1\"}\r\n\r\n");
    }
    return events;
  }

  /** Ollama, JSON_SCHEMA mode: NDJSON. */
  static List<String> ollamaText(List<String> pieces) {
    List<String> lines = new ArrayList<>();
    for (String piece : pieces) {
      lines.add("{\"model\":\"qwen3\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":" + q(piece) + "},\"done\":false}\n");
    }
    lines.add("{\"model\":\"qwen3\",\"created_at\":\"2025-01-01T00:00:01Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":10,\"eval_count\":20}\n");
    return lines;
  }
}
