package dev.quarry.provider;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Random JSON for the properties of the body writer and the reply reader. */
final class JsonTrees {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private JsonTrees() {}

  /** Any text, ASCII text, and text made of what JSON must escape or may get wrong. */
  static Arbitrary<String> texts() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(40),
        Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMaxLength(40),
        Arbitraries.strings().withChars('"', '\\', '\n', '\u001f', '\u2028', '\ud800', 'é', '/')
            .ofMaxLength(12));
  }

  /**
   * Trees up to {@code depth} levels: every kind of scalar, arrays and objects of up to 4; with
   * {@code bigIntegers}, integers beyond {@code long} too.
   */
  static Arbitrary<JsonNode> trees(int depth, boolean bigIntegers) {
    Arbitrary<JsonNode> integers = bigIntegers
        ? Arbitraries.bigIntegers()
            .between(BigInteger.TEN.pow(25).negate(), BigInteger.TEN.pow(25))
            .map(F::numberNode)
        : Arbitraries.integers().between(-1000, 1000).map(F::numberNode);
    Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
        texts().map(F::stringNode),
        Arbitraries.longs().map(F::numberNode),
        integers,
        Arbitraries.doubles().map(F::numberNode),
        Arbitraries.of(0.2, 0.7, 1.0, 1e-7, 1e21, -0.0).map(F::numberNode),
        Arbitraries.of(true, false).map(F::booleanNode),
        Arbitraries.just(F.nullNode()));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<JsonNode> child = Arbitraries.lazy(() -> trees(depth - 1, bigIntegers));
    Arbitrary<JsonNode> array = child.list().ofMaxSize(4).map(items -> {
      ArrayNode a = F.arrayNode();
      items.forEach(a::add);
      return a;
    });
    Arbitrary<JsonNode> object = Arbitraries.maps(texts(), child).ofMaxSize(4).map(fields -> {
      ObjectNode o = F.objectNode();
      fields.forEach(o::set);
      return o;
    });
    return Arbitraries.frequencyOf(Tuple.of(3, leaf), Tuple.of(1, array), Tuple.of(1, object));
  }
}
