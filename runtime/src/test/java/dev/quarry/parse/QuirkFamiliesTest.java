package dev.quarry.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cases of each family the issue names, written from the rule (not taken from any corpus), and
 * properties that mangle valid JSON in those ways and must read it back.
 */
class QuirkFamiliesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private static JsonNode json(String s) {
    return JSON.readTree(s);
  }

  private static JsonNode parse(String output, String schema) {
    return SchemaAlignedParser.lenient().parse(output, schema == null ? null : json(schema));
  }

  private static final String PRODUCT = "{\"type\":\"object\",\"properties\":{"
      + "\"name\":{\"type\":\"string\"},\"size\":{\"type\":\"string\"},"
      + "\"price\":{\"type\":\"number\"}},\"required\":[\"name\"]}";

  // ------------------------------------------------ where a string ends: what may follow

  @Test
  void aQuoteInsideAValueIsKeptWhenWhatFollowsCannotEndTheString() {
    assertThat(parse("{\"name\": \"TV\", \"size\": \"55\" class\", \"price\": 499}", PRODUCT))
        .isEqualTo(json("{\"name\":\"TV\",\"size\":\"55\\\" class\",\"price\":499}"));
    assertThat(parse("{\"name\": \"the \"best\" one\", \"price\": 2}", PRODUCT))
        .isEqualTo(json("{\"name\":\"the \\\"best\\\" one\",\"price\":2}"));
  }

  @Test
  void aValueThatLostItsClosingQuoteEndsBeforeTheNextKey() {
    assertThat(parse("{\"name\": \"Lamp, \"price\": 20}", PRODUCT))
        .isEqualTo(json("{\"name\":\"Lamp\",\"price\":20}"));
    assertThat(parse("{\"name\": \"Desk\n\"size\": \"large\"}", PRODUCT).get("size").asString())
        .isEqualTo("large");
  }

  @Test
  void aWholeAnswerWrittenAsAnEscapedStringIsRead() {
    assertThat(parse("\"{\\\"name\\\": \\\"Chair\\\", \\\"price\\\": 35}\"", PRODUCT))
        .isEqualTo(json("{\"name\":\"Chair\",\"price\":35}"));
  }

  // ------------------------------------------------ truncated and unclosed structures

  @Test
  void truncatedStructuresKeepWhatWasComplete() {
    assertThat(parse("{\"name\": \"Pen\", \"price\": 1.5,", PRODUCT))
        .isEqualTo(json("{\"name\":\"Pen\",\"price\":1.5}"));
    assertThat(parse("{\"name\": \"Pen\", \"size\"", PRODUCT)).isEqualTo(json("{\"name\":\"Pen\"}"));
    assertThat(parse("{\"name\": \"Pen\", \"size\":", PRODUCT)).isEqualTo(json("{\"name\":\"Pen\"}"));
    assertThat(parse("[1, 2, [3, 4", null)).isEqualTo(json("[1,2,[3,4]]"));
    assertThat(parse("{\"tags\": [\"a\", \"b\",", null)).isEqualTo(json("{\"tags\":[\"a\",\"b\"]}"));
    assertThat(parse("{\"name\": \"unfinished sentence", PRODUCT).get("name").asString())
        .isEqualTo("unfinished sentence");
  }

  @Test
  void aHalfWrittenNumberAtTheEndIsCompletedOrDropped() {
    assertThat(parse("{\"name\": \"Pen\", \"price\": 2.", PRODUCT).get("price").asDouble())
        .isEqualTo(2.0);
    assertThat(parse("[3e", null).get(0).asDouble()).isEqualTo(3.0);
    assertThat(parse("{\"name\": \"Pen\", \"price\": -", PRODUCT)).isEqualTo(json("{\"name\":\"Pen\"}"));
  }

  // ------------------------------------------------ fences

  @Test
  void malformedAndUnclosedFencesStillGiveTheirValue() {
    assertThat(parse("Here you go:\n```json\n{\"name\": \"Cup\"}\n", PRODUCT))
        .isEqualTo(json("{\"name\":\"Cup\"}"));
    assertThat(parse("```JSON\n{\"name\": \"Cup\"}```", PRODUCT)).isEqualTo(json("{\"name\":\"Cup\"}"));
    assertThat(parse("```json {\"name\": \"Cup\"} ```", PRODUCT)).isEqualTo(json("{\"name\":\"Cup\"}"));
    assertThat(parse("```\n```json\n{\"name\": \"Cup\"}\n```", PRODUCT))
        .isEqualTo(json("{\"name\":\"Cup\"}"));
  }

  // ------------------------------------------------ JSON inside strings

  @Test
  void jsonInsideAStringIsReadWhereTheSchemaWantsAStructureAndOnlyWhenValid() {
    String schema = "{\"type\":\"object\",\"properties\":{\"item\":" + PRODUCT + "}}";
    assertThat(parse("{\"item\": \"{\\\"name\\\": \\\"Box\\\"}\"}", schema))
        .isEqualTo(json("{\"item\":{\"name\":\"Box\"}}"));
    assertThatThrownBy(() -> parse("{\"item\": \"{\\\"name\\\": \\\"Box\"}", schema))
        .isInstanceOf(ParseException.class);
  }

  // ------------------------------------------------ schema-guided choices

  @Test
  void anAbsentOptionalFieldTakesTheSchemasDefault() {
    String schema = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
        + "\"currency\":{\"type\":\"string\",\"default\":\"EUR\"},"
        + "\"qty\":{\"type\":\"integer\",\"default\":1}},\"required\":[\"name\"]}";
    SchemaAlignedParser.Result r = SchemaAlignedParser.lenient()
        .parseWithRepairs("{\"name\": \"Tea\"}", json(schema));
    assertThat(r.value()).isEqualTo(json("{\"name\":\"Tea\",\"currency\":\"EUR\",\"qty\":1}"));
    assertThat(r.repairs()).extracting(SchemaAlignedParser.Repair::description)
        .anyMatch(d -> d.contains("default"));
    assertThat(parse("{\"name\": \"Tea\", \"qty\": 3}", schema).get("qty").asInt()).isEqualTo(3);
  }

  @Test
  void noReadingIsInventedToMeetRequiredPatternOrConst() {
    String code = "{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"string\","
        + "\"pattern\":\"^[A-Z]{3}$\"}},\"required\":[\"code\"]}";
    assertThat(parse("{\"code\": \"EUR\"}", code)).isEqualTo(json("{\"code\":\"EUR\"}"));
    assertThatThrownBy(() -> parse("{\"code\": \"euro\"}", code))
        .isInstanceOf(ParseException.class).hasMessageContaining("pattern");
    // of two candidates, the one that meets the pattern
    assertThat(parse("{\"code\": \"euro\"} or rather {\"code\": \"EUR\"}", code))
        .isEqualTo(json("{\"code\":\"EUR\"}"));
    String kind = "{\"type\":\"object\",\"properties\":{\"kind\":{\"const\":\"invoice\"}},"
        + "\"required\":[\"kind\"]}";
    assertThatThrownBy(() -> parse("{\"kind\": \"receipt\"}", kind)).isInstanceOf(ParseException.class);
    assertThatThrownBy(() -> parse("{\"other\": 1}", PRODUCT))
        .isInstanceOf(ParseException.class).hasMessageContaining("'name' is missing");
  }

  // ------------------------------------------------ mangling properties

  @Provide
  Arbitrary<ObjectNode> records() {
    Arbitrary<String> words = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> text = words.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(" ", l));
    return Arbitraries.maps(words.map(w -> "k" + w), text).ofMinSize(1).ofMaxSize(5).map(m -> {
      ObjectNode o = F.objectNode();
      for (Map.Entry<String, String> e : m.entrySet()) {
        o.put(e.getKey(), e.getValue());
      }
      return o;
    });
  }

  private static String schemaOf(ObjectNode o) {
    StringBuilder props = new StringBuilder();
    for (String k : o.propertyNames()) {
      if (props.length() > 0) {
        props.append(',');
      }
      props.append('"').append(k).append("\":{\"type\":\"string\"}");
    }
    return "{\"type\":\"object\",\"properties\":{" + props + "}}";
  }

  @Property(tries = 300)
  void truncatedAfterAnyMemberReadsTheMembersSoFar(@ForAll("records") ObjectNode value) {
    String schema = schemaOf(value);
    List<String> keys = new ArrayList<>(value.propertyNames());
    StringBuilder text = new StringBuilder("{");
    ObjectNode sofar = F.objectNode();
    for (String k : keys) {
      text.append('"').append(k).append("\": \"").append(value.get(k).asString()).append("\"");
      sofar.set(k, value.get(k));
      // a dangling comma, a dangling key, a dangling key and colon, or nothing
      for (String tail : List.of("", ",", ", \"next", ", \"next\"", ", \"next\":", "\n")) {
        assertThat(parse(text + tail, schema)).as(text + tail).isEqualTo(sofar);
        assertThat(parse(text + tail, null)).as(text + tail).isEqualTo(sofar);
      }
      text.append(", ");
    }
  }

  @Property(tries = 300)
  void fencedEscapedOrUnclosedAnswersReadBack(@ForAll("records") ObjectNode value) {
    String schema = schemaOf(value);
    String json = value.toString();
    String escaped = "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    for (String text : List.of(
        "```json\n" + json, // unclosed fence
        "```json\n" + json + "\n``", // malformed closing fence
        "Result:\n```\n" + json + "\n```\nDone.",
        escaped,
        json.substring(0, json.length() - 1), // closing brace lost
        json.substring(0, json.length() - 2) // closing quote and brace lost
    )) {
      assertThat(parse(text, schema)).as(text).isEqualTo(value);
    }
  }

  @Property(tries = 300)
  void aQuoteInsideAValueFollowedByWordsIsKept(@ForAll("records") ObjectNode value) {
    String schema = schemaOf(value);
    List<String> keys = new ArrayList<>(value.propertyNames());
    String first = keys.get(0);
    ObjectNode expected = value.deepCopy();
    expected.put(first, "12\" wide " + value.get(first).asString());
    StringBuilder text = new StringBuilder("{");
    for (String k : keys) {
      if (text.length() > 1) {
        text.append(", ");
      }
      String v = k.equals(first) ? "12\" wide " + value.get(k).asString() : value.get(k).asString();
      text.append('"').append(k).append("\": \"").append(v).append('"');
    }
    text.append('}');
    assertThat(parse(text.toString(), schema)).as(text.toString()).isEqualTo(expected);
  }
}
