package dev.quarry.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.quarry.Extraction;
import dev.quarry.Usage;
import dev.quarry.samples.classify.Category;
import dev.quarry.samples.classify.Classification;
import dev.quarry.samples.classify.ClassifySample;
import dev.quarry.samples.classify.TicketClassifier;
import dev.quarry.samples.graph.Edge;
import dev.quarry.samples.graph.GraphExtractor;
import dev.quarry.samples.graph.GraphSample;
import dev.quarry.samples.graph.KnowledgeGraph;
import dev.quarry.samples.graph.Node;
import dev.quarry.samples.graph.NodeType;
import dev.quarry.samples.receipts.LineItem;
import dev.quarry.samples.receipts.LineItemPartial;
import dev.quarry.samples.receipts.Receipt;
import dev.quarry.samples.receipts.ReceiptPartial;
import dev.quarry.samples.receipts.ReceiptPhotoReader;
import dev.quarry.samples.receipts.ReceiptPhotoSample;
import dev.quarry.samples.receipts.ReceiptReader;
import dev.quarry.samples.receipts.ReceiptSample;
import dev.quarry.samples.search.ContentType;
import dev.quarry.samples.search.DateRange;
import dev.quarry.samples.search.QueryUnderstanding;
import dev.quarry.samples.search.SearchRequest;
import dev.quarry.samples.search.SearchSample;
import dev.quarry.transport.ReplayTransport;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The samples' interfaces, run on the shipped recordings of every provider: the same code, only
 * the provider configuration differs. Each test also checks that every recording was used.
 */
