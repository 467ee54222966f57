package dev.quarry.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The main job offline, and how the set-up is chosen from the environment. */
class MainTest {

  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic", "gemini", "ollama"})
  void offlineRunShowsEveryResultAndTheReasks(String provider) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int failed = Main.run(Setup.offline(provider),
        new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
    String output = bytes.toString(StandardCharsets.UTF_8);

    assertThat(failed).as(output).isZero();
    assertThat(output)
        .startsWith("OFFLINE: replaying hand-made fixtures for " + provider + "/")
        .contains("Go live by setting QUARRY_MODEL")
        .contains("violation [check] (root): Receipt rejected the values: total 11.05")
        .contains("violation [check] (root): KnowledgeGraph rejected the values: edge 3")
        .contains("violation [exclusiveMinimum] /items/2/quantity")
        .contains("-> re-asked the model with these violations")
        .contains("total        11.05", "total        42.27")
        .contains("range        2025-06-02 .. 2025-06-08")
        .contains("category     BILLING", "category     TECHNICAL_ISSUE")
        .contains("=> 2 attempts, ")
        .doesNotContain("FAILED");
    assertThat(output.split("-> re-asked", -1)).as("three re-asks: receipt, photo, graph").hasSize(4);
  }

  @Test
  void quarryModelSelectsALiveProvider() {
    Setup setup = Setup.from(
        Map.of("QUARRY_MODEL", "ollama/qwen2.5", "OPENAI_API_KEY", "sk-test")::get, "gemini");

    assertThat(setup.live()).isTrue();
    assertThat(setup.provider()).isEqualTo("ollama");
    assertThat(setup.description()).startsWith("LIVE: calling ollama/qwen2.5");
    assertThat(setup.quarry("receipts").toString()).contains("provider=ollama", "model=qwen2.5");
  }

  @Test
  void anOpenAiKeyOrBaseUrlSelectsGpt4oMini() {
    Setup byKey = Setup.from(Map.of("OPENAI_API_KEY", "sk-test")::get, null);
    Setup byUrl = Setup.from(Map.of("OPENAI_BASE_URL", "http://localhost:8080/v1")::get, null);

    assertThat(byKey.live()).isTrue();
    assertThat(byKey.description()).startsWith("LIVE: calling openai/gpt-4o-mini");
    assertThat(byUrl.live()).isTrue();
    assertThat(byUrl.provider()).isEqualTo("openai");
  }

  @Test
  void nothingConfiguredReplaysTheChosenProvider() {
    Setup defaults = Setup.from(Map.<String, String>of()::get, null);
    Setup anthropic = Setup.from(Map.of("QUARRY_MODEL", " ")::get, "anthropic");

    assertThat(defaults.live()).isFalse();
    assertThat(defaults.provider()).isEqualTo("openai");
    assertThat(defaults.today()).isEqualTo(Setup.RECORDED_TODAY);
    assertThat(anthropic.live()).isFalse();
    assertThat(anthropic.provider()).isEqualTo("anthropic");
    assertThat(anthropic.quarry("graph").toString())
        .contains("provider=anthropic", "https://api.anthropic.com/v1", "claude-sonnet-4-5");
  }

  @Test
  void anUnknownOfflineProviderIsNamedWithTheChoices() {
    assertThatThrownBy(() -> Setup.offline("mistral"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("There are no recordings for provider 'mistral'; use one of"
            + " [anthropic, gemini, ollama, openai].");
  }
}
