package dev.quarry;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a no-argument method of a result record as a check that runs after the answer is bound:
 * a {@code boolean} method fails by returning {@code false} (the message is {@link #value()}), a
 * {@code void} method by throwing (its exception's message is used). A failed check is sent back
 * to the model with the record's JSON pointer, like a schema violation.
 *
 * <pre>{@code
 * public record Meeting(LocalDate day, LocalTime start, LocalTime end) {
 *   @Check("the meeting must end after it starts")
 *   boolean endsAfterStart() { return end.isAfter(start); }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Check {
  /** What the rule is, in words the model can act on; required for {@code boolean} checks. */
  String value() default "";
}
