package dev.quarry.provider.ollama;

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
import dev.quarry.testing.OllamaSpec;
import dev.quarry.testing.SharedData;
import dev.quarry.transport.TransportRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Request bodies, compared as JSON, and each checked against Ollama's published spec. */
class OllamaProviderRequestTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final String SCHEMA = """
      {"type":"object","properties":{"city":{"type":"string"},\
      "temperature":{"anyOf":[{"type":"number"},{"type":"null"}]}},\
      "required":["city"],"additionalProperties":false}""";
  private static final String STRICT_SCHEMA = """
      {"type":"object","properties":{"city":{"type":"string"},\
      "temperature":{"type":["number","null"]}},"required":["city","temperature"],\
      "additionalProperties":false}""";

  interface Weather {}

  record City(String city, Double temperature) {}

  private static final ExtractMethod<City> METHOD =
      ExtractMethod.builder(Weather.class, "read", new TypeReference<City>() {})
          .toolName("read_weather")
          .description("Reads the weather report.")
          .schema(SCHEMA)
          .strictSchema(STRICT_SCHEMA)
          .build();

  private static final List<Message> CONVERSATION = List.of(
      Message.system("You extract weather reports."),
      Message.user("Edinburgh, 12 degrees."));

  private static final String MESSAGES = """
      [{"role":"system","content":"You extract weather reports."},
       {"role":"user","content":"Edinburgh, 12 degrees."}]""";

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};

  private final Provider ollama = Providers.ollama();

  @Test
  void jsonSchemaModeSendsThePlainSchemaAsFormat() {
    TransportRequest request = build(METHOD, Mode.JSON_SCHEMA, CONVERSATION, null, null, null);

    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri()).hasToString("http://localhost:11434/api/chat");
    assertThat(request.headers()).containsOnlyKeys("content-type");
    assertThat(request.headers()).containsEntry("content-type", "application/json");
    assertJson(request.body(), """
        {"model":"qwen2.5","messages":%s,"stream":false,"format":%s}"""
        .formatted(MESSAGES, SCHEMA));
  }

  @Test
  void toolsModeOffersTheSchemaAsTheOnlyFunction() {
    TransportRequest request = build(METHOD, Mode.TOOLS, CONVERSATION, null, null, null);

    // No tool_choice: Ollama cannot force a call.
    assertJson(request.body(), """
        {"model":"qwen2.5","messages":%s,"stream":false,
         "tools":[{"type":"function","function":{"name":"read_weather",
            "description":"Reads the weather report.","parameters":%s}}]}"""
        .formatted(MESSAGES, SCHEMA));
  }

  @Test
  void toolsModeWithoutADescriptionLeavesItOut() {
    ExtractMethod<City> plain =
        ExtractMethod.builder(Weather.class, "read", new TypeReference<City>() {})
            .schema(SCHEMA)
            .build();

    TransportRequest request = build(plain, Mode.TOOLS, CONVERSATION, null, null, null);

    assertJson(JSON.readTree(request.body()).get("tools").toString(), """
        [{"type":"function","function":{"name":"read","parameters":%s}}]""".formatted(SCHEMA));
  }

  @Test
  void jsonModeAsksForJson() {
    TransportRequest request = build(METHOD, Mode.JSON, CONVERSATION, null, null, null);

    assertJson(request.body(), """
        {"model":"qwen2.5","messages":%s,"stream":false,"format":"json"}""".formatted(MESSAGES));
  }

  @Test
  void mdJsonModeSendsOnlyTheConversation() {
    TransportRequest request = build(METHOD, Mode.MD_JSON, CONVERSATION, null, null, null);

    assertJson(request.body(), """
        {"model":"qwen2.5","messages":%s,"stream":false}""".formatted(MESSAGES));
  }

  @Test
  void limitsGoInOptionsAsNumPredictAndTemperature() {
    TransportRequest request = build(METHOD, Mode.JSON, CONVERSATION, null, 500, 0.2);

    assertThat(request.body())
        .endsWith("\"format\":\"json\",\"options\":{\"num_predict\":500,\"temperature\":0.2}}");
  }

  @Test
  void aTemperatureAloneIsTheOnlyOption() {
    TransportRequest request = build(METHOD, Mode.MD_JSON, CONVERSATION, null, null, 0.0);

    assertJson(JSON.readTree(request.body()).get("options").toString(), "{\"temperature\":0.0}");
  }

  @Test
  void aConfiguredKeyIsSentAsBearerAndNowhereElse() {
    TransportRequest request =
        build(METHOD, Mode.JSON_SCHEMA, CONVERSATION, "ollama-key-0123456789", null, null);

    assertThat(request.headers())
        .containsEntry("authorization", "Bearer ollama-key-0123456789");
    assertThat(request.body()).doesNotContain("ollama-key-0123456789");
    assertThat(request.toString()).doesNotContain("ollama-key-0123456789");
  }

  @Test
  void aBaseUrlWithATrailingSlashOrAPathPrefixIsJoinedCleanly() {
    ProviderRequest providerRequest = new ProviderRequest("https://proxy.example.com/ollama/",
        null, "qwen2.5", METHOD, Mode.JSON, CONVERSATION, null, null);

    assertThat(ollama.request(providerRequest).uri())
        .hasToString("https://proxy.example.com/ollama/api/chat");
  }

  @Test
  void toolsReAskAnswersTheCallWithAToolMessageNamingTheTool() {
    List<Message> conversation = List.of(
        Message.system("You extract weather reports."),
        Message.user("Edinburgh, 12 degrees."),
        new Message.AssistantReply(null,
            new Message.ToolCall("call_1", "read_weather", "{\"city\":12}")),
        new Message.ToolResult("call_1", "read_weather",
            "/city: expected a string, got 12. Call read_weather again with the errors fixed.",
            true));

    TransportRequest request = build(METHOD, Mode.TOOLS, conversation, null, null, null);

    JsonNode messages = JSON.readTree(request.body()).get("messages");
    assertThat(messages).hasSize(4);
    // Arguments go back as an object, as Ollama sent them; content is required by the spec.
    assertJson(messages.get(2).toString(), """
        {"role":"assistant","content":"",
         "tool_calls":[{"function":{"name":"read_weather","arguments":{"city":12}}}]}""");
    assertJson(messages.get(3).toString(), """
        {"role":"tool","tool_name":"read_weather","content":
          "/city: expected a string, got 12. Call read_weather again with the errors fixed."}""");
  }

  @Test
  void toolCallArgumentsThatAreNotAnObjectAreRepeatedAsText() {
    List<Message> conversation = List.of(
        Message.user("Edinburgh."),
        new Message.AssistantReply(null, new Message.ToolCall(null, "read_weather", "[1, 2")),
        new Message.ToolResult("call_1", null, "The answer is not JSON.", true));

    JsonNode messages =
        JSON.readTree(build(METHOD, Mode.TOOLS, conversation, null, null, null).body())
            .get("messages");

    assertJson(messages.get(1).toString(), "{\"role\":\"assistant\",\"content\":\"[1, 2\"}");
    assertJson(messages.get(2).toString(),
        "{\"role\":\"tool\",\"content\":\"The answer is not JSON.\"}");
  }

  @Test
  void textReAskRepeatsTheAnswerAndAddsTheErrors() {
    List<Message> conversation = List.of(
        Message.system("You extract weather reports."),
        Message.user("Edinburgh, 12 degrees."),
        new Message.AssistantReply("{\"city\": 12}", null),
        Message.user("/city: expected a string, got 12. Answer again."));

    for (Mode mode : List.of(Mode.JSON_SCHEMA, Mode.JSON, Mode.MD_JSON, Mode.TOOLS)) {
      TransportRequest request = build(METHOD, mode, conversation, null, null, null);

      assertJson(JSON.readTree(request.body()).get("messages").toString(), """
          [{"role":"system","content":"You extract weather reports."},
           {"role":"user","content":"Edinburgh, 12 degrees."},
           {"role":"assistant","content":"{\\"city\\": 12}"},
           {"role":"user","content":"/city: expected a string, got 12. Answer again."}]""");
    }
  }

  @Test
  void imagesTravelAsBase64OnTheUserMessage() {
    List<Message> conversation = List.of(
        Message.user("Where is this?", List.of(Image.fromBytes(PNG), Image.fromBytes(PNG))));

    TransportRequest request = build(METHOD, Mode.JSON_SCHEMA, conversation, null, null, null);

    assertJson(JSON.readTree(request.body()).get("messages").toString(), """
        [{"role":"user","content":"Where is this?",
          "images":["iVBORw0KGgoAAAAN","iVBORw0KGgoAAAAN"]}]""");
  }

  @Test
  void textPartsAroundImagesAreJoinedIntoTheContent() {
    List<Message> conversation = List.of(new Message.UserPrompt(List.of(
        new Message.Text("First."), Image.fromBytes(PNG), new Message.Text("Second."))));

    JsonNode message = JSON.readTree(
        build(METHOD, Mode.JSON, conversation, null, null, null).body()).at("/messages/0");

    assertThat(message.get("content").asString()).isEqualTo("First.\n\nSecond.");
    assertThat(message.get("images")).hasSize(1);
  }

  @Test
  void anImageUrlIsAConfigurationErrorSayingToLoadTheBytes() {
    List<Message> conversation = List.of(
        Message.user("Where?", List.of(Image.fromUrl("https://example.com/photo.jpg"))));

    assertThatThrownBy(() -> build(METHOD, Mode.JSON_SCHEMA, conversation, null, null, null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("https://example.com/photo.jpg")
        .hasMessageContaining("base64")
        .hasMessageContaining("Image.fromBytes");
  }

  @Test
  void aPdfIsAConfigurationErrorSayingWhatToDoInstead() {
    byte[] pdf = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    List<Message> conversation = List.of(
        Message.user("Read this.", List.of(Document.fromBytes(pdf, "invoice.pdf"))));

    assertThatThrownBy(() -> build(METHOD, Mode.TOOLS, conversation, null, null, null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("does not read PDF documents")
        .hasMessageContaining("invoice.pdf")
        .hasMessageContaining("String parameter");
  }

  @Test
  void defaults() {
    assertThat(ollama.name()).isEqualTo("ollama");
    assertThat(ollama.defaultBaseUrl()).isEqualTo("http://localhost:11434");
    assertThat(ollama.apiKeyVariable()).isNull();
    assertThat(ollama.defaultMode()).isEqualTo(Mode.JSON_SCHEMA);
    assertThat(ollama.modes())
        .containsExactlyInAnyOrder(Mode.JSON_SCHEMA, Mode.TOOLS, Mode.JSON, Mode.MD_JSON);
    assertThat(Providers.ollama()).isSameAs(ollama);
  }

  @Test
  void schemasAreSharedNotCopied() {
    ProviderRequest request = new ProviderRequest(ollama.defaultBaseUrl(), null, "qwen2.5",
        METHOD, Mode.JSON_SCHEMA, CONVERSATION, null, null);

    OllamaProvider.ollama().request(request);
    long derived = dev.quarry.provider.PreparedSchema.PLAIN.derivations();
    JsonNode first = JSON.readTree(OllamaProvider.ollama().request(request).body()).get("format");
    JsonNode second = JSON.readTree(OllamaProvider.ollama().request(request).body()).get("format");

    // The schema is spliced in as JSON prepared once per method, not serialised per request.
    assertThat(dev.quarry.provider.PreparedSchema.PLAIN.derivations()).isEqualTo(derived);
    assertThat(second).isEqualTo(first).isEqualTo(JSON.readTree(SCHEMA));
  }

  /** Builds the request and checks its body against Ollama's spec. */
  private TransportRequest build(ExtractMethod<?> method, Mode mode, List<Message> messages,
      String apiKey, Integer maxOutputTokens, Double temperature) {
    TransportRequest request = ollama.request(new ProviderRequest(ollama.defaultBaseUrl(),
        apiKey, "qwen2.5", method, mode, messages, maxOutputTokens, temperature));
    if (SharedData.available()) {
      assertThat(OllamaSpec.chatRequestErrors(request.body()))
          .as("spec violations of %s", request.body())
          .isEmpty();
    }
    return request;
  }

  private static void assertJson(String actual, String expected) {
    assertThat(JSON.readTree(actual)).isEqualTo(JSON.readTree(expected));
  }
}
