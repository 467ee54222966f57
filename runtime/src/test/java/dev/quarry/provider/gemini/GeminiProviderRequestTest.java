package dev.quarry.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.Document;
import dev.quarry.Image;
import dev.quarry.Message;
import dev.quarry.Mode;
import dev.quarry.provider.Provider;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.provider.Providers;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.testing.GeminiProtos;
import dev.quarry.testing.SharedData;
import dev.quarry.transport.TransportRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Request bodies, compared as JSON, and each checked against the Gemini API's protos. */
class GeminiProviderRequestTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String KEY = "AIzaSy-test-0123456789";

  private static final String SCHEMA = """
      {"type":"object","properties":{"city":{"type":"string","minLength":1},\
      "temperature":{"type":"number"}},"required":["city"],"additionalProperties":false}""";
  /** {@link #SCHEMA} as Gemini is sent it. */
  private static final String GEMINI_SCHEMA = """
      {"type":"object","properties":{"city":{"type":"string",\
      "description":"Must also satisfy the JSON Schema {\\"minLength\\":1}."},\
      "temperature":{"type":"number"}},"required":["city"],"additionalProperties":false}""";

  interface Weather {}

  record City(String city, Double temperature) {}

  private static final ExtractMethod<City> METHOD =
      ExtractMethod.builder(Weather.class, "read", new TypeReference<City>() {})
          .toolName("read_weather")
          .description("Reads the weather report.")
          .schema(SCHEMA)
          .build();

  private static final List<Message> CONVERSATION = List.of(
      Message.system("You extract weather reports."),
      Message.user("Edinburgh, 12 degrees."));

  private static final String SYSTEM_AND_USER = """
      "systemInstruction":{"parts":[{"text":"You extract weather reports."}]},
      "contents":[{"role":"user","parts":[{"text":"Edinburgh, 12 degrees."}]}]""";

  private final Provider gemini = Providers.gemini();

  @Test
  void jsonSchemaModeSendsTheRewrittenSchemaAsResponseJsonSchema() {
    TransportRequest request = build(METHOD, Mode.JSON_SCHEMA, CONVERSATION, null, null);

    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri()).hasToString(
        "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent");
    assertThat(request.headers())
        .containsOnlyKeys("content-type", "x-goog-api-key")
        .containsEntry("content-type", "application/json")
        .containsEntry("x-goog-api-key", KEY);
    assertJson(request.body(), """
        {%s,
         "generationConfig":{"responseMimeType":"application/json","responseJsonSchema":%s}}"""
        .formatted(SYSTEM_AND_USER, GEMINI_SCHEMA));
  }

  @Test
  void toolsModeForcesTheOneFunction() {
    TransportRequest request = build(METHOD, Mode.TOOLS, CONVERSATION, null, null);

    assertJson(request.body(), """
        {%s,
         "tools":[{"functionDeclarations":[{"name":"read_weather",
            "description":"Reads the weather report.","parametersJsonSchema":%s}]}],
         "toolConfig":{"functionCallingConfig":{"mode":"ANY",
            "allowedFunctionNames":["read_weather"]}}}""".formatted(SYSTEM_AND_USER, GEMINI_SCHEMA));
  }

  @Test
  void toolsModeWithoutDescriptionSanitisesTheNameAndDerivesADescription() {
    ExtractMethod<City> plain =
        ExtractMethod.builder(Weather.class, "read", new TypeReference<City>() {})
            .toolName("Weather.read city")
            .schema("{\"type\":\"object\",\"properties\":{}}")
            .build();

    JsonNode body = JSON.readTree(build(plain, Mode.TOOLS, CONVERSATION, null, null).body());

    assertJson(body.get("tools").toString(), """
        [{"functionDeclarations":[{"name":"Weather_read_city",
          "description":"Returns the result of Weather.read: call it once, with the result as the arguments.",
          "parametersJsonSchema":{"type":"object","properties":{}}}]}]""");
    assertThat(body.at("/toolConfig/functionCallingConfig/allowedFunctionNames/0").asString())
        .isEqualTo("Weather_read_city");
  }

  @Test
  void aBlankDescriptionIsReplacedAndTheProtosRequireOne() {
    ExtractMethod<City> blank =
        ExtractMethod.builder(Weather.class, "read", new TypeReference<City>() {})
            .description("  ")
            .schema("{\"type\":\"object\",\"properties\":{}}")
            .build();

    JsonNode body = JSON.readTree(build(blank, Mode.TOOLS, CONVERSATION, null, null).body());

    assertThat(body.at("/tools/0/functionDeclarations/0/description").asString())
        .isEqualTo("Returns the result of Weather.read: call it once, with the result as the"
            + " arguments.");
  }

  @Test
  void functionNamesFollowGeminisRules() {
    assertThat(GeminiProvider.functionName("a".repeat(70))).hasSize(64);
    assertThat(GeminiProvider.functionName("Größe/2")).isEqualTo("Gr__e_2");
    assertThat(GeminiProvider.functionName("2nd")).isEqualTo("_2nd");
    assertThat(GeminiProvider.functionName("")).isEqualTo("result");
  }

  @Test
  void jsonModeAsksForJsonWithoutASchema() {
    TransportRequest request = build(METHOD, Mode.JSON, CONVERSATION, null, null);

    assertJson(request.body(), """
        {%s,"generationConfig":{"responseMimeType":"application/json"}}"""
        .formatted(SYSTEM_AND_USER));
  }

  @Test
  void mdJsonModeSendsOnlyTheConversation() {
    TransportRequest request = build(METHOD, Mode.MD_JSON, CONVERSATION, null, null);

    assertJson(request.body(), "{" + SYSTEM_AND_USER + "}");
  }

  @Test
  void limitsGoIntoGenerationConfig() {
    JsonNode body = JSON.readTree(build(METHOD, Mode.MD_JSON, CONVERSATION, 500, 0.2).body());

    assertJson(body.get("generationConfig").toString(),
        "{\"maxOutputTokens\":500,\"temperature\":0.2}");
    JsonNode schemaMode =
        JSON.readTree(build(METHOD, Mode.JSON_SCHEMA, CONVERSATION, 64, null).body());
    assertThat(schemaMode.at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(64);
    assertThat(schemaMode.at("/generationConfig/responseMimeType").asString())
        .isEqualTo("application/json");
  }

  @Test
  void toolsReAskReplaysTheCallWithItsIdAndSignatureAndAnswersWithAnError() {
    String token = GeminiProvider.callToken("fc-1", "CiQBVKhc7g==");
    List<Message> conversation = List.of(
        Message.system("You extract weather reports."),
        Message.user("Edinburgh, 12 degrees."),
        new Message.AssistantReply(null,
            new Message.ToolCall(token, "read_weather", "{\"city\":12}")),
        new Message.ToolResult(token, "read_weather",
            "/city: expected a string, got 12. Call read_weather again with the errors fixed.",
            true));

    JsonNode body = JSON.readTree(build(METHOD, Mode.TOOLS, conversation, null, null).body());

    assertJson(body.get("contents").toString(), """
        [{"role":"user","parts":[{"text":"Edinburgh, 12 degrees."}]},
         {"role":"model","parts":[{"functionCall":{"id":"fc-1","name":"read_weather",
             "args":{"city":12}},"thoughtSignature":"CiQBVKhc7g=="}]},
         {"role":"user","parts":[{"functionResponse":{"id":"fc-1","name":"read_weather",
             "response":{"error":"/city: expected a string, got 12. Call read_weather again with the errors fixed."}}}]}]""");
  }

  @Test
  void aCallWithoutGeminiIdIsReplayedWithoutOne() {
    // The runtime names calls that came without an id "call_<n>"; Gemini never saw that name.
    List<Message> conversation = List.of(
        Message.user("Edinburgh."),
        new Message.AssistantReply(null,
            new Message.ToolCall("call_1", "read_weather", "{\"city\":\"Edinburgh\"}")),
        new Message.ToolResult("call_1", null, "/temperature: required.", true),
        Message.user("Also: it is 12 degrees."));

    JsonNode body = JSON.readTree(build(METHOD, Mode.TOOLS, conversation, null, null).body());

    assertJson(body.get("contents").toString(), """
        [{"role":"user","parts":[{"text":"Edinburgh."}]},
         {"role":"model","parts":[{"functionCall":{"name":"read_weather",
             "args":{"city":"Edinburgh"}}}]},
         {"role":"user","parts":[
             {"functionResponse":{"name":"read_weather","response":{"error":"/temperature: required."}}},
             {"text":"Also: it is 12 degrees."}]}]""");
  }

  @Test
  void textReAskRepeatsTheAnswerAsAModelTurnAndEndsOnTheUser() {
    List<Message> conversation = List.of(
        Message.system("Answer with JSON."),
        Message.user("Edinburgh, 12 degrees."),
        new Message.AssistantReply("{\"city\": 12}", null),
        Message.user("/city: expected a string, got 12. Answer again."));

    for (Mode mode : List.of(Mode.JSON_SCHEMA, Mode.JSON, Mode.MD_JSON)) {
      JsonNode body = JSON.readTree(build(METHOD, mode, conversation, null, null).body());

      assertJson(body.get("contents").toString(), """
          [{"role":"user","parts":[{"text":"Edinburgh, 12 degrees."}]},
           {"role":"model","parts":[{"text":"{\\"city\\": 12}"}]},
           {"role":"user","parts":[{"text":"/city: expected a string, got 12. Answer again."}]}]""");
    }
  }

  @Test
  void imagesAndDocumentsBecomeInlineDataOrFileData() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
    byte[] pdf = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    List<Message> conversation = List.of(Message.user("What is this?", List.of(
        Image.fromBytes(png), Image.fromUrl("https://example.com/a.webp"),
        Document.fromBytes(pdf, "a.pdf"), Document.fromUrl("https://example.com/b.pdf"))));

    JsonNode body = JSON.readTree(build(METHOD, Mode.JSON_SCHEMA, conversation, null, null).body());

    assertJson(body.at("/contents/0/parts").toString(), """
        [{"text":"What is this?"},
         {"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgoAAAAN"}},
         {"fileData":{"mimeType":"image/webp","fileUri":"https://example.com/a.webp"}},
         {"inlineData":{"mimeType":"application/pdf","data":"JVBERi0xLjQKJSVFT0YK"}},
         {"fileData":{"mimeType":"application/pdf","fileUri":"https://example.com/b.pdf"}}]""");
  }

  @Test
  void modelNamesWithACollectionAreKeptAndATrailingSlashIsDropped() {
    ProviderRequest tuned = new ProviderRequest("http://127.0.0.1:1/v1beta/", KEY,
        "tunedModels/my-model-7", METHOD, Mode.MD_JSON, CONVERSATION, null, null);
    ProviderRequest prefixed = new ProviderRequest(gemini.defaultBaseUrl(), KEY,
        "models/gemini-2.5-pro", METHOD, Mode.MD_JSON, CONVERSATION, null, null);

    assertThat(gemini.request(tuned).uri())
        .hasToString("http://127.0.0.1:1/v1beta/tunedModels/my-model-7:generateContent");
    assertThat(gemini.request(prefixed).uri()).hasToString(
        "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent");
    assertThatThrownBy(() -> GeminiProvider.modelPath("gemini flash"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gemini-2.5-flash");
  }

  @Test
  void theKeyTravelsOnlyInTheHeader() {
    TransportRequest request = build(METHOD, Mode.TOOLS, CONVERSATION, null, null);

    assertThat(request.uri().toString()).doesNotContain(KEY).doesNotContain("key=");
    assertThat(request.body()).doesNotContain(KEY);
    assertThat(request.toString()).doesNotContain(KEY);
    ProviderRequest keyless = new ProviderRequest(gemini.defaultBaseUrl(), null,
        "gemini-2.5-flash", METHOD, Mode.TOOLS, CONVERSATION, null, null);
    assertThat(gemini.request(keyless).headers()).containsOnlyKeys("content-type");
  }

  @Test
  void defaults() {
    assertThat(gemini.name()).isEqualTo("gemini");
    assertThat(gemini.defaultBaseUrl())
        .isEqualTo("https://generativelanguage.googleapis.com/v1beta");
    assertThat(gemini.apiKeyVariable()).isEqualTo("GEMINI_API_KEY");
    assertThat(GeminiProvider.API_KEY_VARIABLES).containsExactly("GEMINI_API_KEY", "GOOGLE_API_KEY");
    assertThat(gemini.defaultMode()).isEqualTo(Mode.JSON_SCHEMA);
    assertThat(gemini.modes())
        .containsExactlyInAnyOrder(
            Mode.TOOLS, Mode.JSON_SCHEMA, Mode.JSON, Mode.MD_JSON, Mode.PARALLEL_TOOLS);
  }

  @Test
  void callTokensRoundTripIdsAndSignatures() {
    assertThat(GeminiProvider.callToken(null, null)).isNull();
    assertThat(GeminiProvider.callToken("", "")).isNull();
    for (String[] pair : new String[][] {
        {"fc-1", null}, {null, "c2ln"}, {"a;b%c", "c2ln+/="}, {"x", "y"}}) {
      GeminiProvider.CallToken token =
          GeminiProvider.CallToken.parse(GeminiProvider.callToken(pair[0], pair[1]));
      assertThat(token).isEqualTo(new GeminiProvider.CallToken(pair[0], pair[1]));
    }
    assertThat(GeminiProvider.CallToken.parse("call_1"))
        .isEqualTo(new GeminiProvider.CallToken(null, null));
  }

  @Test
  void aRecursiveSchemaIsSentWithItsDefinitions() {
    ExtractMethod<Object> tree =
        ExtractMethod.builder(Weather.class, "tree", new TypeReference<Object>() {})
            .schema("""
                {"type":"object","properties":{"root":{"$ref":"#/$defs/Node"}},
                 "$defs":{"Node":{"type":"object","properties":{
                    "children":{"type":"array","items":{"$ref":"#/$defs/Node"}}}}}}""")
            .build();

    JsonNode body = JSON.readTree(build(tree, Mode.JSON_SCHEMA, CONVERSATION, null, null).body());

    assertThat(body.at("/generationConfig/responseJsonSchema/$defs/Node/properties/children/items/$ref")
        .asString()).isEqualTo("#/$defs/Node");
  }

  /** Builds the request and checks its body against the protos. */
  private TransportRequest build(ExtractMethod<?> method, Mode mode, List<Message> messages,
      Integer maxOutputTokens, Double temperature) {
    TransportRequest request = gemini.request(new ProviderRequest(gemini.defaultBaseUrl(), KEY,
        "gemini-2.5-flash", method, mode, messages, maxOutputTokens, temperature));
    if (SharedData.available()) {
      assertThat(GeminiProtos.generateContentRequestErrors(request.body()))
          .as("proto violations of %s", request.body()).isEmpty();
    }
    // The protos mark FunctionDeclaration.description REQUIRED; GeminiProtos lets it go because
    // the live API accepts the SDKs' requests without it, but Quarry always sends one.
    for (JsonNode declaration : JSON.readTree(request.body()).at("/tools/0/functionDeclarations")) {
      assertThat(declaration.path("description").asString(""))
          .as("the description of %s", declaration).isNotBlank();
    }
    return request;
  }

  private static void assertJson(String actual, String expected) {
    assertThat(JSON.readTree(actual)).isEqualTo(JSON.readTree(expected));
  }
}
