package dev.quarry;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The user message of an {@link LlmExtract} method. {@code {{name}}} is replaced by the parameter
 * {@code name}, {@code {{name.component}}} by a record component (or getter) of it. Strings are
 * inserted as they are; other values as JSON. The processor rejects a placeholder that names no
 * parameter and a parameter that no placeholder uses.
 *
 * <pre>{@code
 * @Prompt("Classify this support ticket:\n\n{{ticket.subject}}\n{{ticket.body}}")
 * Category classify(Ticket ticket);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Prompt {
  /** The user-message template. */
  String value();

  /**
   * Overrides the interface's {@link LlmExtract#maxAttempts()} for this method; {@code 0} keeps
   * it.
   */
  int maxAttempts() default 0;

  /**
   * Overrides the interface's {@link LlmExtract#maxRetries()} for this method; {@code -1} keeps
   * it.
   */
  int maxRetries() default -1;

  /** Overrides the interface's {@link LlmExtract#mode()} for this method. */
  Mode mode() default Mode.AUTO;
}
