package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.provider.Providers;
import dev.quarry.provider.anthropic.SseMessages;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.testing.AnthropicSpec;
import dev.quarry.testing.LocalServer;
import dev.quarry.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole pipeline over HTTP: Quarry with the Anthropic provider and the JDK transport against
 * a local server that answers in the Messages API's wire format (recorded payloads where they
 * exist). Every request body is checked against the unofficial spec and the conversation rules.
 */
class AnthropicEndToEndTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String RECORDED = "wire/anthropic/examples/anthropic-sdk-python/recorded-http/";
  private static final String KEY = "sk-ant-test-123456789";

  enum Units { c, f }

  record GetWeather(String location, Units units) {}

  record OrderItem(String product_name, double price, int quantity) {}

  static final ExtractMethod<GetWeather> WEATHER =
      ExtractMethod.builder(AnthropicEndToEndTest.class, "weather", new TypeReference<GetWeather>() {})
          .toolName("get_weather")
          .description("Lookup the weather for a given city in either celsius or fahrenheit")
          .system("You turn questions into weather lookups.")
          .schema("""
              {"type":"object","properties":{"location":{"type":"string"},
               "units":{"type":"string","enum":["c","f"]}},
               "required":["location","units"],"additionalProperties":false}""")
          .build();

  static final ExtractMethod<OrderItem> ORDER_ITEM =
      ExtractMethod.builder(AnthropicEndToEndTest.class, "orderItem", new TypeReference<OrderItem>() {})
          .toolName("OrderItem")
          .schema("""
              {"type":"object","properties":{"product_name":{"type":"string"},
               "price":{"type":"number","minimum":0},"quantity":{"type":"integer","minimum":1}},
               "required":["product_name","price","quantity"]}""")
          .mode(Mode.JSON_SCHEMA)
          .build();

  private final LocalServer server = LocalServer.start();

  @AfterEach
  void close() {
    server.close();
  }

  private Quarry quarry() {
    return Quarry.builder()
        .provider(Providers.anthropic())
        .baseUrl(server.baseUrl())
        .apiKey(KEY)
        .model("claude-haiku-4-5")
        .build();
  }

  private static String recordedBody(String file, int exchange) {
    return JSON.readTree(SharedData.read(RECORDED + file)).get(exchange).at("/response/body").toString();
  }

  private static String toolUse(String id, String input, int in, int out) {
    return """
        {"id":"msg_test","type":"message","role":"assistant","model":"claude-haiku-4-5-20251001",
         "content":[{"type":"tool_use","id":"%s","name":"get_weather","input":%s}],
         "stop_reason":"tool_use","stop_sequence":null,
         "usage":{"input_tokens":%d,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,
                  "output_tokens":%d}}""".formatted(id, input, in, out);
  }

  private static JsonNode body(LocalServer.Request request) {
    assertThat(AnthropicSpec.messageRequestErrors(request.body())).as("spec errors").isEmpty();
    assertThat(AnthropicSpec.conversationErrors(request.body())).as("conversation errors").isEmpty();
    return JSON.readTree(request.body());
  }

  @Test
  void recordedToolUseBecomesATypedRecord() {
    server.enqueue(200, Map.of("content-type", "application/json", "request-id", "req_e2e"),
        recordedBody("test_runners__TestSyncRunTools__test_tool_call_error__10e53c1d.json", 0));

    Extraction<GetWeather> result = quarry().extract(WEATHER, "What is the weather in SF?");

    assertThat(result.value()).isEqualTo(new GetWeather("San Francisco, CA", Units.f));
    assertThat(result.usage()).isEqualTo(Usage.of(656, 74));
    LocalServer.Request request = server.takeRequest();
    assertThat(request.path()).isEqualTo("/v1/messages"); // the host root, plus /v1
    assertThat(request.header("x-api-key")).isEqualTo(KEY);
    assertThat(request.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(request.header("authorization")).isNull();
    JsonNode body = body(request);
    assertThat(body.get("system").asString()).isEqualTo("You turn questions into weather lookups.");
    assertThat(body.at("/tool_choice/type").asString()).isEqualTo("tool");
    assertThat(body.at("/tool_choice/name").asString()).isEqualTo("get_weather");
    assertThat(body.at("/tools/0/input_schema")).isEqualTo(WEATHER.schemaNode());
    assertThat(result.lastAttempt().requestBody()).isEqualTo(request.body());
    assertThat(result.rawResponse()).contains("toolu_01A9HHF5Ezy3oBrKmSgfASm9");
  }

  @Test
  void reaskOverTheWireAnswersTheToolUseWithAnErrorToolResult() {
    server.enqueue(200, toolUse("toolu_1", "{\"location\":\"San Francisco, CA\",\"units\":\"celsius\"}", 600, 70));
    server.enqueue(200, toolUse("toolu_2", "{\"location\":\"San Francisco, CA\",\"units\":\"c\"}", 700, 72));

    Extraction<GetWeather> result = quarry().extract(WEATHER, "What's the weather in SF in Celsius?");

    assertThat(result.value()).isEqualTo(new GetWeather("San Francisco, CA", Units.c));
    assertThat(result.attempts()).hasSize(2);
    assertThat(result.usage()).isEqualTo(Usage.of(1300, 142));
    assertThat(result.attempts().get(0).violations()).extracting(Violation::pointer).contains("/units");
    body(server.takeRequest());
    JsonNode messages = body(server.takeRequest()).get("messages");
    assertThat(messages).hasSize(3);
    assertThat(messages.at("/0/role").asString()).isEqualTo("user");
    assertThat(messages.at("/1/role").asString()).isEqualTo("assistant");
    assertThat(messages.at("/1/content/0/type").asString()).isEqualTo("tool_use");
    assertThat(messages.at("/1/content/0/id").asString()).isEqualTo("toolu_1");
    assertThat(messages.at("/1/content/0/input/units").asString()).isEqualTo("celsius");
    assertThat(messages.at("/2/role").asString()).isEqualTo("user");
    JsonNode result2 = messages.at("/2/content/0");
    assertThat(result2.get("type").asString()).isEqualTo("tool_result");
    assertThat(result2.get("tool_use_id").asString()).isEqualTo("toolu_1");
    assertThat(result2.get("is_error").asBoolean()).isTrue();
    assertThat(result2.get("content").asString()).contains("/units");
  }

  @Test
  void recordedStructuredOutputInJsonSchemaMode() {
    server.enqueue(200, recordedBody(
        "test_messages__TestSyncParse__test_parse_with_pydantic_model__c11eefc7.json", 0));

    OrderItem item = quarry().extract(ORDER_ITEM, "Extract: I want to order 2 Green Tea at $5.50 each").value();

    assertThat(item).isEqualTo(new OrderItem("Green Tea", 5.5, 2));
    JsonNode body = body(server.takeRequest());
    assertThat(body.has("tools")).isFalse();
    JsonNode format = body.at("/output_config/format");
    assertThat(format.get("type").asString()).isEqualTo("json_schema");
    assertThat(format.at("/schema/additionalProperties").asBoolean(true)).isFalse();
    assertThat(format.at("/schema/properties/quantity/minimum").isMissingNode()).isTrue();
    assertThat(format.at("/schema/properties/quantity/description").asString()).contains("\"minimum\":1");
  }

  @Test
  void constraintsMovedOutOfTheSchemaAreStillEnforcedLocally() {
    server.enqueue(200, """
        {"type":"message","model":"claude-sonnet-4-5","stop_reason":"end_turn",
         "content":[{"type":"text","text":"{\\"product_name\\":\\"Tea\\",\\"price\\":1,\\"quantity\\":0}"}],
         "usage":{"input_tokens":10,"output_tokens":5}}""");
    server.enqueue(200, """
        {"type":"message","model":"claude-sonnet-4-5","stop_reason":"end_turn",
         "content":[{"type":"text","text":"{\\"product_name\\":\\"Tea\\",\\"price\\":1,\\"quantity\\":1}"}],
         "usage":{"input_tokens":30,"output_tokens":5}}""");

    Extraction<OrderItem> result = quarry().extract(ORDER_ITEM, "One tea.");

    assertThat(result.value().quantity()).isEqualTo(1);
    assertThat(result.attempts().get(0).violations()).extracting(Violation::pointer)
        .containsExactly("/quantity");
    body(server.takeRequest());
    JsonNode messages = body(server.takeRequest()).get("messages");
    assertThat(messages).hasSize(3);
    assertThat(messages.at("/1/content").asString()).contains("\"quantity\":0");
    assertThat(messages.at("/2/content").asString()).contains("/quantity");
  }

  @Test
  void recordedRefusalAndTruncationAreTyped() {
    String streams = "wire/anthropic/examples/anthropic-sdk-python/streaming-fixtures/";
    server.enqueue(200, SseMessages.fold(SharedData.read(streams + "refusal_response.txt")));
    server.enqueue(200, SseMessages.fold(SharedData.read(streams + "incomplete_partial_json_response.txt")));
    Quarry quarry = quarry();

    assertThatThrownBy(() -> quarry.extract(ORDER_ITEM, "x"))
        .isInstanceOfSatisfying(RefusalException.class,
            e -> assertThat(e.refusal()).isEqualTo("This request was refused due to policy."));
    assertThatThrownBy(() -> quarry.extract(WEATHER, "x"))
        .isInstanceOfSatisfying(IncompleteOutputException.class,
            e -> assertThat(e.getMessage()).contains("max_tokens"));
  }

  @Test
  void recordedRateLimitIsAProviderErrorWithTheRequestId() {
    JsonNode exchange = JSON.readTree(SharedData.read(RECORDED
        + "test_messages__TestAsyncParse__test_parse_with_nested_pydantic_model__d743d628.json")).get(0);
    server.enqueue(429, Map.of("content-type", "application/json", "x-should-retry", "true"),
        exchange.at("/response/body").toString());
    // Transport retries are tested in dev.quarry.reliability; here the error itself matters.
    Quarry quarry = Quarry.builder().provider(Providers.anthropic()).baseUrl(server.baseUrl())
        .apiKey(KEY).model("claude-haiku-4-5").maxRetries(0).build();

    assertThatThrownBy(() -> quarry.extract(WEATHER, "x"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.errorType()).isEqualTo("rate_limit_error");
          assertThat(e.requestId()).isEqualTo("req_011CYK5mje9HkutJtmfPzzNC");
          assertThat(e.attempts()).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo(429));
        });
  }

  @Test
  void unauthorizedNamesTheVariableAndNeverTheKey() {
    server.enqueue(401, """
        {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},
         "request_id":"req_401"}""");

    assertThatThrownBy(() -> quarry().extract(WEATHER, "x"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.getMessage()).contains("ANTHROPIC_API_KEY").doesNotContain(KEY);
        });
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void missingApiKeyIsAConfigurationErrorNamingTheVariable() {
    assertThatThrownBy(() -> Quarry.builder().provider(Providers.anthropic())
            .environment(Map.<String, String>of()::get).model("m").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ANTHROPIC_API_KEY");
    assertThat(Quarry.builder().provider(Providers.anthropic())
            .environment(Map.of("ANTHROPIC_API_KEY", "sk-env")::get).model("m").build())
        .isNotNull();
  }

  @Test
  void promptModesPutTheSchemaInTheSystemPromptOnly() {
    for (Mode mode : List.of(Mode.JSON, Mode.MD_JSON)) {
      server.enqueue(200, recordedBody(
          "test_messages__TestSyncParse__test_parse_with_pydantic_model__c11eefc7.json", 0));
      Quarry quarry = Quarry.builder().provider(Providers.anthropic()).baseUrl(server.baseUrl())
          .apiKey(KEY).model("claude-sonnet-4-5").mode(mode).build();
      ExtractMethod<OrderItem> method =
          ExtractMethod.builder(AnthropicEndToEndTest.class, "orderItem", new TypeReference<OrderItem>() {})
              .schema(ORDER_ITEM.schema())
              .build();

      assertThat(quarry.extract(method, "2 Green Tea at $5.50").value().quantity()).isEqualTo(2);
      JsonNode body = body(server.takeRequest());
      assertThat(body.get("system").asString()).contains("\"product_name\"");
      assertThat(body.has("output_config")).isFalse();
      assertThat(body.has("tools")).isFalse();
    }
  }

  @Test
  void imagesAndDocumentsBecomeContentBlocks() {
    server.enqueue(200, recordedBody(
        "test_runners__TestSyncRunTools__test_tool_call_error__10e53c1d.json", 0));
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
    byte[] pdf = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    quarry().extract(WEATHER, "Where is this?",
        List.of(Image.fromBytes(png), Image.fromUrl("https://example.com/a.webp"),
            Document.fromBytes(pdf, "a.pdf")));

    JsonNode content = body(server.takeRequest()).at("/messages/0/content");
    assertThat(content).hasSize(4);
    assertThat(content.at("/0/text").asString()).isEqualTo("Where is this?");
    assertThat(content.at("/1/source/media_type").asString()).isEqualTo("image/png");
    assertThat(content.at("/1/source/data").asString()).startsWith("iVBORw0KGgo");
    assertThat(content.at("/2/source/url").asString()).isEqualTo("https://example.com/a.webp");
    assertThat(content.at("/3/type").asString()).isEqualTo("document");
    assertThat(content.at("/3/source/data").asString()).startsWith("JVBERi0x");
  }
}
