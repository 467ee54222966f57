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
        .isEqualTo("http://gw/anthropic");
    assertThat(withEnvironment(Map.of("GOOGLE_GEMINI_BASE_URL", "http://gw/gemini")).provider("gemini").build().baseUrl())
        .isEqualTo("http://gw/gemini");
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
}
