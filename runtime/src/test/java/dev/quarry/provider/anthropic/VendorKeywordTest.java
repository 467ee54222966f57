package dev.quarry.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.spi.ExtractMethod;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

class VendorKeywordTest {
  @Test
  void quarryAliasesAreLeftOutNotMovedIntoTheDescription() {
    ExtractMethod<Object> method =
        ExtractMethod.builder(VendorKeywordTest.class, "m", new TypeReference<Object>() {})
            .schema("{\"type\":\"object\",\"properties\":{\"quantity\":{\"type\":\"integer\","
                + "\"x-quarry-aliases\":[\"qty\"]}},\"required\":[\"quantity\"]}")
            .build();

    String sent = AnthropicSchemas.structuredOutputSchema(method).toString();

    assertThat(sent).doesNotContain("x-quarry-aliases").doesNotContain("qty").contains("\"quantity\"");
  }
}
