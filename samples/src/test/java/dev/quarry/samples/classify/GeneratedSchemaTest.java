package dev.quarry.samples.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the processor wrote for the classification sample: the model sees these constraints. */
class GeneratedSchemaTest {
  private static final JsonNode SCHEMA =
      JsonMapper.builder().build().readTree(TicketClassifierImpl.CLASSIFY_SCHEMA);

  @Test
  void confidenceIsBoundedByTheJakartaConstraints() {
    JsonNode confidence = SCHEMA.at("/properties/confidence");

    assertThat(confidence.path("type").asString()).isEqualTo("number");
    assertThat(confidence.path("minimum").asInt()).isZero();
    assertThat(confidence.path("maximum").asInt()).isEqualTo(1);
  }

  @Test
  void categoriesAreListedWithTheirDescriptions() {
    JsonNode category = SCHEMA.at("/properties/category");

    assertThat(category.path("enum").valueStream().map(JsonNode::asString))
        .containsExactly("BILLING", "TECHNICAL_ISSUE", "ACCOUNT_ACCESS", "FEATURE_REQUEST",
            "CANCELLATION", "OTHER");
    assertThat(category.path("description").asString())
        .startsWith("The team that handles the ticket.")
        .contains("BILLING: charges, invoices, refunds, payment methods")
        .contains("OTHER: none of the above");
  }

  @Test
  void everyComponentIsRequired() {
    assertThat(SCHEMA.path("required").valueStream().map(JsonNode::asString))
        .containsExactly("category", "confidence", "reason");
  }
}
