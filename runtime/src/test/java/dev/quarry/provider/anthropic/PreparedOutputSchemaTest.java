package dev.quarry.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.provider.Wire;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.spi.Mapper;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.util.RawValue;

/** Anthropic's structured-output rewrite is done once per method and sent as prepared JSON. */
class PreparedOutputSchemaTest {
  interface Notes {}

  record Note(String text, int stars) {}

  @Test
  void theRewrittenSchemaIsPreparedOnceAndEqualsTheRewrite() {
    ExtractMethod<Note> method =
        ExtractMethod.builder(Notes.class, "read", new TypeReference<Note>() {})
            .schema("""
                {"type":"object","properties":{"text":{"type":"string","minLength":2},\
                "stars":{"type":"integer","minimum":1,"maximum":5}},"required":["text"]}""")
            .build();

    RawValue first = AnthropicSchemas.STRUCTURED_OUTPUT.of(method);
    RawValue second = AnthropicSchemas.STRUCTURED_OUTPUT.of(method);

    assertThat(second).isSameAs(first);
    assertThat(first.rawValue())
        .isEqualTo(Mapper.JSON.writeValueAsString(AnthropicSchemas.structuredOutputSchema(method)));
  }
}
