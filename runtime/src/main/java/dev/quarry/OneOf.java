package dev.quarry;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The field's value is one of the labels of the method's {@link LabelSet} parameter named by
 * {@link #value()}, chosen at run time: a {@code String}, or each element of a {@code List<String>}
 * or {@code Set<String>}. The schema's {@code enum} for the field is filled in on each call, and
 * an answer outside the set is re-asked with the allowed labels.
 *
 * <pre>{@code
 * record Ticket(@OneOf("queues") String queue, @OneOf("tags") List<String> tags) {}
 *
 * @Prompt("Route this support ticket.\n\n{{text}}")
 * Ticket route(String text, LabelSet queues, LabelSet tags);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER})
public @interface OneOf {
  /** The name of the method's {@link LabelSet} parameter whose labels the value is one of. */
  String value();
}
