package dev.quarry;

import static java.util.Objects.requireNonNull;

import dev.quarry.spi.ExtractMethod;
import dev.quarry.spi.Render;
import java.util.List;
import tools.jackson.core.type.TypeReference;

/**
 * A {@link Validator} that asks a model whether a value satisfies a rule stated in words, for
 * rules no code can check ("contains no personal data", "the summary is faithful to the text").
 * It costs a model call per value checked, with its own re-asks; use a small, fast model.
 *
 * <pre>{@code
 * Quarry checker = Quarry.builder().model("gpt-4o-mini").build();
 * Quarry quarry = Quarry.builder()
 *     .validator(Summary.class, LlmValidator.of(checker,
 *         "The summary contains no personal data: no names, emails or phone numbers."))
 *     .build();
 * }</pre>
 *
 * @param <T> the type checked; values are shown to the model as JSON
 */
public final class LlmValidator<T> implements Validator<T> {
  /** The model's answer: whether the rule holds, and why not. */
  public record Verdict(boolean satisfied, String reason) {}

  static final String VERDICT_SCHEMA =
      "{\"type\":\"object\",\"properties\":{"
          + "\"satisfied\":{\"type\":\"boolean\",\"description\":\"true when the value satisfies the rule\"},"
          + "\"reason\":{\"type\":\"string\",\"description\":\"when not satisfied, what breaks the rule and"
          + " where, in one sentence\"}},"
          + "\"required\":[\"satisfied\",\"reason\"],\"additionalProperties\":false}";

  private static final ExtractMethod<Verdict> CHECK =
      ExtractMethod.builder(LlmValidator.class, "check", new TypeReference<Verdict>() {})
          .toolName("verdict")
          .description("Says whether the value satisfies the rule.")
          .system(
              "You check a value against a rule. Judge only the value shown, strictly by the rule."
                  + " Say whether it satisfies the rule and, if not, why.")
          .schema(VERDICT_SCHEMA)
          .strictSchema(VERDICT_SCHEMA)
          .build();

  private final Quarry quarry;
  private final String rule;

  private LlmValidator(Quarry quarry, String rule) {
    this.quarry = quarry;
    this.rule = rule;
  }

  /** A validator that asks {@code quarry}'s model whether values satisfy {@code rule}. */
  public static <T> LlmValidator<T> of(Quarry quarry, String rule) {
    requireNonNull(quarry, "quarry == null");
    requireNonNull(rule, "rule == null");
    if (rule.isBlank()) {
      throw new IllegalArgumentException("rule is blank; state the rule the value must satisfy");
    }
    return new LlmValidator<>(quarry, rule);
  }

  /** Asks the model; the verdict as it came. */
  public Verdict judge(T value) {
    String message = "Rule: " + rule + "\n\nValue:\n" + Render.text(value);
    return quarry.extract(CHECK, message).value();
  }

  @Override
  public List<String> validate(T value) {
    Verdict verdict = judge(value);
    return verdict.satisfied() ? List.of() : List.of(rule + " — not satisfied: " + verdict.reason());
  }

  @Override
  public String toString() {
    return "LlmValidator[" + rule + "]";
  }
}
