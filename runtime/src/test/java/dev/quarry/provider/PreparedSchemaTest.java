package dev.quarry.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.Message;
import dev.quarry.Mode;
import dev.quarry.provider.gemini.GeminiSchemas;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.spi.Mapper;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.util.RawValue;

/**
 * The schema part of a request is prepared once per method and dialect and spliced in raw; the
 * body is still exactly the body that serialising the whole tree writes.
 */
class PreparedSchemaTest {
  interface Shop {}

  record Item(String name, double price) {}

  // Escapes, non-ASCII text, a line separator, decimals and nesting: whatever could serialise
  // differently when written raw.
  private static final String SCHEMA = """
      {"type":"object","description":"Caf\\u00e9 \\"items\\"\\u2028line","properties":{\
      "name":{"type":"string","pattern":"^\\\\d+$","maxLength":20},\
      "price":{"type":"number","minimum":0.5,"maximum":1.0E3},\
      "tags":{"type":"array","items":{"enum":["a","b"]}},\
      "owner":{"$ref":"#/$defs/Owner"}},"required":["name","price"],\
      "$defs":{"Owner":{"type":"object","properties":{"id":{"type":"integer"}}}}}""";
  private static final String STRICT = """
      {"type":"object","properties":{"name":{"type":"string"},"price":{"type":"number"}},\
      "required":["name","price"],"additionalProperties":false}""";

  private static ExtractMethod<Item> method(boolean strict) {
    ExtractMethod.Builder<Item> builder =
        ExtractMethod.builder(Shop.class, "read", new TypeReference<Item>() {})
            .toolName("read_item")
            .description("Reads one item.")
            .schema(SCHEMA);
    return (strict ? builder.strictSchema(STRICT) : builder).build();
  }

  private static final List<Message> CONVERSATION =
      List.of(Message.system("You read shop items."), Message.user("Tea, 2.50"));

  @Test
  void aDialectIsDerivedAndSerialisedOncePerMethod() {
    AtomicInteger calls = new AtomicInteger();
    PreparedSchema dialect = new PreparedSchema(method -> {
      calls.incrementAndGet();
      return method.schemaNode();
    });
    ExtractMethod<Item> method = method(false);

    RawValue first = dialect.of(method);
    RawValue second = dialect.of(method);

    assertThat(second).isSameAs(first);
    assertThat(calls).hasValue(1);
    assertThat(dialect.derivations()).isEqualTo(1);
    assertThat(first.rawValue()).isEqualTo(Mapper.JSON.writeValueAsString(method.schemaNode()));

    // Another method (even an equal one) has its own entry.
    dialect.of(method(false));
    assertThat(calls).hasValue(2);
  }

  @Test
  void aDerivationThatFailsIsNotRememberedAndFailsAgain() {
    AtomicInteger calls = new AtomicInteger();
    PreparedSchema dialect = new PreparedSchema(method -> {
      calls.incrementAndGet();
      throw new IllegalStateException("cannot express " + method.displayName());
    });
    ExtractMethod<Item> method = method(false);

    assertThatThrownBy(() -> dialect.of(method)).hasMessageContaining("Shop.read");
    assertThatThrownBy(() -> dialect.of(method)).hasMessageContaining("Shop.read");
    assertThat(calls).hasValue(2);
  }

  @Test
  void theBuiltInDialectsAreTheSchemasProvidersSent() {
    ExtractMethod<Item> plain = method(false);
    ExtractMethod<Item> strict = method(true);

    assertThat(PreparedSchema.PLAIN.derive(strict)).isEqualTo(strict.schemaNode());
    assertThat(PreparedSchema.STRICT_OR_PLAIN.derive(strict)).isEqualTo(strict.strictSchemaNode());
    assertThat(PreparedSchema.STRICT_OR_PLAIN.derive(plain)).isEqualTo(plain.schemaNode());
    assertThat(PreparedSchema.STRICT_OR_PLAIN.of(strict))
        .isSameAs(PreparedSchema.STRICT_OR_PLAIN.of(strict));
  }

  /**
   * Every provider and mode that sends a schema: the body is what serialising its tree writes
   * (same bytes), and the schema in it is the dialect's tree.
   */
  @Test
  void bodiesWithAPreparedSchemaEqualTheTreeBuiltOnes() {
    record Case(Provider provider, Mode mode, String pointer, boolean strict, JsonNode expected) {}
    ExtractMethod<Item> plain = method(false);
    ExtractMethod<Item> strict = method(true);
    JsonNode gemini = GeminiSchemas.forGemini(plain.schemaNode(), plain.displayName());
    List<Case> cases = List.of(
        new Case(Providers.openAi(), Mode.TOOLS, "/tools/0/function/parameters", true,
            strict.strictSchemaNode()),
        new Case(Providers.openAi(), Mode.TOOLS, "/tools/0/function/parameters", false,
            plain.schemaNode()),
        new Case(Providers.openAi(), Mode.JSON_SCHEMA, "/response_format/json_schema/schema",
            true, strict.strictSchemaNode()),
        new Case(Providers.openAiResponses(), Mode.TOOLS, "/tools/0/parameters", true,
            strict.strictSchemaNode()),
        new Case(Providers.openAiResponses(), Mode.JSON_SCHEMA, "/text/format/schema", false,
            plain.schemaNode()),
        new Case(Providers.anthropic(), Mode.TOOLS, "/tools/0/input_schema", false,
            plain.schemaNode()),
        new Case(Providers.anthropic(), Mode.JSON_SCHEMA, "/output_config/format/schema", false,
            null),
        new Case(Providers.gemini(), Mode.TOOLS,
            "/tools/0/functionDeclarations/0/parametersJsonSchema", false, gemini),
        new Case(Providers.gemini(), Mode.JSON_SCHEMA, "/generationConfig/responseJsonSchema",
            false, gemini),
        new Case(Providers.ollama(), Mode.TOOLS, "/tools/0/function/parameters", false,
            plain.schemaNode()),
        new Case(Providers.ollama(), Mode.JSON_SCHEMA, "/format", false, plain.schemaNode()));
    for (Case c : cases) {
      ProviderRequest request = new ProviderRequest(c.provider().defaultBaseUrl(), "key", "m",
          c.strict() ? strict : plain, c.mode(), CONVERSATION, 300, 0.25);
      String body = c.provider().request(request).body();
      String again = c.provider().request(request).body();

      JsonNode tree = Mapper.JSON.readTree(body);
      String what = c.provider().name() + " " + c.mode();
      assertThat(Mapper.JSON.writeValueAsString(tree)).as(what).isEqualTo(body);
      assertThat(again).as(what).isEqualTo(body);
      JsonNode schema = tree.at(c.pointer());
      assertThat(schema.isObject()).as(what + " has a schema at " + c.pointer()).isTrue();
      if (c.expected() != null) {
        assertThat(schema).as(what).isEqualTo(c.expected());
      }
      if (!c.strict()) {
        assertThat(schema.toString()).as(what).contains("Caf\u00e9");
      }
    }
  }
}
