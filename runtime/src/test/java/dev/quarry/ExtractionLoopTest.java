package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.provider.ModelReply;
import dev.quarry.spi.ExtractMethod;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

class ExtractionLoopTest {
  record Item(String name, @Positive int quantity) {}

  record Receipt(String merchant, List<Item> items, BigDecimal total) {
    Receipt {
      if (total.signum() < 0) {
        throw new IllegalArgumentException("total must be >= 0");
      }
    }
  }

  static final String RECEIPT_SCHEMA =
      """
      {"type":"object","properties":{
        "merchant":{"type":"string"},
        "items":{"type":"array","items":{"type":"object","properties":{
          "name":{"type":"string"},"quantity":{"type":"integer"}},
          "required":["name","quantity"],"additionalProperties":false}},
        "total":{"type":"number"}},
       "required":["merchant","items","total"],"additionalProperties":false}
      """;

  static final ExtractMethod<Receipt> READ =
      ExtractMethod.builder(ExtractionLoopTest.class, "read", new TypeReference<Receipt>() {})
          .toolName("extract")
          .system("You extract receipts.")
          .schema(RECEIPT_SCHEMA)
          .build();

  static final String VALID =
      "{\"merchant\":\"Corner Shop\",\"items\":[{\"name\":\"Tea\",\"quantity\":2}],\"total\":3.5}";

  @Test
  void validFirstAnswerIsBoundWithOneAttempt() {
    ScriptedProvider provider = new ScriptedProvider().tool(VALID, 100, 20);

    Extraction<Receipt> result = provider.quarry().extract(READ, "Receipt: tea x2, 3.50");

    assertThat(result.value())
        .isEqualTo(new Receipt("Corner Shop", List.of(new Item("Tea", 2)), new BigDecimal("3.5")));
    assertThat(result.attempts()).hasSize(1);
    assertThat(result.usage()).isEqualTo(Usage.of(100, 20));
    assertThat(result.lastAttempt().messages())
        .containsExactly(
            Message.system("You extract receipts."), Message.user("Receipt: tea x2, 3.50"));
    assertThat(provider.requests.get(0).mode()).isEqualTo(Mode.TOOLS);
    assertThat(provider.requests.get(0).model()).isEqualTo("scripted-model");
  }

  @Test
  void schemaViolationIsSentBackAsToolResultAndUsageIsSummed() {
    ScriptedProvider provider =
        new ScriptedProvider()
            .tool("{\"merchant\":\"Corner Shop\",\"items\":[{\"name\":\"Tea\"}],\"total\":3.5}", 100, 20)
            .tool(VALID, 150, 25);

    Extraction<Receipt> result = provider.quarry().extract(READ, "Receipt");

    assertThat(result.attempts()).hasSize(2);
    assertThat(result.usage()).isEqualTo(Usage.of(250, 45));
    Extraction.Attempt first = result.attempts().get(0);
    assertThat(first.violations()).singleElement().satisfies(v -> {
      assertThat(v.pointer()).isEqualTo("/items/0");
      assertThat(v.rule()).isEqualTo("required");
      assertThat(v.message()).contains("quantity");
    });
    List<Message> second = provider.requests.get(1).messages();
    assertThat(second).hasSize(4);
    assertThat(second.get(2)).isInstanceOf(Message.AssistantReply.class);
    Message.ToolResult feedback = (Message.ToolResult) second.get(3);
    assertThat(feedback.isError()).isTrue();
    assertThat(feedback.toolCallId()).isEqualTo("call_1");
    assertThat(feedback.text()).contains("/items/0").contains("quantity");
  }

  @Test
  void compactConstructorExceptionBecomesACheckViolation() {
    ScriptedProvider provider =
        new ScriptedProvider()
            .tool("{\"merchant\":\"A\",\"items\":[],\"total\":-1}", 1, 1)
            .tool("{\"merchant\":\"A\",\"items\":[],\"total\":1}", 1, 1);

    Extraction<Receipt> result = provider.quarry().extract(READ, "Receipt");

    assertThat(result.value().total()).isEqualByComparingTo("1");
    assertThat(result.attempts().get(0).violations())
        .singleElement()
        .satisfies(v -> {
          assertThat(v.rule()).isEqualTo("check");
          assertThat(v.message()).contains("total must be >= 0");
        });
  }

