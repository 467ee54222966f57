package dev.quarry.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.ConfigurationException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The rewrite into Gemini's JSON Schema subset. */
class GeminiSchemasTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static JsonNode rewrite(String schema) {
    return GeminiSchemas.forGemini(JSON.readTree(schema), "Reader.read");
  }

  private static void assertRewrite(String schema, String expected) {
    assertThat(rewrite(schema)).isEqualTo(JSON.readTree(expected));
  }

  @Test
  void supportedKeywordsPassUnchanged() {
    String schema = """
        {"type":"object","title":"Receipt","description":"A receipt",
         "properties":{
           "merchant":{"type":"string","enum":["a","b"]},
           "date":{"type":"string","format":"date"},
           "total":{"type":["number","null"],"minimum":0,"maximum":1000},
           "items":{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":5},
           "pair":{"type":"array","prefixItems":[{"type":"integer"},{"type":"string"}]},
           "tags":{"type":"object","additionalProperties":{"type":"integer"}},
           "note":{"anyOf":[{"type":"string"},{"type":"null"}]}},
         "required":["merchant"],"additionalProperties":false}""";

    assertRewrite(schema, schema);
  }

  @Test
  void unsupportedKeywordsMoveIntoTheDescription() {
    assertRewrite("""
        {"type":"object","properties":{
           "code":{"type":"string","description":"ISO code","pattern":"^[A-Z]{3}$","minLength":3},
           "email":{"type":"string","format":"email"},
           "ids":{"type":"array","items":{"type":"integer"},"uniqueItems":true},
           "count":{"type":"integer","exclusiveMinimum":0,"multipleOf":2}}}""", """
        {"type":"object","properties":{
           "code":{"type":"string","description":"ISO code\\nMust also satisfy the JSON Schema {\\"pattern\\":\\"^[A-Z]{3}$\\",\\"minLength\\":3}."},
           "email":{"type":"string","description":"Must also satisfy the JSON Schema {\\"format\\":\\"email\\"}."},
           "ids":{"type":"array","items":{"type":"integer"},"description":"Must also satisfy the JSON Schema {\\"uniqueItems\\":true}."},
           "count":{"type":"integer","description":"Must also satisfy the JSON Schema {\\"exclusiveMinimum\\":0,\\"multipleOf\\":2}."}}}""");
  }

  @Test
  void metadataKeywordsAreLeftOut() {
    assertRewrite("""
        {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"urn:x","$comment":"c",
         "type":"object","properties":{}}""", """
        {"type":"object","properties":{}}""");
  }

  @Test
  void oneOfBecomesAnyOfAndConstAnEnum() {
    assertRewrite("""
        {"type":"object","properties":{"shape":{"oneOf":[
           {"type":"object","properties":{"type":{"const":"Circle"},"r":{"type":"number"}}},
           {"type":"object","properties":{"type":{"const":"Square"},"side":{"type":"number"}}}]},
           "flag":{"const":true}}}""", """
        {"type":"object","properties":{"shape":{"anyOf":[
           {"type":"object","properties":{"type":{"enum":["Circle"]},"r":{"type":"number"}}},
           {"type":"object","properties":{"type":{"enum":["Square"]},"side":{"type":"number"}}}]},
           "flag":{"description":"Must also satisfy the JSON Schema {\\"const\\":true}."}}}""");
  }

  @Test
  void referencesToPlainDefinitionsAreInlinedWithTheirUseSiteWords() {
    assertRewrite("""
        {"type":"object","properties":{
           "billing":{"$ref":"#/$defs/Address","description":"where the bill goes"},
           "shipping":{"$ref":"#/$defs/Address"},
           "items":{"type":"array","items":{"$ref":"#/$defs/Item"}}},
         "$defs":{
           "Address":{"type":"object","description":"An address",
                      "properties":{"zip":{"type":"string","pattern":"^[0-9]+$"}}},
           "Item":{"type":"object","properties":{"address":{"$ref":"#/$defs/Address"}}}}}""", """
        {"type":"object","properties":{
           "billing":{"type":"object","description":"where the bill goes",
                      "properties":{"zip":{"type":"string","description":"Must also satisfy the JSON Schema {\\"pattern\\":\\"^[0-9]+$\\"}."}}},
           "shipping":{"type":"object","description":"An address",
                       "properties":{"zip":{"type":"string","description":"Must also satisfy the JSON Schema {\\"pattern\\":\\"^[0-9]+$\\"}."}}},
           "items":{"type":"array","items":{"type":"object","properties":{"address":
               {"type":"object","description":"An address",
                "properties":{"zip":{"type":"string","description":"Must also satisfy the JSON Schema {\\"pattern\\":\\"^[0-9]+$\\"}."}}}}}}}}""");
  }

  @Test
  void recursiveDefinitionsStayReferencedAndOnlyThoseAreKept() {
    assertRewrite("""
        {"type":"object","properties":{"root":{"$ref":"#/definitions/Node"}},
         "definitions":{
           "Node":{"type":"object","properties":{
              "label":{"$ref":"#/definitions/Label"},
              "children":{"type":"array","items":{"$ref":"#/definitions/Node"}}}},
           "Label":{"type":"string","minLength":1},
           "Unused":{"type":"integer"}}}""", """
        {"type":"object","properties":{"root":{"$ref":"#/$defs/Node"}},
         "$defs":{
           "Node":{"type":"object","properties":{
              "label":{"type":"string","description":"Must also satisfy the JSON Schema {\\"minLength\\":1}."},
              "children":{"type":"array","items":{"$ref":"#/$defs/Node"}}}}}}""");
  }

  @Test
  void mutuallyRecursiveDefinitionsAreBothKept() {
    JsonNode out = rewrite("""
        {"type":"object","properties":{"a":{"$ref":"#/$defs/A"}},
         "$defs":{"A":{"type":"object","properties":{"b":{"$ref":"#/$defs/B"}}},
                  "B":{"type":"object","properties":{"a":{"$ref":"#/$defs/A"}}}}}""");

    assertThat(out.at("/properties/a/$ref").asString()).isEqualTo("#/$defs/A");
    assertThat(out.at("/$defs/A/properties/b/$ref").asString()).isEqualTo("#/$defs/B");
    assertThat(out.at("/$defs/B/properties/a/$ref").asString()).isEqualTo("#/$defs/A");
  }

  @Test
  void theInputIsNotChanged() {
    JsonNode schema = JSON.readTree("""
        {"type":"object","properties":{"x":{"$ref":"#/$defs/X"}},
         "$defs":{"X":{"type":"string","pattern":"a"}}}""");
    JsonNode copy = schema.deepCopy();

    GeminiSchemas.forGemini(schema, "Reader.read");

    assertThat(schema).isEqualTo(copy);
  }

  @Test
  void aReferenceToTheRootIsRefused() {
    assertThatThrownBy(() -> rewrite("""
        {"type":"object","properties":{"next":{"$ref":"#"}}}"""))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Reader.read")
        .hasMessageContaining("$ref \"#\"")
        .hasMessageContaining("#/$defs/<Name>");
  }

  @Test
  void aReferenceOutsideTheDefinitionsIsRefused() {
    assertThatThrownBy(() -> rewrite("""
        {"type":"object","properties":{"x":{"$ref":"https://example.com/x.json"}}}"""))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Reader.read")
        .hasMessageContaining("https://example.com/x.json")
        .hasMessageContaining("not one of its $defs");
  }

  @Test
  void aSchemaThatIsNotAnObjectIsRefused() {
    assertThatThrownBy(() -> rewrite("[]"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("must be a JSON object");
  }
}
