package dev.quarry.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.Cost;
import dev.quarry.Extraction;
import dev.quarry.Quarry;
import dev.quarry.Usage;
import dev.quarry.samples.review.ReviewSample;
import dev.quarry.samples.review.Summarizer;
import dev.quarry.samples.review.Summary;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checker model's verdict is re-asked, and its tokens and cost are the call's. */
class ReviewSampleTest {
  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic", "gemini", "ollama"})
  void theCheckersVerdictIsReaskedAndItsTokensAndCostCounted(String provider) {
    ReviewSample sample = new ReviewSample();
    Quarry quarry = sample.client(Setup.offline(provider));
    Summarizer summarizer = quarry.create(Summarizer.class);

    Extraction<Summary> result = summarizer.summarize(ReviewSample.INCIDENT);

    assertThat(result.attempts()).hasSize(2);
    assertThat(result.attempts().get(0).violations()).singleElement().satisfies(v -> {
      assertThat(v.rule()).isEqualTo("validator");
      assertThat(v.message()).contains("not satisfied: The report says nothing about ruling out an attack");
    });
    assertThat(result.value().text()).contains("no card data was exposed");
    Usage own = result.attempts().stream().map(Extraction.Attempt::usage).reduce(Usage.ZERO, Usage::plus);
    Usage checker = sample.checkerUsage();
    assertThat(checker.totalTokens()).isPositive();
    assertThat(result.usage()).isEqualTo(own.plus(checker));
    assertThat(quarry.totalUsage()).as("each client's total counts its own calls").isEqualTo(own);
    Cost expected = ExamplePrices.TABLE.cost(Setup.OFFLINE_MODELS.get(provider), own).orElseThrow()
        .plus(ExamplePrices.TABLE.cost(Setup.CHECKER_MODELS.get(provider), checker).orElseThrow());
    assertThat(result.cost()).hasValueSatisfying(
        cost -> assertThat(cost.total()).isEqualByComparingTo(expected.total()));
  }
}
