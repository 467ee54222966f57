package dev.quarry;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text the model sees in the JSON schema: on a record or enum it describes the type, on a record
 * component the property, on an enum constant the value, on a method the tool, on a parameter
 * nothing is sent but the generated Javadoc. Without it, the Javadoc of the element is used where
 * the compiler can see it.
 *
 * <pre>{@code
 * public record LineItem(@Description("the name as printed on the receipt") String name,
 *                        @Positive int quantity) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({
  ElementType.TYPE,
  ElementType.RECORD_COMPONENT,
  ElementType.FIELD,
  ElementType.METHOD,
  ElementType.PARAMETER
})
public @interface Description {
  String value();
}
