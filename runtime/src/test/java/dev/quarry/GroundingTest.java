package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.spi.ExtractMethod;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

/** Quotes checked against their source, plans checked as DAGs, model validators' cost: through the loop. */
class GroundingTest {
  static final String TEXT = """
      Acme Corp was founded in 1989 in Leeds by Jane Holt.
      It makes “industrial” springs — mostly for trains.""";

  record Fact(String claim, @Quote("text") String evidence) {}

  record Facts(List<Fact> facts) {}

  record Sources(String claim, @Quote("text") List<String> evidence) {}

  record Step(String id, String action, List<String> dependsOn) implements TaskGraph.Task {}

  record Plan(String goal, List<Step> tasks) {}

  static final ExtractMethod<Facts> FACTS =
      ExtractMethod.builder(GroundingTest.class, "facts", new TypeReference<Facts>() {})
          .schema("{\"type\":\"object\"}")
          .build();

  static final ExtractMethod<Sources> SOURCES =
      ExtractMethod.builder(GroundingTest.class, "sources", new TypeReference<Sources>() {})
          .schema("{\"type\":\"object\"}")
          .build();

  static final ExtractMethod<Plan> PLAN =
      ExtractMethod.builder(GroundingTest.class, "plan", new TypeReference<Plan>() {})
          .schema("{\"type\":\"object\"}")
          .build();

  @Test
  void aQuoteNotInTheTextIsReaskedWithTheClosestPassage() {
    ScriptedProvider provider = new ScriptedProvider()
        .tool("{\"facts\":[{\"claim\":\"makes springs\",\"evidence\":\"It makes \\\"industrial\\\" springs - mostly\"},"
            + "{\"claim\":\"founded 1998\",\"evidence\":\"Acme Corp was founded in 1998\"}]}", 1, 1)
        .tool("{\"facts\":[{\"claim\":\"makes springs\",\"evidence\":\"It makes \\\"industrial\\\" springs - mostly\"},"
            + "{\"claim\":\"founded 1989\",\"evidence\":\"acme corp was   founded in 1989\"}]}", 1, 1);

    Extraction<Facts> result =
        provider.quarry().extract(FACTS, "facts of " + TEXT, List.of(), Map.of("text", TEXT));

    assertThat(result.attempts()).hasSize(2);
    assertThat(result.attempts().get(0).violations()).singleElement().satisfies(v -> {
      assertThat(v.pointer()).isEqualTo("/facts/1/evidence");
      assertThat(v.rule()).isEqualTo("quote");
      assertThat(v.message()).startsWith("'Acme Corp was founded in 1998' does not appear in text;"
          + " the closest passage is 'Acme Corp was founded in 1989")
          .contains("Quote text word for word");
    });
    assertThat(provider.requests.get(1).messages().toString()).contains("/facts/1/evidence");
    List<Quotes.Span> spans = Quotes.spans(result.value(), Map.of("text", TEXT));
    assertThat(spans).extracting(Quotes.Span::pointer).containsExactly("/facts/0/evidence", "/facts/1/evidence");
    assertThat(TEXT.substring(spans.get(0).start(), spans.get(0).end()))
        .isEqualTo("It makes “industrial” springs — mostly");
    assertThat(TEXT.substring(spans.get(1).start(), spans.get(1).end()))
        .isEqualTo("Acme Corp was founded in 1989");
  }

  @Test
  void eachQuoteOfAListIsCheckedWithItsIndex() {
    ScriptedProvider provider = new ScriptedProvider()
        .tool("{\"claim\":\"c\",\"evidence\":[\"by Jane Holt\",\"\",\"made in Wales\"]}", 1, 1)
        .tool("{\"claim\":\"c\",\"evidence\":[\"by Jane Holt\"]}", 1, 1);

    Extraction<Sources> result =
        provider.quarry().extract(SOURCES, "x", List.of(), Map.of("text", TEXT));

    assertThat(result.attempts().get(0).violations())
        .extracting(Violation::pointer)
        .containsExactly("/evidence/1", "/evidence/2");
    assertThat(result.attempts().get(0).violations().get(0).message()).startsWith("the quote is empty");
    assertThat(result.value().evidence()).containsExactly("by Jane Holt");
  }

