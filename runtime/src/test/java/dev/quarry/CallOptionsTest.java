package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.provider.Providers;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.testing.AnthropicSpec;
import dev.quarry.testing.LocalServer;
import dev.quarry.testing.OpenAiSpec;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code quarry.with(CallOptions)}: views whose calls use other options, over HTTP. */
class CallOptionsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  record City(String name) {}

  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},"
      + "\"required\":[\"name\"],\"additionalProperties\":false}";

  static final ExtractMethod<City> CITY =
      ExtractMethod.builder(CallOptionsTest.class, "city", new TypeReference<City>() {})
          .toolName("City").schema(SCHEMA).strictSchema(SCHEMA).build();

  static final ExtractMethod<City> CITY_ON_ITS_OWN_MODEL =
      ExtractMethod.builder(CallOptionsTest.class, "cityOwnModel", new TypeReference<City>() {})
          .toolName("City").schema(SCHEMA).strictSchema(SCHEMA).model("gpt-4o").build();

  private final LocalServer server = LocalServer.start();

  @AfterEach
  void close() {
    server.close();
  }

  private Quarry quarry() {
    return Quarry.builder().baseUrl(server.baseUrl() + "/v1").apiKey("sk-test-123456789")
        .model("gpt-4o-mini").openTelemetry(false).build();
  }

  private static String toolCall(String arguments) {
    return """
        {"id":"chatcmpl-1","object":"chat.completion","model":"m",
         "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant",
           "content":null,"tool_calls":[{"id":"call_1","type":"function",
             "function":{"name":"City","arguments":%s}}]}}],
         "usage":{"prompt_tokens":10,"completion_tokens":5}}""".formatted(JSON.writeValueAsString(arguments));
  }

  private static String content(String text) {
    return """
        {"id":"chatcmpl-1","object":"chat.completion","model":"m",
         "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":%s}}],
         "usage":{"prompt_tokens":10,"completion_tokens":5}}""".formatted(JSON.writeValueAsString(text));
  }

  private JsonNode nextBody() {
    String body = server.takeRequest().body();
    assertThat(OpenAiSpec.chatRequestErrors(body)).as("spec errors").isEmpty();
    return JSON.readTree(body);
  }

  @Test
  void aViewSendsItsModelTemperatureAndTokenLimitAndTheClientKeepsItsOwn() {
    server.enqueue(200, toolCall("{\"name\":\"Oslo\"}"));
    server.enqueue(200, toolCall("{\"name\":\"Oslo\"}"));
    Quarry quarry = quarry();
    Quarry view = quarry.with(CallOptions.builder()
        .model("gpt-4.1").temperature(0.2).maxOutputTokens(300).build());

    assertThat(view.extract(CITY, "Oslo").value()).isEqualTo(new City("Oslo"));
    assertThat(quarry.extract(CITY, "Oslo").value()).isEqualTo(new City("Oslo"));

    JsonNode viewed = nextBody();
    assertThat(viewed.get("model").asString()).isEqualTo("gpt-4.1");
    assertThat(viewed.get("temperature").asDouble()).isEqualTo(0.2);
    assertThat(viewed.get("max_completion_tokens").asInt()).isEqualTo(300);
    JsonNode plain = nextBody();
    assertThat(plain.get("model").asString()).isEqualTo("gpt-4o-mini");
    assertThat(plain.has("temperature")).isFalse();
    assertThat(quarry.totalUsage()).isEqualTo(Usage.of(20, 10));
    assertThat(view.totalUsage()).isEqualTo(quarry.totalUsage());
  }

  @Test
  void theViewsModelReplacesTheOneAMethodNames() {
    server.enqueue(200, toolCall("{\"name\":\"Oslo\"}"));
    server.enqueue(200, toolCall("{\"name\":\"Oslo\"}"));
    Quarry quarry = quarry();

    quarry.extract(CITY_ON_ITS_OWN_MODEL, "Oslo");
    quarry.with(CallOptions.builder().model("gpt-4.1-nano").build()).extract(CITY_ON_ITS_OWN_MODEL, "Oslo");

    assertThat(nextBody().get("model").asString()).isEqualTo("gpt-4o");
    assertThat(nextBody().get("model").asString()).isEqualTo("gpt-4.1-nano");
  }

  @Test
  void aViewsModeChangesHowTheRequestAsksForStructure() {
    server.enqueue(200, content("```json\n{\"name\":\"Oslo\"}\n```"));
    Quarry view = quarry().with(CallOptions.builder().mode(Mode.MD_JSON).build());

    assertThat(view.extract(CITY, "Oslo").value()).isEqualTo(new City("Oslo"));

    JsonNode body = nextBody();
    assertThat(body.has("tools")).isFalse();
    assertThat(body.at("/messages/0/role").asString()).isEqualTo("system");
    assertThat(body.at("/messages/0/content").asString()).contains("\"name\"");
  }

  @Test
  void aViewMaySendToAnotherTarget() {
    try (LocalServer anthropic = LocalServer.start()) {
      anthropic.enqueue(200, Map.of("content-type", "application/json"), """
          {"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5-20251001",
           "content":[{"type":"tool_use","id":"toolu_1","name":"City","input":{"name":"Oslo"}}],
           "stop_reason":"tool_use","stop_sequence":null,
           "usage":{"input_tokens":12,"output_tokens":6}}""");
      Quarry view = quarry().with(CallOptions.builder()
          .target(Providers.anthropic("claude-haiku-4-5").baseUrl(anthropic.baseUrl()).apiKey("sk-ant-123456789"))
          .build());

      Extraction<City> result = view.extract(CITY, "Oslo");

      assertThat(result.value()).isEqualTo(new City("Oslo"));
      assertThat(result.lastAttempt().provider()).isEqualTo("anthropic");
      String body = anthropic.takeRequest().body();
      assertThat(AnthropicSpec.messageRequestErrors(body)).isEmpty();
      assertThat(JSON.readTree(body).get("model").asString()).isEqualTo("claude-haiku-4-5");
      assertThat(server.totalRequests()).isZero();
    }
  }

  @Test
  void badOptionsFailAtOnceWithTheRule() {
    Quarry scripted = new ScriptedProvider().quarry();
    assertThatThrownBy(() -> scripted.with(CallOptions.builder().mode(Mode.JSON_SCHEMA).build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("JSON_SCHEMA")
        .hasMessageContaining("scripted")
        .hasMessageContaining("use one of");
    assertThatThrownBy(() -> CallOptions.builder().maxOutputTokens(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxOutputTokens");
    assertThatThrownBy(() -> CallOptions.builder().temperature(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> CallOptions.builder().model(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
  }

  @Test
  void optionsAreImmutableAndCopiedByToBuilder() {
    CallOptions base = CallOptions.builder().model("a").temperature(0.5).build();
    CallOptions changed = base.toBuilder().model("b").build();
    assertThat(base.model()).isEqualTo("a");
    assertThat(changed.model()).isEqualTo("b");
    assertThat(changed.temperature()).isEqualTo(0.5);
    assertThat(changed.toString()).contains("model=b", "temperature=0.5");
  }
}
