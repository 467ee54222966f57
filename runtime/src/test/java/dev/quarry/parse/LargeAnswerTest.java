package dev.quarry.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Valid JSON takes the fast path and gets exactly what the full parse gives; large answers and
 * large garbage end in bounded work; the answer-size ceiling refuses with a clear message.
 */
class LargeAnswerTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  static final List<String> SCHEMAS = List.of(
      "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"string\"}}}",
      "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"},\"b\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"null\"}]}},\"required\":[\"a\"]}",
      "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":[\"integer\",\"null\"]},\"b\":{\"enum\":[\"X\",\"Y\",\"x\"]}},\"required\":[\"a\",\"b\"],\"additionalProperties\":false}",
      "{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"string\",\"x-quarry-aliases\":[\"bee\"]},\"c\":{\"type\":\"array\",\"items\":{\"type\":\"integer\",\"minimum\":0}}}}",
      "{\"type\":\"object\",\"properties\":{\"a\":{\"anyOf\":[{\"type\":\"object\",\"properties\":{\"k\":{\"type\":\"string\"}},\"required\":[\"k\"]},{\"type\":\"array\"}]}}}",
      "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}",
      "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"boolean\"}},\"required\":[\"a\"]}}",
      "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/n\"}},\"$defs\":{\"n\":{\"type\":\"integer\",\"maximum\":10}}}");

  @Provide
  Arbitrary<String> answers() {
    Arbitrary<String> scalar = Arbitraries.of("1", "1.0", "1.50", "-0", "2e3", "12345678901234567890",
        "\"X\"", "\"x\"", "\"y\"", "\"text\"", "\"{\\\"k\\\": \\\"v\\\"}\"", "true", "false", "null",
        "[]", "[1, 2]", "[-1]", "{\"k\": \"v\"}", "{}", "\"1\"", "11", "1e999");
    Arbitrary<String> key = Arbitraries.of("a", "b", "c", "bee", "B", "k", "zz");
    Arbitrary<String> member = Combinators.combine(key, scalar).as((k, v) -> "\"" + k + "\": " + v);
    Arbitrary<String> object = member.list().ofMaxSize(4).uniqueElements(m -> m.substring(0, m.indexOf(':')))
        .map(l -> "{" + String.join(", ", l) + "}");
    return Arbitraries.oneOf(object, object.list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]"));
  }

  @Property(tries = 600)
  void theFastPathGivesWhatTheFullParseGives(@ForAll("answers") String answer,
      @ForAll("schemas") String schemaText) {
    JsonNode schema = JSON.readTree(schemaText);
    for (SchemaAlignedParser parser : List.of(SchemaAlignedParser.lenient(), SchemaAlignedParser.strict())) {
      Object slow;
      try {
        slow = parser.parseWithoutFastPath(answer, schema).value();
      } catch (ParseException e) {
        slow = ParseException.class;
      }
      Object fast;
      try {
        fast = parser.parse(answer, schema);
      } catch (ParseException e) {
        fast = ParseException.class;
      }
      assertThat(fast).as("%s with %s", answer, schemaText).isEqualTo(slow);
    }
  }

  @Provide
  Arbitrary<String> schemas() {
    return Arbitraries.of(SCHEMAS);
  }

  static String validAnswer(int length) {
    StringBuilder sb = new StringBuilder("[");
    int i = 0;
    while (sb.length() < length) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"a\": ").append(i % 2 == 0).append("}\n");
      i++;
    }
    return sb.append(']').toString();
  }

  @Test
  void aLargeValidAnswerTakesTheFastPathWithoutRepairs() {
    String answer = validAnswer(2_000_000);
    JsonNode schema = JSON.readTree(SCHEMAS.get(6));
    Work work = SchemaAlignedParser.lenient().work(answer, schema, false);
    assertThat(work.readers).isZero(); // the lenient reader never ran
    SchemaAlignedParser.Result r = SchemaAlignedParser.lenient().parseWithRepairs(answer, schema);
    assertThat(r.repairs()).isEmpty();
    assertThat(r.value()).isEqualTo(JSON.readTree(answer));
  }

  @Test
  void largeGarbageEndsInBoundedWork() {
    StringBuilder sb = new StringBuilder();
    java.util.Random random = new java.util.Random(7);
    String alphabet = "{}[]\",:'` \n1ae-\\/*#";
    while (sb.length() < 2_000_000) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    String garbage = sb.toString();
    for (String schema : List.of(SCHEMAS.get(0), SCHEMAS.get(6))) {
      Work w = SchemaAlignedParser.lenient().work(garbage, JSON.readTree(schema), false);
      assertThat(w.readChars + w.alignSteps).isLessThan(40L * garbage.length());
      Throwable t = catchThrowable(() -> SchemaAlignedParser.lenient().parse(garbage, JSON.readTree(schema)));
      if (t != null) {
        assertThat(t).isInstanceOf(ParseException.class);
      }
    }
  }

  @Test
  void answersOverTheCeilingAreRefusedWithAClearMessage() {
    SchemaAlignedParser small = SchemaAlignedParser.builder().maxAnswerLength(1_000).build();
    assertThat(small.parse("{\"a\": 1}", null).get("a").asInt()).isEqualTo(1);
    assertThatThrownBy(() -> small.parse("{\"a\": \"" + "x".repeat(2_000) + "\"}", null))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("2009 characters long")
        .hasMessageContaining("maxAnswerLength");
    assertThat(SchemaAlignedParser.builder().build()).isSameAs(SchemaAlignedParser.lenient());
    assertThat(SchemaAlignedParser.DEFAULT_MAX_ANSWER_LENGTH).isGreaterThanOrEqualTo(50_000_000);
    assertThatThrownBy(() -> SchemaAlignedParser.builder().maxAnswerLength(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