class SamplesOnRecordingsTest {

  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic", "gemini", "ollama"})
  void receiptIsReadAfterOneReaskForAWrongTotal(String provider) {
    ReplayTransport recordings = Setup.recordings(provider, "receipts");
    ReceiptReader reader = Setup.offlineQuarry(provider, recordings).create(ReceiptReader.class);

    Extraction<Receipt> result = reader.readWithDetails(ReceiptSample.GROCER);

    Receipt receipt = result.value();
    assertThat(receipt.merchant()).isEqualTo("Green Leaf Grocers");
    assertThat(receipt.date()).isEqualTo(LocalDate.of(2025, 6, 11));
    assertThat(receipt.items()).extracting(LineItem::name, LineItem::quantity)
        .containsExactly(
            tuple("Oat milk 1L", 2),
            tuple("Sourdough loaf", 1),
            tuple("Free-range eggs x6", 1));
    assertThat(receipt.items().get(0).unitPrice()).isEqualByComparingTo("1.85");
    assertThat(receipt.total()).isEqualByComparingTo("11.05");

    assertThat(result.attempts()).hasSize(2);
    Extraction.Attempt first = result.attempts().get(0);
    assertThat(first.succeeded()).isFalse();
    assertThat(first.violations()).singleElement().satisfies(violation -> {
      assertThat(violation.rule()).isEqualTo("check");
      assertThat(violation.message())
          .contains("total 11.05 does not equal the sum of quantity × unitPrice")
          .contains("2 × 3.70 + 1 × 4.20 + 1 × 3.15 = 14.75");
    });
    assertThat(result.attempts().get(1).succeeded()).isTrue();
    // The re-ask sent the violation back to the model.
    assertThat(result.attempts().get(1).requestBody()).contains("does not equal the sum");
    assertUsageIsSummed(result);
    assertThat(recordings.remaining()).as("the invoice's recording is left").isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic", "gemini", "ollama"})
  void photoIsSentAsAnImageAndReadAfterOneReask(String provider) {
    ReplayTransport recordings = Setup.recordings(provider, "receipt-photo");
    ReceiptPhotoReader reader =
        Setup.offlineQuarry(provider, recordings).create(ReceiptPhotoReader.class);

    Extraction<Receipt> result = reader.readPhotoWithDetails(ReceiptPhotoSample.photo());

    assertThat(result.value().total()).isEqualByComparingTo("11.05");
    assertThat(result.value().items()).extracting(LineItem::quantity).containsExactly(2, 1, 1);
    assertThat(result.attempts()).hasSize(2);
    assertThat(result.attempts().get(0).violations()).singleElement().satisfies(violation -> {
      assertThat(violation.pointer()).isEqualTo("/items/2/quantity");
      assertThat(violation.rule()).isEqualTo("exclusiveMinimum");
    });
    // The PNG travels in the provider's own image part, base64 from its first bytes on.
    assertThat(result.attempts().get(0).requestBody()).contains("iVBORw0KGgo");
    assertUsageIsSummed(result);
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic", "gemini", "ollama"})
  void streamedReceiptFillsInAndEndsValidated(String provider) {
    ReplayTransport recordings = Setup.recordings(provider, "receipt-live");
    ReceiptReader reader = Setup.offlineQuarry(provider, recordings).create(ReceiptReader.class);

    List<ReceiptPartial> snapshots;
    try (Stream<ReceiptPartial> stream = reader.readLive(ReceiptSample.GROCER)) {
      snapshots = stream.toList();
    }

    assertThat(snapshots).hasSizeGreaterThan(5);
    assertThat(snapshots.get(0).total()).as("the total comes last").isNull();
    assertThat(snapshots).anySatisfy(s -> {
      assertThat(s.merchant()).isEqualTo("Green Leaf Grocers");
      assertThat(s.items()).hasSizeLessThan(3);
    });
    ReceiptPartial last = snapshots.get(snapshots.size() - 1);
    assertThat(last.total()).isEqualByComparingTo("11.05");
    assertThat(last.items()).extracting(LineItemPartial::quantity).containsExactly(2, 1, 1);
    assertThat(recordings.remaining()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic", "gemini", "ollama"})
  void plainMethodReturnsTheReceiptAlone(String provider) {
    ReceiptReader reader = Setup.offlineQuarry(provider, "receipts").create(ReceiptReader.class);

    Receipt invoice = reader.read(ReceiptSample.INVOICE);

    assertThat(invoice.merchant()).isEqualTo("Northwind Office Supplies Ltd");
    assertThat(invoice.date()).isEqualTo(LocalDate.of(2025, 4, 3));
    assertThat(invoice.items()).hasSize(2);
    assertThat(invoice.items().get(1).unitPrice()).isEqualByComparingTo("12.90");
    assertThat(invoice.total()).isEqualByComparingTo(new BigDecimal("42.27"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic", "gemini", "ollama"})
  void graphIsExtractedAfterOneReaskForADanglingEdge(String provider) {
    ReplayTransport recordings = Setup.recordings(provider, "graph");
    GraphExtractor extractor = Setup.offlineQuarry(provider, recordings).create(GraphExtractor.class);

    Extraction<KnowledgeGraph> result = extractor.extract(GraphSample.CURIE);

    KnowledgeGraph graph = result.value();
    assertThat(graph.nodes()).hasSize(6).contains(
        new Node("marie-curie", "Marie Curie", NodeType.PERSON),
        new Node("warsaw", "Warsaw", NodeType.PLACE),
        new Node("university-of-paris", "University of Paris", NodeType.ORGANIZATION));
    assertThat(graph.edges()).hasSize(6).contains(
        new Edge("marie-curie", "nobel-prize-physics-1903", "awarded"),
        new Edge("marie-curie", "pierre-curie", "married_to"));
    assertThat(result.attempts()).hasSize(2);
    assertThat(result.attempts().get(0).violations()).singleElement().satisfies(violation -> {
      assertThat(violation.rule()).isEqualTo("check");
      assertThat(violation.message()).contains("edge 3", "'nobel-prize'", "no node has that id");
    });
    assertUsageIsSummed(result);
    assertThat(recordings.remaining()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic", "gemini", "ollama"})
  void relativeDatesResolveAgainstToday(String provider) {
    ReplayTransport recordings = Setup.recordings(provider, "search");
    QueryUnderstanding understanding =
        Setup.offlineQuarry(provider, recordings).create(QueryUnderstanding.class);

    Extraction<SearchRequest> lastWeek =
        understanding.understand(SearchSample.LAST_WEEK, Setup.RECORDED_TODAY);
    Extraction<SearchRequest> podcasts =
        understanding.understand(SearchSample.PODCASTS, Setup.RECORDED_TODAY);

    assertThat(lastWeek.value()).isEqualTo(new SearchRequest("EU AI Act",
        new DateRange(LocalDate.of(2025, 6, 2), LocalDate.of(2025, 6, 8)),
        Optional.empty(), Optional.empty(), Optional.empty()));
    assertThat(lastWeek.attempts()).hasSize(1);
    assertThat(lastWeek.lastAttempt().requestBody()).contains("Today is 2025-06-13, a FRIDAY");
    assertThat(podcasts.value()).isEqualTo(new SearchRequest("robotics",
        new DateRange(LocalDate.of(2025, 5, 1), Setup.RECORDED_TODAY),
        Optional.of(ContentType.PODCAST), Optional.of("Lex Fridman"), Optional.of("en")));
    assertThat(recordings.remaining()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic", "gemini", "ollama"})
  void ticketsAreClassified(String provider) {
    ReplayTransport recordings = Setup.recordings(provider, "classify");
    TicketClassifier classifier =
        Setup.offlineQuarry(provider, recordings).create(TicketClassifier.class);

    Extraction<Classification> billing = classifier.classify(
        ClassifySample.DOUBLE_CHARGE.subject(), ClassifySample.DOUBLE_CHARGE.body());
    Extraction<Classification> crash = classifier.classify(
        ClassifySample.EXPORT_CRASH.subject(), ClassifySample.EXPORT_CRASH.body());

    assertThat(billing.value().category()).isEqualTo(Category.BILLING);
    assertThat(billing.value().confidence()).isEqualTo(0.93);
    assertThat(billing.value().reason()).contains("refund one of them");
    // The recorded answer says "Billing"; the parser matches the constant without a re-ask.
    assertThat(billing.attempts()).hasSize(1);
    assertThat(billing.lastAttempt().repairs()).singleElement().asString()
        .contains("\"Billing\"", "\"BILLING\"");
    assertThat(crash.value().category()).isEqualTo(Category.TECHNICAL_ISSUE);
    assertThat(crash.value().confidence()).isEqualTo(0.88);
    assertThat(recordings.remaining()).isZero();
  }

  private static void assertUsageIsSummed(Extraction<?> result) {
    Usage sum = Usage.ZERO;
    for (Extraction.Attempt attempt : result.attempts()) {
      assertThat(attempt.usage().inputTokens()).isPositive();
      assertThat(attempt.usage().outputTokens()).isPositive();
      sum = sum.plus(attempt.usage());
    }
    assertThat(result.usage()).isEqualTo(sum);
  }
}
