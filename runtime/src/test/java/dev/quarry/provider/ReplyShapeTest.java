package dev.quarry.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.spi.Mapper;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The streaming reader keeps exactly the named parts, and gives up on what it does not expect. */
class ReplyShapeTest {
  private static final ReplyShape SHAPE = ReplyShape.of(
      "model", "choices/0/message/content", "choices/0/message/args", "items/*/type", "n");

  private static JsonNode tree(String json) {
    return Mapper.JSON.readTree(json);
  }

  @Test
  void keepsOnlyTheNamedPartsAndTheFirstElementWhereAsked() {
    JsonNode kept = SHAPE.read("""
        {"id":"x","model":"m","created":17,"choices":[{"index":0,"message":{"role":"assistant",
        "content":"hello \\"you\\"","args":{"a":[1,2.5,{"b":null}],"c":12345678901234567890}},
        "logprobs":{"content":[{"token":"h","logprob":-0.1}]}},{"message":{"content":"second"}}],
        "items":[{"type":"a","extra":1},{"type":"b"},3],"n":9007199254740993}""");

    assertThat(kept).isEqualTo(tree("""
        {"model":"m","choices":[{"message":{"content":"hello \\"you\\"",
        "args":{"a":[1,2.5,{"b":null}],"c":12345678901234567890}}}],
        "items":[{"type":"a"},{"type":"b"},3],"n":9007199254740993}"""));
  }

  @Test
  void scalarsAreTheNodesTheTreeMapperBuilds() {
    String body = "{\"model\":null,\"n\":1.5e3,\"choices\":\"none\",\"items\":[true,false,-7]}";

    assertThat(SHAPE.read(body)).isEqualTo(tree(body));
  }

  @Test
  void givesUpOnWhatItDoesNotExpect() {
    assertThat(SHAPE.read(null)).isNull();
    assertThat(SHAPE.read("")).isNull();
    assertThat(SHAPE.read("not json")).isNull();
    assertThat(SHAPE.read("[{\"model\":\"m\"}]")).as("a top-level array").isNull();
    assertThat(SHAPE.read("\"text\"")).isNull();
    assertThat(SHAPE.read("{\"model\":\"a\",\"model\":\"b\"}")).as("a repeated field").isNull();
    assertThat(SHAPE.read("{\"model\":\"a\"} {}")).as("trailing content").isNull();
    assertThat(SHAPE.read("{\"model\":\"a\"")).as("truncated").isNull();
    assertThat(SHAPE.read("{\"choices\":{\"0\":{}}}")).as("an object where elements are named")
        .isNull();
    assertThat(SHAPE.read("{\"choices\":[[{\"message\":1}]]}")).as("an array for fields").isNull();
    assertThat(SHAPE.read("{\"skipped\":[1,2,}")).as("broken JSON in a skipped part").isNull();
  }

  @Test
  void shortStringsAreSharedWhenTheyRecurAndNeverConfused() {
    JsonNode first = SHAPE.read("{\"model\":\"gpt-4o-mini\"}").path("model");
    // 600 other short strings, many landing in the same slots of the table
    for (int i = 0; i < 600; i++) {
      String model = "m" + i;
      assertThat(SHAPE.read("{\"model\":\"" + model + "\"}").path("model").stringValue())
          .isEqualTo(model);
    }
    JsonNode again = SHAPE.read("{\"model\":\"gpt-4o-mini\"}").path("model");
    JsonNode twice = SHAPE.read("{\"model\":\"gpt-4o-mini\"}").path("model");

    assertThat(again.stringValue()).isEqualTo(first.stringValue()).isEqualTo("gpt-4o-mini");
    assertThat(twice).as("the same short text, read twice in a row, is one node").isSameAs(again);
    String longer = "x".repeat(33);
    assertThat(SHAPE.read("{\"model\":\"" + longer + "\"}").path("model"))
        .as("longer strings are made anew").isNotSameAs(
            SHAPE.read("{\"model\":\"" + longer + "\"}").path("model"));
    assertThat(SHAPE.read("{\"model\":\"gpt-4o-min\"}").path("model").stringValue())
        .as("a prefix of a kept string is its own string").isEqualTo("gpt-4o-min");
  }

  @Test
  void escapesTakeAsciiHexDigitsOnlyAsJacksonDoes() {
    // Arabic-Indic and fullwidth digits are digits to Character.digit, not to Jackson
    for (String escape : new String[] {"\\u\u0661\u0661\u0664\u0661", "\\u00\uff21\uff21"}) {
      String body = "{\"model\":\"" + escape + "\"}";
      assertThatThrownBy(() -> tree(body)).as("Jackson refuses %s", body)
          .isInstanceOf(tools.jackson.core.JacksonException.class);
      assertThat(SHAPE.read(body)).as(body).isNull();
    }
    assertThat(SHAPE.read("{\"model\":\"\\u00aA\\u00Aa\"}").path("model").stringValue())
        .isEqualTo("\u00aa\u00aa");
  }

  @Test
  void readOrParseFallsBackToTheWholeTree() {
    String array = "[{\"error\":{\"code\":1}}]";

    assertThat(SHAPE.readOrParse(array, true)).isEqualTo(tree(array));
    assertThat(SHAPE.readOrParse("{\"id\":1,\"model\":\"m\"}", false))
        .isEqualTo(tree("{\"id\":1,\"model\":\"m\"}"));
    assertThat(SHAPE.readOrParse("{\"id\":1,\"model\":\"m\"}", true))
        .isEqualTo(tree("{\"model\":\"m\"}"));
    assertThat(SHAPE.readOrParse("nonsense", true)).isNull();
  }

  @Test
  void aKeptObjectBehavesAsTheTreeMappersDoes() {
    String body = "{\"model\":\"m\",\"n\":1,\"choices\":[{\"message\":{\"args\":"
        + "{\"x\":1,\"x\":2,\"y\":[1.25,-3]},\"content\":\"c\"}}]}";
    JsonNode kept = SHAPE.read(body);

    assertThat(kept).isEqualTo(tree(body)).hasToString(tree(body).toString());
    assertThat(tree(body)).isEqualTo(kept);
    assertThat(kept.path("choices").path(0).path("message").path("args").path("x").asInt())
        .as("a repeated property inside a kept value: the last one, as readTree keeps")
        .isEqualTo(2);
    assertThat(kept.propertyNames()).containsExactly("model", "n", "choices");
    assertThat(kept.has("model")).isTrue();
    assertThat(kept.has("id")).isFalse();
    assertThat(kept.get("missing")).isNull();
    tools.jackson.databind.node.ObjectNode object = (tools.jackson.databind.node.ObjectNode) kept;
    object.remove("n");
    object.put("extra", true);
    object.put("model", "changed");
    assertThat(object).isEqualTo(tree(
        "{\"model\":\"changed\",\"choices\":[{\"message\":{\"args\":{\"x\":2,\"y\":[1.25,-3]},"
            + "\"content\":\"c\"}}],\"extra\":true}"));
    assertThat(object.size()).isEqualTo(3);
  }
}
