package dev.quarry;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} (or {@code List<String>}) record component as a passage quoted from a
 * text parameter of the method, named by {@link #value()}. After binding, Quarry checks that
 * every quote occurs in that parameter's text, ignoring case, runs of whitespace, typographic
 * quotes and dashes, and a leading or trailing ellipsis; a quote that does not is a violation
 * sent back to the model with the closest passage of the text, like a failed schema rule. The
 * processor checks that the parameter exists and is a {@code String} or {@code CharSequence}.
 *
 * <pre>{@code
 * public record Fact(String claim, @Quote("text") String evidence) {}
 *
 * @LlmExtract
 * public interface FactFinder {
 *   @Prompt("List the facts of the text, each with the sentence that states it.\n\n{{text}}")
 *   Extraction<List<Fact>> facts(String text);
 * }
 * }</pre>
 *
 * <p>Where each quote was found: {@link Quotes#spans(Object, java.util.Map)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Quote {
  /** The name of the method parameter whose text the component quotes. */
  String value();
}
