package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.observe.AttemptResult;
import dev.quarry.observe.CallInfo;
import dev.quarry.observe.QuarryListener;
import dev.quarry.AnthropicEndToEndTest.GetWeather;
import dev.quarry.AnthropicEndToEndTest.Units;
import dev.quarry.provider.Providers;
import dev.quarry.provider.Strategy;
import dev.quarry.provider.Target;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.testing.AnthropicSpec;
import dev.quarry.testing.LocalServer;
import dev.quarry.testing.OpenAiSpec;
import dev.quarry.testing.SharedData;
import dev.quarry.transport.RetryPolicy;
import dev.quarry.transport.TimeSource;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strategies over HTTP: an OpenAI Chat Completions server and an Anthropic Messages server on
 * 127.0.0.1, each speaking its own wire format (Anthropic's answers are recorded payloads), and
 * a client whose strategy sends each attempt to one of them. Every request body is checked
 * against its API's spec.
 */
class StrategyTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String RECORDED = "wire/anthropic/examples/anthropic-sdk-python/recorded-http/";
  private static final String OPENAI_KEY = "sk-openai-test-123456789";
  private static final String ANTHROPIC_KEY = "sk-ant-test-123456789";

  /** The weather lookup of the Anthropic recordings, answered by every server here. */
  static final ExtractMethod<GetWeather> WEATHER = AnthropicEndToEndTest.WEATHER;

  private final LocalServer openAi = LocalServer.start();
  private final LocalServer anthropic = LocalServer.start();
  private final Events events = new Events();

  @AfterEach
  void close() {
    openAi.close();
    anthropic.close();
  }

  private Target openAiTarget() {
    return Providers.openAi("gpt-4o-mini").baseUrl(openAi.baseUrl() + "/v1").apiKey(OPENAI_KEY);
  }

  private Target anthropicTarget() {
    return Providers.anthropic("claude-haiku-4-5").baseUrl(anthropic.baseUrl()).apiKey(ANTHROPIC_KEY);
  }

  private Quarry.Builder client(Strategy strategy) {
    return Quarry.builder()
        .strategy(strategy)
        .openTelemetry(false)
        .listener(events)
        .timeSource(new FakeTime())
        .retryPolicy(RetryPolicy.builder().maxRetries(1).jitter(() -> 0.0).build());
  }

  private static String recordedAnthropic(String file, int exchange) {
    return JSON.readTree(SharedData.read(RECORDED + file)).get(exchange).at("/response/body").toString();
  }

  private static String recordedAnthropicStream() {
    return JSON.readTree(SharedData.read(
            RECORDED + "test_runners__TestSyncRunTools__test_streaming_call_sync__771c64ff.json"))
        .get(0).at("/response/body").asString();
  }

  private static final String ANTHROPIC_ANSWER =
      "test_runners__TestSyncRunTools__test_tool_call_error__10e53c1d.json";

  private static String openAiToolCall(String model, String arguments, int in, int out) {
    return """
        {"id":"chatcmpl-test","object":"chat.completion","model":"%s",
         "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant",
           "content":null,"tool_calls":[{"id":"call_1","type":"function",
             "function":{"name":"get_weather","arguments":%s}}]}}],
         "usage":{"prompt_tokens":%d,"completion_tokens":%d}}"""
        .formatted(model, JSON.writeValueAsString(arguments), in, out);
  }

  private static final String SERVER_ERROR =
      "{\"error\":{\"message\":\"The server had an error while processing your request.\","
          + "\"type\":\"server_error\",\"param\":null,\"code\":null}}";

  private static final String NO_QUOTA = """
      {"error":{"message":"You exceeded your current quota, please check your plan and billing details.",
                "type":"insufficient_quota","param":null,"code":"insufficient_quota"}}""";

  private static JsonNode openAiBody(LocalServer.Request request) {
    assertThat(request.path()).isEqualTo("/v1/chat/completions");
    assertThat(OpenAiSpec.chatRequestErrors(request.body())).as("spec errors").isEmpty();
    return JSON.readTree(request.body());
  }

  private static JsonNode anthropicBody(LocalServer.Request request) {
    assertThat(request.path()).isEqualTo("/v1/messages");
    assertThat(AnthropicSpec.messageRequestErrors(request.body())).as("spec errors").isEmpty();
    assertThat(AnthropicSpec.conversationErrors(request.body())).as("conversation errors").isEmpty();
    return JSON.readTree(request.body());
  }

  @Test
  void fiveHundredsAfterTheRetriesMoveTheCallToTheNextProvider() {
    openAi.enqueue(500, SERVER_ERROR);
    openAi.enqueue(500, SERVER_ERROR);
    anthropic.enqueue(200, recordedAnthropic(ANTHROPIC_ANSWER, 0));
    PriceTable prices = PriceTable.builder()
        .price("gpt-4o-mini", 0.15, 0.60)
        .price("claude-haiku-4-5", 1.0, 5.0)
        .build();
    Quarry quarry = client(Providers.fallback(openAiTarget(), anthropicTarget())).prices(prices).build();

    Extraction<GetWeather> result = quarry.extract(WEATHER, "What is the weather in SF?");

    assertThat(result.value()).isEqualTo(new GetWeather("San Francisco, CA", Units.f));
    assertThat(result.attempts()).hasSize(2);
    Extraction.Attempt failed = result.attempts().get(0);
    assertThat(failed.provider()).isEqualTo("openai");
    assertThat(failed.model()).isEqualTo("gpt-4o-mini");
    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.retries()).hasSize(1);
    Extraction.Attempt answered = result.attempts().get(1);
    assertThat(answered.number()).isEqualTo(2);
    assertThat(answered.provider()).isEqualTo("anthropic");
    assertThat(answered.model()).isEqualTo("claude-haiku-4-5");
    assertThat(answered.usage()).isEqualTo(Usage.of(656, 74));
    assertThat(result.usage()).isEqualTo(Usage.of(656, 74));
    // Priced on the model that answered: 656 * 1 + 74 * 5 per million.
    assertThat(result.cost()).map(Cost::total).contains(new BigDecimal("0.001026"));

    // Both requests in their own API's format, with their own key.
    LocalServer.Request first = openAi.takeRequest();
    assertThat(first.header("authorization")).isEqualTo("Bearer " + OPENAI_KEY);
    assertThat(openAiBody(first).get("model").asString()).isEqualTo("gpt-4o-mini");
    openAiBody(openAi.takeRequest());
    LocalServer.Request second = anthropic.takeRequest();
    assertThat(second.header("x-api-key")).isEqualTo(ANTHROPIC_KEY);
    JsonNode body = anthropicBody(second);
    assertThat(body.get("model").asString()).isEqualTo("claude-haiku-4-5");
    assertThat(body.get("system").asString()).isEqualTo("You turn questions into weather lookups.");

    // The listeners hear where each attempt went and that the call moved on.
    assertThat(events.attempts).containsExactly(
        "1 openai/gpt-4o-mini ERROR", "2 anthropic/claude-haiku-4-5 OK");
    assertThat(events.fellBack).containsExactly("2 anthropic/claude-haiku-4-5 after 500");
    assertThat(events.callModel).containsExactly("openai/gpt-4o-mini");
  }

  @Test
  void exhaustedQuotaIsNotRetriedButMovesOnAtOnce() {
    openAi.enqueue(429, NO_QUOTA);
    anthropic.enqueue(200, recordedAnthropic(ANTHROPIC_ANSWER, 0));
    Quarry quarry = client(Providers.fallback(openAiTarget(), anthropicTarget())).build();

    Extraction<GetWeather> result = quarry.extract(WEATHER, "What is the weather in SF?");

    assertThat(result.value().units()).isEqualTo(Units.f);
    assertThat(result.attempts()).extracting(Extraction.Attempt::status).containsExactly(429, 200);
    assertThat(result.attempts().get(0).retries()).isEmpty();
    assertThat(openAi.totalRequests()).isEqualTo(1);
    assertThat(anthropic.totalRequests()).isEqualTo(1);
  }

  @Test
  void aServerThatRefusesConnectionsIsLeftForTheNext() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Target unreachable = Providers.openAi("gpt-4o-mini")
        .baseUrl("http://127.0.0.1:" + closedPort + "/v1").apiKey(OPENAI_KEY);
    anthropic.enqueue(200, recordedAnthropic(ANTHROPIC_ANSWER, 0));
    Quarry quarry = client(Providers.fallback(unreachable, anthropicTarget())).build();

    Extraction<GetWeather> result = quarry.extract(WEATHER, "What is the weather in SF?");

    assertThat(result.value().location()).isEqualTo("San Francisco, CA");
    Extraction.Attempt refused = result.attempts().get(0);
    assertThat(refused.status()).isZero();
    assertThat(refused.retries()).hasSize(1);
    assertThat(refused.retries().get(0).error()).contains("Connect");
    assertThat(result.lastAttempt().provider()).isEqualTo("anthropic");
  }

  @Test
  void aClientErrorEndsTheCallWithoutTryingTheNextTarget() {
    openAi.enqueue(400, "{\"error\":{\"message\":\"Invalid schema for function 'get_weather'.\","
        + "\"type\":\"invalid_request_error\",\"param\":\"tools[0]\",\"code\":null}}");
    Quarry quarry = client(Providers.fallback(openAiTarget(), anthropicTarget())).build();

    assertThatThrownBy(() -> quarry.extract(WEATHER, "What is the weather in SF?"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.attempts()).hasSize(1);
        });
    assertThat(anthropic.totalRequests()).isZero();
    assertThat(events.fellBack).isEmpty();
  }

  @Test
  void whenEveryTargetFailsTheLastErrorCarriesEveryAttemptAndTheEarlierErrors() {
    openAi.enqueue(429, NO_QUOTA);
    anthropic.enqueue(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
        + "\"message\":\"Overloaded\"}}");
    anthropic.enqueue(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
        + "\"message\":\"Overloaded\"}}");
    Quarry quarry = client(Providers.fallback(openAiTarget(), anthropicTarget())).build();

    assertThatThrownBy(() -> quarry.extract(WEATHER, "What is the weather in SF?"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(529);
          assertThat(e.attempts()).extracting(Extraction.Attempt::provider)
              .containsExactly("openai", "anthropic");
          assertThat(e.getSuppressed()).hasSize(1);
          assertThat(((ProviderException) e.getSuppressed()[0]).status()).isEqualTo(429);
        });
    assertThat(events.failed).isEqualTo(1);
  }

  @Test
  void anInvalidAnswerIsReaskedOnTheSameTarget() {
    openAi.enqueue(200, openAiToolCall("gpt-4o-mini-2024-07-18",
        "{\"location\":\"Paris\",\"units\":\"kelvin\"}", 80, 20));
    openAi.enqueue(200, openAiToolCall("gpt-4o-mini-2024-07-18",
        "{\"location\":\"Paris\",\"units\":\"c\"}", 120, 20));
    Quarry quarry = client(Providers.fallback(openAiTarget(), anthropicTarget())).build();

    Extraction<GetWeather> result = quarry.extract(WEATHER, "Weather in Paris?");

    assertThat(result.value()).isEqualTo(new GetWeather("Paris", Units.c));
    assertThat(result.attempts()).extracting(Extraction.Attempt::provider)
        .containsExactly("openai", "openai");
    assertThat(anthropic.totalRequests()).isZero();
  }

  @Test
  void aRefusalMovesOnOnlyWhenTheStrategySaysSo() {
    String refusal = """
        {"id":"chatcmpl-r","object":"chat.completion","model":"gpt-4o-mini-2024-07-18",
         "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant",
           "content":null,"refusal":"I'm sorry, I can't help with that."}}],
         "usage":{"prompt_tokens":30,"completion_tokens":9}}""";
    openAi.enqueue(200, refusal);
    Quarry strict = client(Providers.fallback(openAiTarget(), anthropicTarget())).build();
    assertThatThrownBy(() -> strict.extract(WEATHER, "Weather in SF?"))
        .isInstanceOf(RefusalException.class);
    assertThat(anthropic.totalRequests()).isZero();

    openAi.enqueue(200, refusal);
    anthropic.enqueue(200, recordedAnthropic(ANTHROPIC_ANSWER, 0));
    Quarry lenient = client(
        Providers.fallback(openAiTarget(), anthropicTarget()).fallbackOnRefusal()).build();
    Extraction<GetWeather> result = lenient.extract(WEATHER, "Weather in SF?");
    assertThat(result.attempts()).extracting(Extraction.Attempt::provider)
        .containsExactly("openai", "anthropic");
    assertThat(result.usage()).isEqualTo(Usage.of(30 + 656, 9 + 74));
  }

  @Test
  void roundRobinStartsEachCallAtTheNextTarget() {
    LocalServer other = LocalServer.start();
    try {
      for (int i = 0; i < 2; i++) {
        openAi.enqueue(200, openAiToolCall("gpt-4o-mini", "{\"location\":\"Oslo\",\"units\":\"c\"}", 50, 10));
        other.enqueue(200, openAiToolCall("gpt-4.1-mini", "{\"location\":\"Oslo\",\"units\":\"c\"}", 50, 10));
      }
      Target second = Providers.openAi("gpt-4.1-mini").baseUrl(other.baseUrl() + "/v1").apiKey(OPENAI_KEY);
      Quarry quarry = client(Providers.roundRobin(openAiTarget(), second)).build();

      List<String> models = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        models.add(quarry.extract(WEATHER, "Weather in Oslo?").lastAttempt().model());
      }

      assertThat(models).containsExactly("gpt-4o-mini", "gpt-4.1-mini", "gpt-4o-mini", "gpt-4.1-mini");
      assertThat(openAi.totalRequests()).isEqualTo(2);
      assertThat(other.totalRequests()).isEqualTo(2);
      assertThat(openAiBody(openAi.takeRequest()).get("model").asString()).isEqualTo("gpt-4o-mini");
      assertThat(openAiBody(other.takeRequest()).get("model").asString()).isEqualTo("gpt-4.1-mini");
    } finally {
      other.close();
    }
  }

  @Test
  void roundRobinFallsBackThroughTheOtherTargets() {
    openAi.enqueue(503, SERVER_ERROR);
    openAi.enqueue(503, SERVER_ERROR);
    anthropic.enqueue(200, recordedAnthropic(ANTHROPIC_ANSWER, 0));
    anthropic.enqueue(200, recordedAnthropic(ANTHROPIC_ANSWER, 0));
    Quarry quarry = client(Providers.roundRobin(anthropicTarget(), openAiTarget())).build();

    // The first call starts at Anthropic; the second at OpenAI, which fails and hands over.
    assertThat(quarry.extract(WEATHER, "SF?").attempts()).extracting(Extraction.Attempt::provider)
        .containsExactly("anthropic");
    assertThat(quarry.extract(WEATHER, "SF?").attempts()).extracting(Extraction.Attempt::provider)
        .containsExactly("openai", "anthropic");
  }

  @Test
  void aStreamedCallFallsBackAndTheConsumerHearsTheNewAttempt() {
    openAi.enqueue(500, SERVER_ERROR);
    openAi.enqueue(500, SERVER_ERROR);
    anthropic.enqueue(200, Map.of("content-type", "text/event-stream"), recordedAnthropicStream());
    Quarry quarry = client(Providers.fallback(openAiTarget(), anthropicTarget())).build();

    List<StreamEvent<GetWeather>> seen = new ArrayList<>();
    try (StreamingExtraction<GetWeather> stream = quarry.extractStreaming(WEATHER, "Weather in SF?")) {
      stream.forEachRemaining(seen::add);
    }

    assertThat(seen.get(0)).isEqualTo(new StreamEvent.NewAttempt<GetWeather>(2, List.of()));
    assertThat(seen).anyMatch(e -> e instanceof StreamEvent.Partial);
    StreamEvent.Done<GetWeather> done = (StreamEvent.Done<GetWeather>) seen.get(seen.size() - 1);
    Extraction<GetWeather> result = done.extraction();
    assertThat(result.value().location()).isEqualTo("San Francisco, CA");
    assertThat(result.attempts()).extracting(Extraction.Attempt::provider)
        .containsExactly("openai", "anthropic");
    assertThat(result.lastAttempt().usage().inputTokens()).isEqualTo(656);
    assertThat(openAiBody(openAi.takeRequest()).get("stream").asBoolean()).isTrue();
    assertThat(anthropicBody(anthropic.takeRequest()).get("stream").asBoolean()).isTrue();
  }

  @Test
  void autoModeIsOneEveryTargetSupportsAndAnUnsupportedModeFailsAtBuild() {
    Quarry quarry = client(Providers.fallback(openAiTarget(), anthropicTarget())).build();
    assertThat(quarry.settings().mode()).isEqualTo(Mode.TOOLS);
    assertThat(quarry.settings().routes().routes()).hasSize(2);
    assertThat(quarry.toString()).contains("strategy=fallback").doesNotContain(OPENAI_KEY, ANTHROPIC_KEY);

    dev.quarry.provider.Provider toolsOnly = new dev.quarry.provider.Provider() {
      @Override public String name() { return "tools-only"; }
      @Override public java.util.Set<Mode> modes() { return java.util.Set.of(Mode.TOOLS); }
      @Override public Mode defaultMode() { return Mode.TOOLS; }
      @Override public String defaultBaseUrl() { return "http://127.0.0.1:1/v1"; }
      @Override public String apiKeyVariable() { return null; }
      @Override public dev.quarry.transport.TransportRequest request(dev.quarry.provider.ProviderRequest r) {
        throw new UnsupportedOperationException();
      }
      @Override public dev.quarry.provider.ModelReply reply(dev.quarry.provider.ProviderRequest r,
          dev.quarry.transport.TransportResponse response) {
        throw new UnsupportedOperationException();
      }
    };
    assertThatThrownBy(() -> client(Providers.fallback(openAiTarget(), Target.of(toolsOnly, "m")))
            .mode(Mode.MD_JSON).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("MD_JSON")
        .hasMessageContaining("tools-only");
  }

  @Test
  void aStrategyWithAProviderOrKeyIsAConfigurationError() {
    assertThatThrownBy(() -> Quarry.builder().provider(Providers.openAi())
            .strategy(Providers.fallback(openAiTarget(), anthropicTarget())).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("strategy")
        .hasMessageContaining("Target");
    assertThatThrownBy(() -> Providers.fallback())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no targets");
    assertThatThrownBy(() -> Quarry.builder()
            .environment(name -> null)
            .strategy(Providers.fallback(Providers.anthropic("claude-haiku-4-5"))).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ANTHROPIC_API_KEY")
        .hasMessageContaining("Target.apiKey");
  }

  /** Records what the listeners hear about targets. */
  static final class Events implements QuarryListener {
    final List<String> attempts = Collections.synchronizedList(new ArrayList<>());
    final List<String> fellBack = Collections.synchronizedList(new ArrayList<>());
    final List<String> callModel = Collections.synchronizedList(new ArrayList<>());
    volatile int failed;

    @Override
    public void started(CallInfo call) {
      callModel.add(call.provider() + "/" + call.model());
    }

    @Override
    public void attemptFinished(CallInfo call, AttemptResult result) {
      attempts.add(result.attempt().number() + " " + result.provider() + "/" + result.model() + " "
          + result.outcome());
    }

    @Override
    public void fellBack(CallInfo call, int nextAttempt, String provider, String model,
        QuarryException cause) {
      fellBack.add(nextAttempt + " " + provider + "/" + model + " after "
          + ((ProviderException) cause).status());
    }

    @Override
    public void failed(CallInfo call, QuarryException error) {
      failed++;
    }
  }

  /** A clock that moves only when Quarry sleeps on it: backoff takes no time. */
  static final class FakeTime implements TimeSource {
    private long now;

    @Override
    public synchronized long nanoTime() {
      return now;
    }

    @Override
    public synchronized void sleep(Duration duration) {
      now += duration.toNanos();
    }
  }
}
