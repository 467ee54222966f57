package dev.quarry;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Other names the model may use for a record component or an enum constant. The schema still
 * asks for the real name; the parser accepts these too, so an answer that says {@code "qty"}
 * instead of {@code "quantity"} costs no re-ask.
 *
 * <pre>{@code
 * public record LineItem(String name, @Alias({"qty", "count"}) int quantity) {}
 * public enum Sentiment { @Alias("pos") POSITIVE, @Alias("neg") NEGATIVE }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER})
public @interface Alias {
  String[] value();
}
