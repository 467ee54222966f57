package dev.quarry.validate;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any text and quote end in a value; a passage cut from a text is always found there. */
class QuoteMatcherProperties {
  @Provide
  Arbitrary<String> texts() {
    // Letters, spaces of every kind, typographic marks, surrogates and controls.
    return Arbitraries.strings()
        .withChars("abcAB \t\n\u00A0\u2019\u201C\u2014.…")
        .withCharRange('\uD800', '\uD801')
        .withCharRange('\u0000', '\u0003')
        .ofMaxLength(300);
  }

  @Property(tries = 500)
  void aPassageOfTheTextIsFoundWhereItIs(
      @ForAll("texts") String text, @ForAll int from, @ForAll int length) {
    int start = Math.floorMod(from, text.length() + 1);
    int end = start + Math.floorMod(length, text.length() - start + 1);
    String passage = text.substring(start, end);
    QuoteMatcher matcher = new QuoteMatcher(text);

    int[] found = matcher.find(passage);

    if (QuoteMatcher.isEmpty(passage)) {
      assertThat(found).isNull();
    } else {
      assertThat(found).isNotNull();
      assertThat(found[0]).isBetween(0, text.length());
      assertThat(found[1]).isBetween(found[0], text.length());
      // What was found folds to the same as the passage.
      assertThat(matcher.find(text.substring(found[0], found[1]))).isNotNull();
    }
  }

  @Property(tries = 500)
  void anyQuoteEndsInAValue(@ForAll("texts") String text, @ForAll("texts") String quote) {
    QuoteMatcher matcher = new QuoteMatcher(text);

    int[] found = matcher.find(quote);
    String closest = matcher.closest(quote);

    if (found != null) {
      assertThat(found[1]).isLessThanOrEqualTo(text.length());
    }
    if (closest != null) {
      assertThat(closest.length()).isLessThanOrEqualTo(403);
    }
  }
}
