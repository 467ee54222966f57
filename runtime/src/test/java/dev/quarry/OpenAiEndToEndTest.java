package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.spi.ExtractMethod;
import dev.quarry.testing.LocalServer;
import dev.quarry.testing.OpenAiSpec;
import dev.quarry.testing.SharedData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole pipeline over HTTP: Quarry with the OpenAI provider and the JDK transport against a
 * local server that answers with OpenAI's wire format (recorded payloads where they exist).
 * Every request body is checked against the published OpenAPI spec.
 */
class OpenAiEndToEndTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String RECORDED = "wire/openai/examples/openai-python/";

  enum Units { c, f }

  record GetWeatherArgs(String city, String country, Units units) {}

  record Location(String city, double temperature, Units units) {}

  static final ExtractMethod<GetWeatherArgs> WEATHER_ARGS =
      ExtractMethod.builder(OpenAiEndToEndTest.class, "weatherArgs", new TypeReference<GetWeatherArgs>() {})
          .toolName("GetWeatherArgs")
          .system("You turn questions into weather lookups.")
          .schema(
              "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
                  + "\"country\":{\"type\":\"string\"},\"units\":{\"type\":\"string\",\"enum\":[\"c\",\"f\"]}},"
                  + "\"required\":[\"city\",\"country\",\"units\"],\"additionalProperties\":false}")
          .strictSchema(
              "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
                  + "\"country\":{\"type\":\"string\"},\"units\":{\"type\":\"string\",\"enum\":[\"c\",\"f\"]}},"
                  + "\"required\":[\"city\",\"country\",\"units\"],\"additionalProperties\":false}")
          .build();

  static final ExtractMethod<Location> LOCATION =
      ExtractMethod.builder(OpenAiEndToEndTest.class, "location", new TypeReference<Location>() {})
          .toolName("Location")
          .schema(
              "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
                  + "\"temperature\":{\"type\":\"number\"},\"units\":{\"type\":\"string\",\"enum\":[\"c\",\"f\"]}},"
                  + "\"required\":[\"city\",\"temperature\",\"units\"],\"additionalProperties\":false}")
          .mode(Mode.JSON_SCHEMA)
          .build();

  static final ExtractMethod<Location> MAYBE_LOCATION =
      ExtractMethod.builder(OpenAiEndToEndTest.class, "maybeLocation", new TypeReference<Location>() {})
          .schema(
              "{\"type\":\"object\",\"properties\":{\"value\":{\"anyOf\":[{\"type\":\"object\"},{\"type\":\"null\"}]}},"
                  + "\"required\":[\"value\"],\"additionalProperties\":false}")
          .wrapperProperty("value")
          .build();

  private final LocalServer server = LocalServer.start();

  @AfterEach
  void close() {
    server.close();
  }

  private Quarry quarry() {
    return Quarry.builder().baseUrl(server.baseUrl()).apiKey("sk-test-123456789").model("gpt-4o-2024-08-06").build();
  }

  private static String recorded(String file) {
    return SharedData.read(RECORDED + file);
  }

  private static String toolCompletion(String id, String name, String arguments, int in, int out) {
    return JSON.createObjectNode()
        .put("id", "chatcmpl-test")
        .put("object", "chat.completion")
        .put("model", "gpt-4o-2024-08-06")
        .set("choices", JSON.createArrayNode().add(JSON.createObjectNode()
            .put("index", 0)
            .put("finish_reason", "tool_calls")
            .set("message", JSON.createObjectNode()
                .put("role", "assistant")
                .putNull("content")
                .set("tool_calls", JSON.createArrayNode().add(JSON.createObjectNode()
                    .put("id", id).put("type", "function")
                    .set("function", JSON.createObjectNode().put("name", name).put("arguments", arguments)))))))
        .set("usage", JSON.createObjectNode().put("prompt_tokens", in).put("completion_tokens", out))
        .toString();
  }

  private static JsonNode body(LocalServer.Request request) {
    assertThat(OpenAiSpec.chatRequestErrors(request.body())).as("spec errors").isEmpty();
    return JSON.readTree(request.body());
  }

  @Test
  void recordedToolCallBecomesATypedRecord() {
    server.enqueue(200, recorded("chat__test_parse_pydantic_tool.json"));

    Extraction<GetWeatherArgs> result = quarry().extract(WEATHER_ARGS, "What's the weather like in Edinburgh?");

    assertThat(result.value()).isEqualTo(new GetWeatherArgs("Edinburgh", "UK", Units.c));
    assertThat(result.usage()).isEqualTo(Usage.of(76, 24));
    LocalServer.Request request = server.takeRequest();
    assertThat(request.path()).isEqualTo("/chat/completions");
    assertThat(request.header("authorization")).isEqualTo("Bearer sk-test-123456789");
    JsonNode body = body(request);
    assertThat(body.at("/tool_choice/function/name").asString()).isEqualTo("GetWeatherArgs");
    assertThat(body.at("/tools/0/function/strict").asBoolean()).isTrue();
    assertThat(result.lastAttempt().requestBody()).isEqualTo(request.body());
    assertThat(result.rawResponse()).contains("call_Y6qJ7ofLgOrBnMD5WbVAeiRV");
  }

  @Test
  void reaskOverTheWireFollowsTheToolConversationRules() {
    server.enqueue(200, toolCompletion("call_1", "GetWeatherArgs", "{\"city\":\"Edinburgh\",\"units\":\"celsius\"}", 80, 20));
    server.enqueue(200, toolCompletion("call_2", "GetWeatherArgs", "{\"city\":\"Edinburgh\",\"country\":\"UK\",\"units\":\"c\"}", 130, 22));

    Extraction<GetWeatherArgs> result = quarry().extract(WEATHER_ARGS, "Weather in Edinburgh?");

    assertThat(result.value()).isEqualTo(new GetWeatherArgs("Edinburgh", "UK", Units.c));
    assertThat(result.attempts()).hasSize(2);
    assertThat(result.usage()).isEqualTo(Usage.of(210, 42));
    assertThat(result.attempts().get(0).violations())
        .extracting(Violation::pointer)
        .contains("", "/units");
    body(server.takeRequest());
    JsonNode second = body(server.takeRequest());
    JsonNode messages = second.get("messages");
    assertThat(messages).hasSize(4);
    assertThat(messages.get(2).get("role").asString()).isEqualTo("assistant");
    assertThat(messages.get(2).at("/tool_calls/0/id").asString()).isEqualTo("call_1");
    assertThat(messages.get(2).at("/tool_calls/0/function/arguments").asString()).contains("celsius");
    assertThat(messages.get(3).get("role").asString()).isEqualTo("tool");
    assertThat(messages.get(3).get("tool_call_id").asString()).isEqualTo("call_1");
    assertThat(messages.get(3).get("content").asString()).contains("country").contains("/units");
  }

  @Test
  void recordedStructuredOutputInJsonSchemaMode() {
    server.enqueue(200, recorded("chat__test_parse_pydantic_model.json"));

    Location location = quarry().extract(LOCATION, "What's the weather like in SF?").value();

    assertThat(location).isEqualTo(new Location("San Francisco", 65, Units.f));
    JsonNode body = body(server.takeRequest());
    assertThat(body.at("/response_format/type").asString()).isEqualTo("json_schema");
    assertThat(body.at("/response_format/json_schema/name").asString()).isEqualTo("Location");
    assertThat(body.has("tools")).isFalse();
  }

  @Test
  void recordedRefusalAndTruncationAreTyped() {
    server.enqueue(200, recorded("chat__test_parse_pydantic_model_refusal.json"));
    server.enqueue(200, recorded("chat__test_parse_max_tokens_reached.json"));
    Quarry quarry = quarry();

    assertThatThrownBy(() -> quarry.extract(LOCATION, "x"))
        .isInstanceOfSatisfying(RefusalException.class, e -> {
          assertThat(e.refusal()).isNotBlank();
          assertThat(e.attempts()).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo(200));
        });
    assertThatThrownBy(() -> quarry.extract(LOCATION, "x"))
        .isInstanceOfSatisfying(IncompleteOutputException.class, e -> assertThat(e.usage().outputTokens()).isPositive());
  }

  @Test
  void modelSayingAbsentGivesEmptyOptional() {
    server.enqueue(200, toolCompletion("call_1", "maybeLocation", "{\"value\":null}", 10, 3));

    assertThat(quarry().extract(MAYBE_LOCATION, "No place is named here.").optionalValue()).isEmpty();
  }

  @Test
  void unauthorizedNamesTheVariableAndNeverTheKey() {
    server.enqueue(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-test-123456789.\","
        + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");

    assertThatThrownBy(() -> quarry().extract(WEATHER_ARGS, "x"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.getMessage()).contains("OPENAI_API_KEY").doesNotContain("sk-test-123456789");
          assertThat(e.responseBody()).doesNotContain("sk-test-123456789");
          assertThat(e.attempts()).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo(401));
        });
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void unreachableServerIsAProviderErrorWithStatusZero() {
    String deadUrl = server.baseUrl();
    server.close();
    Quarry quarry = Quarry.builder().baseUrl(deadUrl).model("m").build();

    assertThatThrownBy(() -> quarry.extract(WEATHER_ARGS, "x"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isZero();
          assertThat(e.getMessage()).contains("could not reach").contains(deadUrl);
          assertThat(e.attempts()).hasSize(1);
        });
  }

  @Test
  void missingApiKeyIsAConfigurationErrorNamingTheVariable() {
    assertThatThrownBy(() -> Quarry.builder().environment(Map.<String, String>of()::get).model("m").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("OPENAI_API_KEY")
        .hasMessageContaining("apiKey(");
    assertThat(Quarry.builder().environment(Map.of("OPENAI_API_KEY", "sk-env")::get).model("m").build())
        .isNotNull();
  }

  @Test
  void jsonModeRequestsAreSpecValid() {
    for (Mode mode : List.of(Mode.JSON, Mode.MD_JSON)) {
      server.enqueue(200, recorded("chat__test_parse_pydantic_model.json"));
      Quarry quarry = Quarry.builder().baseUrl(server.baseUrl()).model("gpt-4o").mode(mode).build();
      ExtractMethod<Location> method =
          ExtractMethod.builder(OpenAiEndToEndTest.class, "location", new TypeReference<Location>() {})
              .schema(LOCATION.schema())
              .build();

      assertThat(quarry.extract(method, "SF?").value().city()).isEqualTo("San Francisco");
      JsonNode body = body(server.takeRequest());
      assertThat(body.at("/messages/0/role").asString()).isEqualTo("system");
      assertThat(body.at("/messages/0/content").asString()).contains("\"temperature\"");
    }
  }

  @Test
  void imagesAndDocumentsBecomeContentParts() {
    server.enqueue(200, recorded("chat__test_parse_pydantic_model.json"));
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
    byte[] pdf = "%PDF-1.4\n%%EOF\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    quarry().extract(
        LOCATION,
        "Where is this?",
        List.of(Image.fromBytes(png), Image.fromUrl("https://example.com/a.webp"), Document.fromBytes(pdf, "a.pdf")));

    JsonNode content = body(server.takeRequest()).at("/messages/0/content");
    assertThat(content).hasSize(4);
    assertThat(content.at("/0/text").asString()).isEqualTo("Where is this?");
    assertThat(content.at("/1/image_url/url").asString()).startsWith("data:image/png;base64,iVBORw0KGgo");
    assertThat(content.at("/2/image_url/url").asString()).isEqualTo("https://example.com/a.webp");
    assertThat(content.at("/3/type").asString()).isEqualTo("file");
    assertThat(content.at("/3/file/filename").asString()).isEqualTo("a.pdf");
    assertThat(content.at("/3/file/file_data").asString()).startsWith("data:application/pdf;base64,JVBERi0x");
  }
}
