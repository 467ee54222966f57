package dev.quarry.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.Mode;
import dev.quarry.ProviderException;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each provider's stream decoder on real recorded streams in {@code testdata/wire}: the deltas
 * add up to the answer, and the reply at the end is what the non-streamed call would read.
 */
class RecordedStreamTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final ExtractMethod<JsonNode> METHOD =
      ExtractMethod.builder(RecordedStreamTest.class, "any", new TypeReference<JsonNode>() {})
          .schema("{\"type\":\"object\"}").build();

  record Decoded(List<StreamDelta> deltas, ModelReply reply) {
    String text() {
      StringBuilder text = new StringBuilder();
      deltas.stream().filter(d -> d instanceof StreamDelta.Text)
          .forEach(d -> text.append(((StreamDelta.Text) d).text()));
      return text.toString();
    }

    String arguments() {
      StringBuilder text = new StringBuilder();
      deltas.stream().filter(d -> d instanceof StreamDelta.ToolArguments)
          .forEach(d -> text.append(((StreamDelta.ToolArguments) d).arguments()));
      return text.toString();
    }

    String refusal() {
      StringBuilder text = new StringBuilder();
      deltas.stream().filter(d -> d instanceof StreamDelta.Refusal)
          .forEach(d -> text.append(((StreamDelta.Refusal) d).text()));
      return text.toString();
    }
  }

  static Decoded decode(Provider provider, Mode mode, String body) {
    ProviderRequest request = new ProviderRequest(
        "http://localhost", "key-123456789", "model", METHOD, mode, List.of(), null, null);
    StreamDecoder decoder = provider.streamDecoder(request, Map.of("x-request-id", "req_1"));
    List<StreamDelta> deltas = new ArrayList<>();
    body.lines().forEach(line -> decoder.line(line, deltas::add));
    return new Decoded(deltas, decoder.finish());
  }

  private static String wire(String path) {
    return SharedData.read(path);
  }

  // OpenAI Chat Completions

  @Test
  void openAiToolCallStream() {
    Decoded decoded = decode(Providers.openAi(), Mode.TOOLS,
        wire("wire/openai/examples/openai-python/stream__test_parse_pydantic_tool.sse"));
    assertThat(decoded.reply().toolCall().name()).isEqualTo("GetWeatherArgs");
    assertThat(decoded.reply().toolCall().id()).isEqualTo("call_c91SqDXlYFuETYv8mUHzz6pp");
    assertThat(decoded.arguments()).isEqualTo(decoded.reply().output());
    assertThat(JSON.readTree(decoded.arguments()).path("city").asString()).isEqualTo("Edinburgh");
    StreamDelta.ToolArguments first = (StreamDelta.ToolArguments) decoded.deltas().stream()
        .filter(d -> d instanceof StreamDelta.ToolArguments).findFirst().orElseThrow();
    assertThat(first.name()).isEqualTo("GetWeatherArgs");
    // The usage comes in the last chunk, with "choices": [].
    assertThat(decoded.reply().usage().inputTokens()).isEqualTo(76);
    assertThat(decoded.reply().usage().outputTokens()).isEqualTo(24);
    assertThat(decoded.deltas()).contains(new StreamDelta.Stop("tool_calls"));
  }

  @Test
  void openAiContentStream() {
    Decoded decoded = decode(Providers.openAi(), Mode.JSON_SCHEMA,
        wire("wire/openai/examples/openai-python/stream__test_parse_pydantic_model.sse"));
    assertThat(decoded.text()).isEqualTo(decoded.reply().output());
    assertThat(JSON.readTree(decoded.text()).isObject()).isTrue();
    assertThat(decoded.reply().truncated()).isFalse();
  }

  @Test
  void openAiMaxTokensStream() {
    Decoded decoded = decode(Providers.openAi(), Mode.JSON_SCHEMA,
        wire("wire/openai/examples/openai-python/stream__test_parse_max_tokens_reached.sse"));
    assertThat(decoded.reply().truncated()).isTrue();
    assertThat(decoded.reply().finishReason()).isEqualTo("length");
    assertThat(decoded.reply().usage().outputTokens()).isEqualTo(1);
  }

  @Test
  void openAiRefusalStream() {
    Decoded decoded = decode(Providers.openAi(), Mode.JSON_SCHEMA,
        wire("wire/openai/examples/openai-python/stream__test_parse_pydantic_model_refusal.sse"));
    assertThat(decoded.refusal()).isNotEmpty().isEqualTo(decoded.reply().refusal());
  }

  @Test
  void everyRecordedOpenAiChatStreamDecodes() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> python = Files.list(SharedData.path("wire/openai/examples/openai-python"));
        Stream<Path> node = Files.list(SharedData.path("wire/openai/examples/openai-node/extracted"))) {
      python.filter(p -> p.getFileName().toString().startsWith("stream__")).forEach(files::add);
      node.filter(p -> p.getFileName().toString().startsWith("ChatCompletionStream")).forEach(files::add);
    }
    assertThat(files).hasSizeGreaterThan(10);
    for (Path file : files) {
      Decoded decoded = decode(Providers.openAi(), Mode.JSON_SCHEMA, Files.readString(file));
      assertThat(decoded.reply().finishReason()).as(file.toString()).isNotNull();
      if (decoded.reply().toolCall() == null && decoded.reply().output() != null) {
        // Several choices (n > 1) are recorded too; the decoder follows the first.
        assertThat(decoded.reply().output()).as(file.toString()).isEqualTo(decoded.text());
      }
    }
  }

  @Test
  void openAiErrorChunkIsAProviderException() {
    String body = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"{\"}}]}\n\n"
        + "data: {\"error\": {\"message\": \"The server had an error\", \"type\": \"server_error\"}}\n\n";
    assertThatThrownBy(() -> decode(Providers.openAi(), Mode.JSON, body))
        .isInstanceOfSatisfying(ProviderException.class,
            e -> assertThat(e.errorType()).isEqualTo("server_error"));
  }

  // OpenAI Responses

  @Test
  void responsesTextStream() {
    Decoded decoded = decode(Providers.openAiResponses(), Mode.JSON_SCHEMA,
        wire("wire/openai/examples/openai-node/extracted/ResponseStream__stream_standard_text_works_1.sse"));
    assertThat(decoded.text()).isEqualTo("Hello world").isEqualTo(decoded.reply().output());
  }

  @Test
  void responsesReasoningStreamSkipsTheReasoning() {
    Decoded decoded = decode(Providers.openAiResponses(), Mode.JSON_SCHEMA,
        wire("wire/openai/examples/openai-node/extracted/ResponseStream__stream_reasoning_works_1.sse"));
    assertThat(decoded.text()).isEqualTo(decoded.reply().output());
  }

  @Test
  void responsesErrorEventIsAProviderException() {
    String body = "event: error\ndata: {\"type\":\"error\",\"code\":\"server_error\","
        + "\"message\":\"Something went wrong\",\"param\":null,\"sequence_number\":3}\n\n";
    assertThatThrownBy(() -> decode(Providers.openAiResponses(), Mode.TOOLS, body))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.errorMessage()).isEqualTo("Something went wrong");
          assertThat(e.errorType()).isEqualTo("server_error");
        });
  }

  @Test
  void responsesStreamCutOffIsAProviderException() {
    String body = wire("wire/openai/examples/openai-node/extracted/ResponseStream__stream_standard_text_works_1.sse");
    String cut = body.substring(0, body.indexOf("response.output_text.done"));
    assertThatThrownBy(() -> decode(Providers.openAiResponses(), Mode.JSON_SCHEMA, cut))
        .isInstanceOf(ProviderException.class).hasMessageContaining("stream ended before");
  }

  // Anthropic

  private static final String ANTHROPIC = "wire/anthropic/examples/anthropic-sdk-python/streaming-fixtures/";

  @Test
  void anthropicToolUseStream() {
    Decoded decoded = decode(Providers.anthropic(), Mode.TOOLS, wire(ANTHROPIC + "tool_use_response.txt"));
    assertThat(decoded.reply().toolCall().name()).isEqualTo("get_weather");
    assertThat(decoded.reply().output()).isEqualTo(decoded.arguments());
    assertThat(JSON.readTree(decoded.arguments()).isObject()).isTrue();
    assertThat(decoded.text()).startsWith("I'll check the current weather in Paris");
    assertThat(decoded.reply().usage().inputTokens()).isEqualTo(377);
  }

  @Test
  void anthropicTextStream() {
    Decoded decoded = decode(Providers.anthropic(), Mode.JSON, wire(ANTHROPIC + "basic_response.txt"));
    assertThat(decoded.text()).isNotEmpty().isEqualTo(decoded.reply().output());
  }

  @Test
  void anthropicMaxTokensKeepsTheCutArguments() {
    Decoded decoded = decode(Providers.anthropic(), Mode.TOOLS,
        wire(ANTHROPIC + "incomplete_partial_json_response.txt"));
    assertThat(decoded.reply().truncated()).isTrue();
    assertThat(decoded.reply().output()).startsWith("{\"filename\": \"taxes.txt\"")
        .isEqualTo(decoded.arguments());
  }

  @Test
  void anthropicRefusalStream() {
    Decoded decoded = decode(Providers.anthropic(), Mode.TOOLS, wire(ANTHROPIC + "refusal_response.txt"));
    assertThat(decoded.reply().refusal()).contains("refused due to policy");
  }

  @Test
  void anthropicPaddedStreamsFromTheJavaSdk() throws IOException {
    try (Stream<Path> files = Files.list(SharedData.path("wire/anthropic/examples/anthropic-sdk-java/fable-fallback"))) {
      for (Path file : files.toList()) {
        Decoded decoded = decode(Providers.anthropic(), Mode.JSON, Files.readString(file));
        assertThat(decoded.reply().finishReason()).as(file.toString()).isNotNull();
      }
    }
  }

  @Test
  void anthropicRecordedHttpStreams() throws IOException {
    Path dir = SharedData.path("wire/anthropic/examples/anthropic-sdk-python/recorded-http");
    int streams = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(p -> p.toString().contains("stream")).toList()) {
        JsonNode recording = JSON.readTree(Files.readString(file));
        for (String body : sseBodies(recording)) {
          Decoded decoded = decode(Providers.anthropic(), Mode.TOOLS, body);
          assertThat(decoded.reply().finishReason()).as(file.toString()).isNotNull();
          streams++;
        }
      }
    }
    assertThat(streams).isPositive();
  }

  /** Every response body in a recording that is an event stream. */
  private static List<String> sseBodies(JsonNode node) {
    List<String> bodies = new ArrayList<>();
    if (node.isString() && node.stringValue().contains("event: message_start")) {
      bodies.add(node.stringValue());
    }
    for (JsonNode child : node) {
      bodies.addAll(sseBodies(child));
    }
    return bodies;
  }

  @Test
  void anthropicErrorEventIsAProviderException() {
    String body = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\","
        + "\"content\":[],\"usage\":{\"input_tokens\":1}}}\n\n"
        + "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\","
        + " \"message\": \"Overloaded\"}}\n\n";
    assertThatThrownBy(() -> decode(Providers.anthropic(), Mode.TOOLS, body))
        .isInstanceOfSatisfying(ProviderException.class,
            e -> assertThat(e.errorType()).isEqualTo("overloaded_error"));
  }

  // Gemini

  @Test
  void everyRecordedGeminiStreamDecodes() throws IOException {
    int streams = 0;
    try (Stream<Path> files = Files.list(SharedData.path("wire/gemini/examples/js-genai-recordings"))) {
      for (Path file : files.filter(p -> p.toString().contains("tream")).toList()) {
        for (JsonNode interaction : JSON.readTree(Files.readString(file)).path("interactions")) {
          if (!interaction.path("request").path("url").asString("").contains("streamGenerateContent")
              || interaction.path("response").path("statusCode").asInt() != 200
              || !interaction.path("response").has("bodySegments")) { // headers-only recordings
            continue;
          }
          StringBuilder body = new StringBuilder();
          StringBuilder text = new StringBuilder();
          JsonNode last = null;
          for (JsonNode segment : interaction.path("response").path("bodySegments")) {
            body.append("data: ").append(JSON.writeValueAsString(segment)).append("\r\n\r\n");
            for (JsonNode part : segment.path("candidates").path(0).path("content").path("parts")) {
              if (part.path("text").isString() && !part.path("thought").asBoolean(false)) {
                text.append(part.get("text").stringValue());
              }
            }
            last = segment;
          }
          Decoded decoded = decode(Providers.gemini(), Mode.JSON_SCHEMA, body.toString());
          assertThat(decoded.text()).as(file.toString()).isEqualTo(text.toString());
          if (decoded.reply().toolCall() == null && text.length() > 0) {
            assertThat(decoded.reply().output()).isEqualTo(text.toString());
          }
          assertThat(decoded.reply().usage().inputTokens()).as(file.toString())
              .isEqualTo(last.path("usageMetadata").path("promptTokenCount").asLong()
                  + last.path("usageMetadata").path("toolUsePromptTokenCount").asLong());
          streams++;
        }
      }
    }
    assertThat(streams).isGreaterThan(10);
  }

  @Test
  void geminiErrorEventIsAProviderException() {
    String body = "data: {\"error\": {\"code\": 503, \"message\": \"The model is overloaded.\","
        + " \"status\": \"UNAVAILABLE\"}}\n\n";
    assertThatThrownBy(() -> decode(Providers.gemini(), Mode.JSON_SCHEMA, body))
        .isInstanceOfSatisfying(ProviderException.class,
            e -> assertThat(e.getMessage()).contains("The model is overloaded."));
  }

  // Ollama

  @Test
  void ollamaDocumentedStream() {
    String docs = wire("wire/ollama/docs/api.md");
    String chat = docs.substring(docs.toLowerCase(java.util.Locale.ROOT).indexOf("#### chat request (streaming)"));
    List<String> blocks = jsonBlocksAfter(chat, "A stream of JSON objects is returned:");
    StringBuilder ndjson = new StringBuilder();
    for (String block : blocks) {
      ndjson.append(JSON.writeValueAsString(JSON.readTree(block))).append('\n');
    }
    Decoded decoded = decode(Providers.ollama(), Mode.JSON_SCHEMA, ndjson.toString());
    assertThat(decoded.text()).isEqualTo("The");
    assertThat(decoded.reply().usage().inputTokens()).isEqualTo(26);
    assertThat(decoded.reply().usage().outputTokens()).isEqualTo(282);
  }

  @Test
  void ollamaErrorLineIsAProviderException() {
    assertThatThrownBy(() -> decode(Providers.ollama(), Mode.JSON_SCHEMA,
        "{\"error\":\"model 'x' not found\"}\n"))
        .isInstanceOfSatisfying(ProviderException.class,
            e -> assertThat(e.getMessage()).contains("model 'x' not found"));
  }

  @Test
  void ollamaStreamWithoutDoneIsAProviderException() {
    assertThatThrownBy(() -> decode(Providers.ollama(), Mode.JSON_SCHEMA,
        "{\"message\":{\"role\":\"assistant\",\"content\":\"{\"},\"done\":false}\n"))
        .isInstanceOf(ProviderException.class).hasMessageContaining("stream ended before");
  }

  /** The first two ```json blocks after {@code marker}: the first chunk and the final one. */
  private static List<String> jsonBlocksAfter(String markdown, String marker) {
    List<String> blocks = new ArrayList<>();
    int at = markdown.indexOf(marker);
    while (blocks.size() < 2) {
      int start = markdown.indexOf("```json", at) + "```json".length();
      int end = markdown.indexOf("```", start);
      blocks.add(markdown.substring(start, end));
      at = end + 3;
    }
    return blocks;
  }
}
