package dev.quarry.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Arbitrary input never hangs and never throws anything but {@link ParseException}. The
 * timeouts are hang guards only, far above the real running time.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RobustnessTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNode OBJECT_SCHEMA = JSON.readTree("{\"type\":\"object\","
      + "\"properties\":{\"a\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
      + "\"required\":[\"a\"]}");
  private static final JsonNode ENUM_SCHEMA = JSON.readTree("{\"enum\":[\"A\",\"B\"]}");

  /** Parses and returns normally or with ParseException; anything else fails the test. */
  private static void survives(String input) {
    for (JsonNode schema : new JsonNode[] {null, OBJECT_SCHEMA, ENUM_SCHEMA}) {
      try {
        SchemaAlignedParser.lenient().parseWithRepairs(input, schema);
      } catch (ParseException expected) {
        // an honest refusal
      }
      try {
        SchemaAlignedParser.lenient().parsePartial(input, schema);
      } catch (ParseException expected) {
        // an honest refusal
      }
    }
  }

  @Test
  void randomBytes() {
    Random random = new Random(42);
    for (int i = 0; i < 2000; i++) {
      byte[] bytes = new byte[random.nextInt(200)];
      random.nextBytes(bytes);
      survives(new String(bytes, StandardCharsets.ISO_8859_1));
      survives(new String(bytes, StandardCharsets.UTF_8));
    }
  }

  @Test
  void randomJsonishSoup() {
    String alphabet = "{}[]():,\"'`\\/*#\n \t.-+0123456789eEtrufalsnNTFx\u201c\u201d```";
    Random random = new Random(7);
    for (int i = 0; i < 5000; i++) {
      StringBuilder b = new StringBuilder();
      int len = random.nextInt(120);
      for (int k = 0; k < len; k++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      survives(b.toString());
    }
  }

  @Test
  void hundredThousandNestedBrackets() {
    survives("[".repeat(100_000));
    survives("[".repeat(100_000) + "]".repeat(100_000));
    survives("{\"a\":".repeat(100_000));
    survives("({[".repeat(40_000));
    assertThatThrownBy(() -> SchemaAlignedParser.lenient().parse("[".repeat(100_000) + "1"
        + "]".repeat(100_000), null)).isInstanceOf(ParseException.class)
        .hasMessageContaining("nests deeper");
  }

  @Test
  void moderateNestingIsRead() {
    int depth = 300;
    JsonNode v = SchemaAlignedParser.lenient().parse("[".repeat(depth) + "]".repeat(depth), null);
    assertThat(v.isArray()).isTrue();
  }

  @Test
  void multiMegabyteString() {
    String big = "x".repeat(4_000_000);
    JsonNode v = SchemaAlignedParser.lenient().parse("{\"a\": [\"" + big + "\"]}", OBJECT_SCHEMA);
    assertThat(v.get("a").get(0).asString()).hasSize(big.length());
    survives("{\"a\": [\"" + big);
    survives("{\"a\": \"" + "\\\"".repeat(500_000));
    survives("\"" + "a\" ".repeat(500_000));
    survives("{" + "\"k\": \"v\"} ".repeat(200_000));
    survives("{\"a\": \"" + "x}, ".repeat(300_000));
  }

  @Test
  void theStringEndRulesStayLinear() {
    survives("[\"a " + "+ \"b\" ".repeat(60_000));
    survives("[\"a" + " + /* c */ \"b".repeat(40_000));
    survives("{\"a\": \"x\" y ".repeat(40_000));
    survives("[\"x\" \" ".repeat(60_000));
    survives("{\"a\": \"hello\n\"\n\",".repeat(40_000));
    survives("[\"" + "*/".repeat(200_000) + "+\"b\"]");
    survives("[\"" + "x".repeat(400_000) + " */+\"b\"]");
    survives("[" + "\"a\": ".repeat(40_000));
    survives("{\"a\": true, " + "JUNK \"b\": ".repeat(40_000));
    // the rules of issue 13's second round: a bare field on the next line, field lines inside
    // an open string, values and names escaped one level too many, paths without escapes
    survives("{\"a\": \"x\"\n  k: 1\n".repeat(40_000));
    survives("{\"a\": \"" + "x\n  k: \"y\" z\n".repeat(40_000));
    survives("{\"a\": \"x\n  k: \"y\",\n".repeat(30_000));
    survives("{\"a\": \\\"x\\\", \\\"b\\\": ".repeat(30_000));
    survives("[\\\"a ".repeat(60_000));
    survives("{\"p\": \"C:\\U\\\", ".repeat(30_000));
    survives("{\"\"a\"\": \"\"b".repeat(40_000));
  }

  @Test
  void manyCandidatesInProse() {
    survives("word { ".repeat(100_000));
    survives("```json\n{\"a\": 1}\n```\n".repeat(20_000));
  }
}
