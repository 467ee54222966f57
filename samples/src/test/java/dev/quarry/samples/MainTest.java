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
        .contains("violation [quote] /facts/2/evidence: 'founded in 1998' does not appear in text;"
            + " the closest passage is 'Traders was founded in 1989 in'")
        .contains("violation [plan] /tasks: the plan has a cycle: t5 -> t6 -> t5;")
        .contains("ran          t1 -> t2 -> t3(t1) -> t4(t2) -> t5(t3,t4) -> t6(t5)")
        .contains("not satisfied: The report says nothing about ruling out an attack")
        .doesNotContain("FAILED");
    assertThat(output.split("-> re-asked", -1))
        .as("six re-asks: receipt, photo, graph, quotes, plan, review").hasSize(7);
    assertThat(output).contains("== Call log (embedded H2, table quarry_call_log)")
        .containsPattern("calls +\\d+ \\(\\d+ succeeded\\), \\d+ requests")
        .containsPattern("latency +p50 \\d+ ms, p95 \\d+ ms per request")
        .contains("example prices, not list prices");
    String calls = output.replaceAll("(?s).*calls +(\\d+) \\((\\d+) succeeded\\), (\\d+) requests.*",
        "$1 $2 $3");
    String[] counts = calls.split(" ");
    // twelve calls: the streamed one (LiveReceiptSample) runs the same engine and is logged too;
    // the review sample's checker is a client of its own, which the log does not hear
    assertThat(Integer.parseInt(counts[0])).as("calls: the samples make twelve, all succeed")
        .isEqualTo(12).isEqualTo(Integer.parseInt(counts[1]));
    assertThat(Integer.parseInt(counts[2])).as("requests: one per call and one per re-ask")
        .isEqualTo(12 + 6);
  }

  @org.junit.jupiter.api.Test
  void theCallLogCostsTheLoggedTokensAtTheExamplePrices() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Main.run(Setup.offline("openai"),
        new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
    String output = bytes.toString(StandardCharsets.UTF_8);

    long printed = 0;
    java.util.regex.Matcher attempt = java.util.regex.Pattern
        .compile("\n    attempt \\d+: \\w+ \\(([\\d,]+) tokens").matcher(output);
    while (attempt.find()) {
      printed += Long.parseLong(attempt.group(1).replace(",", ""));
    }
    java.util.regex.Matcher totals = java.util.regex.Pattern.compile(
        "tokens +([\\d,]+): ([\\d,]+) in \\+ ([\\d,]+) out\n  cost +\\$([\\d.]+) ").matcher(output);
    assertThat(totals.find()).as(output).isTrue();
    long total = Long.parseLong(totals.group(1).replace(",", ""));
    long in = Long.parseLong(totals.group(2).replace(",", ""));
    long out = Long.parseLong(totals.group(3).replace(",", ""));
    assertThat(total).as("the log has every printed attempt, and calls printed without attempts")
        .isGreaterThan(printed).isEqualTo(in + out);
    // gpt-4o-mini at the example prices: 0.15 and 0.60 USD per million tokens.
    java.math.BigDecimal expected = java.math.BigDecimal.valueOf(in * 15 + out * 60)
        .movePointLeft(8).setScale(6, java.math.RoundingMode.HALF_UP);
    assertThat(new java.math.BigDecimal(totals.group(4))).isEqualByComparingTo(expected);
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
