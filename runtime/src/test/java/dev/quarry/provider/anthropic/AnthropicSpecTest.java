package dev.quarry.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.testing.AnthropicSpec;
import dev.quarry.testing.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The spec check used by the request tests accepts every request body the live API accepted in
 * the recorded exchanges, and rejects broken ones.
 */
class AnthropicSpecTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final String RECORDED = "wire/anthropic/examples/anthropic-sdk-python/recorded-http/";

  /**
   * Every recorded request body that was answered 200, the beta endpoint's ({@code ?beta=true})
   * included: those use only fields that {@code CreateMessageParams} has too.
   */
  static List<String> acceptedRequestBodies() {
    if (!SharedData.available()) {
      return List.of();
    }
    List<String> bodies = new ArrayList<>();
    try (Stream<Path> files = Files.list(SharedData.path(RECORDED))) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("test_")).sorted()
          .toList()) {
        for (JsonNode exchange : JSON.readTree(Files.readString(file))) {
          if (exchange.at("/response/status_code").asInt() == 200) {
            bodies.add(exchange.at("/request/body").toString());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bodies;
  }

  @ParameterizedTest
  @MethodSource("acceptedRequestBodies")
  void acceptsWhatTheLiveApiAccepted(String body) {
    assertThat(AnthropicSpec.messageRequestErrors(body)).isEmpty();
    assertThat(AnthropicSpec.conversationErrors(body)).isEmpty();
  }

  @Test
  void theConversationCheckFindsWhatTheLiveApiRejected() {
    JsonNode exchanges = JSON.readTree(SharedData.read(
        RECORDED + "test_runners__TestSyncRunTools__test_custom_message_handling__f59a9391.json"));
    JsonNode rejected = exchanges.get(1);
    assertThat(rejected.at("/response/status_code").asInt()).isEqualTo(400);

    assertThat(AnthropicSpec.conversationErrors(rejected.at("/request/body").toString()))
        .containsExactly("messages.1.content.0: tool_result toolu_01GHndag5wQmbzNihYmV2UBj answers no tool_use"
                + " of the previous turn");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // max_tokens is required
      "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
      // there is no system role
      "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"system\",\"content\":\"hi\"}]}",
      // text blocks must not be empty
      "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\","
          + "\"content\":[{\"type\":\"text\",\"text\":\"\"}]}]}",
      // tool names are [a-zA-Z0-9_-]
      "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
          + "\"tools\":[{\"name\":\"a.b c\",\"input_schema\":{\"type\":\"object\"}}]}",
      // the forced tool choice needs a name
      "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
          + "\"tool_choice\":{\"type\":\"tool\"}}",
      // images are jpeg, png, gif or webp
      "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
          + "\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/heic\",\"data\":\"AA==\"}}]}]}",
      // output_config.format needs its schema
      "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
          + "\"output_config\":{\"format\":{\"type\":\"json_schema\"}}}",
      // the OpenAI field does not exist here
      "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
          + "\"response_format\":{\"type\":\"json_object\"}}"
  })
  void rejectsInvalidRequests(String body) {
    assertThat(AnthropicSpec.messageRequestErrors(body)).isNotEmpty();
  }
}
