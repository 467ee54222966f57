package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.AnthropicEndToEndTest.GetWeather;
import dev.quarry.AnthropicEndToEndTest.Units;
import dev.quarry.provider.Providers;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.testing.AnthropicSpec;
import dev.quarry.testing.GeminiProtos;
import dev.quarry.testing.LocalServer;
import dev.quarry.testing.OpenAiResponsesSpec;
import dev.quarry.testing.OpenAiSpec;
import dev.quarry.testing.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opt-in prompt caching over HTTP: each provider's cache fields in requests (validated against
 * the specs in testdata), and the cached tokens of its replies in {@link Usage}, priced at the
 * cached prices.
 */
class PromptCacheTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The weather lookup of the Anthropic recordings, answered by every server here. */
  static final ExtractMethod<GetWeather> WEATHER = AnthropicEndToEndTest.WEATHER;

  static final ExtractMethod<JsonNode> ANY =
      ExtractMethod.builder(PromptCacheTest.class, "any", new TypeReference<JsonNode>() {})
          .system("Fill the object.")
          .schema("{\"type\":\"object\"}")
          .build();

  private final LocalServer server = LocalServer.start();

  @AfterEach
  void close() {
    server.close();
  }

  private static String handmade(String file) {
    try (InputStream in = PromptCacheTest.class.getClassLoader()
        .getResourceAsStream("handmade-cache/" + file)) {
      assertThat(in).as("test resource handmade-cache/%s", file).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void anthropicBreakpointsMarkTheToolAndTheSystemPromptAndCacheTokensArePriced() {
    server.enqueue(200, handmade("anthropic-cache-write.json"));
    server.enqueue(200, handmade("anthropic-cache-read.json"));
    PriceTable prices = PriceTable.builder().price("claude-haiku-4-5", new BigDecimal("1"),
        new BigDecimal("0.10"), new BigDecimal("1.25"), new BigDecimal("5")).build();
    Quarry quarry = Quarry.builder().provider(Providers.anthropic()).baseUrl(server.baseUrl())
        .apiKey("sk-ant-test-123456789").model("claude-haiku-4-5").openTelemetry(false)
        .prices(prices).promptCache(PromptCache.breakpoints()).build();

    Extraction<GetWeather> written = quarry.extract(WEATHER, "Weather in SF?");
    Extraction<GetWeather> read = quarry.extract(WEATHER, "Weather in SF?");

    String body = server.takeRequest().body();
    assertThat(AnthropicSpec.messageRequestErrors(body)).as("spec errors").isEmpty();
    assertThat(AnthropicSpec.conversationErrors(body)).as("conversation errors").isEmpty();
    JsonNode request = JSON.readTree(body);
    assertThat(request.at("/tools/0/cache_control/type").asString()).isEqualTo("ephemeral");
    assertThat(request.at("/system/0/type").asString()).isEqualTo("text");
    assertThat(request.at("/system/0/text").asString()).isEqualTo("You turn questions into weather lookups.");
    assertThat(request.at("/system/0/cache_control/type").asString()).isEqualTo("ephemeral");
    server.takeRequest();

    // input_tokens counts only what follows the last breakpoint; Usage counts the whole prompt.
    assertThat(written.usage()).isEqualTo(new Usage(21 + 2048, 40, 0, 0, 2048));
    assertThat(read.usage()).isEqualTo(new Usage(21 + 2048, 40, 2048, 0, 0));
    // 21 * 1 + 2048 * 1.25 + 40 * 5 per million; then 21 * 1 + 2048 * 0.10 + 40 * 5.
    assertThat(written.cost()).map(Cost::total).contains(new BigDecimal("0.002781"));
    assertThat(read.cost()).map(Cost::total).contains(new BigDecimal("0.0004258"));
    assertThat(quarry.totalUsage().cachedInputTokens()).isEqualTo(2048);
    assertThat(quarry.totalUsage().cacheWriteTokens()).isEqualTo(2048);
  }

  @Test
  void withoutPromptCacheAnthropicRequestsHaveNoBreakpoints() {
    server.enqueue(200, handmade("anthropic-cache-read.json"));
    Quarry quarry = Quarry.builder().provider(Providers.anthropic()).baseUrl(server.baseUrl())
        .apiKey("sk-ant-test-123456789").model("claude-haiku-4-5").openTelemetry(false).build();

    quarry.extract(WEATHER, "Weather in SF?");

    String body = server.takeRequest().body();
    assertThat(body).doesNotContain("cache_control");
    assertThat(JSON.readTree(body).get("system").isString()).isTrue();
  }

  @Test
  void openAiChatSendsThePromptCacheKeyAndReadsCachedTokens() {
    server.enqueue(200, handmade("openai-chat-cached-tokens.json"));
    PriceTable prices = PriceTable.builder().price("gpt-4o-mini", new BigDecimal("0.15"),
        new BigDecimal("0.075"), new BigDecimal("0.60")).build();
    Quarry quarry = Quarry.builder().baseUrl(server.baseUrl() + "/v1").apiKey("sk-test-123456789")
        .model("gpt-4o-mini").openTelemetry(false).prices(prices).build()
        .with(CallOptions.builder().promptCache(PromptCache.key("weather-v1")).build());

    Extraction<GetWeather> result = quarry.extract(WEATHER, "Weather in SF?");

    String body = server.takeRequest().body();
    assertThat(OpenAiSpec.chatRequestErrors(body)).as("spec errors").isEmpty();
    assertThat(JSON.readTree(body).get("prompt_cache_key").asString()).isEqualTo("weather-v1");
    assertThat(result.usage()).isEqualTo(new Usage(2006, 18, 1920, 0));
    // (86 * 0.15 + 1920 * 0.075 + 18 * 0.60) per million
    assertThat(result.cost()).map(Cost::total).contains(new BigDecimal("0.0001677"));
  }

  @Test
  void openAiResponsesSendsThePromptCacheKeyAndReadsCachedTokens() {
    server.enqueue(200, handmade("openai-responses-cached-tokens.json"));
    Quarry quarry = Quarry.builder().provider(Providers.openAiResponses())
        .baseUrl(server.baseUrl() + "/v1").apiKey("sk-test-123456789").model("gpt-4.1-mini")
        .openTelemetry(false).promptCache(PromptCache.key("weather-v1")).build();

    Extraction<GetWeather> result = quarry.extract(WEATHER, "Weather in SF?");

    String body = server.takeRequest().body();
    assertThat(OpenAiResponsesSpec.requestErrors(body)).as("spec errors").isEmpty();
    assertThat(JSON.readTree(body).get("prompt_cache_key").asString()).isEqualTo("weather-v1");
    assertThat(result.usage().cachedInputTokens()).isEqualTo(1920);
    assertThat(result.usage().inputTokens()).isEqualTo(2006);
  }

  @Test
  void geminiSendsTheCachedContentNameWithoutTheSystemInstructionAndReadsCachedTokens() {
    String recorded = JSON.readTree(SharedData.read("wire/gemini/examples/js-genai-recordings/"
            + "Client_Tests_generateContent_ML_Dev_should_generate_content_with_given_valid_json_schema_in_responseSchema.json"))
        .at("/interactions/0/response/bodySegments/0").toString();
    server.enqueue(200, recorded);
    PriceTable prices = PriceTable.builder().price("gemini-2.5-flash", new BigDecimal("0.30"),
        new BigDecimal("0.03"), new BigDecimal("2.50")).build();
    Quarry quarry = Quarry.builder().provider(Providers.gemini()).baseUrl(server.baseUrl())
        .apiKey("gemini-test-123456789").model("gemini-2.5-flash").openTelemetry(false)
        .prices(prices).promptCache(PromptCache.cachedContent("cachedContents/abc123")).build();

    Extraction<JsonNode> result = quarry.extract(ANY, "populate the following object");

    String body = server.takeRequest().body();
    assertThat(GeminiProtos.generateContentRequestErrors(body)).as("proto errors").isEmpty();
    JsonNode request = JSON.readTree(body);
    assertThat(request.get("cachedContent").asString()).isEqualTo("cachedContents/abc123");
    assertThat(request.has("systemInstruction")).isFalse();
    assertThat(request.has("tools")).isFalse();
    assertThat(request.at("/generationConfig/responseMimeType").asString()).isEqualTo("application/json");
    // The recording: promptTokenCount 5, cachedContentTokenCount 3.
    assertThat(result.usage().inputTokens()).isEqualTo(5);
    assertThat(result.usage().cachedInputTokens()).isEqualTo(3);
    BigDecimal outputTokens = BigDecimal.valueOf(result.usage().outputTokens());
    BigDecimal expected = new BigDecimal("0.30").multiply(BigDecimal.valueOf(2))
        .add(new BigDecimal("0.03").multiply(BigDecimal.valueOf(3)))
        .add(new BigDecimal("2.50").multiply(outputTokens))
        .divide(BigDecimal.valueOf(1_000_000));
    assertThat(result.cost().orElseThrow().total()).isEqualByComparingTo(expected);
  }

  @Test
  void settingsForOtherProvidersAreIgnoredAndBadValuesFailWithTheRule() {
    server.enqueue(200, handmade("openai-chat-cached-tokens.json"));
    Quarry quarry = Quarry.builder().baseUrl(server.baseUrl() + "/v1").apiKey("sk-test-123456789")
        .model("gpt-4o-mini").openTelemetry(false)
        .promptCache(PromptCache.breakpoints().withCachedContent("cachedContents/x")).build();

    quarry.extract(WEATHER, "Weather in SF?");

    String body = server.takeRequest().body();
    assertThat(body).doesNotContain("cache_control", "cachedContent", "prompt_cache_key");
    assertThatThrownBy(() -> PromptCache.key(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    assertThatThrownBy(() -> PromptCache.cachedContent(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cachedContents/");
  }
}
