package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.provider.Providers;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.testing.LocalServer;
import dev.quarry.testing.OpenAiResponsesSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole pipeline over HTTP with the Responses API: Quarry with {@link
 * Providers#openAiResponses()} and the JDK transport against a local server that answers in the
 * Responses wire format. Every request body is checked against {@code CreateResponse} of the
 * published OpenAPI spec.
 */
class OpenAiResponsesEndToEndTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String KEY = "sk-test-123456789";

  enum Units { c, f }

  record GetWeatherArgs(String city, String country, Units units) {}

  record Location(String city, double temperature, Units units) {}

  private static final String WEATHER_SCHEMA = """
      {"type":"object","properties":{"city":{"type":"string"},"country":{"type":"string"},\
      "units":{"type":"string","enum":["c","f"]}},"required":["city","country","units"],\
      "additionalProperties":false}""";

  static final ExtractMethod<GetWeatherArgs> WEATHER_ARGS =
      ExtractMethod.builder(OpenAiResponsesEndToEndTest.class, "weatherArgs",
              new TypeReference<GetWeatherArgs>() {})
          .toolName("GetWeatherArgs")
          .system("You turn questions into weather lookups.")
          .schema(WEATHER_SCHEMA)
          .strictSchema(WEATHER_SCHEMA)
          .build();

  static final ExtractMethod<Location> LOCATION =
      ExtractMethod.builder(OpenAiResponsesEndToEndTest.class, "location",
              new TypeReference<Location>() {})
          .toolName("Location")
          .schema("""
              {"type":"object","properties":{"city":{"type":"string"},\
              "temperature":{"type":"number"},"units":{"type":"string","enum":["c","f"]}},\
              "required":["city","temperature","units"],"additionalProperties":false}""")
          .mode(Mode.JSON_SCHEMA)
          .build();

  private final LocalServer server = LocalServer.start();

  @AfterEach
  void close() {
    server.close();
  }

  private Quarry.Builder builder() {
    return Quarry.builder()
        .provider(Providers.openAiResponses())
        .baseUrl(server.baseUrl())
        .apiKey(KEY)
        .model("gpt-4o-2024-08-06");
  }

  private Quarry quarry() {
    return builder().build();
  }

  /** A response object holding one function call, as the API sends it. */
  private static String functionCall(String callId, String arguments, int in, int out) {
    ObjectNode response = JSON.createObjectNode()
        .put("id", "resp_test").put("object", "response").put("status", "completed")
        .put("model", "gpt-4o-2024-08-06");
    response.putArray("output").addObject()
        .put("type", "function_call").put("id", "fc_" + callId).put("call_id", callId)
        .put("name", "GetWeatherArgs").put("arguments", arguments).put("status", "completed");
    ObjectNode usage =
        response.putObject("usage").put("input_tokens", in).put("output_tokens", out);
    usage.putObject("input_tokens_details").put("cached_tokens", 0);
    usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
    return response.toString();
  }

  /** A response object holding one assistant message with this text. */
  private static String message(String text) {
    ObjectNode response = JSON.createObjectNode()
        .put("id", "resp_test").put("object", "response").put("status", "completed")
        .put("model", "gpt-4o-2024-08-06");
    response.putArray("output").addObject()
        .put("type", "message").put("role", "assistant").put("status", "completed")
        .putArray("content").addObject().put("type", "output_text").put("text", text);
    response.putObject("usage").put("input_tokens", 50).put("output_tokens", 10);
    return response.toString();
  }

  private static JsonNode body(LocalServer.Request request) {
    assertThat(OpenAiResponsesSpec.requestErrors(request.body()))
        .as("spec errors of %s", request.body())
        .isEmpty();
    return JSON.readTree(request.body());
  }

  private static String resource(String file) {
    try (InputStream in = OpenAiResponsesEndToEndTest.class.getClassLoader()
        .getResourceAsStream("responses/" + file)) {
      assertThat(in).as("test resource responses/%s", file).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aFunctionCallBecomesATypedRecord() {
    server.enqueue(200, resource("reasoning_function_call.json"));

    Extraction<GetWeatherArgs> result =
        quarry().extract(WEATHER_ARGS, "What's the weather like in Edinburgh?");

    assertThat(result.value()).isEqualTo(new GetWeatherArgs("Edinburgh", "UK", Units.c));
    assertThat(result.usage()).isEqualTo(new Usage(2006, 300, 1920, 256));
    LocalServer.Request request = server.takeRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/responses");
    assertThat(request.header("authorization")).isEqualTo("Bearer " + KEY);
    JsonNode body = body(request);
    assertThat(body.get("instructions").asString())
        .isEqualTo("You turn questions into weather lookups.");
    assertThat(body.at("/input/0/content").asString())
        .isEqualTo("What's the weather like in Edinburgh?");
    assertThat(body.get("store").asBoolean(true)).isFalse();
    assertThat(body.at("/tool_choice/name").asString()).isEqualTo("GetWeatherArgs");
    assertThat(body.at("/tools/0/strict").asBoolean()).isTrue();
    assertThat(result.lastAttempt().requestBody()).isEqualTo(request.body());
    assertThat(result.rawResponse()).contains("call_test_1");
  }

  @Test
  void reAskSendsTheFunctionCallBackWithItsOutput() {
    server.enqueue(200,
        functionCall("call_1", "{\"city\":\"Edinburgh\",\"units\":\"celsius\"}", 80, 20));
    server.enqueue(200, functionCall(
        "call_2", "{\"city\":\"Edinburgh\",\"country\":\"UK\",\"units\":\"c\"}", 130, 22));

    Extraction<GetWeatherArgs> result = quarry().extract(WEATHER_ARGS, "Weather in Edinburgh?");

    assertThat(result.value()).isEqualTo(new GetWeatherArgs("Edinburgh", "UK", Units.c));
    assertThat(result.attempts()).hasSize(2);
    assertThat(result.usage()).isEqualTo(Usage.of(210, 42));
    assertThat(result.attempts().get(0).violations())
        .extracting(Violation::pointer)
        .contains("", "/units");
    body(server.takeRequest());
    JsonNode second = body(server.takeRequest());
    assertThat(second.get("instructions").asString())
        .isEqualTo("You turn questions into weather lookups.");
    JsonNode input = second.get("input");
    assertThat(input).hasSize(3);
    assertThat(input.at("/0/role").asString()).isEqualTo("user");
    assertThat(input.at("/1/type").asString()).isEqualTo("function_call");
    assertThat(input.at("/1/call_id").asString()).isEqualTo("call_1");
    assertThat(input.at("/1/name").asString()).isEqualTo("GetWeatherArgs");
    assertThat(input.at("/1/arguments").asString()).contains("celsius");
    assertThat(input.get(1).has("id")).as("no reference to stored items").isFalse();
    assertThat(input.at("/2/type").asString()).isEqualTo("function_call_output");
    assertThat(input.at("/2/call_id").asString()).isEqualTo("call_1");
    assertThat(input.at("/2/output").asString()).contains("country").contains("/units");
    assertThat(second.get("store").asBoolean(true)).isFalse();
  }

  @Test
  void structuredOutputInJsonSchemaMode() {
    server.enqueue(200, resource("structured_output.json"));

    Location location = quarry().extract(LOCATION, "What's the weather like in SF?").value();

    assertThat(location).isEqualTo(new Location("San Francisco", 65, Units.f));
    JsonNode body = body(server.takeRequest());
    assertThat(body.at("/text/format/type").asString()).isEqualTo("json_schema");
    assertThat(body.at("/text/format/name").asString()).isEqualTo("Location");
    assertThat(body.at("/text/format/schema/required")).hasSize(3);
    assertThat(body.has("tools")).isFalse();
  }

  @Test
  void jsonModeReAskRepeatsTheAnswerAndAddsTheErrors() {
    server.enqueue(200,
        message("{\"city\":\"San Francisco\",\"temperature\":\"warm\",\"units\":\"f\"}"));
    server.enqueue(200,
        message("{\"city\":\"San Francisco\",\"temperature\":65,\"units\":\"f\"}"));
    ExtractMethod<Location> method = ExtractMethod.builder(
            OpenAiResponsesEndToEndTest.class, "location", new TypeReference<Location>() {})
        .schema(LOCATION.schema())
        .build();

    Extraction<Location> result = builder().mode(Mode.JSON).build().extract(method, "SF?");

    assertThat(result.value()).isEqualTo(new Location("San Francisco", 65, Units.f));
    JsonNode first = body(server.takeRequest());
    assertThat(first.at("/text/format/type").asString()).isEqualTo("json_object");
    assertThat(first.get("instructions").asString()).contains("JSON").contains("\"temperature\"");
    JsonNode input = body(server.takeRequest()).get("input");
    assertThat(input).hasSize(3);
    assertThat(input.at("/1/role").asString()).isEqualTo("assistant");
    assertThat(input.at("/1/content").asString()).contains("warm");
    assertThat(input.at("/2/role").asString()).isEqualTo("user");
    assertThat(input.at("/2/content").asString()).contains("/temperature");
  }

  @Test
  void mdJsonModeSendsNoFormat() {
    server.enqueue(200,
        message("```json\n{\"city\":\"Oslo\",\"temperature\":3,\"units\":\"c\"}\n```"));
    ExtractMethod<Location> method = ExtractMethod.builder(
            OpenAiResponsesEndToEndTest.class, "location", new TypeReference<Location>() {})
        .schema(LOCATION.schema())
        .build();

    Location location = builder().mode(Mode.MD_JSON).build().extract(method, "Oslo?").value();

    assertThat(location).isEqualTo(new Location("Oslo", 3, Units.c));
    JsonNode body = body(server.takeRequest());
    assertThat(body.has("text")).isFalse();
    assertThat(body.has("tools")).isFalse();
    assertThat(body.get("instructions").asString()).contains("\"temperature\"");
  }

  @Test
  void refusalTruncationAndContentFilterAreTyped() {
    server.enqueue(200, resource("refusal.json"));
    server.enqueue(200, resource("incomplete_max_output_tokens.json"));
    server.enqueue(200, resource("incomplete_content_filter.json"));
    Quarry quarry = quarry();

    assertThatThrownBy(() -> quarry.extract(LOCATION, "x"))
        .isInstanceOfSatisfying(RefusalException.class, e -> {
          assertThat(e.refusal()).isEqualTo("I'm very sorry, but I can't assist with that.");
          assertThat(e.attempts()).singleElement()
              .satisfies(a -> assertThat(a.status()).isEqualTo(200));
        });
    assertThatThrownBy(() -> quarry.extract(LOCATION, "x"))
        .isInstanceOfSatisfying(IncompleteOutputException.class, e -> {
          assertThat(e.usage().outputTokens()).isEqualTo(16);
          assertThat(e.getMessage()).contains("max_output_tokens");
        });
    assertThatThrownBy(() -> quarry.extract(LOCATION, "x"))
        .isInstanceOfSatisfying(RefusalException.class,
            e -> assertThat(e.refusal()).contains("content filter"));
  }

  @Test
  void imagesAndDocumentsBecomeInputParts() {
    server.enqueue(200, resource("structured_output.json"));
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
    byte[] pdf = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    quarry().extract(LOCATION, "Where is this?", List.of(
        Image.fromBytes(png),
        Image.fromUrl("https://example.com/a.webp"),
        Document.fromBytes(pdf, "a.pdf"),
        Document.fromUrl("https://example.com/b.pdf")));

    JsonNode content = body(server.takeRequest()).at("/input/0/content");
    assertThat(content).hasSize(5);
    assertThat(content.at("/0/type").asString()).isEqualTo("input_text");
    assertThat(content.at("/0/text").asString()).isEqualTo("Where is this?");
    assertThat(content.at("/1/type").asString()).isEqualTo("input_image");
    assertThat(content.at("/1/image_url").asString())
        .startsWith("data:image/png;base64,iVBORw0KGgo");
    assertThat(content.at("/2/image_url").asString()).isEqualTo("https://example.com/a.webp");
    assertThat(content.at("/3/type").asString()).isEqualTo("input_file");
    assertThat(content.at("/3/filename").asString()).isEqualTo("a.pdf");
    assertThat(content.at("/3/file_data").asString())
        .startsWith("data:application/pdf;base64,JVBERi0x");
    assertThat(content.at("/4/file_url").asString()).isEqualTo("https://example.com/b.pdf");
  }

  @Test
  void unauthorizedNamesTheVariableAndNeverTheKey() {
    server.enqueue(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ".\","
        + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");

    assertThatThrownBy(() -> quarry().extract(WEATHER_ARGS, "x"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.getMessage()).contains("OPENAI_API_KEY").doesNotContain(KEY);
          assertThat(e.responseBody()).doesNotContain(KEY);
          assertThat(e.attempts()).singleElement()
              .satisfies(a -> assertThat(a.status()).isEqualTo(401));
        });
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void aFailedResponseIsAProviderError() {
    server.enqueue(200, resource("failed.json"));

    assertThatThrownBy(() -> quarry().extract(WEATHER_ARGS, "x"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(200);
          assertThat(e.errorType()).isEqualTo("server_error");
          assertThat(e.attempts()).hasSize(1);
        });
  }

  @Test
  void anOutputLimitBelowSixteenFailsBeforeAnythingIsSent() {
    Quarry quarry = builder().maxOutputTokens(8).build();

    assertThatThrownBy(() -> quarry.extract(WEATHER_ARGS, "x"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("at least 16")
        .hasMessageContaining("would send 8");
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void theOutputLimitAndTemperatureAreSent() {
    server.enqueue(200, resource("reasoning_function_call.json"));

    builder().maxOutputTokens(256).temperature(0.0).build().extract(WEATHER_ARGS, "x");

    JsonNode body = body(server.takeRequest());
    assertThat(body.get("max_output_tokens").asInt()).isEqualTo(256);
    assertThat(body.get("temperature").asDouble()).isZero();
  }
}
