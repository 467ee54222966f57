package dev.quarry.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.ConfigurationException;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The rewrite of a method's schema into what Anthropic's structured outputs accept. */
class AnthropicSchemasTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  interface Api {}

  private static ExtractMethod<Object> method(String schema) {
    return ExtractMethod.builder(Api.class, "read", new TypeReference<Object>() {})
        .schema(schema)
        .build();
  }

  private static JsonNode rewrite(String schema) {
    return AnthropicSchemas.structuredOutputSchema(method(schema));
  }

  private static void assertRewrite(String schema, String expected) {
    assertThat(rewrite(schema)).isEqualTo(JSON.readTree(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "test_messages__TestSyncParse__test_parse_with_pydantic_model__c11eefc7.json",
      "test_messages__TestSyncParse__test_parse_with_nested_pydantic_model__bd7029d5.json",
      "test_beta_messages__TestAsyncMessages__test_parse_uses_output_config__d7092a7d.json"})
  void schemasTheLiveApiAcceptedPassUnchanged(String file) {
    JsonNode recorded = JSON.readTree(SharedData.read(AnthropicSpecTest.RECORDED + file));
    JsonNode schema = recorded.at("/0/request/body/output_config/format/schema");
    assertThat(schema.isObject()).isTrue();

    assertThat(rewrite(schema.toString())).isEqualTo(schema);
  }

  @Test
  void everyObjectIsClosedAndNestedSchemasAreRewritten() {
    assertRewrite("""
        {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
         "properties":{"items":{"type":"array","items":{"$ref":"#/$defs/Item"}},
                       "note":{"anyOf":[{"type":"string"},{"type":"null"}]}},
         "required":["items"],
         "$defs":{"Item":{"type":"object","properties":{"name":{"type":"string"}},
                          "additionalProperties":true}}}""", """
        {"type":"object",
         "properties":{"items":{"type":"array","items":{"$ref":"#/$defs/Item"}},
                       "note":{"anyOf":[{"type":"string"},{"type":"null"}]}},
         "required":["items"],
         "$defs":{"Item":{"type":"object","properties":{"name":{"type":"string"}},
                          "additionalProperties":false}},
         "additionalProperties":false}""");
  }

  @Test
  void constraintsTheApiRejectsMoveIntoTheDescription() {
    assertRewrite("""
        {"type":"object","properties":{
          "quantity":{"type":"integer","description":"How many.","minimum":1,"maximum":99},
          "code":{"type":"string","pattern":"^[A-Z]{3}$","minLength":3},
          "tags":{"type":"array","items":{"type":"string"},"minItems":2,"maxItems":5,
                  "uniqueItems":true},
          "some":{"type":"array","items":{"type":"string"},"minItems":1},
          "day":{"type":"string","format":"date"},
          "price":{"type":"string","format":"decimal"}},
         "required":["quantity"]}""", """
        {"type":"object","properties":{
          "quantity":{"type":"integer",
            "description":"How many.\\n\\nAdditional JSON Schema rules: {\\"minimum\\":1,\\"maximum\\":99}"},
          "code":{"type":"string",
            "description":"Additional JSON Schema rules: {\\"pattern\\":\\"^[A-Z]{3}$\\",\\"minLength\\":3}"},
          "tags":{"type":"array","items":{"type":"string"},
            "description":"Additional JSON Schema rules: {\\"minItems\\":2,\\"maxItems\\":5,\\"uniqueItems\\":true}"},
          "some":{"type":"array","items":{"type":"string"},"minItems":1},
          "day":{"type":"string","format":"date"},
          "price":{"type":"string",
            "description":"Additional JSON Schema rules: {\\"format\\":\\"decimal\\"}"}},
         "required":["quantity"],"additionalProperties":false}""");
  }

  @Test
  void oneOfBecomesAnyOfAndTypeListsBecomeAnyOf() {
    assertRewrite("""
        {"type":"object","properties":{
          "shape":{"oneOf":[{"type":"object","properties":{"r":{"type":"number"}}},
                            {"type":"object","properties":{"side":{"type":"number"}}}]},
          "label":{"type":["string","null"],"description":"A label.","maxLength":10}}}""", """
        {"type":"object","properties":{
          "shape":{"anyOf":[
              {"type":"object","properties":{"r":{"type":"number"}},"additionalProperties":false},
              {"type":"object","properties":{"side":{"type":"number"}},"additionalProperties":false}],
            "description":"Additional JSON Schema rules: {\\"oneOf\\":\\"exactly one alternative applies\\"}"},
          "label":{"anyOf":[
              {"type":"string","description":"Additional JSON Schema rules: {\\"maxLength\\":10}"},
              {"type":"null"}],
            "description":"A label."}},
         "additionalProperties":false}""");
  }

  @Test
  void theMethodsOwnSchemaIsNotChanged() {
    ExtractMethod<Object> method =
        method("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":1}}}");
    String before = method.schemaNode().toString();

    AnthropicSchemas.structuredOutputSchema(method);

    assertThat(method.schemaNode().toString()).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"object\",\"properties\":{\"m\":{\"type\":\"object\","
          + "\"additionalProperties\":{\"type\":\"integer\"}}}}|/properties/m|is a map",
      "{\"type\":\"object\",\"properties\":{\"any\":{\"type\":\"object\"}}}"
          + "|/properties/any|no declared properties",
      "{\"type\":\"object\",\"properties\":{\"v\":{}}}|/properties/v|any JSON value",
      "{\"type\":\"object\",\"properties\":{\"v\":{\"description\":\"x\"}}}"
          + "|/properties/v|any JSON value",
      "{\"type\":\"object\",\"properties\":{\"r\":{\"$ref\":\"other.json#/X\"}}}"
          + "|/properties/r|another document"})
  void whatCannotBeExpressedFailsAndPointsToToolsMode(String row) {
    String[] parts = row.split("\\|");

    assertThatThrownBy(() -> rewrite(parts[0]))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Api.read")
        .hasMessageContaining("'" + parts[1] + "'")
        .hasMessageContaining(parts[2])
        .hasMessageContaining("Mode.TOOLS");
  }

  @Test
  void recursiveSchemasAreRejected() {
    String tree = """
        {"type":"object","properties":{"root":{"$ref":"#/$defs/Node"}},
         "$defs":{"Node":{"type":"object","properties":{
            "children":{"type":"array","items":{"$ref":"#/$defs/Node"}}}}}}""";
    String mutual = """
        {"type":"object","properties":{"a":{"$ref":"#/$defs/A"}},
         "$defs":{"A":{"type":"object","properties":{"b":{"$ref":"#/$defs/B"}}},
                  "B":{"type":"object","properties":{"a":{"$ref":"#/$defs/A"}}}}}""";
    String self = """
        {"type":"object","properties":{"next":{"anyOf":[{"$ref":"#"},{"type":"null"}]}}}""";

    for (String schema : new String[] {tree, mutual, self}) {
      assertThatThrownBy(() -> rewrite(schema))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("recursive")
          .hasMessageContaining("Mode.TOOLS");
    }
    // A definition used twice is not recursion.
    JsonNode shared = rewrite("""
        {"type":"object","properties":{"a":{"$ref":"#/$defs/P"},"b":{"$ref":"#/$defs/P"}},
         "$defs":{"P":{"type":"object","properties":{"x":{"type":"string"}}}}}""");
    assertThat(shared.at("/$defs/P/additionalProperties").isBoolean()).isTrue();
    assertThat(shared.at("/$defs/P/additionalProperties").asBoolean()).isFalse();
  }
}
