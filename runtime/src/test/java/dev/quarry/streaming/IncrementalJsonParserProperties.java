package dev.quarry.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.parse.IncrementalJsonParser;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Feeding any JSON document in any chunking gives the value a whole parse gives; every snapshot
 * on the way is a prefix of the final value and of every later snapshot; the parser's work is at
 * most twice the input, whatever the chunking.
 */
class IncrementalJsonParserProperties {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  /** Decimals read exactly, as the incremental parser reads them (digits and scale kept). */
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  @Property(tries = 400)
  void anyChunkingGivesTheWholeValue(
      @ForAll("documents") JsonNode value,
      @ForAll boolean pretty,
      @ForAll("cuts") List<Integer> cuts) {
    String text = pretty ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value)
        : JSON.writeValueAsString(value);
    JsonNode whole = JSON.readTree(text);
    IncrementalJsonParser parser = IncrementalJsonParser.create();
    List<JsonNode> snapshots = new ArrayList<>();
    for (String chunk : chunks(text, cuts)) {
      parser.feed(chunk);
      JsonNode snapshot = parser.snapshot();
      if (snapshot != null) {
        snapshots.add(snapshot.deepCopy());
      }
    }
    assertThat(parser.isComplete()).isTrue();
    assertThat(parser.value()).isEqualTo(whole);
    for (int i = 0; i < snapshots.size(); i++) {
      assertThat(isPrefix(snapshots.get(i), whole))
          .as("snapshot %s is a prefix of %s", snapshots.get(i), whole).isTrue();
      if (i > 0) {
        assertThat(isPrefix(snapshots.get(i - 1), snapshots.get(i)))
            .as("snapshot %s is a prefix of the next %s", snapshots.get(i - 1), snapshots.get(i))
            .isTrue();
      }
    }
    assertThat(parser.consumed()).isEqualTo(text.length());
    assertThat(parser.work()).isLessThanOrEqualTo(2L * text.length());
  }

  @Property(tries = 200)
  void elementsArriveInOrderAndEqualTheFinalList(
      @ForAll("lists") JsonNode list, @ForAll("cuts") List<Integer> cuts, @ForAll boolean wrapped) {
    JsonNode document = wrapped ? F.objectNode().put("note", "{[\"]}").set("value", list) : list;
    String text = "Here you go:\n```json\n" + JSON.writeValueAsString(document) + "\n```\n";
    List<JsonNode> elements = new ArrayList<>();
    IncrementalJsonParser parser = IncrementalJsonParser.create(wrapped ? "/value" : "", null,
        (index, element) -> {
          assertThat(index).isEqualTo(elements.size());
          elements.add(element);
        });
    for (String chunk : chunks(text, cuts)) {
      parser.feed(chunk);
    }
    JsonNode whole = JSON.readTree(JSON.writeValueAsString(document));
    assertThat(elements).containsExactlyElementsOf(wrapped ? whole.get("value") : whole);
    assertThat(parser.value()).isEqualTo(whole);
  }

  @Property(tries = 200)
  void numbersAndLiteralsAppearOnlyWhole(@ForAll("documents") JsonNode generated) {
    String text = JSON.writeValueAsString(generated);
    JsonNode value = JSON.readTree(text);
    IncrementalJsonParser parser = IncrementalJsonParser.create();
    for (int i = 0; i < text.length(); i++) {
      parser.feed(text.substring(i, i + 1));
      JsonNode snapshot = parser.snapshot();
      if (snapshot != null) {
        assertThat(scalarsAreFinal(snapshot, value)).as("%s within %s", snapshot, value).isTrue();
      }
    }
  }

  /** Every number and literal in the snapshot is equal to the one at the same place in full. */
  private static boolean scalarsAreFinal(JsonNode snapshot, JsonNode full) {
    if (snapshot.isObject()) {
      for (Map.Entry<String, JsonNode> e : snapshot.properties()) {
        if (!scalarsAreFinal(e.getValue(), full.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (snapshot.isArray()) {
      for (int i = 0; i < snapshot.size(); i++) {
        if (!scalarsAreFinal(snapshot.get(i), full.get(i))) {
          return false;
        }
      }
      return true;
    }
    return snapshot.isString() || snapshot.equals(full);
  }

  static boolean isPrefix(JsonNode part, JsonNode full) {
    if (full == null) {
      return false;
    }
    if (part.isObject()) {
      if (!full.isObject()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> e : part.properties()) {
        if (!isPrefix(e.getValue(), full.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (part.isArray()) {
      if (!full.isArray() || part.size() > full.size()) {
        return false;
      }
      for (int i = 0; i < part.size(); i++) {
        if (!isPrefix(part.get(i), full.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (part.isString()) {
      return full.isString() && full.stringValue().startsWith(part.stringValue());
    }
    return part.equals(full);
  }

  static List<String> chunks(String text, List<Integer> cuts) {
    List<String> chunks = new ArrayList<>();
    int at = 0;
    Iterator<Integer> sizes = cuts.iterator();
    while (at < text.length()) {
      int size = sizes.hasNext() ? sizes.next() : 7;
      int end = Math.min(text.length(), at + size);
      chunks.add(text.substring(at, end));
      at = end;
    }
    return chunks;
  }

  @Provide
  Arbitrary<List<Integer>> cuts() {
    return Arbitraries.integers().between(1, 12).list().ofMaxSize(400);
  }

  @Provide
  Arbitrary<JsonNode> documents() {
    return Arbitraries.oneOf(objects(3), arrays(3));
  }

  @Provide
  Arbitrary<JsonNode> lists() {
    return arrays(2);
  }

  private Arbitrary<JsonNode> values(int depth) {
    Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
        strings().map(F::stringNode),
        Arbitraries.longs().map(l -> (JsonNode) F.numberNode(l)),
        Arbitraries.integers().map(l -> (JsonNode) F.numberNode(l)),
        Arbitraries.doubles().between(-1e12, 1e12).ofScale(4)
            .map(d -> (JsonNode) F.numberNode(d.doubleValue())),
        Arbitraries.of(true, false).map(F::booleanNode),
        Arbitraries.just(F.nullNode()));
    if (depth == 0) {
      return scalars;
    }
    return Arbitraries.frequencyOf(
        Tuple.of(4, scalars), Tuple.of(1, objects(depth - 1)), Tuple.of(1, arrays(depth - 1)));
  }

  private Arbitrary<JsonNode> objects(int depth) {
    return Arbitraries.maps(strings(), values(depth)).ofMaxSize(5).map(m -> {
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

  private static Arbitrary<String> strings() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(12),
        Arbitraries.strings().withChars("{}[]\",:\\/ \n\tü😀").ofMaxLength(10));
  }
}
