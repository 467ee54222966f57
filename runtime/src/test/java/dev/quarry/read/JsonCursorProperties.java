package dev.quarry.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.json.JsonFactory;

/**
 * {@link JsonCursor} and Jackson's {@code JsonParser} side by side, token by token, over random
 * JSON and over the same JSON damaged (cut, a char inserted, deleted or replaced): on what both
 * accept, the same token kinds, offsets, pointers, names, texts and numeric values; wherever
 * Jackson throws, the cursor refuses at the same step. The cursor may refuse only where Jackson
 * goes on to a second root value (which {@link JsonIn} leaves to the general path either way).
 * String texts and numbers are asked for on some tokens only, and some containers skipped, so
 * that Jackson's lazy checks (a bad string found only when read or passed) are compared too.
 */
class JsonCursorProperties {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final String[] SPACE = {"", "", "", " ", "\n", "\t", "\r\n  ", "  "};
  private static final String[] JUNK = {
    "\"", "\\", "{", "}", "[", "]", ",", ":", " ", "0", "1", "-", ".", "e", "E", "+", "t", "n",
    "x", "/", "#", "'", "\u0000", "\u001f", "\u00a0", "\ud800", "\udc00", "é", "u", "a", "\n",
    "\u0661", "_", "$", "9"
  };
  private static final String[] NUMBERS = {
    "0", "-0", "0.0", "-0.0", "1", "-1", "2147483647", "2147483648", "-2147483649",
    "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
    "99999999999999999999", "1.5", "1.50", "1e5", "1E5", "1e+5", "1e-5", "2.5E-3", "1e400",
    "-1e400", "1e-400", "1.5e999999", "1e2147483647", "1e2147483648", "1e-2147483649",
    "0e99999999999", "16777217", "9007199254740993", "123456789012345678901234567890",
    "0.1", "3.4028235e38", "3.4028236e38", "1.7976931348623157e308", "4.9e-324", "2e-324"
  };

  @Property(tries = 2000)
  void onValidJsonTheCursorGivesWhatJacksonGives(@ForAll long seed) {
    Random random = new Random(seed);
    String text = value(random, 0);
    compare(text, new Random(seed ^ 0x5DEECE66DL), true);
  }

  @Property(tries = 6000)
  void onDamagedJsonTheCursorRefusesWhereJacksonThrows(
      @ForAll long seed,
      @ForAll @IntRange(max = 3) int damage,
      @ForAll @IntRange(max = 100_000) int where) {
    Random random = new Random(seed);
    String text = value(random, 0);
    int at = where % (text.length() + 1);
    String junk = JUNK[random.nextInt(JUNK.length)];
    String damaged = switch (damage) {
      case 0 -> text.substring(0, at);
      case 1 -> text.substring(0, at) + junk + text.substring(at);
      case 2 -> at < text.length() ? text.substring(0, at) + text.substring(at + 1) : text + junk;
      default -> text.substring(0, at) + junk + text.substring(Math.min(text.length(), at + 1));
    };
    compare(damaged, new Random(seed ^ 0x5DEECE66DL), false);
  }

  /**
   * Decimals (a fraction or an exponent) read without a String (digits and a power of ten both
   * exact) give exactly what Double.parseDouble, Float.parseFloat and new BigDecimal give for the
   * text, as Jackson does.
   */
  @Property(tries = 20000)
  void decimalsAreTheValuesTheJdkParsesFromTheText(@ForAll long seed) {
    Random random = new Random(seed);
    String number = number(random);
    if (random.nextBoolean()) {
      StringBuilder price = new StringBuilder(random.nextBoolean() ? "-" : "");
      price.append(random.nextInt(100_000)).append('.');
      for (int i = random.nextInt(12); i >= 0; i--) {
        price.append(random.nextInt(10));
      }
      if (random.nextInt(3) == 0) {
        price.append('e').append(random.nextInt(50) - 25);
      }
      number = price.toString();
    }
    JsonCursor cursor = new JsonCursor("[" + number + "]");
    cursor.next();
    if (cursor.next() == JsonCursor.INT) {
      return; // an integer is converted from its long, as Jackson does (-0 is 0.0): compared above
    }
    assertThat(Double.doubleToLongBits(cursor.doubleValue())).as(number)
        .isEqualTo(Double.doubleToLongBits(Double.parseDouble(number)));
    assertThat(Float.floatToIntBits(cursor.floatValue())).as(number)
        .isEqualTo(Float.floatToIntBits(Float.parseFloat(number)));
    assertSameDecimal(number, cursor);
  }

