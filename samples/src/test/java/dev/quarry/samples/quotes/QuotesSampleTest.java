package dev.quarry.samples.quotes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.Extraction;
import dev.quarry.Quotes;
import dev.quarry.Violation;
import dev.quarry.samples.Setup;
import dev.quarry.transport.ReplayTransport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The misquote of the first answer is re-asked with the closest passage; the spans point into the text. */
class QuotesSampleTest {
  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic", "gemini", "ollama"})
  void aMisquoteIsReaskedAndTheAcceptedQuotesAreFound(String provider) {
    ReplayTransport recordings = Setup.recordings(provider, "quotes");
    FactFinder finder = Setup.offlineQuarry(provider, recordings).create(FactFinder.class);

    Extraction<Facts> result = finder.facts(QuotesSample.COMPANY);

    assertThat(result.attempts()).hasSize(2);
    assertThat(result.attempts().get(0).violations()).extracting(Violation::pointer, Violation::rule)
        .containsExactly(org.assertj.core.api.Assertions.tuple("/facts/2/evidence", "quote"));
    assertThat(result.attempts().get(0).violations().get(0).message())
        .contains("the closest passage is 'Traders was founded in 1989 in'");
    List<Quotes.Span> spans = Quotes.spans(result.value(), Map.of("text", QuotesSample.COMPANY));
    assertThat(spans).hasSize(4);
    assertThat(QuotesSample.COMPANY.substring(spans.get(0).start(), spans.get(0).end()))
        .isEqualTo("The company makes “industrial” springs — mostly for trains");
    assertThat(QuotesSample.COMPANY.substring(spans.get(2).start(), spans.get(2).end()))
        .isEqualTo("was founded in 1989 in Leeds by Jane Holt");
    assertThat(recordings.remaining()).isZero();
  }
}
