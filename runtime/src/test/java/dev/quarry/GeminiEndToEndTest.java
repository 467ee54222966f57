package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.provider.Providers;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.testing.GeminiProtos;
import dev.quarry.testing.LocalServer;
import dev.quarry.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole pipeline over HTTP: Quarry with the Gemini provider and the JDK transport against a
 * local server that answers in the Gemini API's wire format (recorded bodies where they exist).
 * Every request body is checked against the v1beta protos.
 */
class GeminiEndToEndTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String RECORDINGS = "wire/gemini/examples/js-genai-recordings/";
  private static final String KEY = "AIzaSy-e2e-0123456789";
  /** The base URL is the host root, as in Google's SDKs: /v1beta is added. */
  private static final String PATH = "/v1beta/models/gemini-2.5-flash:generateContent";

  record Division(double numerator, double denominator) {}

  enum Units { c, f }

  record Weather(String city, Units units) {}

  static final ExtractMethod<Division> DIVISION =
      ExtractMethod.builder(GeminiEndToEndTest.class, "division", new TypeReference<Division>() {})
          .toolName("customDivide")
          .description("Custom divide function")
          .schema("""
              {"type":"object","properties":{"numerator":{"type":"number"},\
              "denominator":{"type":"number","exclusiveMinimum":0}},\
              "required":["numerator","denominator"],"additionalProperties":false}""")
          .mode(Mode.TOOLS)
          .build();

  static final ExtractMethod<Weather> WEATHER =
      ExtractMethod.builder(GeminiEndToEndTest.class, "weather", new TypeReference<Weather>() {})
          .toolName("Weather")
          .system("You turn questions into weather lookups.")
          .schema("""
              {"type":"object","properties":{"city":{"type":"string"},\
              "units":{"type":"string","enum":["c","f"]}},\
              "required":["city","units"],"additionalProperties":false}""")
          .build();

  private final LocalServer server = LocalServer.start();

  @AfterEach
  void close() {
    server.close();
  }

  private Quarry quarry() {
    return Quarry.builder()
        .provider(Providers.gemini())
        .baseUrl(server.baseUrl())
        .apiKey(KEY)
        .model("gemini-2.5-flash")
        .build();
  }

  private static String recorded(String file, int interaction) {
    return JSON.readTree(SharedData.read(RECORDINGS + file))
        .path("interactions").path(interaction).path("response").path("bodySegments").path(0)
        .toString();
  }

  private static JsonNode body(LocalServer.Request request) {
    assertThat(request.path()).isEqualTo(PATH);
    assertThat(request.query()).isNull();
    assertThat(request.header("x-goog-api-key")).isEqualTo(KEY);
    assertThat(GeminiProtos.generateContentRequestErrors(request.body()))
        .as("proto violations of %s", request.body()).isEmpty();
    return JSON.readTree(request.body());
  }

  private static String candidate(ObjectNode part, String finishReason, int in, int out) {
    ObjectNode response = JSON.createObjectNode();
    ObjectNode candidate = response.putArray("candidates").addObject();
    candidate.putObject("content").put("role", "model").putArray("parts").add(part);
    candidate.put("finishReason", finishReason).put("index", 0);
    response.putObject("usageMetadata").put("promptTokenCount", in)
        .put("candidatesTokenCount", out).put("totalTokenCount", in + out);
    response.put("modelVersion", "gemini-2.5-flash").put("responseId", "resp-" + in);
    return response.toString();
  }

  private static String text(String text, int in, int out) {
    return candidate(JSON.createObjectNode().put("text", text), "STOP", in, out);
  }

  @Test
  void recordedFunctionCallBecomesATypedRecord() {
    server.enqueue(200, recorded(
        "Chats_Tests_chats_function_calling_Google_AI_with_function_calling.json", 0));

    Extraction<Division> result = quarry().extract(DIVISION, "what is the result of 100/2");

    assertThat(result.value()).isEqualTo(new Division(100, 2));
    assertThat(result.usage()).isEqualTo(Usage.of(21, 6));
    JsonNode body = body(server.takeRequest());
    assertThat(body.at("/toolConfig/functionCallingConfig/mode").asString()).isEqualTo("ANY");
    assertThat(body.at("/tools/0/functionDeclarations/0/name").asString()).isEqualTo("customDivide");
    assertThat(body.at("/tools/0/functionDeclarations/0/parametersJsonSchema/properties/denominator/description")
        .asString()).contains("exclusiveMinimum");
  }

  @Test
  void toolsReAskReplaysTheCallWithItsSignatureAndAnswersItWithTheErrors() {
    ObjectNode badCall = JSON.createObjectNode().put("thoughtSignature", "CiQBVKhc7gAAAA==");
    badCall.putObject("functionCall").put("id", "fc-1").put("name", "customDivide")
        .putObject("args").put("numerator", 100).put("denominator", 0);
    ObjectNode goodCall = JSON.createObjectNode();
    goodCall.putObject("functionCall").put("name", "customDivide")
        .putObject("args").put("numerator", 100).put("denominator", 2);
    server.enqueue(200, candidate(badCall, "STOP", 30, 8));
    server.enqueue(200, candidate(goodCall, "STOP", 70, 8));

    Extraction<Division> result = quarry().extract(DIVISION, "what is 100/2");

    assertThat(result.value()).isEqualTo(new Division(100, 2));
    assertThat(result.attempts()).hasSize(2);
    assertThat(result.usage()).isEqualTo(Usage.of(100, 16));
    assertThat(result.attempts().get(0).violations()).extracting(Violation::pointer)
        .containsExactly("/denominator");
    body(server.takeRequest());
    JsonNode contents = body(server.takeRequest()).get("contents");
    assertThat(contents).hasSize(3);
    assertThat(contents.at("/1/role").asString()).isEqualTo("model");
    assertThat(contents.at("/1/parts/0/thoughtSignature").asString()).isEqualTo("CiQBVKhc7gAAAA==");
    assertThat(contents.at("/1/parts/0/functionCall/id").asString()).isEqualTo("fc-1");
    assertThat(contents.at("/1/parts/0/functionCall/args/denominator").asInt()).isZero();
    assertThat(contents.at("/2/role").asString()).isEqualTo("user");
    assertThat(contents.at("/2/parts/0/functionResponse/id").asString()).isEqualTo("fc-1");
    assertThat(contents.at("/2/parts/0/functionResponse/name").asString()).isEqualTo("customDivide");
    assertThat(contents.at("/2/parts/0/functionResponse/response/error").asString())
        .contains("/denominator");
  }

  @Test
  void jsonSchemaIsTheDefaultAndItsReAskEndsOnAUserTurn() {
    server.enqueue(200, text("{\"city\":\"Edinburgh\",\"units\":\"celsius\"}", 40, 9));
    server.enqueue(200, text("{\"city\":\"Edinburgh\",\"units\":\"c\"}", 60, 9));

    Extraction<Weather> result = quarry().extract(WEATHER, "Weather in Edinburgh?");

    assertThat(result.value()).isEqualTo(new Weather("Edinburgh", Units.c));
    JsonNode first = body(server.takeRequest());
    assertThat(first.at("/systemInstruction/parts/0/text").asString())
        .isEqualTo("You turn questions into weather lookups.");
    assertThat(first.at("/generationConfig/responseMimeType").asString()).isEqualTo("application/json");
    assertThat(first.at("/generationConfig/responseJsonSchema/properties/units/enum/1").asString())
        .isEqualTo("f");
    assertThat(first.has("tools")).isFalse();
    JsonNode contents = body(server.takeRequest()).get("contents");
    assertThat(contents).hasSize(3);
    assertThat(contents.at("/1/role").asString()).isEqualTo("model");
    assertThat(contents.at("/1/parts/0/text").asString()).contains("celsius");
    assertThat(contents.at("/2/role").asString()).isEqualTo("user");
    assertThat(contents.at("/2/parts/0/text").asString()).contains("/units");
  }

  @Test
  void recordedTruncationAndASafetyStopAreTyped() {
    server.enqueue(200, recorded(
        "Client_Tests_generateContent_ML_Dev_should_generate_content_with_specified_parameters.json", 0));
    server.enqueue(200, """
        {"candidates":[{"finishReason":"SAFETY","index":0,"safetyRatings":[
           {"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"HIGH","blocked":true}]}],
         "usageMetadata":{"promptTokenCount":9}}""");
    Quarry quarry = quarry();

    assertThatThrownBy(() -> quarry.extract(WEATHER, "x"))
        .isInstanceOfSatisfying(IncompleteOutputException.class, e -> {
          assertThat(e.getMessage()).contains("MAX_TOKENS");
          assertThat(e.usage().outputTokens()).isEqualTo(149 + 48);
        });
    assertThatThrownBy(() -> quarry.extract(WEATHER, "x"))
        .isInstanceOfSatisfying(RefusalException.class, e ->
            assertThat(e.refusal()).contains("SAFETY", "HARM_CATEGORY_DANGEROUS_CONTENT"));
    body(server.takeRequest());
    body(server.takeRequest());
  }

  @Test
  void recordedNotFoundIsAProviderError() {
    server.enqueue(404, recorded("Chats_Tests_sendMessage_Send_message_stream_with_error.json", 0));

    assertThatThrownBy(() -> quarry().extract(WEATHER, "x"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(404);
          assertThat(e.errorType()).isEqualTo("NOT_FOUND");
          assertThat(e.getMessage()).contains("'gemini-2.5-flash' was not found");
          assertThat(e.attempts()).singleElement()
              .satisfies(a -> assertThat(a.status()).isEqualTo(404));
        });
  }

  @Test
  void anInvalidKeyNamesTheVariableAndNeverTheKey() {
    server.enqueue(400, """
        {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.",
          "status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo",
          "reason":"API_KEY_INVALID","metadata":{"key":"%s"}}]}}""".formatted(KEY));

    assertThatThrownBy(() -> quarry().extract(WEATHER, "x"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.getMessage()).contains("GEMINI_API_KEY").doesNotContain(KEY);
          assertThat(e.responseBody()).doesNotContain(KEY);
        });
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void missingKeyIsAConfigurationErrorNamingTheVariable() {
    assertThatThrownBy(() -> Quarry.builder().provider(Providers.gemini())
            .environment(java.util.Map.<String, String>of()::get).model("gemini-2.5-flash").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("GEMINI_API_KEY");
    assertThat(Quarry.builder().provider(Providers.gemini())
        .environment(java.util.Map.of("GEMINI_API_KEY", "AIza-env")::get)
        .model("gemini-2.5-flash").build()).isNotNull();
  }

  @Test
  void imagesAndDocumentsTravelAsInlineDataAndFileData() {
    server.enqueue(200, text("{\"city\":\"Oslo\",\"units\":\"c\"}", 300, 9));
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
    byte[] pdf = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    quarry().extract(WEATHER, "Where is this?", List.of(Image.fromBytes(png),
        Image.fromUrl("https://example.com/a.webp"), Document.fromBytes(pdf, "a.pdf")));

    JsonNode parts = body(server.takeRequest()).at("/contents/0/parts");
    assertThat(parts).hasSize(4);
    assertThat(parts.at("/0/text").asString()).isEqualTo("Where is this?");
    assertThat(parts.at("/1/inlineData/mimeType").asString()).isEqualTo("image/png");
    assertThat(parts.at("/1/inlineData/data").asString()).startsWith("iVBORw0KGgo");
    assertThat(parts.at("/2/fileData/fileUri").asString()).isEqualTo("https://example.com/a.webp");
    assertThat(parts.at("/3/inlineData/mimeType").asString()).isEqualTo("application/pdf");
  }

  @Test
  void jsonAndMdJsonModesPutTheSchemaInTheSystemInstruction() {
    for (Mode mode : List.of(Mode.JSON, Mode.MD_JSON)) {
      server.enqueue(200, text("```json\n{\"city\":\"Oslo\",\"units\":\"f\"}\n```", 50, 12));
      Quarry quarry = Quarry.builder().provider(Providers.gemini()).baseUrl(server.baseUrl())
          .apiKey(KEY).model("gemini-2.5-flash").mode(mode).build();

      assertThat(quarry.extract(WEATHER, "Oslo?").value()).isEqualTo(new Weather("Oslo", Units.f));
      JsonNode body = body(server.takeRequest());
      assertThat(body.at("/systemInstruction/parts/0/text").asString()).contains("\"units\"");
      assertThat(body.path("generationConfig").path("responseMimeType").isString())
          .isEqualTo(mode == Mode.JSON);
      assertThat(body.path("generationConfig").has("responseJsonSchema")).isFalse();
    }
  }
}