  /**
   * Exponents at the edges of an int: the JDKs' own BigDecimal parsers disagree there (JDK 17
   * refuses 1.5e2147483648, JDK 25 accepts 1e2147483648), Jackson does not, nor may the cursor.
   */
  @Example
  void decimalsAtTheEdgesOfTheScaleAreJacksonsOnEveryJdk() {
    for (String number : new String[] {"1e2147483648", "-1E+2147483648", "1e2147483647",
        "1.5e2147483648", "1.5e2147483647", "15e2147483647", "1e-2147483648", "1e-2147483647",
        "0.5e-2147483647", "1e999999999", "1e0000000000000000000007", "2.50e-3", "-0.0e0",
        "1e99999999999999999999"}) {
      JsonCursor cursor = new JsonCursor("[" + number + "]");
      cursor.next();
      assertThat(cursor.next()).as(number).isEqualTo(JsonCursor.FLOAT);
      assertSameDecimal(number, cursor);
    }
  }

  /** The cursor's decimal is Jackson's for the same text, or both refuse it. */
  private static void assertSameDecimal(String number, JsonCursor cursor) {
    BigDecimal expected;
    try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), number)) {
      parser.nextToken();
      expected = parser.getDecimalValue();
    } catch (RuntimeException e) {
      assertRefuses(cursor::decimalValue, number + ": Jackson refuses it (" + e + ")");
      return;
    }
    assertThat(cursor.decimalValue()).as(number).isEqualTo(expected);
    assertThat(cursor.decimalValue().toString()).as(number).isEqualTo(expected.toString());
  }

  @Example
  void namesFollowJacksonsSurrogateRuleAndHexDigitsAreAsciiOnly() {
    for (String text : List.of(
        "{\"\\ud83d\\ude00\":1}", "{\"\\ud83d\":1}", "{\"\\ude00\":1}", "{\"\\ud83dx\":1}",
        "{\"\\ud83d\\u0041\":1}", "{\"\ud83d\":1}", "[\"\\ud83d\"]", "[\"\\ude00x\"]",
        "[\"\\u0661\"]", "[\"\\u00e9\\u00E9\"]", "{\"a\\u0661\":1}", "[\"\\x\"]", "[\"\\'\"]")) {
      compare(text, new Random(1), false);
    }
  }

  @Example
  void numbersAndLiteralsEndWhereJacksonEndsThem() {
    for (String text : List.of(
        "1x", "[1x]", "01", "[01]", "-", "[-]", "-01", "[0x1]", "1.", "[1.]", "1.e5", "1e", "[1e+]",
        "[.5]", "[+1]", "1 ", " 1", "1]", "[truex]", "[true1]", "[true_]", "[true$]", "[true:1]",
        "[nul]", "[NaN]", "[-Infinity]", "true", "truefalse", "{\"a\":tru}", "{\"a\":01}",
        "{\"a\":1x}", "[1.5.3]", "[1e5e5]", "[\"a\"x]", "{\"a\" 1}", "{a:1}", "{'a':1}",
        "[1,]", "{\"a\":1,}", "[1 2]", "{} {}", "[] x", "/* c */ 1", "# c\n1", "[1]//")) {
      compare(text, new Random(2), false);
    }
  }

  @Example
  void nearTheLimitsTheCursorRefusesAndJacksonMayReadOn() {
    String deep = "[".repeat(JsonCursor.MAX_DEPTH + 1) + "]".repeat(JsonCursor.MAX_DEPTH + 1);
    assertThat(refusesSomewhere(deep)).isTrue();
    String ok = "[".repeat(JsonCursor.MAX_DEPTH) + "]".repeat(JsonCursor.MAX_DEPTH);
    compare(ok, new Random(3), true);
    assertThat(refusesSomewhere("[-" + "1".repeat(JsonCursor.MAX_NUMBER) + "]")).isTrue();
    compare("[" + "1".repeat(JsonCursor.MAX_NUMBER) + "]", new Random(3), true);
  }

  private static boolean refusesSomewhere(String text) {
    JsonCursor cursor = new JsonCursor(text);
    try {
      while (cursor.next() != JsonCursor.END) {
        // on
      }
      return false;
    } catch (RuntimeException e) {
      assertThat(e).isSameAs(JsonCursor.REFUSED);
      return true;
    }
  }

  /** Jackson and the cursor in lockstep over {@code text}; {@code valid}: Jackson must read it. */
  private static void compare(String text, Random choices, boolean valid) {
    String as = "text: " + printable(text);
    JsonCursor cursor = new JsonCursor(text);
    boolean rootDone = false;
    try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text)) {
      for (int step = 0; ; step++) {
        JsonToken expected;
        try {
          expected = parser.nextToken();
        } catch (RuntimeException e) {
          if (valid) {
            throw e;
          }
          assertRefuses(() -> cursor.next(), as + ", step " + step + ": Jackson threw " + e);
          return;
        }
        int kind;
        try {
          kind = cursor.next();
        } catch (RuntimeException e) {
          assertThat(e).as(as).isSameAs(JsonCursor.REFUSED);
          if (rootDone && expected != null) {
            return; // a second root value: refused on purpose
          }
          fail(as + ", step " + step + ": refused, Jackson gave " + expected);
          return;
        }
        if (expected == null) {
          assertThat(kind).as(as + ", step " + step).isEqualTo(JsonCursor.END);
          return;
        }
        String at = as + ", step " + step + " (" + expected + ")";
        assertThat(kind).as(at).isEqualTo(kind(expected));
        assertThat((long) cursor.tokenStart()).as(at + " offset")
            .isEqualTo(parser.currentTokenLocation().getCharOffset());
        assertThat(cursor.name()).as(at + " name").isEqualTo(parser.currentName());
        assertThat(cursor.pointer(cursor.depth())).as(at + " pointer")
            .isEqualTo(pointer(parser.streamReadContext()));
        if (!sameValue(parser, cursor, expected, choices, at)) {
          return; // Jackson threw reading the value, the cursor refused: both stop here
        }
        if (cursor.depth() == 0 && cursor.token() != JsonCursor.START_ARRAY
            && cursor.token() != JsonCursor.START_OBJECT) {
          rootDone = true;
        }
      }
    }
  }

  /** Compares the current value (some of the time); false when both refused to give it. */
  private static boolean sameValue(
      JsonParser parser, JsonCursor cursor, JsonToken token, Random choices, String at) {
    switch (token) {
      case VALUE_STRING: {
        if (choices.nextBoolean()) {
          return true; // not read: Jackson checks it when it moves past
        }
        String text;
        try {
          text = parser.getText();
        } catch (RuntimeException e) {
          assertRefuses(cursor::string, at + ": Jackson threw " + e);
          return false;
        }
        assertThat(cursor.string()).as(at).isEqualTo(text);
        assertThat(cursor.text()).as(at).isEqualTo(text);
        return true;
      }
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT: {
        assertThat(cursor.text()).as(at).isEqualTo(parser.getText());
        switch (choices.nextInt(5)) {
          case 0 -> {
            if (token == JsonToken.VALUE_NUMBER_INT) {
              boolean big = parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER;
              assertThat(cursor.big()).as(at + " big").isEqualTo(big);
              if (!big) {
                assertThat(cursor.longValue()).as(at).isEqualTo(parser.getLongValue());
              }
            }
          }
          case 1 -> {
            if (token == JsonToken.VALUE_NUMBER_INT) {
              assertThat(cursor.bigIntegerValue()).as(at).isEqualTo(parser.getBigIntegerValue());
            }
          }
          case 2 -> {
            BigDecimal expected;
            try {
              expected = parser.getDecimalValue();
            } catch (RuntimeException e) {
              assertRefuses(cursor::decimalValue, at + ": Jackson threw " + e);
              return false;
            }
            BigDecimal actual = cursor.decimalValue();
            assertThat(actual).as(at).isEqualTo(expected); // scale too
            assertThat(actual.toString()).as(at).isEqualTo(expected.toString());
          }
          case 3 -> assertThat(Double.doubleToLongBits(cursor.doubleValue())).as(at + " double")
              .isEqualTo(Double.doubleToLongBits(parser.getDoubleValue()));
          default -> assertThat(Float.floatToIntBits(cursor.floatValue())).as(at + " float")
              .isEqualTo(Float.floatToIntBits(parser.getFloatValue()));
        }
        return true;
      }
      case START_OBJECT:
      case START_ARRAY: {
        if (choices.nextInt(4) != 0) {
          return true;
        }
        try {
          parser.skipChildren();
        } catch (RuntimeException e) {
          assertRefuses(cursor::skipChildren, at + " skipped: Jackson threw " + e);
          return false;
        }
        cursor.skipChildren();
        assertThat(cursor.token()).as(at + " skipped").isEqualTo(kind(parser.currentToken()));
        assertThat((long) cursor.tokenStart()).as(at + " skipped")
            .isEqualTo(parser.currentTokenLocation().getCharOffset());
        assertThat(cursor.pointer(cursor.depth())).as(at + " skipped")
            .isEqualTo(pointer(parser.streamReadContext()));
        return true;
      }
      default:
        assertThat(cursor.text()).as(at).isEqualTo(parser.getText());
        return true;
    }
  }

  private static void assertRefuses(Runnable move, String as) {
    try {
      move.run();
    } catch (RuntimeException e) {
      assertThat(e).as(as).isSameAs(JsonCursor.REFUSED);
      return;
    }
    fail(as + ", but the cursor went on");
  }

  private static int kind(JsonToken token) {
    return switch (token) {
      case START_OBJECT -> JsonCursor.START_OBJECT;
      case END_OBJECT -> JsonCursor.END_OBJECT;
      case START_ARRAY -> JsonCursor.START_ARRAY;
      case END_ARRAY -> JsonCursor.END_ARRAY;
      case PROPERTY_NAME -> JsonCursor.NAME;
      case VALUE_STRING -> JsonCursor.STRING;
      case VALUE_NUMBER_INT -> JsonCursor.INT;
      case VALUE_NUMBER_FLOAT -> JsonCursor.FLOAT;
      case VALUE_TRUE -> JsonCursor.TRUE;
      case VALUE_FALSE -> JsonCursor.FALSE;
      case VALUE_NULL -> JsonCursor.NULL;
      default -> -1;
    };
  }

  /** The pointer JsonIn built from Jackson's contexts before the cursor. */
  private static String pointer(TokenStreamContext context) {
    StringBuilder out = new StringBuilder();
    append(out, context);
    return out.toString();
  }

  private static void append(StringBuilder out, TokenStreamContext context) {
    if (context == null || context.inRoot()) {
      return;
    }
    append(out, context.getParent());
    if (context.inObject()) {
      String name = context.currentName();
      if (name != null) {
        out.append('/').append(JsonCursor.escape(name));
      }
    } else if (context.inArray()) {
      out.append('/').append(Math.max(context.getCurrentIndex(), 0));
    }
  }

  // ---- random JSON -----------------------------------------------------------------------------

  private static String value(Random random, int depth) {
    StringBuilder out = new StringBuilder();
    out.append(space(random));
    value(out, random, depth);
    out.append(space(random));
    return out.toString();
  }

  private static void value(StringBuilder out, Random random, int depth) {
    int kind = random.nextInt(depth < 5 ? 10 : 6);
    switch (kind) {
      case 0, 1 -> string(out, random, 12, false);
      case 2, 3 -> out.append(number(random));
      case 4 -> out.append(random.nextBoolean() ? "true" : "false");
      case 5 -> out.append("null");
      case 6, 7 -> {
        out.append('[').append(space(random));
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            out.append(space(random)).append(',').append(space(random));
          }
          value(out, random, depth + 1);
        }
        out.append(space(random)).append(']');
      }
      default -> {
        out.append('{').append(space(random));
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            out.append(space(random)).append(',').append(space(random));
          }
          if (random.nextInt(3) == 0) {
            String known = List.of("name", "email", "a", "x/y", "t~0").get(random.nextInt(5));
            out.append('"').append(known).append('"');
          } else {
            string(out, random, 6, true);
          }
          out.append(space(random)).append(':').append(space(random));
          value(out, random, depth + 1);
        }
        out.append(space(random)).append('}');
      }
    }
  }

  private static String space(Random random) {
    return SPACE[random.nextInt(SPACE.length)];
  }

  /** A string; a name has no escaped lone surrogate (Jackson refuses those in names only). */
  private static void string(StringBuilder out, Random random, int length, boolean name) {
    out.append('"');
    int n = random.nextInt(length + 1);
    for (int i = 0; i < n; i++) {
      switch (random.nextInt(16)) {
        case 0 -> out.append("\\\"");
        case 1 -> out.append("\\\\");
        case 2 -> out.append(
            List.of("\\n", "\\t", "\\r", "\\b", "\\f", "\\/", "/").get(random.nextInt(7)));
        case 3 -> out.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X",
            random.nextInt(0x80)));
        case 4 -> out.append(random.nextBoolean() ? "\\ud83d\\ude00" : "\\uD83D\\uDE00");
        case 5 -> out.append(List.of("\\ud83d", "\\ude00", "\\uDBFF", "\\u0000")
            .get(random.nextInt(name ? 1 : 4) + (name ? 3 : 0)));
        case 6 -> out.append(
            List.of("é", "中", "😀", "\u00a0", "\u2028").get(random.nextInt(5)));
        case 7 -> out.append(random.nextBoolean() ? '\ud800' : '\udc00'); // raw lone surrogates
        default -> out.append((char) ('a' + random.nextInt(26)));
      }
    }
    out.append('"');
  }

  private static String number(Random random) {
    switch (random.nextInt(4)) {
      case 0:
        return NUMBERS[random.nextInt(NUMBERS.length)];
      case 1:
        return Long.toString(random.nextLong() >> random.nextInt(64));
      default: {
        StringBuilder out = new StringBuilder();
        if (random.nextBoolean()) {
          out.append('-');
        }
        int digits = 1 + random.nextInt(random.nextBoolean() ? 5 : 40);
        out.append(digits == 1 ? random.nextInt(10) : 1 + random.nextInt(9));
        for (int i = 1; i < digits; i++) {
          out.append(random.nextInt(10));
        }
        if (random.nextBoolean()) {
          out.append('.');
          int fraction = 1 + random.nextInt(30);
          for (int i = 0; i < fraction; i++) {
            out.append(random.nextInt(10));
          }
        }
        if (random.nextInt(3) == 0) {
          out.append(random.nextBoolean() ? 'e' : 'E')
              .append(List.of("", "+", "-").get(random.nextInt(3)))
              .append(random.nextInt(random.nextBoolean() ? 10 : 400));
        }
        return out.toString();
      }
    }
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c < 0x20 || c >= 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.length() > 400 ? out.substring(0, 400) + "..." : out.toString();
  }
}
