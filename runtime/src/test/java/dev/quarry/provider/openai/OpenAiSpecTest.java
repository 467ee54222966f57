package dev.quarry.provider.openai;

import dev.quarry.testing.OpenAiSpec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The spec check in the request tests accepts OpenAI's own examples and can fail. */
class OpenAiSpecTest {
  @ParameterizedTest
  @ValueSource(strings = {"default", "functions", "image_input", "logprobs", "streaming"})
  void acceptsTheSpecsOwnExamples(String example) {
    String body = SharedData.read(
        "wire/openai/examples/openapi-x-oaiMeta/createChatCompletion__" + example
            + ".request.json");

    assertThat(OpenAiSpec.chatRequestErrors(body)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}",
      "{\"model\":\"gpt-4o\",\"messages\":[]}",
      "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
      "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"tool\",\"content\":\"hi\"}]}",
      "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
          + "\"response_format\":{\"type\":\"json_schema\"}}",
      "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
          + "\"tools\":[{\"type\":\"function\",\"function\":{\"parameters\":{}}}]}",
      "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
          + "\"parallel_tool_calls\":\"no\"}"
  })
  void rejectsInvalidRequests(String body) {
    assertThat(OpenAiSpec.chatRequestErrors(body)).isNotEmpty();
  }
}
