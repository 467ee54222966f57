package dev.quarry.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * For any JSON value and a schema it satisfies, serialising and parsing gives the value back,
 * also after the mangling models do: fences, prose around, single quotes, trailing commas.
 */
class RoundTripProperties {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Property(tries = 300)
  void valuesRoundTrip(@ForAll("documents") JsonNode value) {
    String text = JSON.writeValueAsString(value);
    assertSame(SchemaAlignedParser.lenient().parse(text, schemaOf(value)), value);
    assertSame(SchemaAlignedParser.lenient().parse(text, null), value);
    assertThat(SchemaAlignedParser.lenient().parseWithRepairs(text, schemaOf(value)).repairs())
        .isEmpty();
    assertSame(SchemaAlignedParser.strict().parse(text, schemaOf(value)), value);
  }

  @Property(tries = 300)
  void mangledValuesRoundTrip(@ForAll("documents") JsonNode value) {
    JsonNode schema = schemaOf(value);
    String json = JSON.writeValueAsString(value);
    List<String> variants = List.of(
        "```json\n" + json + "\n```",
        "```\n" + json + "\n```\nLet me know if you need anything else.",
        "Here is the result you asked for:\n\n" + json + "\n\nHope this helps!",
        write(value, '\'', false),
        write(value, '"', true),
        "Sure:\n```javascript\n" + write(value, '\'', true) + "\n```");
    for (String text : variants) {
      assertSame(SchemaAlignedParser.lenient().parse(text, schema), value);
      assertSame(SchemaAlignedParser.lenient().parse(text, null), value);
    }
  }

  @Provide
  Arbitrary<JsonNode> documents() {
    // objects at the root: a bare string root would be read as the raw text by design
    return objects(3);
  }

  private Arbitrary<JsonNode> values(int depth) {
    Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
        strings().map(F::stringNode),
        Arbitraries.longs().map(l -> (JsonNode) F.numberNode(l)),
        Arbitraries.doubles().between(-1e12, 1e12).ofScale(4).map(d -> (JsonNode) F.numberNode(d.doubleValue())),
        Arbitraries.of(true, false).map(F::booleanNode),
        Arbitraries.just(F.nullNode()));
    if (depth == 0) {
      return scalars;
    }
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, scalars),
        net.jqwik.api.Tuple.of(1, objects(depth - 1)),
        net.jqwik.api.Tuple.of(1, arrays(depth - 1)));
  }

  private Arbitrary<JsonNode> objects(int depth) {
    return Arbitraries.maps(keys(), values(depth)).ofMaxSize(5).map(m -> {
      ObjectNode o = F.objectNode();
      m.forEach(o::set);
      return o;
    });
  }

  private Arbitrary<JsonNode> arrays(int depth) {
    return values(depth).list().ofMaxSize(5).map(l -> {
      ArrayNode a = F.arrayNode();
      l.forEach(a::add);
      return a;
    });
  }

  private static Arbitrary<String> keys() {
    return Arbitraries.strings().withCharRange('a', 'z').withChars('_', ' ', '-', '\u00e9')
        .ofMinLength(1).ofMaxLength(10);
  }

  private static Arbitrary<String> strings() {
    return Arbitraries.strings().withCharRange(' ', '~')
        .withChars('\n', '\t', '\u00e9', '\u4e2d', '\u201c', '\u201d', '\u2019')
        .ofMaxLength(30);
  }

  /** The tightest schema the value satisfies. */
  static JsonNode schemaOf(JsonNode v) {
    ObjectNode s = F.objectNode();
    if (v.isObject()) {
      s.put("type", "object");
      ObjectNode props = s.putObject("properties");
      ArrayNode required = s.putArray("required");
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        props.set(e.getKey(), schemaOf(e.getValue()));
        required.add(e.getKey());
      }
      s.put("additionalProperties", false);
    } else if (v.isArray()) {
      s.put("type", "array");
      if (!v.isEmpty()) {
        ArrayNode anyOf = s.putObject("items").putArray("anyOf");
        v.forEach(item -> anyOf.add(schemaOf(item)));
      }
    } else if (v.isString()) {
      s.put("type", "string");
    } else if (v.isIntegralNumber()) {
      s.put("type", "integer");
    } else if (v.isNumber()) {
      s.put("type", "number");
    } else if (v.isBoolean()) {
      s.put("type", "boolean");
    } else {
      s.put("type", "null");
    }
    return s;
  }

  /** Serialises with the given quote character, optionally with a comma after every last item. */
  static String write(JsonNode v, char quote, boolean trailingCommas) {
    StringBuilder b = new StringBuilder();
    write(v, quote, trailingCommas, b);
    return b.toString();
  }

  private static void write(JsonNode v, char q, boolean trailing, StringBuilder b) {
    if (v.isObject()) {
      b.append('{');
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        str(e.getKey(), q, b);
        b.append(": ");
        write(e.getValue(), q, trailing, b);
        b.append(", ");
      }
      trim(b, trailing, v.isEmpty());
      b.append('}');
    } else if (v.isArray()) {
      b.append('[');
      for (JsonNode item : v) {
        write(item, q, trailing, b);
        b.append(", ");
      }
      trim(b, trailing, v.isEmpty());
      b.append(']');
    } else if (v.isString()) {
      str(v.asString(), q, b);
    } else {
      b.append(v.toString());
    }
  }

  private static void trim(StringBuilder b, boolean trailing, boolean empty) {
    if (!empty) {
      b.setLength(b.length() - 2);
      if (trailing) {
        b.append(',');
      }
    }
  }

  private static void str(String s, char q, StringBuilder b) {
    String json = JSON.writeValueAsString(s);
    String body = json.substring(1, json.length() - 1);
    if (q == '\'') {
      body = body.replace("\\\"", "\"").replace("'", "\\'");
    }
    b.append(q).append(body).append(q);
  }

  static void assertSame(JsonNode actual, JsonNode expected) {
    assertThat(CorpusTest.same(expected, actual)).as("expected %s but got %s", expected, actual)
        .isTrue();
  }

}
