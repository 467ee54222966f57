package dev.quarry.provider.ollama;

import static dev.quarry.spi.Mapper.JSON;

import dev.quarry.ProviderException;
import dev.quarry.Usage;
import dev.quarry.provider.ModelReply;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.provider.SseDecoder;
import dev.quarry.provider.StreamDecoder;
import dev.quarry.provider.StreamDelta;
import dev.quarry.provider.Wire;
import dev.quarry.transport.TransportResponse;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads Ollama's {@code /api/chat} stream: newline-delimited JSON, one chat response per line
 * with the next piece of {@code message.content} (tool calls come whole), and a last line with
 * {@code done: true}, the {@code done_reason} and the token counts. At the end the lines are put
 * together into the response the non-streamed call returns, which {@link OllamaProvider#reply}
 * reads. A line with an {@code error} becomes the exception of an error response.
 */
final class OllamaStreamDecoder implements StreamDecoder {

  private final OllamaProvider provider;
  private final ProviderRequest request;
  private final Map<String, String> headers;
  private final StringBuilder content = new StringBuilder();
  private JsonNode toolCalls;
  private ObjectNode last;

  OllamaStreamDecoder(OllamaProvider provider, ProviderRequest request, Map<String, String> headers) {
    this.provider = provider;
    this.request = request;
    this.headers = headers;
  }

  @Override
  public void line(String line, Consumer<StreamDelta> deltas) {
    if (line.isBlank()) {
      return;
    }
    JsonNode chunk;
    try {
      chunk = JSON.readTree(line);
    } catch (JacksonException e) {
      throw new ProviderException(
          "Ollama sent a stream line that is not JSON: " + (line.length() > 200
              ? line.substring(0, 200) + "..." : line) + ". Check that the base URL "
              + request.baseUrl() + " is an Ollama server's root.",
          200, null, null, null, line, e);
    }
    if (!chunk.isObject() || chunk.has("error") && !chunk.has("message")) {
      provider.reply(request, new TransportResponse(200, headers, line));
      throw new IllegalStateException("reply() accepted an error line: " + line);
    }
    JsonNode message = chunk.path("message");
    String text = message.path("content").asString("");
    if (!text.isEmpty()) {
      content.append(text);
      deltas.accept(new StreamDelta.Text(text));
    }
    JsonNode calls = message.get("tool_calls");
    if (calls != null && calls.isArray() && !calls.isEmpty() && toolCalls == null) {
      toolCalls = calls;
      JsonNode call = calls.get(0);
      JsonNode arguments = call.path("function").get("arguments");
      deltas.accept(new StreamDelta.ToolArguments(
          call.path("id").asString(null), call.path("function").path("name").asString(null),
          arguments == null || arguments.isNull() ? "{}"
              : arguments.isString() ? arguments.stringValue() : JSON.writeValueAsString(arguments)));
    }
    if (chunk.path("done").asBoolean(false)) {
      last = (ObjectNode) chunk;
      deltas.accept(new StreamDelta.UsageReport(Usage.of(
          chunk.path("prompt_eval_count").asLong(0), chunk.path("eval_count").asLong(0))));
      deltas.accept(new StreamDelta.Stop(chunk.path("done_reason").asString(null)));
    }
  }

  @Override
  public ModelReply finish() {
    if (last == null) {
      throw SseDecoder.endedEarly("Ollama", "the line with \"done\": true", null);
    }
    ObjectNode whole = last.deepCopy();
    ObjectNode message = whole.putObject("message");
    message.put("role", "assistant");
    message.put("content", content.toString());
    if (toolCalls != null) {
      message.set("tool_calls", toolCalls);
    }
    return provider.reply(request, new TransportResponse(200, headers, JSON.writeValueAsString(whole)));
  }
}
