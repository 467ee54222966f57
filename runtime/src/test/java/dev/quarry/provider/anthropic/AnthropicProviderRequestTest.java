package dev.quarry.provider.anthropic;

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
import dev.quarry.spi.ExtractMethod;
import dev.quarry.testing.AnthropicSpec;
import dev.quarry.testing.SharedData;
import dev.quarry.transport.TransportRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies, compared as JSON, each checked against the (unofficial) Anthropic spec and the
 * conversation rules the API enforces.
 */
class AnthropicProviderRequestTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String KEY = "sk-ant-test-0123456789";

  private static final String SCHEMA = """
      {"type":"object","properties":{"city":{"type":"string"},"temperature":{"type":"number"}},\
      "required":["city"]}""";
  /** What structured outputs get: objects closed, nothing else to rewrite here. */
  private static final String OUTPUT_SCHEMA = """
      {"type":"object","properties":{"city":{"type":"string"},"temperature":{"type":"number"}},\
      "required":["city"],"additionalProperties":false}""";

  interface Weather {}

  record City(String city, Double temperature) {}

  private static final ExtractMethod<City> METHOD =
      ExtractMethod.builder(Weather.class, "read", new TypeReference<City>() {})
          .toolName("read_weather")
          .description("Reads the weather report.")
          .schema(SCHEMA)
          .build();

  private static final ExtractMethod<City> ODD_NAME =
      ExtractMethod.builder(Weather.class, "read", new TypeReference<City>() {})
          .toolName("Weather.read city")
          .schema(SCHEMA)
          .build();

  private static final List<Message> CONVERSATION = List.of(
      Message.system("You extract weather reports."),
      Message.user("Edinburgh, 12 degrees."));

  private final Provider anthropic = Providers.anthropic();

  @Test
  void toolsModeForcesOneToolCall() {
    TransportRequest request = build(METHOD, Mode.TOOLS, CONVERSATION, null, null);

    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri()).hasToString("https://api.anthropic.com/v1/messages");
    assertThat(request.headers()).containsOnly(
        java.util.Map.entry("content-type", "application/json"),
        java.util.Map.entry("anthropic-version", "2023-06-01"),
        java.util.Map.entry("x-api-key", KEY));
    assertJson(request.body(), """
        {"model":"claude-sonnet-4-5","max_tokens":4096,
         "system":"You extract weather reports.",
         "messages":[{"role":"user","content":"Edinburgh, 12 degrees."}],
         "tools":[{"name":"read_weather","description":"Reads the weather report.",
                   "input_schema":%s}],
         "tool_choice":{"type":"tool","name":"read_weather"}}""".formatted(SCHEMA));
  }

  @Test
  void toolNamesAreCutToWhatTheApiAccepts() {
    TransportRequest request = build(ODD_NAME, Mode.TOOLS, CONVERSATION, null, null);

    JsonNode body = JSON.readTree(request.body());
    assertThat(body.at("/tools/0/name").asString()).isEqualTo("Weather_read_city");
    assertThat(body.at("/tools/0/description").isMissingNode()).isTrue();
    assertThat(body.at("/tool_choice/name").asString()).isEqualTo("Weather_read_city");
    assertThat(AnthropicProvider.toolName("a".repeat(70))).hasSize(64);
    assertThat(AnthropicProvider.toolName("Größe/2")).isEqualTo("Gr__e_2");
    assertThat(AnthropicProvider.toolName("")).isEqualTo("result");
  }

  @Test
  void jsonSchemaModeSendsOutputConfigWithTheRewrittenSchema() {
    TransportRequest request = build(METHOD, Mode.JSON_SCHEMA, CONVERSATION, null, null);

    // The shape the live API accepted on /v1/messages without any beta header
    // (test_messages__TestSyncParse__test_parse_with_pydantic_model).
    assertThat(request.headers()).doesNotContainKey("anthropic-beta");
    assertJson(request.body(), """
        {"model":"claude-sonnet-4-5","max_tokens":4096,
         "system":"You extract weather reports.",
         "messages":[{"role":"user","content":"Edinburgh, 12 degrees."}],
         "output_config":{"format":{"type":"json_schema","schema":%s}}}"""
        .formatted(OUTPUT_SCHEMA));
  }

  @Test
  void jsonAndMdJsonModesSendOnlyTheConversation() {
    for (Mode mode : List.of(Mode.JSON, Mode.MD_JSON)) {
      TransportRequest request = build(METHOD, mode, CONVERSATION, null, null);

      assertJson(request.body(), """
          {"model":"claude-sonnet-4-5","max_tokens":4096,
           "system":"You extract weather reports.",
           "messages":[{"role":"user","content":"Edinburgh, 12 degrees."}]}""");
    }
  }

  @Test
  void limitsAreSentAsMaxTokensAndTemperature() {
    TransportRequest request = build(METHOD, Mode.JSON, CONVERSATION, 500, 0.2);

    JsonNode body = JSON.readTree(request.body());
    assertThat(body.get("max_tokens").asInt()).isEqualTo(500);
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
    assertThat(request.body()).endsWith("\"temperature\":0.2}");
  }

  @Test
  void withoutSystemPromptThereIsNoSystemField() {
    TransportRequest request =
        build(METHOD, Mode.MD_JSON, List.of(Message.user("Hi.")), null, null);

    assertThat(JSON.readTree(request.body()).has("system")).isFalse();
  }

  @Test
  void toolsReAskAnswersTheToolUseWithAnErrorToolResult() {
    List<Message> conversation = List.of(
        Message.system("You extract weather reports."),
        Message.user("Edinburgh, 12 degrees."),
        new Message.AssistantReply(null,
            new Message.ToolCall("toolu_01", "read_weather", "{\"city\":12}")),
        new Message.ToolResult("toolu_01", "read_weather",
            "/city: expected a string, got 12. Call read_weather again with the errors fixed.",
            true));

    TransportRequest request = build(METHOD, Mode.TOOLS, conversation, null, null);

    // The shape of the recorded is_error round trip
    // (test_runners__TestSyncRunTools__test_tool_call_error, second exchange).
    assertJson(JSON.readTree(request.body()).get("messages").toString(), """
        [{"role":"user","content":"Edinburgh, 12 degrees."},
         {"role":"assistant","content":[
            {"type":"tool_use","id":"toolu_01","name":"read_weather","input":{"city":12}}]},
         {"role":"user","content":[
            {"type":"tool_result","tool_use_id":"toolu_01",
             "content":"/city: expected a string, got 12. Call read_weather again with the errors fixed.",
             "is_error":true}]}]""");
  }

  @Test
  void aToolCallWhoseArgumentsAreNotAnObjectGoesBackAsText() {
    List<Message> conversation = List.of(
        Message.user("Edinburgh, 12 degrees."),
        new Message.AssistantReply(null,
            new Message.ToolCall("toolu_01", "read_weather", "{\"city\": \"Edin")),
        new Message.ToolResult("toolu_01", "read_weather", "The answer is not valid JSON.", true));

    TransportRequest request = build(METHOD, Mode.TOOLS, conversation, null, null);

    assertJson(JSON.readTree(request.body()).get("messages").toString(), """
        [{"role":"user","content":"Edinburgh, 12 degrees."},
         {"role":"assistant","content":"{\\"city\\": \\"Edin"},
         {"role":"user","content":"The answer is not valid JSON."}]""");
  }

  @Test
  void textReAskRepeatsTheAnswerAndAddsTheErrors() {
    List<Message> conversation = List.of(
        Message.system("Answer with JSON matching this schema."),
        Message.user("Edinburgh, 12 degrees."),
        new Message.AssistantReply("{\"city\": 12}", null),
        Message.user("/city: expected a string, got 12. Answer again."));

    for (Mode mode : List.of(Mode.JSON, Mode.MD_JSON, Mode.JSON_SCHEMA)) {
      TransportRequest request = build(METHOD, mode, conversation, null, null);

      assertJson(JSON.readTree(request.body()).get("messages").toString(), """
          [{"role":"user","content":"Edinburgh, 12 degrees."},
           {"role":"assistant","content":"{\\"city\\": 12}"},
           {"role":"user","content":"/city: expected a string, got 12. Answer again."}]""");
    }
  }

  @Test
  void consecutiveTurnsOfOneRoleAreMergedWithToolResultsFirst() {
    List<Message> conversation = List.of(
        Message.user("Edinburgh, 12 degrees."),
        new Message.AssistantReply(null,
            new Message.ToolCall("toolu_01", "read_weather", "{\"city\":12}")),
        new Message.ToolResult("toolu_01", "read_weather", "/city: expected a string.", true),
        Message.user("Remember: the city is a name."),
        new Message.AssistantReply("", null),
        Message.user("Try again."));

    TransportRequest request = build(METHOD, Mode.TOOLS, conversation, null, null);

    assertJson(JSON.readTree(request.body()).get("messages").toString(), """
        [{"role":"user","content":"Edinburgh, 12 degrees."},
         {"role":"assistant","content":[
            {"type":"tool_use","id":"toolu_01","name":"read_weather","input":{"city":12}}]},
         {"role":"user","content":[
            {"type":"tool_result","tool_use_id":"toolu_01",
             "content":"/city: expected a string.","is_error":true},
            {"type":"text","text":"Remember: the city is a name."},
            {"type":"text","text":"Try again."}]}]""");
  }

  @Test
  void imagesAndDocumentsBecomeBlocksAfterTheText() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
    byte[] pdf = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    List<Message> conversation = List.of(Message.user("Where is this?", List.of(
        Image.fromBytes(png),
        Image.fromUrl("https://example.com/a.webp"),
        Document.fromBytes(pdf, "a.pdf"),
        Document.fromUrl("https://example.com/b.pdf"))));

    TransportRequest request = build(METHOD, Mode.TOOLS, conversation, null, null);

    assertJson(JSON.readTree(request.body()).get("messages").toString(), """
        [{"role":"user","content":[
          {"type":"text","text":"Where is this?"},
          {"type":"image","source":{"type":"base64","media_type":"image/png",
                                    "data":"iVBORw0KGgo="}},
          {"type":"image","source":{"type":"url","url":"https://example.com/a.webp"}},
          {"type":"document","source":{"type":"base64","media_type":"application/pdf",
                                       "data":"JVBERi0xLjQKJSVFT0YK"}},
          {"type":"document","source":{"type":"url","url":"https://example.com/b.pdf"}}]}]""");
  }

  @Test
  void anImageTypeTheApiDoesNotTakeIsAConfigurationError() {
    List<Message> conversation = List.of(Message.user("What is this?",
        List.of(Image.fromBytes(new byte[] {1, 2, 3}, "image/heic"))));

    assertThatThrownBy(() -> build(METHOD, Mode.TOOLS, conversation, null, null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("image/heic")
        .hasMessageContaining("image/png");
  }

  @Test
  void withoutAKeyThereIsNoKeyHeaderAndTheKeyNeverLeavesTheHeader() {
    ProviderRequest keyless = new ProviderRequest("http://127.0.0.1:8080/v1/", null,
        "claude-haiku-4-5", METHOD, Mode.TOOLS, CONVERSATION, null, null);

    TransportRequest request = anthropic.request(keyless);
    TransportRequest keyed = build(METHOD, Mode.TOOLS, CONVERSATION, null, null);

    assertThat(request.uri()).hasToString("http://127.0.0.1:8080/v1/messages");
    assertThat(request.headers()).doesNotContainKey("x-api-key");
    assertThat(keyed.body()).doesNotContain(KEY);
    assertThat(keyed.toString()).doesNotContain(KEY);
  }

  @Test
  void defaults() {
    assertThat(anthropic.name()).isEqualTo("anthropic");
    assertThat(anthropic.defaultBaseUrl()).isEqualTo("https://api.anthropic.com/v1");
    assertThat(anthropic.apiKeyVariable()).isEqualTo("ANTHROPIC_API_KEY");
    assertThat(anthropic.defaultMode()).isEqualTo(Mode.TOOLS);
    assertThat(anthropic.modes())
        .containsExactlyInAnyOrder(
            Mode.TOOLS, Mode.JSON_SCHEMA, Mode.JSON, Mode.MD_JSON, Mode.PARALLEL_TOOLS);
    assertThat(Providers.anthropic()).isSameAs(anthropic);
  }

  /** Builds the request and checks its body against the spec and the conversation rules. */
  private TransportRequest build(ExtractMethod<?> method, Mode mode, List<Message> messages,
      Integer maxOutputTokens, Double temperature) {
    TransportRequest request = anthropic.request(new ProviderRequest(anthropic.defaultBaseUrl(),
        KEY, "claude-sonnet-4-5", method, mode, messages, maxOutputTokens, temperature));
    assertValidRequest(request.body());
    return request;
  }

  static void assertValidRequest(String body) {
    assertAlternating(body);
    assertThat(AnthropicSpec.conversationErrors(body)).as("conversation errors in %s", body)
        .isEmpty();
    if (SharedData.available()) {
      assertThat(AnthropicSpec.messageRequestErrors(body)).as("spec violations of %s", body)
          .isEmpty();
    }
  }

  private static void assertAlternating(String body) {
    String previous = null;
    for (JsonNode message : JSON.readTree(body).get("messages")) {
      String role = message.get("role").asString();
      assertThat(role).as("roles alternate in %s", body).isNotEqualTo(previous);
      previous = role;
    }
  }

  private static void assertJson(String actual, String expected) {
    assertThat(JSON.readTree(actual)).isEqualTo(JSON.readTree(expected));
  }
}
