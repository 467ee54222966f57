package dev.quarry.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Random valid JSON records with their schema, mangled in the ways of issue 13 (closing quotes
 * and brackets lost at the end, cut after a complete member and closed, fenced with prose,
 * numbers and booleans written as strings, single quotes, trailing commas, the whole answer
 * escaped as a JSON string, the string values alone escaped, every quote doubled, a Python
 * literal cut off at the end, and several at once), must read back as the record (or, when cut,
 * as the members written before the cut).
 */
class MangledJsonProperties {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  // ------------------------------------------------------------------ generators

  private static Arbitrary<String> words() {
    Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1)
        .ofMaxLength(7);
    return word.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(" ", l));
  }

  private static Arbitrary<JsonNode> scalar() {
    return Arbitraries.oneOf(
        words().map(F::stringNode),
        Arbitraries.integers().between(-100000, 100000).map(i -> (JsonNode) F.numberNode(i)),
        Arbitraries.integers().between(-99999, 99999)
            .map(i -> (JsonNode) F.numberNode(BigDecimal.valueOf(i, 2))),
        Arbitraries.of(true, false).map(b -> (JsonNode) F.booleanNode(b)));
  }

  private static Arbitrary<JsonNode> value(int depth) {
    if (depth == 0) {
      return scalar();
    }
    Arbitrary<JsonNode> array = scalar().list().ofMaxSize(4).map(l -> {
      ArrayNode a = F.arrayNode();
      l.forEach(a::add);
      return (JsonNode) a;
    });
    Arbitrary<JsonNode> nested = Arbitraries.lazy(() -> object(depth - 1)).map(o -> (JsonNode) o);
    return Arbitraries.oneOf(List.of(scalar(), scalar(), scalar(), array, nested));
  }

  private static Arbitrary<ObjectNode> object(int depth) {
    Arbitrary<String> key = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1)
        .ofMaxLength(6).map(k -> "k" + k);
    return Arbitraries.maps(key, value(depth)).ofMinSize(1).ofMaxSize(5).map(m -> {
      ObjectNode o = F.objectNode();
      m.forEach(o::set);
      return o;
    });
  }

  @Provide
  Arbitrary<ObjectNode> records() {
    return object(2);
  }

  /** The schema the value satisfies: every field required, arrays typed by their first item. */
  static JsonNode schemaOf(JsonNode v, boolean required) {
    ObjectNode s = F.objectNode();
    if (v.isObject()) {
      s.put("type", "object");
      ObjectNode props = s.putObject("properties");
      ArrayNode req = F.arrayNode();
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        props.set(e.getKey(), schemaOf(e.getValue(), required));
        req.add(e.getKey());
      }
      if (required) {
        s.set("required", req);
      }
    } else if (v.isArray()) {
      s.put("type", "array");
      if (!v.isEmpty()) {
        ObjectNode items = F.objectNode();
        ArrayNode any = items.putArray("anyOf");
        for (String t : List.of("string", "integer", "number", "boolean")) {
          any.addObject().put("type", t);
        }
        s.set("items", items);
      }
    } else if (v.isString()) {
      s.put("type", "string");
    } else if (v.isIntegralNumber()) {
      s.put("type", "integer");
    } else if (v.isNumber()) {
      s.put("type", "number");
    } else {
      s.put("type", "boolean");
    }
    return s;
  }

  // ------------------------------------------------------------------ writing, mangled

  /** How to write a value: which quote, trailing commas, scalars quoted as strings. */
  record Style(char quote, boolean trailingCommas, boolean scalarsAsStrings) {}

  static final Style PLAIN = new Style('"', false, false);

  static String write(JsonNode v, Style st) {
    StringBuilder b = new StringBuilder();
    write(v, st, b);
    return b.toString();
  }

  private static void write(JsonNode v, Style st, StringBuilder b) {
    char q = st.quote();
    if (v.isObject()) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        if (!first) {
          b.append(", ");
        }
        first = false;
        b.append(q).append(e.getKey()).append(q).append(": ");
        write(e.getValue(), st, b);
      }
      b.append(st.trailingCommas() && !first ? ",}" : "}");
    } else if (v.isArray()) {
      b.append('[');
      for (int i = 0; i < v.size(); i++) {
        if (i > 0) {
          b.append(", ");
        }
        // inside arrays (typed anyOf) scalars keep their own type
        write(v.get(i), new Style(q, st.trailingCommas(), false), b);
      }
      b.append(st.trailingCommas() && !v.isEmpty() ? ",]" : "]");
    } else if (v.isString()) {
      b.append(q).append(v.asString()).append(q);
    } else if (st.scalarsAsStrings()) {
      b.append(q).append(v.asString()).append(q);
    } else {
      b.append(v.asString());
    }
  }

  private static JsonNode parse(String text, JsonNode schema) {
    return SchemaAlignedParser.lenient().parse(text, schema);
  }

  private static void assertReads(String text, JsonNode schema, JsonNode expected) {
    JsonNode actual = parse(text, schema);
    assertThat(CorpusTest.same(expected, actual)).as("%s%n read as %s%n expected %s", text,
        actual, expected).isTrue();
  }

  // ------------------------------------------------------------------ properties

  @Property(tries = 300)
  void closingQuotesAndBracketsLostAtTheEndAreRestored(@ForAll("records") ObjectNode value) {
    String json = write(value, PLAIN);
    int end = json.length();
    while (end > 0 && (json.charAt(end - 1) == '}' || json.charAt(end - 1) == ']')) {
      end--;
    }
    String noClosers = json.substring(0, end);
    assertReads(noClosers, schemaOf(value, true), value);
    if (noClosers.endsWith("\"") && !noClosers.endsWith(": \"\"") && !noClosers.endsWith("[\"\"")) {
      String noQuote = noClosers.substring(0, noClosers.length() - 1);
      assertReads(noQuote, schemaOf(value, true), value);
      assertReads(noQuote, null, value);
    }
  }

  @Property(tries = 300)
  void cutAfterACompleteMemberReadsTheMembersBefore(@ForAll("records") ObjectNode value) {
    JsonNode schema = schemaOf(value, false);
    ObjectNode sofar = F.objectNode();
    StringBuilder text = new StringBuilder("{");
    for (Map.Entry<String, JsonNode> e : value.properties()) {
      text.append('"').append(e.getKey()).append("\": ").append(write(e.getValue(), PLAIN));
      sofar.set(e.getKey(), e.getValue());
      for (String tail : List.of("}", ",", ", ", ",}", "\n")) {
        assertReads(text + tail, schema, sofar);
      }
      text.append(", ");
    }
  }

  @Property(tries = 300)
  void fencedAndWrappedInProseReadsBack(@ForAll("records") ObjectNode value,
      @ForAll("prose") String before, @ForAll("prose") String after) {
    String json = write(value, PLAIN);
    JsonNode schema = schemaOf(value, true);
    for (String text : List.of(
        before + "\n```json\n" + json + "\n```\n" + after,
        before + "\n```JSON\n" + json + "\n```",
        before + "\n~~~json\n" + json + "\n~~~\n" + after,
        before + "\n```\n" + json, // never closed
        before + " " + json + " " + after)) {
      assertReads(text, schema, value);
    }
  }

  @Provide
  Arbitrary<String> prose() {
    return Arbitraries.of("Here is the JSON you asked for:", "Sure!", "Result", "",
        "I extracted the fields below.", "Hope this helps.", "Let me know if anything is off.");
  }

  @Property(tries = 300)
  void scalarsWrittenAsStringsAreReadAsTheSchemaTypes(@ForAll("records") ObjectNode value) {
    assertReads(write(value, new Style('"', false, true)), schemaOf(value, true), value);
  }

  @Property(tries = 300)
  void singleQuotesAndTrailingCommasReadBack(@ForAll("records") ObjectNode value) {
    JsonNode schema = schemaOf(value, true);
    assertReads(write(value, new Style('\'', false, false)), schema, value);
    assertReads(write(value, new Style('"', true, false)), schema, value);
    assertReads(write(value, new Style('\'', true, false)), schema, value);
    assertReads(write(value, new Style('\'', true, false)), null, value);
  }

  @Property(tries = 300)
  void anAnswerEscapedAsAJsonStringReadsBack(@ForAll("records") ObjectNode value) {
    String json = write(value, PLAIN);
    String escaped = json.replace("\\", "\\\\").replace("\"", "\\\"");
    JsonNode schema = schemaOf(value, true);
    assertReads("\"" + escaped + "\"", schema, value);
    assertReads(escaped, schema, value);
    assertReads(escaped, null, value);
    assertReads("The answer is: \"" + escaped + "\"", schema, value);
  }

  @Property(tries = 200)
  void severalManglingsAtOnceReadBack(@ForAll("records") ObjectNode value) {
    // single quotes, trailing commas, scalars as strings, fenced, the closing fence lost
    String text = "Sure:\n```json\n" + write(value, new Style('\'', true, true));
    assertReads(text, schemaOf(value, true), value);
  }

  @Property(tries = 300)
  void stringsWhoseQuotesAreEscapedInPlainJsonReadBack(@ForAll("records") ObjectNode value) {
    // the string values (not the names) written \"like this\" inside otherwise plain JSON
    JsonNode schema = schemaOf(value, true);
    String text = escapeStringValues(value);
    assertReads(text, schema, value);
    assertReads(text, null, value);
  }

  /** PLAIN, except that each string value's quotes are written as {@code \"}. */
  private static String escapeStringValues(JsonNode v) {
    if (v.isObject()) {
      StringBuilder b = new StringBuilder("{");
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        if (b.length() > 1) {
          b.append(", ");
        }
        b.append('"').append(e.getKey()).append("\": ").append(escapeStringValues(e.getValue()));
      }
      return b.append('}').toString();
    }
    if (v.isArray()) {
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < v.size(); i++) {
        b.append(i > 0 ? ", " : "").append(escapeStringValues(v.get(i)));
      }
      return b.append(']').toString();
    }
    return v.isString() ? "\\\"" + v.asString() + "\\\"" : v.toString();
  }

  @Property(tries = 300)
  void anAnswerWithEveryQuoteDoubledReadsBack(@ForAll("records") ObjectNode value,
      @ForAll("prose") String before) {
    String doubled = write(value, PLAIN).replace("\"", "\"\"");
    JsonNode schema = schemaOf(value, true);
    assertReads(before + " " + doubled, schema, value);
    assertReads(doubled, null, value);
  }

  @Property(tries = 300)
  void aPythonLiteralCutAtTheEndIsCompleted(@ForAll("records") ObjectNode value,
      @ForAll boolean flag, @ForAll("cuts") int cut) {
    // the record written with Python's True/False, and one more field whose literal is cut
    ObjectNode expected = value.deepCopy();
    expected.put("zflag", flag);
    String word = flag ? "True" : "False";
    // (a literal follows ": ", "[" or ", ", which no generated string holds)
    String python = write(value, PLAIN).replaceAll("(?<=: |\\[|, )true(?=[,}\\]])", "True")
        .replaceAll("(?<=: |\\[|, )false(?=[,}\\]])", "False");
    String text = python.substring(0, python.length() - 1) + ", \"zflag\": "
        + word.substring(0, Math.min(word.length() - 1, cut));
    assertReads(text, schemaOf(expected, true), expected);
  }

  @Provide
  Arbitrary<Integer> cuts() {
    return Arbitraries.integers().between(2, 4);
  }

  @Provide
  Arbitrary<ObjectNode> flatRecords() {
    return object(0);
  }

  @Property(tries = 300)
  void aStringThatLostItsQuoteAndCommaEndsWithItsLine(@ForAll("flatRecords") ObjectNode value,
      @ForAll boolean quotedNames) {
    // one member a line, names bare or quoted; a string value (not the last member) written
    // without its closing quote and comma ends before the next line's field
    String lost = null;
    int i = 0;
    for (Map.Entry<String, JsonNode> e : value.properties()) {
      if (i++ < value.size() - 1 && e.getValue().isString() && lost == null) {
        lost = e.getKey();
      }
    }
    if (lost == null) {
      return;
    }
    StringBuilder text = new StringBuilder("{\n");
    i = 0;
    for (Map.Entry<String, JsonNode> e : value.properties()) {
      text.append("  ").append(quotedNames ? "\"" + e.getKey() + "\"" : e.getKey()).append(": ");
      String v = write(e.getValue(), PLAIN);
      if (e.getKey().equals(lost)) {
        text.append(v, 0, v.length() - 1).append('\n');
      } else {
        text.append(v).append(++i < value.size() ? ",\n" : "\n");
        continue;
      }
      i++;
    }
    text.append('}');
    assertReads(text.toString(), schemaOf(value, true), value);
  }

  @Property(tries = 100)
  void theGeneratorsMakeValidJson(@ForAll("records") ObjectNode value) {
    // the unmangled text is valid JSON that takes the fast path
    List<SchemaAlignedParser.Repair> repairs = SchemaAlignedParser.lenient()
        .parseWithRepairs(write(value, PLAIN), schemaOf(value, true)).repairs();
    assertThat(repairs).isEmpty();
  }
}
