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
