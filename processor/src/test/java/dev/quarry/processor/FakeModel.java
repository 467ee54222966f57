package dev.quarry.processor;

import dev.quarry.Message;
import dev.quarry.Mode;
import dev.quarry.Usage;
import dev.quarry.provider.ModelReply;
import dev.quarry.provider.Provider;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.transport.Transport;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A model for running generated implementations with the real runtime: it remembers the last
 * request and answers with {@link #nextValue} as JSON (wrapped when the method wraps its result).
 */
final class FakeModel implements Provider, Transport {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  Object nextValue;
  ExtractMethod<?> lastMethod;
  Message.UserPrompt lastMessage;

  /** The images and documents of the last request's user message, in order. */
  List<Message.Part> lastAttachments() {
    return lastMessage.parts().stream().filter(p -> !(p instanceof Message.Text)).toList();
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public Set<Mode> modes() {
    return EnumSet.of(Mode.TOOLS, Mode.JSON_SCHEMA, Mode.JSON, Mode.MD_JSON);
  }

  @Override
  public Mode defaultMode() {
    return Mode.TOOLS;
  }

  @Override
  public String defaultBaseUrl() {
    return "http://fake.invalid";
  }

  @Override
  public String apiKeyVariable() {
    return null;
  }

  @Override
  public TransportRequest request(ProviderRequest request) {
    lastMethod = request.method();
    lastMessage =
        request.messages().stream()
            .filter(Message.UserPrompt.class::isInstance)
            .map(Message.UserPrompt.class::cast)
            .findFirst()
            .orElseThrow();
    return new TransportRequest("POST", URI.create("http://fake.invalid/"), Map.of(), "{}");
  }

  @Override
  public TransportResponse send(TransportRequest request) {
    return new TransportResponse(200, Map.of(), "{}");
  }

  @Override
  public ModelReply reply(ProviderRequest request, TransportResponse response) {
    String wrapper = request.method().wrapperProperty();
    String answer;
    if (wrapper != null) {
      ObjectNode wrapped = JSON.createObjectNode();
      wrapped.set(wrapper, JSON.valueToTree(nextValue));
      answer = wrapped.toString();
    } else {
      answer = JSON.writeValueAsString(nextValue);
    }
    Message.ToolCall call =
        request.mode() == Mode.TOOLS ? new Message.ToolCall("call_1", "tool", answer) : null;
    return new ModelReply(answer, call, Usage.of(1, 1), "stop", false, null, null, null);
  }
}
