package dev.quarry.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class VendorKeywordTest {
  @Test
  void quarryAliasesAreLeftOutNotMovedIntoTheDescription() {
    var schema = JsonMapper.builder().build().readTree(
        "{\"type\":\"object\",\"properties\":{\"mood\":{\"type\":\"string\",\"enum\":[\"HAPPY\"]}},"
            + "\"x-quarry-aliases\":{\"HAPPY\":[\"glad\"]}}");

    String sent = GeminiSchemas.forGemini(schema, "test").toString();

    assertThat(sent).doesNotContain("x-quarry-aliases").doesNotContain("glad").contains("HAPPY");
  }
}
