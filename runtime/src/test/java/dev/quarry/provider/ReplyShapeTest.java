package dev.quarry.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The streaming reader keeps exactly the named parts, and gives up on what it does not expect. */
class ReplyShapeTest {
  private static final ReplyShape SHAPE = ReplyShape.of(
      "model", "choices/0/message/content", "choices/0/message/args", "items/*/type", "n");

  private static JsonNode tree(String json) {
    return Wire.JSON.readTree(json);
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
  void readOrParseFallsBackToTheWholeTree() {
    String array = "[{\"error\":{\"code\":1}}]";

    assertThat(SHAPE.readOrParse(array, true)).isEqualTo(tree(array));
    assertThat(SHAPE.readOrParse("{\"id\":1,\"model\":\"m\"}", false))
        .isEqualTo(tree("{\"id\":1,\"model\":\"m\"}"));
    assertThat(SHAPE.readOrParse("{\"id\":1,\"model\":\"m\"}", true))
        .isEqualTo(tree("{\"model\":\"m\"}"));
    assertThat(SHAPE.readOrParse("nonsense", true)).isNull();
  }
}
