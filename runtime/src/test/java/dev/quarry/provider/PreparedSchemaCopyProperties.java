package dev.quarry.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.spi.ExtractMethod;
import dev.quarry.spi.Mapper;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * The token-by-token copy that prepares a method's own schema text writes what the tree did
 * ({@code writeValueAsString(readTree(text))}), byte for byte, or declines; it never builds a
 * tree.
 */
class PreparedSchemaCopyProperties {
  interface Owner {}

  @Property(tries = 1000)
  void theCopyIsWhatTheTreeWrites(
      @ForAll("trees") JsonNode tree, @ForAll @IntRange(max = 2) int style) {
    String text = switch (style) {
      case 0 -> Mapper.JSON.writeValueAsString(tree);
      case 1 -> Mapper.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
      default -> Mapper.JSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII)
          .writeValueAsString(tree);
    };
    JsonNode whole = Wire.parseOrNull(text); // its writer escapes lone surrogates it then refuses

    String copied = PreparedSchema.copy(text);

    if (whole == null) {
      assertThat(copied).as("Jackson refuses %s", text).isNull();
    } else {
      assertThat(copied).as(text).isEqualTo(Mapper.JSON.writeValueAsString(whole));
    }
  }

  @Example
  void whatACopyCannotVouchForIsLeftToTheTree() {
    assertThat(PreparedSchema.copy("{\"a\":1,\"a\":2}")).as("a repeated property").isNull();
    assertThat(PreparedSchema.copy("{\"a\":1} {}")).as("content after the value").isNull();
    assertThat(PreparedSchema.copy("{\"a\":")).as("cut off").isNull();
    assertThat(PreparedSchema.copy("")).isNull();
    assertThat(PreparedSchema.copy(" { \"n\" : -0 , \"x\" : 1.50e1 , \"b\" : 123456789012345678901 } "))
        .isEqualTo("{\"n\":0,\"x\":15.0,\"b\":123456789012345678901}");
  }

  @Example
  void aMethodsOwnSchemaIsPreparedWithoutATree() {
    ExtractMethod<Object> method =
        ExtractMethod.builder(Owner.class, "read", new TypeReference<Object>() {})
            .schema("{ \"type\": \"object\",\n  \"properties\": {\"a\": {\"type\": \"string\"}} }")
            .build();
    long plain = PreparedSchema.PLAIN.derivations();
    long strict = PreparedSchema.STRICT_OR_PLAIN.derivations();

    assertThat(PreparedSchema.PLAIN.of(method).rawValue())
        .isEqualTo("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}");
    assertThat(PreparedSchema.STRICT_OR_PLAIN.of(method).rawValue())
        .isEqualTo(PreparedSchema.PLAIN.of(method).rawValue());
    assertThat(PreparedSchema.PLAIN.derivations()).isEqualTo(plain);
    assertThat(PreparedSchema.STRICT_OR_PLAIN.derivations()).isEqualTo(strict);
  }

  @Provide
  Arbitrary<JsonNode> trees() {
    return JsonTrees.trees(4, true);
  }
}
