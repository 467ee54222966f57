package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.provider.Providers;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration from a "provider/model" string and from the variables the providers' SDKs use. */
class ConfigurationTest {
  private static Quarry.Builder withEnvironment(Map<String, String> variables) {
    return Quarry.builder().environment(variables::get);
  }

  @Test
  void providerAndModelStringPicksBoth() {
    Quarry quarry = withEnvironment(Map.of("ANTHROPIC_API_KEY", "k")).provider("anthropic/claude-sonnet-4-5").build();

    assertThat(quarry.provider()).isSameAs(Providers.anthropic());
    assertThat(quarry.toString()).contains("model=claude-sonnet-4-5");
    assertThat(quarry.baseUrl()).isEqualTo("https://api.anthropic.com/v1");
  }

  @Test
  void everythingAfterTheFirstSlashIsTheModel() {
    Quarry quarry = withEnvironment(Map.of()).provider("ollama/library/qwen2.5:7b").build();

    assertThat(quarry.provider()).isSameAs(Providers.ollama());
    assertThat(quarry.toString()).contains("model=library/qwen2.5:7b");
  }

  @Test
  void unknownProviderNameListsTheKnownOnes() {
    assertThatThrownBy(() -> Quarry.builder().provider("mistral/large"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'mistral'")
        .hasMessageContaining("anthropic")
        .hasMessageContaining("openAiCompatible");
    assertThatThrownBy(() -> Quarry.builder().provider("openai/"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("model after the slash is empty");
  }

  @Test
  void geminiFallsBackToGoogleApiKey() {
    Quarry quarry = withEnvironment(Map.of("GOOGLE_API_KEY", " g-key ")).provider("gemini/gemini-2.5-flash").build();

    assertThat(quarry.apiKey()).isEqualTo("g-key");
    assertThatThrownBy(() -> withEnvironment(Map.of()).provider("gemini").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("GEMINI_API_KEY, GOOGLE_API_KEY");
  }

  @Test
  void firstKeyVariableWins() {
    Quarry quarry =
        withEnvironment(Map.of("GEMINI_API_KEY", "first", "GOOGLE_API_KEY", "second")).provider("gemini").build();

    assertThat(quarry.apiKey()).isEqualTo("first");
  }

  @Test
  void baseUrlVariablesOfEachProvider() {
    assertThat(withEnvironment(Map.of("OPENAI_BASE_URL", "http://proxy:8080/v1/")).build().baseUrl())
        .isEqualTo("http://proxy:8080/v1");
    assertThat(withEnvironment(Map.of("ANTHROPIC_BASE_URL", "http://gw/anthropic")).provider("anthropic").build().baseUrl())
        .isEqualTo("http://gw/anthropic/v1");
    assertThat(withEnvironment(Map.of("GOOGLE_GEMINI_BASE_URL", "http://gw/gemini")).provider("gemini").build().baseUrl())
        .isEqualTo("http://gw/gemini/v1beta");
    assertThat(withEnvironment(Map.of("OLLAMA_HOST", "0.0.0.0:11434")).provider("ollama").build().baseUrl())
        .isEqualTo("http://localhost:11434");
  }

  @Test
  void explicitBaseUrlBeatsTheEnvironment() {
    Quarry quarry =
        withEnvironment(Map.of("OPENAI_BASE_URL", "http://from-env/v1")).baseUrl("http://explicit/v1").build();

    assertThat(quarry.baseUrl()).isEqualTo("http://explicit/v1");
  }

  @Test
  void compatibleServersIgnoreOpenAiBaseUrl() {
    Quarry quarry =
        withEnvironment(Map.of("OPENAI_BASE_URL", "http://from-env/v1"))
            .provider(Providers.openAiCompatible("vllm", "http://localhost:8000/v1", null))
            .build();

    assertThat(quarry.baseUrl()).isEqualTo("http://localhost:8000/v1");
  }

  @Test
  void everyBuiltInProviderIsReachableByName() {
    for (var provider : Providers.builtIn()) {
      assertThat(Providers.named(provider.name().toUpperCase(java.util.Locale.ROOT))).isSameAs(provider);
    }
  }

  // ------------------------------------------------ base URLs mean what the vendors' SDKs mean

  /** Where a request goes for a base URL set in the environment or on the builder. */
  private static String requestUri(Quarry.Builder builder, String providerName) {
    Quarry quarry = builder.provider(providerName).model("m").build();
    return quarry.provider().request(new dev.quarry.provider.ProviderRequest(quarry.baseUrl(), "k",
        "m", PERSON, quarry.provider().defaultMode(), java.util.List.of(Message.user("hi")), null, null))
        .uri().toString();
  }

  private static final dev.quarry.spi.ExtractMethod<java.util.Map<String, Object>> PERSON =
      dev.quarry.spi.ExtractMethod.builder(ConfigurationTest.class, "person",
              new tools.jackson.core.type.TypeReference<java.util.Map<String, Object>>() {})
          .toolName("Person").schema("{\"type\":\"object\"}").build();

  @Test
  void anthropicBaseUrlIsTheHostRootAsInAnthropicsSdks() {
    // Anthropic documents ANTHROPIC_BASE_URL as https://api.anthropic.com; the SDK adds /v1/messages
    assertThat(requestUri(withEnvironment(Map.of("ANTHROPIC_API_KEY", "k",
        "ANTHROPIC_BASE_URL", "https://api.anthropic.com")), "anthropic"))
        .isEqualTo("https://api.anthropic.com/v1/messages");
    assertThat(requestUri(withEnvironment(Map.of("ANTHROPIC_API_KEY", "k",
        "ANTHROPIC_BASE_URL", "https://gateway.example/anthropic/")), "anthropic"))
        .isEqualTo("https://gateway.example/anthropic/v1/messages");
    // a value that already names the version is not doubled
    assertThat(requestUri(withEnvironment(Map.of("ANTHROPIC_API_KEY", "k",
        "ANTHROPIC_BASE_URL", "https://api.anthropic.com/v1")), "anthropic"))
        .isEqualTo("https://api.anthropic.com/v1/messages");
    assertThat(requestUri(withEnvironment(Map.of("ANTHROPIC_API_KEY", "k")), "anthropic"))
        .isEqualTo("https://api.anthropic.com/v1/messages");
  }

  @Test
  void geminiBaseUrlIsTheHostRootAsInGooglesSdks() {
    // Google's Gen AI SDKs take GOOGLE_GEMINI_BASE_URL as https://generativelanguage.googleapis.com
    assertThat(requestUri(withEnvironment(Map.of("GEMINI_API_KEY", "k",
        "GOOGLE_GEMINI_BASE_URL", "https://generativelanguage.googleapis.com")), "gemini"))
        .isEqualTo("https://generativelanguage.googleapis.com/v1beta/models/m:generateContent");
    assertThat(requestUri(withEnvironment(Map.of("GEMINI_API_KEY", "k",
        "GOOGLE_GEMINI_BASE_URL", "https://generativelanguage.googleapis.com/v1beta/")), "gemini"))
        .isEqualTo("https://generativelanguage.googleapis.com/v1beta/models/m:generateContent");
    assertThat(requestUri(withEnvironment(Map.of("GEMINI_API_KEY", "k",
        "GOOGLE_GEMINI_BASE_URL", "https://proxy.example/v1")), "gemini"))
        .isEqualTo("https://proxy.example/v1/models/m:generateContent");
  }

  @Test
  void openAiBaseUrlIncludesTheVersionAsInOpenAisSdks() {
    // OpenAI documents OPENAI_BASE_URL as https://api.openai.com/v1
    assertThat(requestUri(withEnvironment(Map.of("OPENAI_API_KEY", "k",
        "OPENAI_BASE_URL", "https://api.openai.com/v1")), "openai"))
        .isEqualTo("https://api.openai.com/v1/chat/completions");
    assertThat(requestUri(withEnvironment(Map.of("OPENAI_API_KEY", "k",
        "OPENAI_BASE_URL", "http://proxy:8080/openai/v1/")), "openai-responses"))
        .isEqualTo("http://proxy:8080/openai/v1/responses");
  }

  @Test
  void ollamaHostIsTheServersRoot() {
    assertThat(requestUri(withEnvironment(Map.of("OLLAMA_HOST", "127.0.0.1:11500")), "ollama"))
        .isEqualTo("http://127.0.0.1:11500/api/chat");
  }

  @Test
  void theBuilderFollowsTheSameRuleAsTheVariables() {
    assertThat(requestUri(withEnvironment(Map.of()).apiKey("k").baseUrl("https://api.anthropic.com"),
        "anthropic")).isEqualTo("https://api.anthropic.com/v1/messages");
    assertThat(requestUri(withEnvironment(Map.of()).apiKey("k").baseUrl("https://api.anthropic.com/v1/"),
        "anthropic")).isEqualTo("https://api.anthropic.com/v1/messages");
    assertThat(requestUri(withEnvironment(Map.of()).apiKey("k")
        .baseUrl("https://generativelanguage.googleapis.com"), "gemini"))
        .isEqualTo("https://generativelanguage.googleapis.com/v1beta/models/m:generateContent");
    assertThat(requestUri(withEnvironment(Map.of()).apiKey("k").baseUrl("http://localhost:8000/v1"),
        "openai")).isEqualTo("http://localhost:8000/v1/chat/completions");
  }

  @Test
  void aModelNameWhereTheProviderBelongsSuggestsTheProviderSlashModelForm() {
    assertThatThrownBy(() -> Quarry.builder().provider("gpt-4o"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no provider named 'gpt-4o'")
        .hasMessageContaining("\"openai/gpt-4o\"")
        .hasMessageContaining(".model(\"gpt-4o\")");
    assertThatThrownBy(() -> Quarry.builder().provider("claude-sonnet-4-5"))
        .hasMessageContaining("\"anthropic/claude-sonnet-4-5\"");
    assertThatThrownBy(() -> Quarry.builder().provider("qwen2.5:7b"))
        .hasMessageContaining("\"ollama/qwen2.5:7b\"");
  }
}
