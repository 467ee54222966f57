package dev.quarry;

import static java.util.Objects.requireNonNull;

import dev.quarry.validate.Grounding;
import dev.quarry.validate.QuoteMatcher;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the {@link Quote @Quote} passages of a result are in their source texts, found with the
 * same matching as the check that ran on the answer.
 *
 * <pre>{@code
 * Extraction<List<Fact>> facts = finder.facts(text);
 * for (Quotes.Span span : Quotes.spans(facts.value(), Map.of("text", text))) {
 *   System.out.println(span.pointer() + " -> " + text.substring(span.start(), span.end()));
 * }
 * }</pre>
 */
public final class Quotes {
  private Quotes() {}

  /**
   * One quote found in its source.
   *
   * @param pointer JSON pointer of the quote in the result, e.g. {@code /2/evidence}
   * @param source the parameter quoted
   * @param quote the quote as the model wrote it
   * @param start offset of the first character of the passage in the source text
   * @param end offset just after its last character
   */
  public record Span(String pointer, String source, String quote, int start, int end) {}

  /**
   * Every {@code @Quote} component in {@code value} that occurs in its source, in document
   * order; quotes that do not occur (an answer read without checks) are left out.
   *
   * @param sources the texts quoted, by parameter name
   * @throws ConfigurationException when a {@code @Quote} names a source not in {@code sources}
   */
  public static List<Span> spans(Object value, Map<String, ? extends CharSequence> sources) {
    requireNonNull(sources, "sources == null");
    return Grounding.spans(value, sources);
  }

  /**
   * Where {@code quote} occurs in {@code text}, matched as the {@code @Quote} check matches
   * (case, whitespace runs, typographic quotes and dashes ignored); empty when it does not.
   */
  public static Optional<Span> find(CharSequence text, String quote) {
    requireNonNull(text, "text == null");
    requireNonNull(quote, "quote == null");
    int[] found = new QuoteMatcher(text).find(quote);
    return found == null ? Optional.empty() : Optional.of(new Span("", "", quote, found[0], found[1]));
  }
}
