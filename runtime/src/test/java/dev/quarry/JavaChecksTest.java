package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.spi.ExtractMethod;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

/** @Check methods, registered validators and the model-backed validator, through the loop. */
class JavaChecksTest {
  record Slot(LocalTime start, LocalTime end) {
    @Check("the slot must end after it starts")
    boolean endsAfterStart() {
      return end.isAfter(start);
    }
  }

  record Agenda(String title, List<Slot> slots) {
    @Check
    void hasAtMostThreeSlots() {
      if (slots.size() > 3) {
        throw new IllegalStateException("an agenda has at most 3 slots, found " + slots.size());
      }
    }
  }

  record BadCheck(String a) {
    @Check
    boolean missingRule() {
      return true;
    }
  }

  static final String AGENDA_SCHEMA = "{\"type\":\"object\"}";

  static final ExtractMethod<Agenda> AGENDA =
      ExtractMethod.builder(JavaChecksTest.class, "agenda", new TypeReference<Agenda>() {})
          .schema(AGENDA_SCHEMA)
          .build();

  @Test
  void checkMethodsReportWithThePointerOfTheirRecord() {
    ScriptedProvider provider =
        new ScriptedProvider()
            .tool("{\"title\":\"Day\",\"slots\":[{\"start\":\"09:00\",\"end\":\"10:00\"},"
                + "{\"start\":\"11:00\",\"end\":\"10:30\"},{\"start\":\"12:00\",\"end\":\"13:00\"},"
                + "{\"start\":\"14:00\",\"end\":\"15:00\"}]}", 1, 1)
            .tool("{\"title\":\"Day\",\"slots\":[{\"start\":\"09:00\",\"end\":\"10:00\"}]}", 1, 1);

    Extraction<Agenda> result = provider.quarry().extract(AGENDA, "x");

    assertThat(result.value().slots()).hasSize(1);
    assertThat(result.attempts().get(0).violations())
        .containsExactly(
            new Violation("", "check", "an agenda has at most 3 slots, found 4"),
            new Violation("/slots/1", "check", "the slot must end after it starts"));
  }

  @Test
  void registeredValidatorsRunOnEveryValueOfTheirType() {
    ScriptedProvider provider =
        new ScriptedProvider()
            .tool("{\"title\":\"Lunch\",\"slots\":[{\"start\":\"12:00\",\"end\":\"13:00\"}]}", 1, 1)
            .tool("{\"title\":\"Standup\",\"slots\":[{\"start\":\"09:00\",\"end\":\"09:15\"}]}", 1, 1);
    Quarry quarry =
        Quarry.builder()
            .provider(provider)
            .transport(provider)
            .model("m")
            .validator(Slot.class, slot -> slot.start().isBefore(LocalTime.of(12, 0))
                ? List.of() : List.of("slots must start before noon, found " + slot.start()))
            .build();

    Extraction<Agenda> result = quarry.extract(AGENDA, "x");

    assertThat(result.value().title()).isEqualTo("Standup");
    assertThat(result.attempts().get(0).violations())
        .containsExactly(new Violation("/slots/0", "validator", "slots must start before noon, found 12:00"));
  }

  @Test
  void booleanCheckWithoutARuleIsAConfigurationError() {
    ExtractMethod<BadCheck> bad =
        ExtractMethod.builder(JavaChecksTest.class, "bad", new TypeReference<BadCheck>() {})
            .schema("{\"type\":\"object\"}")
            .build();
    ScriptedProvider provider = new ScriptedProvider().tool("{\"a\":\"x\"}", 1, 1);

    assertThatThrownBy(() -> provider.quarry().extract(bad, "x"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("BadCheck.missingRule()")
        .hasMessageContaining("@Check(\"");
  }

  @Test
  void llmValidatorAsksTheModelAndReportsItsReason() {
    ScriptedProvider checker =
        new ScriptedProvider()
            .tool("{\"satisfied\":false,\"reason\":\"the title names a person, Ann\"}", 5, 5)
            .tool("{\"satisfied\":true,\"reason\":\"\"}", 5, 5);
    ScriptedProvider extractor =
        new ScriptedProvider()
            .tool("{\"title\":\"Call with Ann\",\"slots\":[]}", 1, 1)
            .tool("{\"title\":\"Call\",\"slots\":[]}", 1, 1);
    Quarry quarry =
        Quarry.builder()
            .provider(extractor)
            .transport(extractor)
            .model("m")
            .validator(Agenda.class, LlmValidator.of(checker.quarry(), "The title names no person."))
            .build();

    Extraction<Agenda> result = quarry.extract(AGENDA, "x");

    assertThat(result.value().title()).isEqualTo("Call");
    assertThat(result.attempts().get(0).violations())
        .singleElement()
        .satisfies(v -> {
          assertThat(v.rule()).isEqualTo("validator");
          assertThat(v.message()).contains("The title names no person.").contains("Ann");
        });
    assertThat(checker.requests.get(0).messages().get(1))
        .isInstanceOfSatisfying(Message.UserPrompt.class,
            user -> assertThat(user.text()).contains("Rule: The title names no person.").contains("Call with Ann"));
  }
}
