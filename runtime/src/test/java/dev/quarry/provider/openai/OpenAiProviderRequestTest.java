package dev.quarry.provider.openai;

import dev.quarry.Message;
import dev.quarry.Mode;
import dev.quarry.provider.Provider;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.provider.Providers;
import dev.quarry.provider.openai.WeatherFixture.City;
import dev.quarry.provider.openai.WeatherFixture.Weather;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.testing.OpenAiSpec;
import dev.quarry.testing.SharedData;
import dev.quarry.transport.TransportRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import static dev.quarry.provider.openai.WeatherFixture.CONVERSATION;
import static dev.quarry.provider.openai.WeatherFixture.PLAIN;
import static dev.quarry.provider.openai.WeatherFixture.SCHEMA;
import static dev.quarry.provider.openai.WeatherFixture.STRICT;
import static dev.quarry.provider.openai.WeatherFixture.STRICT_SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Request bodies, compared as JSON, and each checked against OpenAI's published spec. */
class OpenAiProviderRequestTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Provider openAi = Providers.openAi();

  @Test
  void toolsModeForcesOneStrictFunctionCall() {
    TransportRequest request = build(openAi, STRICT, Mode.TOOLS, CONVERSATION, null, null);

    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri()).hasToString("https://api.openai.com/v1/chat/completions");
    assertThat(request.headers())
        .containsEntry("content-type", "application/json")
        .containsEntry("authorization", "Bearer sk-test-0123456789");
    assertJson(request.body(), """
        {"model":"gpt-4o-mini",
         "messages":[{"role":"system","content":"You extract weather reports."},
                     {"role":"user","content":"Edinburgh, 12 degrees."}],
         "tools":[{"type":"function","function":{"name":"read_weather",
            "description":"Reads the weather report.","parameters":%s,"strict":true}}],
         "tool_choice":{"type":"function","function":{"name":"read_weather"}},
         "parallel_tool_calls":false}""".formatted(STRICT_SCHEMA));
  }

  @Test
  void toolsModeWithoutStrictSchemaSendsThePlainSchemaNotStrict() {
    TransportRequest request = build(openAi, PLAIN, Mode.TOOLS, CONVERSATION, null, null);

    assertJson(request.body(), """
        {"model":"gpt-4o-mini",
         "messages":[{"role":"system","content":"You extract weather reports."},
                     {"role":"user","content":"Edinburgh, 12 degrees."}],
         "tools":[{"type":"function","function":{"name":"Weather.read city","parameters":%s}}],
         "tool_choice":{"type":"function","function":{"name":"Weather.read city"}},
         "parallel_tool_calls":false}""".formatted(SCHEMA));
  }

  @Test
  void jsonSchemaModeSendsAStrictResponseFormat() {
    TransportRequest request = build(openAi, STRICT, Mode.JSON_SCHEMA, CONVERSATION, null, null);

    assertJson(request.body(), """
        {"model":"gpt-4o-mini",
         "messages":[{"role":"system","content":"You extract weather reports."},
                     {"role":"user","content":"Edinburgh, 12 degrees."}],
         "response_format":{"type":"json_schema","json_schema":{"name":"read_weather",
            "description":"Reads the weather report.","schema":%s,"strict":true}}}"""
        .formatted(STRICT_SCHEMA));
  }

  @Test
  void jsonSchemaModeWithoutStrictSchemaSanitisesTheName() {
    TransportRequest request = build(openAi, PLAIN, Mode.JSON_SCHEMA, CONVERSATION, null, null);

    assertJson(request.body(), """
        {"model":"gpt-4o-mini",
         "messages":[{"role":"system","content":"You extract weather reports."},
                     {"role":"user","content":"Edinburgh, 12 degrees."}],
         "response_format":{"type":"json_schema","json_schema":{"name":"Weather_read_city",
            "schema":%s,"strict":false}}}""".formatted(SCHEMA));
  }

  @Test
  void schemaNamesAreCutToSixtyFourAllowedCharacters() {
    assertThat(OpenAiProvider.schemaName("a".repeat(70))).hasSize(64);
    assertThat(OpenAiProvider.schemaName("Größe/2")).isEqualTo("Gr__e_2");
    assertThat(OpenAiProvider.schemaName("")).isEqualTo("result");
  }

  @Test
  void jsonModeAsksForAJsonObject() {
    TransportRequest request = build(openAi, STRICT, Mode.JSON, CONVERSATION, null, null);

    assertJson(request.body(), """
        {"model":"gpt-4o-mini",
         "messages":[{"role":"system","content":"You extract weather reports."},
                     {"role":"user","content":"Edinburgh, 12 degrees."}],
         "response_format":{"type":"json_object"}}""");
  }

  @Test
  void mdJsonModeSendsOnlyTheConversation() {
    TransportRequest request = build(openAi, STRICT, Mode.MD_JSON, CONVERSATION, null, null);

    assertJson(request.body(), """
        {"model":"gpt-4o-mini",
         "messages":[{"role":"system","content":"You extract weather reports."},
                     {"role":"user","content":"Edinburgh, 12 degrees."}]}""");
  }

  @Test
  void toolsReAskAnswersTheToolCallWithAToolMessage() {
    List<Message> conversation = List.of(
        Message.system("You extract weather reports."),
        Message.user("Edinburgh, 12 degrees."),
        new Message.AssistantReply(null,
            new Message.ToolCall("call_1", "read_weather", "{\"city\":12}")),
        new Message.ToolResult("call_1", "read_weather",
            "/city: expected a string, got 12. Call read_weather again with the errors fixed.",
            true));

    TransportRequest request = build(openAi, STRICT, Mode.TOOLS, conversation, null, null);

    JsonNode messages = JSON.readTree(request.body()).get("messages");
    assertThat(messages).hasSize(4);
    assertJson(messages.get(2).toString(), """
        {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
          "function":{"name":"read_weather","arguments":"{\\"city\\":12}"}}]}""");
    assertJson(messages.get(3).toString(), """
        {"role":"tool","tool_call_id":"call_1",
         "content":"/city: expected a string, got 12. Call read_weather again with the errors fixed."}""");
  }

  @Test
  void jsonReAskRepeatsTheAnswerAndAddsTheErrors() {
    List<Message> conversation = List.of(
        Message.system("You extract weather reports. Answer with JSON matching this schema."),
        Message.user("Edinburgh, 12 degrees."),
        new Message.AssistantReply("{\"city\": 12}", null),
        Message.user("/city: expected a string, got 12. Answer again."));

    for (Mode mode : List.of(Mode.JSON, Mode.MD_JSON, Mode.JSON_SCHEMA)) {
      TransportRequest request = build(openAi, STRICT, mode, conversation, null, null);

      assertJson(JSON.readTree(request.body()).get("messages").toString(), """
          [{"role":"system","content":"You extract weather reports. Answer with JSON matching this schema."},
           {"role":"user","content":"Edinburgh, 12 degrees."},
           {"role":"assistant","content":"{\\"city\\": 12}"},
           {"role":"user","content":"/city: expected a string, got 12. Answer again."}]""");
    }
  }

  @Test
  void limitsGoLastAndOpenAiGetsMaxCompletionTokens() {
    TransportRequest request = build(openAi, STRICT, Mode.JSON, CONVERSATION, 500, 0.2);

    assertThat(request.body()).endsWith("\"max_completion_tokens\":500,\"temperature\":0.2}");
  }

  @Test
  void compatibleServersGetMaxTokensAndNoAuthorizationWithoutAKey() {
    Provider ollama = Providers.openAiCompatible("ollama", "http://localhost:11434/v1/", null);
    ProviderRequest providerRequest = new ProviderRequest(ollama.defaultBaseUrl(), null,
        "llama3.1", STRICT, Mode.JSON_SCHEMA, CONVERSATION, 300, null);

    TransportRequest request = ollama.request(providerRequest);

    assertThat(ollama.name()).isEqualTo("ollama");
    assertThat(ollama.apiKeyVariable()).isNull();
    assertThat(request.uri()).hasToString("http://localhost:11434/v1/chat/completions");
    assertThat(request.headers()).containsOnlyKeys("content-type");
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.get("max_tokens").asInt()).isEqualTo(300);
    assertThat(body.has("max_completion_tokens")).isFalse();
    assertValidRequest(request.body());
  }

  @Test
  void openAiDefaults() {
    assertThat(openAi.name()).isEqualTo("openai");
    assertThat(openAi.defaultBaseUrl()).isEqualTo("https://api.openai.com/v1");
    assertThat(openAi.apiKeyVariable()).isEqualTo("OPENAI_API_KEY");
    assertThat(openAi.defaultMode()).isEqualTo(Mode.TOOLS);
    assertThat(openAi.modes())
        .containsExactlyInAnyOrder(
            Mode.TOOLS, Mode.JSON_SCHEMA, Mode.JSON, Mode.MD_JSON, Mode.PARALLEL_TOOLS);
  }

  @Test
  void theApiKeyAppearsOnlyInTheAuthorizationHeader() {
    TransportRequest request = build(openAi, STRICT, Mode.TOOLS, CONVERSATION, null, null);

    assertThat(request.body()).doesNotContain("sk-test-0123456789");
    assertThat(request.toString()).doesNotContain("sk-test-0123456789");
  }

  @Test
  void schemasAreParsedOncePerMethod() {
    OpenAiProvider provider = OpenAiProvider.openAi();
    ProviderRequest request = new ProviderRequest(provider.defaultBaseUrl(), null, "gpt-4o-mini",
        STRICT, Mode.TOOLS, CONVERSATION, null, null);

    provider.request(request);
    long derived = dev.quarry.provider.PreparedSchema.STRICT_OR_PLAIN.derivations();
    JsonNode first = JSON.readTree(provider.request(request).body()).at("/tools/0/function/parameters");
    JsonNode second = JSON.readTree(provider.request(request).body()).at("/tools/0/function/parameters");

    // The schema is spliced in as JSON prepared once per method, not serialised per request.
    assertThat(dev.quarry.provider.PreparedSchema.STRICT_OR_PLAIN.derivations()).isEqualTo(derived);
    assertThat(second).isEqualTo(first).isEqualTo(JSON.readTree(STRICT_SCHEMA));
  }

  @Test
  void aSchemaThatIsNotJsonNamesTheMethod() {
    ExtractMethod<City> broken =
        ExtractMethod.builder(Weather.class, "broken", new TypeReference<City>() {})
            .schema("{\"type\":")
            .build();

    assertThatThrownBy(() -> build(openAi, broken, Mode.TOOLS, CONVERSATION, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Weather.broken")
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void compatibleRejectsAnUrlThatIsNotHttp() {
    assertThatThrownBy(() -> Providers.openAiCompatible("x", "localhost:11434", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http://localhost:11434/v1");
  }

  /** Builds the request and checks its body against OpenAI's spec. */
  private static TransportRequest build(Provider provider, ExtractMethod<?> method, Mode mode,
      List<Message> messages, Integer maxOutputTokens, Double temperature) {
    TransportRequest request = provider.request(new ProviderRequest(provider.defaultBaseUrl(),
        "sk-test-0123456789", "gpt-4o-mini", method, mode, messages, maxOutputTokens,
        temperature));
    assertValidRequest(request.body());
    return request;
  }

  private static void assertValidRequest(String body) {
    if (SharedData.available()) {
      assertThat(OpenAiSpec.chatRequestErrors(body)).as("spec violations of %s", body).isEmpty();
    }
  }

  private static void assertJson(String actual, String expected) {
    assertThat(JSON.readTree(actual)).isEqualTo(JSON.readTree(expected));
  }
}
