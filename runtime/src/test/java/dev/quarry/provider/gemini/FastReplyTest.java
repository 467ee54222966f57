package dev.quarry.provider.gemini;

import static dev.quarry.provider.FastReplies.assertSameReply;
import static dev.quarry.provider.FastReplies.files;
import static dev.quarry.provider.FastReplies.ok;
import static dev.quarry.provider.FastReplies.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.provider.Providers;
import dev.quarry.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Gemini's recorded replies read the same through the streaming reader as the tree. */
class FastReplyTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final GeminiProvider gemini = (GeminiProvider) Providers.gemini();

  @Test
  void recordedRepliesReadTheSameOnBothPaths() {
    int fast = 0;
    for (Path file : files(SharedData.path("wire/gemini/examples/js-genai-recordings"), ".json")) {
      for (JsonNode interaction : JSON.readTree(read(file)).path("interactions")) {
        String url = interaction.path("request").path("url").asString("");
        JsonNode segments = interaction.path("response").path("bodySegments");
        if (!url.endsWith(":generateContent") || segments.size() != 1) {
          continue;
        }
        String body = segments.get(0).toString();
        int status = interaction.path("response").path("statusCode").asInt(200);
        if (status == 200 && segments.get(0).isObject()) {
          assertThat(GeminiProvider.SHAPE.read(body)).as(file + " takes the fast path")
              .isNotNull();
          fast++;
        }
        assertSameReply(file.toString(), gemini, gemini::reply,
            new dev.quarry.transport.TransportResponse(status, java.util.Map.of(), body));
      }
    }
    assertThat(fast).as("recorded generateContent replies").isGreaterThanOrEqualTo(10);
  }

  @Test
  void oddRepliesGiveTheSameOutcomeOnBothPaths() {
    for (String body : List.of(
        "[{\"error\":{\"code\":429,\"message\":\"quota\",\"status\":\"RESOURCE_EXHAUSTED\"}}]",
        "{\"error\":{\"code\":500,\"message\":\"x\"}}",
        "{\"promptFeedback\":{\"blockReason\":\"SAFETY\",\"safetyRatings\":[{\"category\":\"C\","
            + "\"probability\":\"HIGH\",\"blocked\":true}]}}",
        "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\",\"thought\":true},"
            + "{\"functionCall\":{\"name\":\"f\",\"args\":{\"p\":2.50}}},{\"text\":\"b\"}]},"
            + "\"finishReason\":\"SAFETY\",\"avgLogprobs\":-0.25}],"
            + "\"usageMetadata\":{\"promptTokenCount\":3,\"thoughtsTokenCount\":2}}",
        "{\"candidates\":{}}", "{\"candidates\":[]}", "null")) {
      assertSameReply(body, gemini, gemini::reply, ok(body));
    }
  }
}
