package dev.quarry.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quarry.Message;
import dev.quarry.Mode;
import dev.quarry.ProviderException;
import dev.quarry.Usage;
import dev.quarry.provider.ModelReply;
import dev.quarry.provider.Provider;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.provider.Providers;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.transport.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

/** Reading replies: the example responses of Ollama's docs, and its error shapes. */
class OllamaProviderReplyTest {
  private static final ExtractMethod<Object> METHOD =
      ExtractMethod.builder(Object.class, "read", new TypeReference<Object>() {})
          .schema("{\"type\":\"object\"}")
          .build();

  private final Provider ollama = Providers.ollama();

  /** A fixture from {@code src/test/resources/ollama/} (see its README for the sources). */
  static String fixture(String name) {
    try (InputStream in = OllamaProviderReplyTest.class.getResourceAsStream("/ollama/" + name)) {
      if (in == null) {
        throw new AssertionError("missing test resource /ollama/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void structuredOutputContentIsTheOutput() {
    ModelReply reply =
        reply(Mode.JSON_SCHEMA, 200, fixture("chat-structured-outputs.response.json"));

    assertThat(reply.output()).isEqualTo("{\"age\": 22, \"available\": false}");
    assertThat(reply.toolCall()).isNull();
    assertThat(reply.finishReason()).isEqualTo("stop");
    assertThat(reply.truncated()).isFalse();
    assertThat(reply.refusal()).isNull();
    assertThat(reply.usage()).isEqualTo(Usage.of(34, 12));
    assertThat(reply.responseModel()).isEqualTo("llama3.1");
    assertThat(reply.requestId()).isNull();
    assertThat(reply.asMessage().text()).isEqualTo(reply.output());
  }

  @Test
  void toolCallArgumentsObjectBecomesJsonText() {
    ModelReply reply = reply(Mode.TOOLS, 200, fixture("chat-with-tools.response.json"));

    assertThat(reply.output()).isEqualTo("{\"format\":\"celsius\",\"location\":\"Paris, FR\"}");
    assertThat(reply.toolCall()).isEqualTo(new Message.ToolCall(null, "get_current_weather",
        "{\"format\":\"celsius\",\"location\":\"Paris, FR\"}"));
    assertThat(reply.usage()).isEqualTo(Usage.of(122, 33));
    assertThat(reply.finishReason()).isEqualTo("stop");
    assertThat(reply.asMessage().toolCall()).isEqualTo(reply.toolCall());
  }

  @Test
  void theNonStreamingToolExampleIsReadToo() {
    ModelReply reply =
        reply(Mode.TOOLS, 200, fixture("chat-no-streaming-with-tools.response.json"));

    assertThat(reply.toolCall().name()).isEqualTo("get_weather");
    assertThat(reply.output()).isEqualTo("{\"city\":\"Tokyo\"}");
    assertThat(reply.usage()).isEqualTo(Usage.of(169, 18));
  }

  @Test
  void aToolCallIdIsKeptWhenOllamaSendsOne() {
    // Hand-made: the docs show no id, but the runtime must pass one on if a server sends it.
    String body = """
        {"model":"qwen2.5","message":{"role":"assistant","content":"","tool_calls":[
          {"id":"call_x1","function":{"index":0,"name":"read","arguments":{"city":"Oslo"}}}]},
         "done":true,"done_reason":"stop"}""";

    assertThat(reply(Mode.TOOLS, 200, body).toolCall())
        .isEqualTo(new Message.ToolCall("call_x1", "read", "{\"city\":\"Oslo\"}"));
  }

  @Test
  void textInsteadOfAToolCallIsTheOutputToParse() {
    // Ollama cannot force a tool call; a model may just answer.
    ModelReply reply =
        reply(Mode.TOOLS, 200, fixture("chat-with-history-with-tools.response.json"));

    assertThat(reply.toolCall()).isNull();
    assertThat(reply.output()).isEqualTo("The current temperature in Toronto is 11°C.");
    assertThat(reply.asMessage().text()).isEqualTo(reply.output());
  }

  @Test
  void aReplyWithoutDoneReasonOrWithNullImagesIsRead() {
    ModelReply plain = reply(Mode.MD_JSON, 200, fixture("chat-no-streaming.response.json"));
    ModelReply images = reply(Mode.MD_JSON, 200, fixture("chat-with-images.response.json"));

    assertThat(plain.output()).isEqualTo("Hello! How are you today?");
    assertThat(plain.finishReason()).isNull();
    assertThat(plain.truncated()).isFalse();
    assertThat(plain.usage()).isEqualTo(Usage.of(26, 298));
    assertThat(images.output()).startsWith(" The image features a cute, little pig");
    assertThat(images.responseModel()).isEqualTo("llava");
  }

  @Test
  void doneReasonLengthMeansTruncated() {
    ModelReply reply = reply(Mode.JSON_SCHEMA, 200, fixture("handmade-chat-length.response.json"));

    assertThat(reply.truncated()).isTrue();
    assertThat(reply.finishReason()).isEqualTo("length");
    assertThat(reply.output()).isEqualTo("{\"city\": \"Edin");
    assertThat(reply.usage()).isEqualTo(Usage.of(41, 8));
  }

  @Test
  void aModelThatIsNotPulledSaysHowToPullIt() {
    ProviderException e = error(404, fixture("handmade-error-model-not-found.json"), null);

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.errorMessage()).isEqualTo("model 'qwen2.5' not found");
    assertThat(e.errorType()).isNull();
    assertThat(e.getMessage())
        .startsWith("Ollama answered HTTP 404: model 'qwen2.5' not found.")
        .contains("`ollama pull qwen2.5`", "`ollama list`");
  }

  @Test
  void aPathThatIsNotOllamasSaysToFixTheBaseUrl() {
    // Ollama's router answers an unknown path with this plain text.
    ProviderException e = error(404, "404 page not found", null);

    assertThat(e.errorMessage()).isNull();
    assertThat(e.getMessage())
        .contains("HTTP 404", "not JSON", "404 page not found", "has no /api/chat",
            "http://localhost:11434", "without /v1");
  }

  @Test
  void theDocsErrorBodyIsRead() {
    ProviderException e = error(500, fixture("error-failed-to-generate.json"), null);

    assertThat(e.errorMessage()).isEqualTo("the model failed to generate a response");
    assertThat(e.getMessage())
        .startsWith("Ollama answered HTTP 500: the model failed to generate a response.")
        .contains("server's log");
  }

  @Test
  void aModelWithoutToolSupportSuggestsJsonSchemaMode() {
    ProviderException e = error(400,
        "{\"error\":\"registry.ollama.ai/library/gemma2:latest does not support tools\"}", null);

    assertThat(e.getMessage()).contains("does not support tools", "Mode.JSON_SCHEMA");
  }

  @Test
  void aRejectedKeyIsRedactedEverywhere() {
    String key = "ollama-secret-0123456789";
    ProviderException e = error(401, "{\"error\":\"invalid key " + key + "\"}", key);

    assertThat(e.getMessage()).contains("HTTP 401", "[redacted]", "was rejected")
        .doesNotContain(key);
    assertThat(e.errorMessage()).isEqualTo("invalid key [redacted]");
    assertThat(e.responseBody()).doesNotContain(key);
  }

  @Test
  void aMissingKeySaysWhereToConfigureOne() {
    ProviderException e = error(401, "{\"error\":\"unauthorized\"}", null);

    assertThat(e.getMessage()).contains("apiKey(");
  }

  @Test
  void anErrorWithStatus200IsAnError() {
    ProviderException e =
        error(200, "{\"error\":\"an error was encountered while running the model\"}", null);

    assertThat(e.status()).isEqualTo(200);
    assertThat(e.errorMessage()).isEqualTo("an error was encountered while running the model");
  }

  @Test
  void aBodyThatIsNotAChatResponseIsAnError() {
    // What an OpenAI-compatible endpoint would answer.
    ProviderException e = error(200, "{\"object\":\"chat.completion\",\"choices\":[]}", null);

    assertThat(e.getMessage())
        .contains("not a chat response", "\"choices\"", "http://localhost:11434");
  }

  private ModelReply reply(Mode mode, int status, String body) {
    return ollama.reply(request(mode, null), new TransportResponse(status, Map.of(), body));
  }

  private ProviderException error(int status, String body, String apiKey) {
    return catchThrowableOfType(ProviderException.class,
        () -> ollama.reply(request(Mode.JSON_SCHEMA, apiKey),
            new TransportResponse(status, Map.of(), body)));
  }

  private ProviderRequest request(Mode mode, String apiKey) {
    return new ProviderRequest(ollama.defaultBaseUrl(), apiKey, "qwen2.5", METHOD, mode,
        List.of(Message.user("hi")), null, null);
  }
}
