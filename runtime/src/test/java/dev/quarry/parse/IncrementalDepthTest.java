package dev.quarry.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The incremental parser shares the whole parser's depth limit and number range. */
class IncrementalDepthTest {
  @Test
  void nestingBeyondTheLimitStopsTheParserAndSnapshotsStayPrintable() {
    IncrementalJsonParser p = IncrementalJsonParser.create();
    p.feed("[".repeat(10_000));
    assertThat(p.failed()).isTrue();
    JsonNode snap = p.snapshot();
    String printed = String.valueOf(snap);
    assertThat(printed).isNotNull();
    assertThat(snap == null || snap.equals(snap)).isTrue();
  }

  @Test
  void nestingUpToTheLimitIsReadPrintedAndCompared() {
    int depth = LenientReader.MAX_DEPTH;
    String text = "[".repeat(depth) + "1" + "]".repeat(depth);
    IncrementalJsonParser a = IncrementalJsonParser.create();
    IncrementalJsonParser b = IncrementalJsonParser.create();
    a.feed(text.substring(0, depth + 1)); // every level open
    b.feed(text.substring(0, depth + 1));
    assertThat(a.failed()).isFalse();
    assertThat(a.snapshot().toString()).startsWith("[[[[");
    assertThat(a.snapshot()).isEqualTo(b.snapshot());
    a.feed(text.substring(depth + 1));
    assertThat(a.isComplete()).isTrue();
    assertThat(a.value().toString()).hasSize(text.length());
    assertThat(SchemaAlignedParser.lenient().parse(text, null)).isEqualTo(a.value());
  }

  @Test
  void oneLevelMoreThanTheWholeParserAcceptsFailsBoth() {
    int depth = LenientReader.MAX_DEPTH + 1;
    String text = "[".repeat(depth) + "]".repeat(depth);
    IncrementalJsonParser p = IncrementalJsonParser.create();
    p.feed(text);
    assertThat(p.failed()).isTrue();
    assertThat(org.assertj.core.api.Assertions.catchThrowable(
        () -> SchemaAlignedParser.lenient().parse(text, null))).isInstanceOf(ParseException.class);
  }

  @Test
  void hugeNumbersStopTheParserWithoutExpansion() {
    for (String n : new String[] {"1".repeat(100_000), "1e2147483648", "21e2147483"}) {
      IncrementalJsonParser p = IncrementalJsonParser.create();
      p.feed("[" + n + "]");
      assertThat(p.isComplete()).as(n.substring(0, Math.min(20, n.length()))).isFalse();
    }
    IncrementalJsonParser ok = IncrementalJsonParser.create();
    ok.feed("[1e300, 12345678901234567890123]");
    assertThat(ok.isComplete()).isTrue();
    assertThat(ok.value().get(1).bigIntegerValue().toString()).isEqualTo("12345678901234567890123");
  }
}