  @Test
  void aQuoteOfASourceTheCallDidNotPassIsAConfigurationError() {
    ScriptedProvider provider = new ScriptedProvider().tool("{\"claim\":\"c\",\"evidence\":[\"x\"]}", 1, 1);

    assertThatThrownBy(() -> provider.quarry().extract(SOURCES, "x"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("@Quote(\"text\") on Sources.evidence")
        .hasMessageContaining("passed no text by that name");
  }

  @Test
  void aCyclicPlanIsReaskedNamingTheCycle() {
    ScriptedProvider provider = new ScriptedProvider()
        .tool("{\"goal\":\"g\",\"tasks\":[{\"id\":\"t1\",\"action\":\"a\",\"dependsOn\":[]},"
            + "{\"id\":\"t2\",\"action\":\"b\",\"dependsOn\":[\"t1\",\"t4\"]},"
            + "{\"id\":\"t3\",\"action\":\"c\",\"dependsOn\":[\"t1\"]},"
            + "{\"id\":\"t4\",\"action\":\"d\",\"dependsOn\":[\"t2\"]}]}", 1, 1)
        .tool("{\"goal\":\"g\",\"tasks\":[{\"id\":\"t1\",\"action\":\"a\",\"dependsOn\":[]},"
            + "{\"id\":\"t2\",\"action\":\"b\",\"dependsOn\":[\"t1\"]},"
            + "{\"id\":\"t3\",\"action\":\"c\",\"dependsOn\":[\"t1\"]},"
            + "{\"id\":\"t4\",\"action\":\"d\",\"dependsOn\":[\"t2\",\"t3\"]}]}", 1, 1);

    Extraction<Plan> result = provider.quarry().extract(PLAN, "plan");

    assertThat(result.attempts().get(0).violations()).singleElement().satisfies(v -> {
      assertThat(v.pointer()).isEqualTo("/tasks");
      assertThat(v.message()).startsWith("the plan has a cycle: t2 -> t4 -> t2;");
    });
    TaskGraph<Step> graph = TaskGraph.of(result.value().tasks());
    assertThat(graph.order()).extracting(Step::id).containsExactly("t1", "t2", "t3", "t4");
    assertThat(graph.waves()).hasSize(3);
    assertThat(graph.waves().get(1)).extracting(Step::id).containsExactly("t2", "t3");
  }

  @Test
  void aModelValidatorsTokensAndCostAreTheCallsOwn() {
    ScriptedProvider checker = new ScriptedProvider()
        .tool("{\"satisfied\":false,\"reason\":\"it says 1998; the text says 1989\"}", 100, 10)
        .tool("{\"satisfied\":true,\"reason\":\"\"}", 100, 10);
    ScriptedProvider extractor = new ScriptedProvider()
        .tool("{\"claim\":\"founded 1998\",\"evidence\":[]}", 1000, 50)
        .tool("{\"claim\":\"founded 1989\",\"evidence\":[]}", 1000, 50);
    PriceTable prices = PriceTable.builder().price("big", 10.0, 20.0).price("small", 1.0, 2.0).build();
    Quarry small = Quarry.builder().provider(checker).transport(checker).model("small").prices(prices).build();
    Quarry quarry = Quarry.builder().provider(extractor).transport(extractor).model("big").prices(prices)
        .validator(Sources.class, LlmValidator.of(small, "The claim is stated by the text."))
        .build();

    Extraction<Sources> result = quarry.extract(SOURCES, "x", List.of(), Map.of("text", TEXT));

    assertThat(result.value().claim()).isEqualTo("founded 1989");
    assertThat(result.attempts().get(0).violations()).singleElement()
        .satisfies(v -> assertThat(v.message()).contains("it says 1998"));
    assertThat(result.usage()).isEqualTo(Usage.of(2000 + 200, 100 + 20));
    // big: 2000 in at 10/M + 100 out at 20/M; small: 200 in at 1/M + 20 out at 2/M
    BigDecimal expected = new BigDecimal("0.022").add(new BigDecimal("0.00024"));
    assertThat(result.cost()).hasValueSatisfying(cost ->
        assertThat(cost.total()).isEqualByComparingTo(expected));
    assertThat(small.totalUsage()).isEqualTo(Usage.of(200, 20));
  }
}
