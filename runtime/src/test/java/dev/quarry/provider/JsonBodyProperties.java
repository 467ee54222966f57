package dev.quarry.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.spi.Mapper;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * {@link JsonBody} writes, call for call, the text Jackson writes ({@link dev.quarry.spi.Mapper#JSON}, the mapper
 * the request bodies were written with before): any string (control characters, quotes,
 * backslashes, non-ASCII, lone surrogates), numbers, nesting, empty containers.
 */
class JsonBodyProperties {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  @Property(tries = 500)
  void anyTreeIsWrittenAsJacksonWritesIt(@ForAll("trees") JsonNode tree) {
    String ours = JsonBody.write(json -> walk(json, tree));
    assertThat(ours).isEqualTo(Mapper.JSON.writeValueAsString(tree));
  }

  @Property(tries = 1000)
  void anyStringIsEscapedAsJacksonEscapesIt(@ForAll("texts") String text) {
    String ours = JsonBody.write(json -> {
      json.writeStartObject();
      json.writeStringProperty(text, text);
      json.writeEndObject();
    });
    ObjectNode tree = F.objectNode().put(text, text);
    assertThat(ours).isEqualTo(Mapper.JSON.writeValueAsString(tree));
  }

  @Example
  void everyCharacterBelowSpaceAndBothQuotingCharactersAreEscaped() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      all.append(c);
    }
    String text = all.toString();
    String ours = JsonBody.write(json -> json.writeString(text));
    assertThat(ours).isEqualTo(Mapper.JSON.writeValueAsString(F.stringNode(text)))
        .contains("\\u0000", "\\u001F", "\\n", "\\t", "\\\"", "\\\\", "/");
  }

  @Example
  void preparedJsonIsSplicedAsItIsAndABodyMustCloseWhatItOpens() {
    String ours = JsonBody.write(json -> {
      json.writeStartObject();
      json.writeRawProperty("schema", new RawValue("{\"type\":\"object\"}"));
      json.writeStringPropertyIfPresent("absent", null);
      json.writeNumberProperty("temperature", 0.2);
      json.writeNullProperty("content");
      json.writeEndObject();
    });
    assertThat(ours).isEqualTo("{\"schema\":{\"type\":\"object\"},\"temperature\":0.2,\"content\":null}");
    assertThatThrownBy(() -> JsonBody.write(JsonBody::writeStartArray))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("1 containers open");
  }

  @Example
  void aNullStringIsWrittenAsNullAsATreeWroteIt() {
    String ours = JsonBody.write(json -> {
      json.writeStartObject();
      json.writeStringProperty("content", null);
      json.writeName("items");
      json.writeStartArray();
      json.writeString(null);
      json.writeEndArray();
      json.writeEndObject();
    });
    ObjectNode tree = F.objectNode().put("content", (String) null);
    tree.putArray("items").add((String) null);
    assertThat(ours).isEqualTo(Mapper.JSON.writeValueAsString(tree))
        .isEqualTo("{\"content\":null,\"items\":[null]}");
  }

  @Example
  void aBodyWrittenWhileWritingAnotherGetsItsOwnBuffer() {
    String outer = JsonBody.write(json -> {
      json.writeStartArray();
      json.writeString(JsonBody.write(inner -> {
        inner.writeStartArray();
        inner.writeNumber(1);
        inner.writeEndArray();
      }));
      json.writeNumber(2);
      json.writeEndArray();
    });
    assertThat(outer).isEqualTo("[\"[1]\",2]");
  }

  private static void walk(JsonBody json, JsonNode node) {
    if (node.isObject()) {
      json.writeStartObject();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        json.writeName(e.getKey());
        walk(json, e.getValue());
      }
      json.writeEndObject();
    } else if (node.isArray()) {
      json.writeStartArray();
      for (JsonNode item : node) {
        walk(json, item);
      }
      json.writeEndArray();
    } else if (node.isString()) {
      json.writeString(node.asString());
    } else if (node.isIntegralNumber()) {
      json.writeNumber(node.longValue());
    } else if (node.isNumber()) {
      json.writeNumber(node.doubleValue());
    } else if (node.isBoolean()) {
      json.writeBoolean(node.booleanValue());
    } else {
      json.writeNull();
    }
  }

  @Provide
  Arbitrary<String> texts() {
    return JsonTrees.texts();
  }

  @Provide
  Arbitrary<JsonNode> trees() {
    return JsonTrees.trees(4, false);
  }
}