  @Test
  void beanValidationConstraintIsCheckedWithItsPath() {
    ScriptedProvider provider =
        new ScriptedProvider()
            .tool("{\"merchant\":\"A\",\"items\":[{\"name\":\"Tea\",\"quantity\":0}],\"total\":1}", 1, 1)
            .tool(VALID, 1, 1);

    Extraction<Receipt> result = provider.quarry().extract(READ, "Receipt");

    assertThat(result.attempts().get(0).violations())
        .singleElement()
        .satisfies(v -> {
          assertThat(v.pointer()).isEqualTo("/items/0/quantity");
          assertThat(v.rule()).isEqualTo("Positive");
        });
  }

  @Test
  void exhaustedAttemptsKeepEveryAnswer() {
    ScriptedProvider provider =
        new ScriptedProvider().tool("{}", 10, 1).tool("{\"merchant\":1}", 10, 1).tool("nope", 10, 1);

    assertThatThrownBy(() -> provider.quarry().extract(READ, "Receipt"))
        .isInstanceOfSatisfying(
            RetriesExhaustedException.class,
            e -> {
              assertThat(e.attempts()).hasSize(3);
              assertThat(e.attempts()).extracting(Extraction.Attempt::output)
                  .containsExactly("{}", "{\"merchant\":1}", "nope");
              assertThat(e.usage()).isEqualTo(Usage.of(30, 3));
              assertThat(e.violations()).isNotEmpty();
              assertThat(e.getMessage()).contains("ExtractionLoopTest.read").contains("3 attempts");
            });
  }

  @Test
  void methodMaxAttemptsOverridesTheClient() {
    ExtractMethod<Receipt> once =
        ExtractMethod.builder(ExtractionLoopTest.class, "once", new TypeReference<Receipt>() {})
            .schema(RECEIPT_SCHEMA)
            .maxAttempts(1)
            .build();
    ScriptedProvider provider = new ScriptedProvider().tool("{}", 1, 1);

    assertThatThrownBy(() -> provider.quarry().extract(once, "x"))
        .isInstanceOf(RetriesExhaustedException.class)
        .hasMessageContaining("1 attempt ");
  }

  @Test
  void wrappedListAndNullableOptionalAreUnwrapped() {
    ExtractMethod<List<Item>> items =
        ExtractMethod.builder(ExtractionLoopTest.class, "items", new TypeReference<List<Item>>() {})
            .schema("{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"array\"}},\"required\":[\"value\"]}")
            .wrapperProperty("value")
            .build();
    ExtractMethod<Item> maybe =
        ExtractMethod.builder(ExtractionLoopTest.class, "maybe", new TypeReference<Item>() {})
            .schema("{\"type\":\"object\",\"properties\":{\"value\":{\"anyOf\":[{\"type\":\"object\"},{\"type\":\"null\"}]}},\"required\":[\"value\"]}")
            .wrapperProperty("value")
            .build();
    ScriptedProvider provider =
        new ScriptedProvider()
            .tool("{\"value\":[{\"name\":\"A\",\"quantity\":1},{\"name\":\"B\",\"quantity\":2}]}", 1, 1)
            .tool("{\"value\":null}", 1, 1);
    Quarry quarry = provider.quarry();

    assertThat(quarry.extract(items, "x").value()).containsExactly(new Item("A", 1), new Item("B", 2));
    assertThat(quarry.extract(maybe, "x").optionalValue()).isEmpty();
  }

  @Test
  void bindViolationPointerIsAbsoluteUnderTheWrapper() {
    ExtractMethod<List<Item>> items =
        ExtractMethod.builder(ExtractionLoopTest.class, "items", new TypeReference<List<Item>>() {})
            .schema("{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"array\"}},\"required\":[\"value\"]}")
            .wrapperProperty("value")
            .maxAttempts(1)
            .build();
    ScriptedProvider provider =
        new ScriptedProvider().tool("{\"value\":[{\"name\":\"A\",\"quantity\":\"many\"}]}", 1, 1);

    assertThatThrownBy(() -> provider.quarry().extract(items, "x"))
        .isInstanceOfSatisfying(
            RetriesExhaustedException.class,
            e -> assertThat(e.violations()).singleElement()
                .satisfies(v -> {
                  assertThat(v.pointer()).isEqualTo("/value/0/quantity");
                  assertThat(v.rule()).isEqualTo("bind");
                }));
  }

