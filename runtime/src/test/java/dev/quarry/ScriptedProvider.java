package dev.quarry;

import dev.quarry.provider.ModelReply;
import dev.quarry.provider.Provider;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.transport.Transport;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A provider for testing the extraction loop alone: each request is answered with the next
 * scripted reply, and every {@link ProviderRequest} is kept for inspection.
 */
final class ScriptedProvider implements Provider, Transport {
  final List<ProviderRequest> requests = new ArrayList<>();
  private final Deque<ModelReply> replies = new ArrayDeque<>();

  ScriptedProvider tool(String arguments, long inputTokens, long outputTokens) {
    replies.add(
        new ModelReply(
            arguments,
            new Message.ToolCall("call_" + (replies.size() + 1), "extract", arguments),
            Usage.of(inputTokens, outputTokens),
            "tool_calls",
            false,
            null,
            "scripted-1",
            null));
    return this;
  }

  ScriptedProvider text(String content) {
    replies.add(new ModelReply(content, null, Usage.of(1, 1), "stop", false, null, null, null));
    return this;
  }

  ScriptedProvider reply(ModelReply reply) {
    replies.add(reply);
    return this;
  }

  Quarry quarry() {
    return Quarry.builder().provider(this).transport(this).model("scripted-model").build();
  }

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public Set<Mode> modes() {
    return EnumSet.of(Mode.TOOLS, Mode.JSON, Mode.MD_JSON);
  }

  @Override
  public Mode defaultMode() {
    return Mode.TOOLS;
  }

  @Override
  public String defaultBaseUrl() {
    return "http://scripted.invalid/v1";
  }

  @Override
  public String apiKeyVariable() {
    return null;
  }

  @Override
  public TransportRequest request(ProviderRequest request) {
    requests.add(request);
    return new TransportRequest(
        "POST", URI.create(request.baseUrl() + "/x"), Map.of(), "{\"n\":" + requests.size() + "}");
  }

  @Override
  public TransportResponse send(TransportRequest request) {
    return new TransportResponse(200, Map.of(), "{}");
  }

  @Override
  public ModelReply reply(ProviderRequest request, TransportResponse response) {
    if (replies.isEmpty()) {
      throw new AssertionError("no scripted reply left for request " + requests.size());
    }
    return replies.poll();
  }
}
