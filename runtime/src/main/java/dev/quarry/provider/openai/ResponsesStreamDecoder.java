package dev.quarry.provider.openai;

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
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a Responses API stream: {@code response.output_text.delta}, {@code
 * response.refusal.delta}, {@code response.function_call_arguments.delta} (the call's name and id
 * come with its {@code response.output_item.added}), and the final {@code response.completed},
 * {@code response.incomplete} or {@code response.failed}, whose response object {@link
 * OpenAiResponsesProvider#reply} reads exactly as the non-streamed one. An {@code error} event
 * becomes the exception of an error response.
 */
final class ResponsesStreamDecoder extends SseDecoder {

  private final OpenAiResponsesProvider provider;
  private final ProviderRequest request;
  private final Map<String, String> headers;
  private String callItem; // the output item id of the first function call
  private JsonNode response;

  ResponsesStreamDecoder(
      OpenAiResponsesProvider provider, ProviderRequest request, Map<String, String> headers) {
    super(OpenAiResponsesProvider.API);
    this.provider = provider;
    this.request = request;
    this.headers = headers;
  }

  @Override
  protected void event(String name, JsonNode event, Consumer<StreamDelta> deltas) {
    String type = Wire.text(event.get("type"));
    if (type == null) {
      type = name == null ? "" : name;
    }
    switch (type) {
      case "response.output_text.delta" -> text(event, deltas, false);
      case "response.refusal.delta" -> text(event, deltas, true);
      case "response.output_item.added" -> {
        JsonNode item = event.path("item");
        if ("function_call".equals(Wire.text(item.get("type"))) && callItem == null) {
          callItem = Wire.text(item.get("id"));
          String id = Wire.text(item.get("call_id"));
          String arguments = Wire.text(item.get("arguments"));
          deltas.accept(new StreamDelta.ToolArguments(
              id != null ? id : callItem, Wire.text(item.get("name")),
              arguments == null ? "" : arguments));
        }
      }
      case "response.function_call_arguments.delta" -> {
        String delta = Wire.text(event.get("delta"));
        String item = Wire.text(event.get("item_id"));
        if (delta != null && !delta.isEmpty() && (item == null || item.equals(callItem))) {
          deltas.accept(new StreamDelta.ToolArguments(null, null, delta));
        }
      }
      case "response.completed", "response.incomplete", "response.failed" -> {
        response = event.path("response");
        if (response.path("usage").isObject()) {
          deltas.accept(new StreamDelta.UsageReport(
              OpenAiResponsesProvider.usage(response.path("usage"))));
        }
        JsonNode reason = response.path("incomplete_details").get("reason");
        deltas.accept(new StreamDelta.Stop(
            reason != null && reason.isString() ? reason.stringValue()
                : Wire.text(response.get("status"))));
      }
      case "error" -> {
        // {"type":"error","code":...,"message":...,"param":...}: read as an error response.
        ObjectNode error = JSON.createObjectNode();
        ObjectNode details = error.putObject("error");
        JsonNode source = event.path("error").isObject() ? event.get("error") : event;
        for (String field : new String[] {"message", "code", "param"}) {
          if (source.hasNonNull(field)) {
            details.set(field, source.get(field));
          }
        }
        provider.reply(request, new TransportResponse(200, headers, JSON.writeValueAsString(error)));
        throw new IllegalStateException("reply() accepted an error event: " + event);
      }
      default -> {} // created, in_progress, reasoning, *.done: nothing new to pass on
    }
  }

  private static void text(JsonNode event, Consumer<StreamDelta> deltas, boolean refusal) {
    String delta = Wire.text(event.get("delta"));
    if (delta != null && !delta.isEmpty()) {
      deltas.accept(refusal ? new StreamDelta.Refusal(delta) : new StreamDelta.Text(delta));
    }
  }

  @Override
  protected ModelReply complete() {
    if (response == null || !response.isObject()) {
      throw SseDecoder.endedEarly(
          OpenAiResponsesProvider.API, "response.completed", headers.get("x-request-id"));
    }
    return provider.reply(request, new TransportResponse(200, headers, JSON.writeValueAsString(response)));
  }
}
