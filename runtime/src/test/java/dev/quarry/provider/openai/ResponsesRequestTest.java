package dev.quarry.provider.openai;

import static dev.quarry.provider.openai.WeatherFixture.CONVERSATION;
import static dev.quarry.provider.openai.WeatherFixture.PLAIN;
import static dev.quarry.provider.openai.WeatherFixture.SCHEMA;
import static dev.quarry.provider.openai.WeatherFixture.STRICT;
import static dev.quarry.provider.openai.WeatherFixture.STRICT_SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.ConfigurationException;
import dev.quarry.Document;
import dev.quarry.Image;
import dev.quarry.Message;
import dev.quarry.Mode;
import dev.quarry.provider.Provider;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.provider.Providers;
import dev.quarry.provider.openai.WeatherFixture.Weather;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.testing.OpenAiResponsesSpec;
import dev.quarry.testing.SharedData;
import dev.quarry.transport.TransportRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Responses API request bodies, compared as JSON, each checked against OpenAI's spec. */
class ResponsesRequestTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String KEY = "sk-test-0123456789";

  private final Provider responses = Providers.openAiResponses();

  @Test
  void toolsModeForcesOneStrictFunctionCall() {
    TransportRequest request = build(STRICT, Mode.TOOLS, CONVERSATION, null, null);

    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri()).hasToString("https://api.openai.com/v1/responses");
    assertThat(request.headers())
        .containsEntry("content-type", "application/json")
        .containsEntry("authorization", "Bearer " + KEY);
    assertJson(request.body(), """
        {"model":"gpt-4o-mini",
         "instructions":"You extract weather reports.",
         "input":[{"role":"user","content":"Edinburgh, 12 degrees."}],
         "store":false,
         "tools":[{"type":"function","name":"read_weather",
            "description":"Reads the weather report.","parameters":%s,"strict":true}],
         "tool_choice":{"type":"function","name":"read_weather"},
         "parallel_tool_calls":false}""".formatted(STRICT_SCHEMA));
  }

  @Test
  void toolsModeWithoutStrictSchemaSaysStrictFalse() {
    // The Responses API treats an omitted strict as "make it strict if possible".
    TransportRequest request = build(PLAIN, Mode.TOOLS, CONVERSATION, null, null);

    assertJson(request.body(), """
        {"model":"gpt-4o-mini",
         "instructions":"You extract weather reports.",
         "input":[{"role":"user","content":"Edinburgh, 12 degrees."}],
         "store":false,
         "tools":[{"type":"function","name":"Weather.read city","parameters":%s,"strict":false}],
         "tool_choice":{"type":"function","name":"Weather.read city"},
         "parallel_tool_calls":false}""".formatted(SCHEMA));
  }

  @Test
  void jsonSchemaModePutsNameSchemaAndStrictDirectlyOnTextFormat() {
    TransportRequest request = build(STRICT, Mode.JSON_SCHEMA, CONVERSATION, null, null);

    assertJson(request.body(), """
        {"model":"gpt-4o-mini",
         "instructions":"You extract weather reports.",
         "input":[{"role":"user","content":"Edinburgh, 12 degrees."}],
         "store":false,
         "text":{"format":{"type":"json_schema","name":"read_weather",
            "description":"Reads the weather report.","schema":%s,"strict":true}}}"""
        .formatted(STRICT_SCHEMA));
  }

  @Test
  void jsonSchemaModeWithoutStrictSchemaSanitisesTheName() {
    TransportRequest request = build(PLAIN, Mode.JSON_SCHEMA, CONVERSATION, null, null);

    assertJson(request.body(), """
        {"model":"gpt-4o-mini",
         "instructions":"You extract weather reports.",
         "input":[{"role":"user","content":"Edinburgh, 12 degrees."}],
         "store":false,
         "text":{"format":{"type":"json_schema","name":"Weather_read_city",
            "schema":%s,"strict":false}}}""".formatted(SCHEMA));
  }

  @Test
  void jsonModeAsksForAJsonObject() {
    TransportRequest request = build(STRICT, Mode.JSON, CONVERSATION, null, null);

    assertJson(request.body(), """
        {"model":"gpt-4o-mini",
         "instructions":"You extract weather reports.",
         "input":[{"role":"user","content":"Edinburgh, 12 degrees."}],
         "store":false,
         "text":{"format":{"type":"json_object"}}}""");
  }

  @Test
  void mdJsonModeSendsOnlyTheConversation() {
    TransportRequest request = build(STRICT, Mode.MD_JSON, CONVERSATION, null, null);

    assertJson(request.body(), """
        {"model":"gpt-4o-mini",
         "instructions":"You extract weather reports.",
         "input":[{"role":"user","content":"Edinburgh, 12 degrees."}],
         "store":false}""");
  }

  @Test
  void withoutASystemPromptThereAreNoInstructions() {
    TransportRequest request =
        build(STRICT, Mode.MD_JSON, List.of(Message.user("Oslo, 3 degrees.")), null, null);

    assertJson(request.body(), """
        {"model":"gpt-4o-mini","input":[{"role":"user","content":"Oslo, 3 degrees."}],
         "store":false}""");
  }

  @Test
  void aSystemPromptLaterInTheConversationKeepsItsPlace() {
    List<Message> conversation = List.of(
        Message.system("First."), Message.user("Oslo."), Message.system("Second."));

    TransportRequest request = build(STRICT, Mode.MD_JSON, conversation, null, null);

    JsonNode body = JSON.readTree(request.body());
    assertThat(body.get("instructions").asString()).isEqualTo("First.");
    assertJson(body.get("input").toString(), """
        [{"role":"user","content":"Oslo."},{"role":"system","content":"Second."}]""");
  }

  @Test
  void toolsReAskSendsTheFunctionCallAndItsOutput() {
    List<Message> conversation = List.of(
        Message.system("You extract weather reports."),
        Message.user("Edinburgh, 12 degrees."),
        new Message.AssistantReply(null,
            new Message.ToolCall("call_1", "read_weather", "{\"city\":12}")),
        new Message.ToolResult("call_1", "read_weather",
            "/city: expected a string, got 12. Call read_weather again with the errors fixed.",
            true));

    TransportRequest request = build(STRICT, Mode.TOOLS, conversation, null, null);

    assertJson(JSON.readTree(request.body()).get("input").toString(), """
        [{"role":"user","content":"Edinburgh, 12 degrees."},
         {"type":"function_call","call_id":"call_1","name":"read_weather",
          "arguments":"{\\"city\\":12}"},
         {"type":"function_call_output","call_id":"call_1",
          "output":"/city: expected a string, got 12. Call read_weather again with the errors fixed."}]""");
  }

  @Test
  void jsonReAskRepeatsTheAnswerAndAddsTheErrors() {
    List<Message> conversation = List.of(
        Message.system("You extract weather reports. Answer with JSON matching this schema."),
        Message.user("Edinburgh, 12 degrees."),
        new Message.AssistantReply("{\"city\": 12}", null),
        Message.user("/city: expected a string, got 12. Answer again."));

    for (Mode mode : List.of(Mode.JSON, Mode.MD_JSON, Mode.JSON_SCHEMA)) {
      TransportRequest request = build(STRICT, mode, conversation, null, null);

      JsonNode body = JSON.readTree(request.body());
      assertThat(body.get("instructions").asString()).startsWith("You extract weather reports.");
      assertJson(body.get("input").toString(), """
          [{"role":"user","content":"Edinburgh, 12 degrees."},
           {"role":"assistant","content":"{\\"city\\": 12}"},
           {"role":"user","content":"/city: expected a string, got 12. Answer again."}]""");
    }
  }

  @Test
  void imagesAndDocumentsBecomeInputContentParts() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
    byte[] pdf = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    List<Message> conversation = List.of(Message.user("Where is this?", List.of(
        Image.fromBytes(png),
        Image.fromUrl("https://example.com/a.webp"),
        Document.fromBytes(pdf, "a.pdf"),
        Document.fromUrl("https://example.com/letters/2024.pdf"))));

    TransportRequest request = build(STRICT, Mode.JSON_SCHEMA, conversation, null, null);

    assertJson(JSON.readTree(request.body()).get("input").toString(), """
        [{"role":"user","content":[
          {"type":"input_text","text":"Where is this?"},
          {"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgoAAAAN"},
          {"type":"input_image","image_url":"https://example.com/a.webp"},
          {"type":"input_file","filename":"a.pdf",
           "file_data":"data:application/pdf;base64,JVBERi0xLjQKJSVFT0YK"},
          {"type":"input_file","file_url":"https://example.com/letters/2024.pdf"}]}]""");
  }

  @Test
  void limitsGoLast() {
    TransportRequest request = build(STRICT, Mode.JSON, CONVERSATION, 500, 0.2);

    assertThat(request.body()).endsWith("\"max_output_tokens\":500,\"temperature\":0.2}");
  }

  @Test
  void theSmallestAllowedLimitIsSent() {
    TransportRequest request = build(STRICT, Mode.TOOLS, CONVERSATION, 16, null);

    assertThat(JSON.readTree(request.body()).get("max_output_tokens").asInt()).isEqualTo(16);
  }

  @Test
  void aLimitBelowSixteenIsRefusedBeforeSending() {
    ProviderRequest request = new ProviderRequest(responses.defaultBaseUrl(), KEY,
        "gpt-4o-mini", STRICT, Mode.TOOLS, CONVERSATION, 15, null);

    assertThatThrownBy(() -> responses.request(request))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("at least 16")
        .hasMessageContaining("would send 15")
        .hasMessageContaining("Weather.read")
        .hasMessageContaining("maxOutputTokens(16)");
  }

  @Test
  void aBaseUrlWithATrailingSlashIsJoinedCleanly() {
    TransportRequest request = responses.request(new ProviderRequest("http://127.0.0.1:9/v1/",
        null, "gpt-4o-mini", STRICT, Mode.TOOLS, CONVERSATION, null, null));

    assertThat(request.uri()).hasToString("http://127.0.0.1:9/v1/responses");
    assertThat(request.headers()).containsOnlyKeys("content-type");
  }

  @Test
  void defaults() {
    assertThat(responses.name()).isEqualTo("openai-responses");
    assertThat(responses.defaultBaseUrl()).isEqualTo("https://api.openai.com/v1");
    assertThat(responses.apiKeyVariable()).isEqualTo("OPENAI_API_KEY");
    assertThat(responses.defaultMode()).isEqualTo(Mode.TOOLS);
    assertThat(responses.modes())
        .containsExactlyInAnyOrder(
            Mode.TOOLS, Mode.JSON_SCHEMA, Mode.JSON, Mode.MD_JSON, Mode.PARALLEL_TOOLS);
  }

  @Test
  void theApiKeyAppearsOnlyInTheAuthorizationHeader() {
    TransportRequest request = build(STRICT, Mode.TOOLS, CONVERSATION, null, null);

    assertThat(request.body()).doesNotContain(KEY);
    assertThat(request.toString()).doesNotContain(KEY);
  }

  @Test
  void schemasAreParsedOncePerMethod() {
    OpenAiResponsesProvider provider = OpenAiResponsesProvider.openAiResponses();
    ProviderRequest request = new ProviderRequest(provider.defaultBaseUrl(), null, "gpt-4o-mini",
        STRICT, Mode.TOOLS, CONVERSATION, null, null);

    provider.request(request);
    long derived = dev.quarry.provider.PreparedSchema.STRICT_OR_PLAIN.derivations();
    JsonNode first = JSON.readTree(provider.request(request).body()).at("/tools/0/parameters");
    JsonNode second = JSON.readTree(provider.request(request).body()).at("/tools/0/parameters");

    // The schema is spliced in as JSON prepared once per method, not serialised per request.
    assertThat(dev.quarry.provider.PreparedSchema.STRICT_OR_PLAIN.derivations()).isEqualTo(derived);
    assertThat(second).isEqualTo(first).isEqualTo(JSON.readTree(STRICT_SCHEMA));
  }

  /** Builds the request and checks its body against OpenAI's spec. */
  private TransportRequest build(ExtractMethod<?> method, Mode mode, List<Message> messages,
      Integer maxOutputTokens, Double temperature) {
    TransportRequest request = responses.request(new ProviderRequest(responses.defaultBaseUrl(),
        KEY, "gpt-4o-mini", method, mode, messages, maxOutputTokens, temperature));
    if (SharedData.available()) {
      assertThat(OpenAiResponsesSpec.requestErrors(request.body()))
          .as("spec violations of %s", request.body())
          .isEmpty();
    }
    return request;
  }

  private static void assertJson(String actual, String expected) {
    assertThat(JSON.readTree(actual)).isEqualTo(JSON.readTree(expected));
  }
}
