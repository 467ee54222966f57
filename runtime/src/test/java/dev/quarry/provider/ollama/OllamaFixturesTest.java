package dev.quarry.provider.ollama;

import static dev.quarry.provider.ollama.OllamaProviderReplyTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.testing.OllamaSpec;
import dev.quarry.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fixtures copied from Ollama's docs are still what the docs say, and fit the spec. */
class OllamaFixturesTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "chat-no-streaming.response.json", "chat-no-streaming-with-tools.response.json",
      "chat-with-tools.response.json", "chat-structured-outputs.response.json",
      "chat-with-history-with-tools.response.json", "chat-with-images.response.json"})
  void docsExamplesAreVerbatimAndMatchChatResponse(String name) {
    String body = fixture(name);

    assertThat(SharedData.read("wire/ollama/docs/api.md")).contains(body);
    if (!name.equals("chat-with-images.response.json")) {
      assertThat(OllamaSpec.chatResponseErrors(body)).isEmpty();
    }
  }

  @Test
  void theImagesExampleSendsNullWhereTheSpecSaysArray() {
    // A quirk of the docs (older servers serialised an empty list as null); the provider
    // never reads message.images, so it does not matter, but the fixture is not spec-valid.
    assertThat(OllamaSpec.chatResponseErrors(fixture("chat-with-images.response.json")))
        .singleElement()
        .satisfies(error -> assertThat(error).contains("images"));
  }

  @Test
  void theErrorExampleIsVerbatim() {
    assertThat(SharedData.read("wire/ollama/docs/api/errors.mdx"))
        .contains(fixture("error-failed-to-generate.json"));
  }

  @Test
  void theHandMadeFixturesFitTheSpecToo() {
    assertThat(OllamaSpec.chatResponseErrors(fixture("handmade-chat-length.response.json")))
        .isEmpty();
  }
}
