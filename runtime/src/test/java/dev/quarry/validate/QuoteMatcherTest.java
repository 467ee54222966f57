package dev.quarry.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class QuoteMatcherTest {
  static final String TEXT = "The board met on Tuesday.\n\nIt approved the ‘Northwind’ merger – by 7 votes to 2.";

  @Test
  void foldsCaseSpacingQuotesDashesAndEllipses() {
    QuoteMatcher matcher = new QuoteMatcher(TEXT);

    int[] found = matcher.find("...it APPROVED the 'Northwind'   merger - by 7 votes…");
    assertThat(found).isNotNull();
    assertThat(TEXT.substring(found[0], found[1])).isEqualTo("It approved the ‘Northwind’ merger – by 7 votes");
    assertThat(matcher.find("\"met on tuesday.  it approved\"")).isNotNull();
    assertThat(matcher.find("met on Wednesday")).isNull();
    assertThat(matcher.find("  ...  ")).isNull();
    assertThat(QuoteMatcher.isEmpty(" … ")).isTrue();
  }

  @Test
  void anEllipsisBetweenNoBreakSpacesIsAnEmptyQuote() {
    // String.strip keeps U+00A0, which the folding counts as space: found by QuoteMatcherProperties
    QuoteMatcher matcher = new QuoteMatcher("a\u00A0\u2026\u00A0b");

    assertThat(QuoteMatcher.isEmpty("\u00A0\u2026\u00A0")).isTrue();
    assertThat(matcher.find("\u00A0\u2026\u00A0")).isNull();
    assertThat(matcher.find("\u00A0...\u00A0b\u00A0")).containsExactly(4, 5);
  }

  @Test
  void theClosestPassageIsTheOneSharingMostOfTheQuote() {
    QuoteMatcher matcher = new QuoteMatcher(TEXT);

    assertThat(matcher.closest("approved the Northwind merger by 9 votes"))
        .contains("approved the ‘Northwind’ merger – by 7 votes");
    assertThat(matcher.closest("zzzzqqqq")).isNull();
  }

  @Test
  void findsWhatIsInAHugeTextAndBoundsTheClosestSearch() {
    StringBuilder text = new StringBuilder();
    Random random = new Random(7);
    while (text.length() < 6_000_000) {
      text.append((char) ('a' + random.nextInt(3)));
      if (random.nextInt(7) == 0) {
        text.append(' ');
      }
    }
    text.append(" the needle is here");
    QuoteMatcher matcher = new QuoteMatcher(text);

    int[] found = matcher.find("The needle is HERE");
    assertThat(text.substring(found[0], found[1])).isEqualTo("the needle is here");
    // Past MAX_SCAN: the closest passage comes from the first characters only, and is some passage.
    assertThat(matcher.closest("cab abc, the needle was there")).isNotNull();
    String pathological = "a".repeat(5_000) + "b";
    assertThat(new QuoteMatcher("a".repeat(200_000)).find(pathological)).isNull();
    assertThat(new QuoteMatcher("a".repeat(200_000)).closest(pathological)).startsWith("aaaa");
  }
}
