package dev.quarry.provider.openai;

import static dev.quarry.provider.FastReplies.assertSameReply;
import static dev.quarry.provider.FastReplies.files;
import static dev.quarry.provider.FastReplies.ok;
import static dev.quarry.provider.FastReplies.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.provider.ModelReply;
import dev.quarry.testing.SharedData;
import dev.quarry.transport.TransportResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Both OpenAI APIs read recorded replies through the streaming reader exactly as through the whole
 * tree, and odd replies fall back to the tree.
 */
class FastReplyTest {
  private final OpenAiProvider chat = OpenAiProvider.openAi();
  private final OpenAiResponsesProvider responses =
      (OpenAiResponsesProvider) dev.quarry.provider.Providers.openAiResponses();

  @Test
  void recordedChatCompletionsReadTheSameOnBothPaths() {
    List<Path> recorded = new ArrayList<>();
    recorded.addAll(files(SharedData.path("wire/openai/examples/openai-python"), ".json"));
    recorded.addAll(files(SharedData.path("wire/openai/examples/openapi-x-oaiMeta"),
        ".response.json"));
    int fast = 0;
    for (Path file : recorded) {
      String body = read(file);
      boolean isChat = body.contains("\"chat.completion\"");
      if (!isChat) {
        continue;
      }
      assertThat(OpenAiProvider.SHAPE.read(body)).as(file + " takes the fast path").isNotNull();
      ModelReply reply = assertSameReply(file.toString(), chat, chat::reply, ok(body));
      assertThat(reply).as(file.toString()).isNotNull();
      fast++;
    }
    assertThat(fast).as("recorded chat completions").isGreaterThanOrEqualTo(4);
  }

  @Test
  void recordedResponsesReadTheSameOnBothPaths() {
    List<Path> recorded = new ArrayList<>();
    recorded.addAll(files(SharedData.path("wire/openai/examples/openapi-x-oaiMeta"),
        ".response.json"));
    recorded.addAll(files(SharedData.path("wire/openai/examples/openai-python"), ".json"));
    recorded.addAll(files(Path.of("src/test/resources/responses"), ".json"));
    int fast = 0;
    for (Path file : recorded) {
      String body = read(file);
      if (!body.contains("\"object\": \"response\"") && !body.contains("\"object\":\"response\"")) {
        continue;
      }
      assertThat(OpenAiResponsesProvider.SHAPE.read(body)).as(file + " takes the fast path")
          .isNotNull();
      assertSameReply(file.toString(), responses, responses::reply, ok(body));
      fast++;
    }
    assertThat(fast).as("recorded responses").isGreaterThanOrEqualTo(8);
  }

  @Test
  void oddRepliesGiveTheSameOutcomeOnBothPaths() {
    List<String> odd = List.of(
        "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}",
        "{\"choices\":[{\"message\":{\"content\":\"a\"}}],\"choices\":[]}",
        "{\"choices\":{\"message\":{}}}",
        "{\"choices\":[\"text\"]}",
        "{\"choices\":[{\"message\":{\"content\":7,\"tool_calls\":{}}}],\"model\":[1]}",
        "{\"choices\":[{\"message\":{\"content\":\"x\"},\"finish_reason\":\"length\"}],"
            + "\"usage\":{\"prompt_tokens\":1.9,\"completion_tokens\":99999999999999999999}}",
        "{\"output\":[{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"a\"},"
            + "{\"type\":\"refusal\",\"refusal\":\"no\"}]}],\"status\":\"completed\"}",
        "{\"output\":{},\"status\":\"failed\",\"error\":{\"code\":\"x\",\"message\":\"y\"}}",
        "[]", "", "not json", "{\"choices\":[{\"message\":{\"content\":\"a\"}}]} trailing");
    for (String body : odd) {
      TransportResponse response = ok(body);
      assertSameReply(body, chat, chat::reply, response);
      assertSameReply(body, responses, responses::reply, response);
    }
    assertSameReply("an error status", chat, chat::reply, new TransportResponse(
        429, Map.of("retry-after", "3"), "{\"error\":{\"message\":\"slow down\"}}"));
  }
}
