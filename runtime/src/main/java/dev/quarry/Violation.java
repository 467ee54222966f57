package dev.quarry;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a model's answer: where ({@code pointer}, a JSON pointer into the answer;
 * empty for the whole answer), which rule it broke, and a sentence that tells the model how to
 * fix it. These are what a re-ask sends back.
 *
 * @param pointer JSON pointer (RFC 6901) of the offending value, {@code ""} for the root
 * @param rule the rule broken: a JSON-schema keyword ({@code required}, {@code minimum}, ...),
 *     {@code parse}, {@code bind}, or {@code check} for a Java-side check
 * @param message what was found and what is expected
 */
public record Violation(String pointer, String rule, String message) {
  public Violation {
    requireNonNull(pointer, "pointer == null");
    requireNonNull(rule, "rule == null");
    requireNonNull(message, "message == null");
  }

  @Override
  public String toString() {
    return (pointer.isEmpty() ? "(root)" : pointer) + ": " + message;
  }
}
