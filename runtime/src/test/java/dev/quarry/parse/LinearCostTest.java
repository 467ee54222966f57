package dev.quarry.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parser's cost is bounded by the input's size. Work is counted, not timed (characters the
 * readers examine, rescans included, and alignment steps): for each hostile family the count
 * grows at most about linearly when the input doubles, and the number of candidates tried is
 * capped whatever the input holds.
 */
class LinearCostTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final JsonNode OBJECT = JSON.readTree("{\"type\":\"object\",\"properties\":{"
      + "\"a\":{\"type\":\"string\"},\"n\":{\"type\":\"integer\"}},\"required\":[\"a\"]}");
  static final JsonNode LIST = JSON.readTree("{\"type\":\"array\",\"items\":" + OBJECT + "}");

  /** Hostile input families, each a function of the wanted length. */
  static final Map<String, IntFunction<String>> FAMILIES = new LinkedHashMap<>();

  static {
    FAMILIES.put("digits", n -> "1".repeat(n));
    FAMILIES.put("digitsInObject", n -> "{\"n\": " + "7".repeat(n) + "}");
    FAMILIES.put("digitsAsString", n -> "{\"n\": \"" + "7".repeat(n) + "\"}");
    FAMILIES.put("emptyObjects", n -> "{}".repeat(n / 2));
    FAMILIES.put("emptyObjectsInProse", n -> "x {} ".repeat(n / 5));
    FAMILIES.put("fences", n -> "```json\n{}\n```\n".repeat(n / 14));
    FAMILIES.put("fencesMidLine", n -> "a ```".repeat(n / 5));
    FAMILIES.put("fencesUnclosed", n -> "```json\n{\"a\": ".repeat(n / 14));
    FAMILIES.put("openStrings", n -> "{\"a\":\"".repeat(n / 6));
    FAMILIES.put("quotes", n -> "\"".repeat(n));
    FAMILIES.put("spacedQuotes", n -> "\" ".repeat(n / 2));
    FAMILIES.put("escapedQuotes", n -> "\\\"".repeat(n / 2));
    FAMILIES.put("commaInsideValues", n -> "{" + "\"a\": \"x, \"b\": \"y".repeat(n / 16));
    FAMILIES.put("bracketsInProse", n -> "[x ".repeat(n / 3));
    FAMILIES.put("unquotedKeys", n -> "{a:".repeat(n / 3));
    FAMILIES.put("keysWithoutValues", n -> "{" + "\"k\" ".repeat(n / 4));
    FAMILIES.put("commas", n -> "[" + ",".repeat(n));
    FAMILIES.put("stringsWithoutCommas", n -> "[" + "\"a\" ".repeat(n / 4));
    FAMILIES.put("colons", n -> "{\"a\":" + ":".repeat(n));
    FAMILIES.put("manyArrays", n -> "[1] ".repeat(n / 4));
    FAMILIES.put("concatenations", n -> "[\"a\" + ".repeat(n / 6));
    FAMILIES.put("quotesInsideAString", n -> "{\"a\": \"" + "x, \"y\": z ".repeat(n / 10) + "\"}");
    FAMILIES.put("openComments", n -> "/*".repeat(n / 2));
    FAMILIES.put("lineComments", n -> "{\"a\":1 //x\n".repeat(n / 10));
    FAMILIES.put("deepArrays", n -> "[".repeat(n));
    FAMILIES.put("deepObjects", n -> "{\"a\":".repeat(n / 5));
    FAMILIES.put("shallowNesting", n -> "[[[[[[1]]]]]] ".repeat(n / 14));
    FAMILIES.put("unclosedStringsInArray", n -> "[\"a, ".repeat(n / 5));
    FAMILIES.put("hugeExponents", n -> "[" + "1e999999999,".repeat(n / 12) + "]");
    FAMILIES.put("trueFalse", n -> "{\"a\": tru".repeat(n / 10));
    FAMILIES.put("smartQuotes", n -> "{\u201ca\u201d: \u201cb".repeat(n / 8));
    FAMILIES.put("escapedQuoteValues", n -> "[\\\"a, ".repeat(n / 6));
    FAMILIES.put("escapedQuoteMembers", n -> "{\\\"a\\\": \\\"b, ".repeat(n / 12));
    FAMILIES.put("doubledQuotes", n -> "{\"\"a\"\": \"\"b".repeat(n / 10));
    FAMILIES.put("fieldLinesInAString", n -> "{\"a\": \"" + "x\n  k: \"y\" z\n".repeat(n / 14));
    FAMILIES.put("fieldLinesAfterOpenStrings", n -> "{\"a\": \"x\n  k: \"y\",\n".repeat(n / 18));
    FAMILIES.put("pathsWithoutEscapes", n -> "{\"p\": \"C:\\U\\\", ".repeat(n / 13));
  }

  static long cost(String input, JsonNode schema, boolean partial) {
    Work w = SchemaAlignedParser.lenient().work(input, schema, partial);
    assertThat(w.candidates).as("candidates").isLessThanOrEqualTo(CandidateFinder.MAX_CANDIDATES + 1);
    return w.readChars + w.alignSteps;
  }

  @Provide
  Arbitrary<String> families() {
    return Arbitraries.of(FAMILIES.keySet());
  }

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void workGrowsLinearlyWhenTheInputDoubles(@ForAll("families") String family) {
    IntFunction<String> make = FAMILIES.get(family);
    for (JsonNode schema : new JsonNode[] {null, OBJECT, LIST}) {
      for (boolean partial : new boolean[] {false, true}) {
        String small = make.apply(20_000);
        String large = make.apply(40_000);
        long a = cost(small, schema, partial);
        long b = cost(large, schema, partial);
        // bounded by a constant times the size, and doubling at most about doubles it
        assertThat(b).as("%s, schema %s, partial %s: %d then %d", family, schema, partial, a, b)
            .isLessThanOrEqualTo(40L * large.length() + 10_000)
            .isLessThanOrEqualTo((long) (2.2 * a) + 10_000);
      }
    }
  }

  @Provide
  Arbitrary<String> tokens() {
    return Arbitraries.of("{", "}", "[", "]", "\"", "'", ":", ",", " ", "\n", "a", "1", "```",
        "\\", "e9", "-", "/*", "//", "true", "null", "(", ")", "+", "\u201c", "...", "#")
        .list().ofMinSize(1).ofMaxSize(12).map(l -> String.join("", l));
  }

  @Property(tries = 150)
  void anyRepeatedPatternCostsLinearWork(@ForAll("tokens") String pattern) {
    String small = pattern.repeat(Math.max(1, 8_000 / pattern.length()));
    String large = small + small;
    for (JsonNode schema : new JsonNode[] {null, OBJECT}) {
      long a = cost(small, schema, false);
      long b = cost(large, schema, false);
      assertThat(b).as("%s x %d: %d then %d", pattern, small.length(), a, b)
          .isLessThanOrEqualTo(40L * large.length() + 10_000)
          .isLessThanOrEqualTo((long) (2.2 * a) + 10_000);
    }
  }

  @Test
  void candidatesAreCappedButTheCollectedArrayIsStillTried() {
    String many = "{\"a\": \"x\"} ".repeat(5_000);
    Work w = SchemaAlignedParser.lenient().work(many, LIST, false);
    assertThat(w.candidates).isLessThanOrEqualTo(CandidateFinder.MAX_CANDIDATES + 1);
    assertThat(w.dropped).isGreaterThanOrEqualTo(5_000 - CandidateFinder.MAX_CANDIDATES);
    JsonNode list = SchemaAlignedParser.lenient().parse(many, LIST);
    assertThat(list).hasSize(5_000);
  }

  @Test
  void valuesFoundByTwoReadingsAreAlignedOnce() {
    // the whole output read as a sequence and the embedded scan find the same 5,000 values:
    // they become candidates once, and the collected array's items are aligned until a second
    // one fits (then no single item is meant), not each of them with its fields
    for (String many : new String[] {"{}".repeat(5_000), "{\"a\": 1} ".repeat(5_000),
        "[1] ".repeat(5_000)}) {
      Work w = SchemaAlignedParser.lenient().work(many, OBJECT, false);
      assertThat(w.alignSteps).as(many.substring(0, 10) + " " + w).isLessThanOrEqualTo(5_000 + 1_000);
      // the embedded duplicates of the whole reading are not made candidates at all
      assertThat(w.dropped).as(many.substring(0, 10) + " " + w).isLessThanOrEqualTo(5_000);
      assertThat(w.readers).as(many.substring(0, 10) + " " + w).isLessThanOrEqualTo(5_000 + 10);
    }
  }

  @Test
  void leavesKeepNoOutcomeAlive() {
    // what a parse keeps live until it ends is what its collections cost: thousands of values
    // that fail the schema at once, without aligning anything inside them, keep no memo entry
    // (one per value before, a table as large as the input)
    for (String many : new String[] {"{}".repeat(5_000), "[1] ".repeat(5_000),
        "\"x\" ".repeat(5_000)}) {
      Work w = SchemaAlignedParser.lenient().work(many, OBJECT, false);
      assertThat(w.memoKept).as(many.substring(0, 8) + " " + w).isLessThanOrEqualTo(100);
    }
    // values whose fields were aligned are kept, once each
    Work w = SchemaAlignedParser.lenient().work("{\"a\": \"x\"} ".repeat(2_000), LIST, false);
    assertThat(w.memoKept).as(w.toString()).isBetween(2_000L, 2_100L);
  }

  @Test
  void everyFamilyEndsInAValueOrAParseException() {
    for (Map.Entry<String, IntFunction<String>> f : FAMILIES.entrySet()) {
      String input = f.getValue().apply(50_000);
      for (JsonNode schema : new JsonNode[] {null, OBJECT, LIST}) {
        Throwable t = catchThrowable(() -> {
          SchemaAlignedParser.lenient().parse(input, schema).toString();
          SchemaAlignedParser.strict().parse(input, schema);
        });
        if (t != null) {
          assertThat(t).as(f.getKey()).isInstanceOf(ParseException.class);
        }
        Throwable p = catchThrowable(() -> SchemaAlignedParser.lenient().parsePartial(input, schema));
        if (p != null) {
          assertThat(p).as(f.getKey()).isInstanceOf(ParseException.class);
        }
      }
    }
  }
}