  sealed interface Shape permits Circle, Square {}

  record Circle(double radius) implements Shape {}

  record Square(double side) implements Shape {}

  record Drawing(List<Shape> shapes) {}

  @Test
  void sealedInterfaceVariantsAreChosenByTheirTag() {
    ExtractMethod<Drawing> draw =
        ExtractMethod.builder(ExtractionLoopTest.class, "draw", new TypeReference<Drawing>() {})
            .schema("{\"type\":\"object\"}")
            .union(Shape.class, "type", Map.of("Circle", Circle.class, "Square", Square.class))
            .maxAttempts(2)
            .build();
    ScriptedProvider provider =
        new ScriptedProvider()
            .tool("{\"shapes\":[{\"type\":\"Triangle\",\"side\":1}]}", 1, 1)
            .tool("{\"shapes\":[{\"type\":\"Circle\",\"radius\":1.5},{\"type\":\"Square\",\"side\":2}]}", 1, 1);

    Extraction<Drawing> result = provider.quarry().extract(draw, "x");

    assertThat(result.value().shapes()).containsExactly(new Circle(1.5), new Square(2));
    assertThat(result.attempts().get(0).violations().get(0).message())
        .contains("[Circle, Square]").contains("Triangle");
  }

  @Test
  void jsonModesPutTheSchemaInTheSystemMessageAndReaskAsUser() {
    ExtractMethod<Receipt> md =
        ExtractMethod.builder(ExtractionLoopTest.class, "md", new TypeReference<Receipt>() {})
            .system("You extract receipts.")
            .schema(RECEIPT_SCHEMA)
            .mode(Mode.MD_JSON)
            .build();
    ScriptedProvider provider =
        new ScriptedProvider().text("Here it is:\n```json\n{}\n```").text("```json\n" + VALID + "\n```");

    Extraction<Receipt> result = provider.quarry().extract(md, "Receipt");

    assertThat(result.value().merchant()).isEqualTo("Corner Shop");
    List<Message> second = provider.requests.get(1).messages();
    assertThat(((Message.SystemPrompt) second.get(0)).text())
        .startsWith("You extract receipts.\n\n")
        .contains("\"merchant\"")
        .contains("```json");
    assertThat(second.get(2)).isEqualTo(new Message.AssistantReply("Here it is:\n```json\n{}\n```", null));
    assertThat(second.get(3)).isInstanceOf(Message.UserPrompt.class);
  }

  @Test
  void refusalAndTruncationAreTypedWithTheirAttempts() {
    ScriptedProvider refusing =
        new ScriptedProvider()
            .reply(new ModelReply(null, null, Usage.of(5, 3), "stop", false, "I can't help with that.", null, null));
    ScriptedProvider truncating =
        new ScriptedProvider()
            .reply(new ModelReply("{\"merch", null, Usage.of(5, 3), "length", true, null, null, null));

    assertThatThrownBy(() -> refusing.quarry().extract(READ, "x"))
        .isInstanceOfSatisfying(RefusalException.class, e -> {
          assertThat(e.refusal()).isEqualTo("I can't help with that.");
          assertThat(e.attempts()).hasSize(1);
        });
    assertThatThrownBy(() -> truncating.quarry().extract(READ, "x"))
        .isInstanceOfSatisfying(IncompleteOutputException.class, e -> {
          assertThat(e.partialOutput()).isEqualTo("{\"merch");
          assertThat(e.usage()).isEqualTo(Usage.of(5, 3));
          assertThat(e.getMessage()).contains("maxOutputTokens");
        });
  }

  @Test
  void unsupportedModeFailsWhenTheClientIsBuilt() {
    ScriptedProvider provider = new ScriptedProvider();

    assertThatThrownBy(
            () -> Quarry.builder().provider(provider).transport(provider).mode(Mode.JSON_SCHEMA).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("JSON_SCHEMA")
        .hasMessageContaining("scripted")
        .hasMessageContaining("TOOLS");
  }

  @Test
  void missingModelSaysWhereToSetIt() {
    ScriptedProvider provider = new ScriptedProvider();
    Quarry quarry = Quarry.builder().provider(provider).transport(provider).build();

    assertThatThrownBy(() -> quarry.extract(READ, "x"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Quarry.builder().model(");
  }
}
