package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.provider.Providers;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.testing.LocalServer;
import dev.quarry.testing.OllamaSpec;
import dev.quarry.testing.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole pipeline over HTTP: Quarry with the Ollama provider and the JDK transport against a
 * local server that answers in Ollama's native format (the docs' example responses where they
 * fit). Every request body is checked against Ollama's published OpenAPI spec.
 */
class OllamaEndToEndTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  record Availability(int age, boolean available) {}

  record Weather(String location, String format) {}

  static final ExtractMethod<Availability> AVAILABILITY =
      ExtractMethod.builder(OllamaEndToEndTest.class, "availability",
              new TypeReference<Availability>() {})
          .toolName("availability")
          .system("You read ages and availability.")
          .schema("{\"type\":\"object\",\"properties\":{\"age\":{\"type\":\"integer\"},"
              + "\"available\":{\"type\":\"boolean\"}},\"required\":[\"age\",\"available\"],"
              + "\"additionalProperties\":false}")
          .build();

  static final ExtractMethod<Weather> WEATHER =
      ExtractMethod.builder(OllamaEndToEndTest.class, "weather", new TypeReference<Weather>() {})
          .toolName("get_current_weather")
          .description("Get the current weather for a location")
          .schema("{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"},"
              + "\"format\":{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"]}},"
              + "\"required\":[\"location\",\"format\"],\"additionalProperties\":false}")
          .mode(Mode.TOOLS)
          .build();

  private final LocalServer server = LocalServer.start();

  @AfterEach
  void close() {
    server.close();
  }

  private Quarry quarry() {
    return Quarry.builder()
        .provider(Providers.ollama())
        .baseUrl(server.baseUrl())
        .model("qwen2.5")
        .build();
  }

  private static String fixture(String name) {
    try (InputStream in = OllamaEndToEndTest.class.getResourceAsStream("/ollama/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A hand-made non-streamed chat response. */
  private static String chat(String content, JsonNode toolArguments, int in, int out) {
    ObjectNode response = JSON.createObjectNode()
        .put("model", "qwen2.5")
        .put("created_at", "2025-01-01T00:00:00Z");
    ObjectNode message = response.putObject("message").put("role", "assistant")
        .put("content", content);
    if (toolArguments != null) {
      message.putArray("tool_calls").addObject().putObject("function")
          .put("name", "get_current_weather").set("arguments", toolArguments);
    }
    return response.put("done", true).put("done_reason", "stop")
        .put("prompt_eval_count", in).put("eval_count", out).toString();
  }

  private static JsonNode body(LocalServer.Request request) {
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/api/chat");
    if (SharedData.available()) {
      assertThat(OllamaSpec.chatRequestErrors(request.body())).as("spec errors").isEmpty();
    }
    return JSON.readTree(request.body());
  }

  @Test
  void structuredOutputIsTheDefaultAndBecomesATypedRecord() {
    server.enqueue(200, fixture("chat-structured-outputs.response.json"));

    Extraction<Availability> result =
        quarry().extract(AVAILABILITY, "Ollama is 22 years old and busy saving the world.");

    assertThat(result.value()).isEqualTo(new Availability(22, false));
    assertThat(result.usage()).isEqualTo(Usage.of(34, 12));
    LocalServer.Request request = server.takeRequest();
    assertThat(request.header("authorization")).isNull();
    JsonNode body = body(request);
    assertThat(body.get("stream").asBoolean(true)).isFalse();
    assertThat(body.get("format")).isEqualTo(AVAILABILITY.schemaNode());
    assertThat(body.has("tools")).isFalse();
    assertThat(body.at("/messages/0/content").asString())
        .isEqualTo("You read ages and availability.");
    assertThat(result.lastAttempt().requestBody()).isEqualTo(request.body());
  }

  @Test
  void reaskInJsonSchemaModeRepeatsTheAnswerAndSendsTheErrors() {
    server.enqueue(200, chat("{\"age\": \"twenty-two\", \"available\": false}", null, 30, 10));
    server.enqueue(200, chat("{\"age\": 22, \"available\": false}", null, 60, 9));

    Extraction<Availability> result = quarry().extract(AVAILABILITY, "Ollama is 22.");

    assertThat(result.value()).isEqualTo(new Availability(22, false));
    assertThat(result.attempts()).hasSize(2);
    assertThat(result.usage()).isEqualTo(Usage.of(90, 19));
    body(server.takeRequest());
    JsonNode messages = body(server.takeRequest()).get("messages");
    assertThat(messages).hasSize(4);
    assertThat(messages.get(2).get("role").asString()).isEqualTo("assistant");
    assertThat(messages.get(2).get("content").asString()).contains("twenty-two");
    assertThat(messages.get(3).get("role").asString()).isEqualTo("user");
    assertThat(messages.get(3).get("content").asString()).contains("/age");
  }

  @Test
  void docsToolCallBecomesATypedRecord() {
    server.enqueue(200, fixture("chat-with-tools.response.json"));

    Weather weather = quarry().extract(WEATHER, "What is the weather today in Paris?").value();

    assertThat(weather).isEqualTo(new Weather("Paris, FR", "celsius"));
    JsonNode body = body(server.takeRequest());
    assertThat(body.at("/tools/0/function/name").asString()).isEqualTo("get_current_weather");
    assertThat(body.has("format")).isFalse();
  }

  @Test
  void reaskInToolsModeSendsTheCallBackAndAToolMessage() {
    JsonNode wrong = JSON.readTree("{\"location\":\"Paris\",\"format\":\"kelvin\"}");
    JsonNode right = JSON.readTree("{\"location\":\"Paris\",\"format\":\"celsius\"}");
    server.enqueue(200, chat("", wrong, 80, 20));
    server.enqueue(200, chat("", right, 130, 22));

    Extraction<Weather> result = quarry().extract(WEATHER, "Weather in Paris?");

    assertThat(result.value()).isEqualTo(new Weather("Paris", "celsius"));
    assertThat(result.usage()).isEqualTo(Usage.of(210, 42));
    body(server.takeRequest());
    JsonNode messages = body(server.takeRequest()).get("messages");
    assertThat(messages).hasSize(3);
    assertThat(messages.get(1).get("role").asString()).isEqualTo("assistant");
    assertThat(messages.get(1).get("content").asString()).isEmpty();
    assertThat(messages.get(1).at("/tool_calls/0/function/name").asString())
        .isEqualTo("get_current_weather");
    assertThat(messages.get(1).at("/tool_calls/0/function/arguments"))
        .isEqualTo(wrong);
    assertThat(messages.get(2).get("role").asString()).isEqualTo("tool");
    assertThat(messages.get(2).get("tool_name").asString()).isEqualTo("get_current_weather");
    assertThat(messages.get(2).get("content").asString()).contains("/format");
  }

  @Test
  void aTextAnswerInToolsModeIsParsedAsTheAnswer() {
    server.enqueue(200,
        chat("Sure! {\"location\": \"Paris\", \"format\": \"celsius\"}", null, 50, 15));

    Extraction<Weather> result = quarry().extract(WEATHER, "Weather in Paris?");

    assertThat(result.value()).isEqualTo(new Weather("Paris", "celsius"));
    assertThat(result.attempts()).hasSize(1);
  }

  @Test
  void jsonAndMdJsonPutTheSchemaInTheSystemMessage() {
    for (Mode mode : List.of(Mode.JSON, Mode.MD_JSON)) {
      server.enqueue(200, fixture("chat-structured-outputs.response.json"));
      Quarry quarry = Quarry.builder().provider(Providers.ollama()).baseUrl(server.baseUrl())
          .model("qwen2.5").mode(mode).build();

      assertThat(quarry.extract(AVAILABILITY, "22, busy").value().age()).isEqualTo(22);
      JsonNode body = body(server.takeRequest());
      assertThat(body.at("/messages/0/content").asString()).contains("\"available\"");
      if (mode == Mode.JSON) {
        assertThat(body.get("format").asString()).isEqualTo("json");
      } else {
        assertThat(body.has("format")).isFalse();
      }
    }
  }

  @Test
  void limitsAndAKeyAreSent() {
    server.enqueue(200, fixture("chat-structured-outputs.response.json"));
    Quarry quarry = Quarry.builder().provider(Providers.ollama()).baseUrl(server.baseUrl())
        .model("qwen2.5").apiKey("proxy-key-0123456789").maxOutputTokens(256).temperature(0)
        .build();

    quarry.extract(AVAILABILITY, "22, busy");

    LocalServer.Request request = server.takeRequest();
    assertThat(request.header("authorization")).isEqualTo("Bearer proxy-key-0123456789");
    assertThat(body(request).get("options"))
        .isEqualTo(JSON.readTree("{\"num_predict\":256,\"temperature\":0.0}"));
  }

  @Test
  void imagesTravelAsBase64AndUrlsFailBeforeSending() {
    server.enqueue(200, fixture("chat-structured-outputs.response.json"));
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};

    quarry().extract(AVAILABILITY, "Who is this?", List.of(Image.fromBytes(png)));

    JsonNode user = body(server.takeRequest()).at("/messages/1");
    assertThat(user.get("content").asString()).isEqualTo("Who is this?");
    assertThat(user.at("/images/0").asString()).isEqualTo("iVBORw0KGgoAAAAN");
    assertThatThrownBy(() -> quarry().extract(AVAILABILITY, "Who?",
            List.of(Image.fromUrl("https://example.com/a.png"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Image.fromBytes");
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void aModelThatIsNotPulledIsAProviderErrorSayingHowToPullIt() {
    server.enqueue(404, fixture("handmade-error-model-not-found.json"));

    assertThatThrownBy(() -> quarry().extract(AVAILABILITY, "x"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(404);
          assertThat(e.getMessage()).contains("ollama pull qwen2.5");
          assertThat(e.attempts()).singleElement()
              .satisfies(a -> assertThat(a.status()).isEqualTo(404));
        });
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void truncationIsIncompleteOutput() {
    server.enqueue(200, fixture("handmade-chat-length.response.json"));

    assertThatThrownBy(() -> quarry().extract(AVAILABILITY, "x"))
        .isInstanceOfSatisfying(IncompleteOutputException.class,
            e -> assertThat(e.usage().outputTokens()).isEqualTo(8));
  }

  @Test
  void noKeyIsNeededWithoutABaseUrl() {
    Quarry quarry = Quarry.builder().provider(Providers.ollama())
        .environment(Map.<String, String>of()::get).model("qwen2.5").build();

    assertThat(quarry.toString()).contains("baseUrl=http://localhost:11434");
  }

  @Test
  void unreachableServerIsAProviderErrorWithStatusZero() {
    String deadUrl = server.baseUrl();
    server.close();
    Quarry quarry = Quarry.builder().provider(Providers.ollama()).baseUrl(deadUrl)
        .model("qwen2.5").build();

    assertThatThrownBy(() -> quarry.extract(AVAILABILITY, "x"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isZero();
          assertThat(e.getMessage()).contains("could not reach ollama").contains(deadUrl);
        });
  }
}
