package dev.quarry.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.testing.OllamaSpec;
import dev.quarry.testing.SharedData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The spec check in the request tests accepts Ollama's own examples and can fail. */
class OllamaSpecTest {
  @Test
  void acceptsTheSpecsOwnChatExamples() {
    List<String> examples = OllamaSpec.chatRequestExamples();

    assertThat(examples).hasSizeGreaterThanOrEqualTo(5);
    for (String body : examples) {
      assertThat(OllamaSpec.chatRequestErrors(body)).as("spec errors of %s", body).isEmpty();
    }
  }

  @Test
  void acceptsAToolResultWithTheDocumentedToolName() {
    String body = """
        {"model":"qwen3","stream":false,"messages":[
          {"role":"user","content":"What is the temperature in New York?"},
          {"role":"assistant","content":"","tool_calls":[
            {"function":{"name":"get_temperature","arguments":{"city":"New York"}}}]},
          {"role":"tool","tool_name":"get_temperature","content":"22°C"}]}""";

    assertThat(OllamaSpec.chatRequestErrors(body)).isEmpty();
  }

  @Test
  void theDocsToolCallWithoutContentBreaksTheSpecsRequiredContent() {
    // docs/capabilities/tool-calling.mdx sends the assistant's tool call without content (and
    // with type/index fields the spec does not name); this is why Quarry always sends content.
    String doc = SharedData.read("wire/ollama/docs/capabilities/tool-calling.mdx");
    int start = doc.indexOf("{\n          \"role\": \"assistant\",");
    String assistant = doc.substring(start, doc.indexOf("\n        },", start) + 10);
    String body = "{\"model\":\"qwen3\",\"messages\":[" + assistant + "]}";

    assertThat(OllamaSpec.chatRequestErrors(body))
        .anySatisfy(error -> assertThat(error).contains("required").contains("content"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"model\":\"qwen2.5\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}",
      "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
      "{\"model\":\"qwen2.5\",\"messages\":[{\"role\":\"user\"}]}",
      "{\"model\":\"qwen2.5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\","
          + "\"images\":[1]}]}",
      "{\"model\":\"qwen2.5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
          + "\"format\":\"yaml\"}",
      "{\"model\":\"qwen2.5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
          + "\"stream\":\"no\"}",
      "{\"model\":\"qwen2.5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
          + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"read\"}}]}",
      "{\"model\":\"qwen2.5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
          + "\"options\":{\"max_tokens\":10}}",
      "{\"model\":\"qwen2.5\",\"messages\":[{\"role\":\"tool\",\"content\":\"hi\","
          + "\"tool_call_id\":\"call_1\"}]}",
      "{\"model\":\"qwen2.5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
          + "\"response_format\":{\"type\":\"json_object\"}}"
  })
  void rejectsInvalidRequests(String body) {
    assertThat(OllamaSpec.chatRequestErrors(body)).isNotEmpty();
  }
}
