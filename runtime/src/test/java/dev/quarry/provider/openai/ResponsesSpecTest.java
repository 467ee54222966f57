package dev.quarry.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.testing.OpenAiResponsesSpec;
import dev.quarry.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Responses spec check accepts OpenAI's own examples and can fail. */
class ResponsesSpecTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "text_input", "image_input", "file_input", "web_search", "file_search", "streaming",
      "functions", "reasoning"})
  void acceptsTheSpecsOwnExamples(String example) {
    String body = SharedData.read(
        "wire/openai/examples/openapi-x-oaiMeta/createResponse__" + example + ".request.json");

    assertThat(OpenAiResponsesSpec.requestErrors(body)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // a role the API does not know
      "{\"model\":\"gpt-4o\",\"input\":[{\"role\":\"robot\",\"content\":\"hi\"}]}",
      // Chat's content part type in a Responses message
      "{\"model\":\"gpt-4o\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
          + "\"text\":\"hi\"}]}]}",
      // a function call without its call_id
      "{\"model\":\"gpt-4o\",\"input\":[{\"type\":\"function_call\",\"name\":\"f\","
          + "\"arguments\":\"{}\"}]}",
      // Chat's nested json_schema in text.format
      "{\"model\":\"gpt-4o\",\"input\":\"hi\",\"text\":{\"format\":{\"type\":\"json_schema\","
          + "\"json_schema\":{\"name\":\"x\",\"schema\":{}}}}}",
      // Chat's nested function in tools
      "{\"model\":\"gpt-4o\",\"input\":\"hi\",\"tools\":[{\"type\":\"function\","
          + "\"function\":{\"name\":\"f\",\"parameters\":{}}}]}",
      "{\"model\":\"gpt-4o\",\"input\":\"hi\",\"store\":\"no\"}",
      "{\"model\":\"gpt-4o\",\"input\":\"hi\",\"max_output_tokens\":15}",
      "{\"model\":\"gpt-4o\",\"input\":\"hi\",\"temperature\":3}"
  })
  void rejectsInvalidRequests(String body) {
    assertThat(OpenAiResponsesSpec.requestErrors(body)).isNotEmpty();
  }
}
