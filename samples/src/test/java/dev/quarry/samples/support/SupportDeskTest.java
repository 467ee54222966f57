package dev.quarry.samples.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.LabelSet;
import dev.quarry.Message;
import dev.quarry.Quarry;
import dev.quarry.transport.Transport;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The support desk sample as the real processor generated it, against OpenAI's wire format. */
class SupportDeskTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<Message> CHAT = List.of(
      Message.user("My order 1234 arrived broken and I was charged twice."),
      Message.assistant("I'm sorry. Shall I refund the second charge of 19.90?"),
      Message.user("Yes please, and tell your warehouse."));

  private final List<String> sent = new ArrayList<>();
  private final Queue<String> replies = new ArrayDeque<>();
  private final Transport transport = new Transport() {
    @Override
    public TransportResponse send(TransportRequest request) {
      sent.add(request.body());
      return new TransportResponse(200, Map.of("content-type", "application/json"), replies.remove());
    }
  };

  private SupportDesk desk() {
    return Quarry.builder().provider("openai/gpt-4o-mini").apiKey("sk-sample-0123456789")
        .transport(transport).build().create(SupportDesk.class);
  }

  private void reply(String... nameArguments) {
    ObjectNode reply = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
        .put("created", 1).put("model", "gpt-4o-mini");
    ObjectNode message = reply.putArray("choices").addObject().put("index", 0)
        .put("finish_reason", "tool_calls").putObject("message");
    message.put("role", "assistant").putNull("content");
    ArrayNode calls = message.putArray("tool_calls");
    for (int i = 0; i < nameArguments.length; i += 2) {
      calls.addObject().put("id", "call_" + i).put("type", "function").putObject("function")
          .put("name", nameArguments[i]).put("arguments", nameArguments[i + 1]);
    }
    reply.putObject("usage").put("prompt_tokens", 60).put("completion_tokens", 20);
    replies.add(reply.toString());
  }

  @Test
  void routesToAQueueFromTheConfiguration() {
    reply("route", "{\"queue\":\"refunds\",\"summary\":\"double charge, broken item\"}");

    SupportDesk.Routing routing =
        desk().route(CHAT, LabelSet.of("refunds", "shipping", "accounts"));

    assertThat(routing).isEqualTo(new SupportDesk.Routing("refunds", "double charge, broken item"));
    JsonNode body = JSON.readTree(sent.get(0));
    assertThat(body.at("/tools/0/function/parameters/properties/queue/enum").toString())
        .isEqualTo("[\"refunds\",\"shipping\",\"accounts\"]");
    assertThat(body.at("/messages/4/content").asString())
        .isEqualTo("Route the conversation above to one of these queues: refunds, shipping, accounts.");
  }

  @Test
  void proposesSeveralActionsInOneResponse() {
    reply("Refund", "{\"orderId\":\"1234\",\"amount\":19.90}",
        "Escalate", "{\"team\":\"warehouse\",\"reason\":\"item arrived broken\"}");

    List<SupportDesk.Action> actions = desk().actions(CHAT);

    assertThat(actions).containsExactly(
        new SupportDesk.Action.Refund("1234", new BigDecimal("19.90")),
        new SupportDesk.Action.Escalate("warehouse", "item arrived broken"));
    JsonNode body = JSON.readTree(sent.get(0));
    assertThat(body.get("parallel_tool_calls").asBoolean()).isTrue();
    assertThat(body.get("tools")).hasSize(2);
  }
}
