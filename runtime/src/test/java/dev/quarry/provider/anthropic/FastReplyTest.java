package dev.quarry.provider.anthropic;

import static dev.quarry.provider.FastReplies.assertSameReply;
import static dev.quarry.provider.FastReplies.files;
import static dev.quarry.provider.FastReplies.ok;
import static dev.quarry.provider.FastReplies.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.provider.Providers;
import dev.quarry.testing.SharedData;
import dev.quarry.transport.TransportResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Anthropic's recorded messages read the same through the streaming reader as the tree. */
class FastReplyTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final AnthropicProvider anthropic = (AnthropicProvider) Providers.anthropic();

  @Test
  void recordedMessagesReadTheSameOnBothPaths() {
    int fast = 0;
    for (Path file : files(SharedData.path(AnthropicSpecTest.RECORDED), ".json")) {
      for (JsonNode exchange : JSON.readTree(read(file))) {
        JsonNode response = exchange.path("response");
        if (!response.path("body").isObject()) {
          continue; // a stream
        }
        Map<String, String> headers = new LinkedHashMap<>();
        response.path("headers").properties()
            .forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
        String body = response.get("body").toString();
        TransportResponse recorded =
            new TransportResponse(response.path("status_code").asInt(), headers, body);
        if (recorded.status() == 200) {
          assertThat(AnthropicProvider.SHAPE.read(body)).as(file + " takes the fast path")
              .isNotNull();
          fast++;
        }
        assertSameReply(file.toString(), anthropic, anthropic::reply, recorded);
      }
    }
    assertThat(fast).as("recorded messages").isGreaterThanOrEqualTo(10);
  }

  @Test
  void oddRepliesGiveTheSameOutcomeOnBothPaths() {
    for (String body : List.of(
        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}",
        "{\"content\":{}}", "{\"content\":[1,{\"type\":\"tool_use\",\"name\":\"f\"}]}",
        "{\"content\":[{\"type\":\"tool_use\",\"name\":\"f\",\"input\":{\"x\":1.50,\"y\":[]}}],"
            + "\"stop_reason\":\"tool_use\"}",
        "{\"content\":[{\"type\":\"text\",\"text\":\"\"}],\"stop_reason\":\"refusal\","
            + "\"stop_details\":{\"explanation\":\"policy\"}}",
        "{\"content\":[{\"type\":\"text\",\"text\":\"a\",\"text\":\"b\"}]}", "[]", "x")) {
      assertSameReply(body, anthropic, anthropic::reply, ok(body));
    }
  }
}
