package dev.quarry.provider.openai;

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
import dev.quarry.testing.OpenAiResponsesSpec;
import dev.quarry.testing.SharedData;
import dev.quarry.transport.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.type.TypeReference;

/**
 * Reading Responses API answers: the recorded and documented payloads in {@code testdata/}, the
 * hand-made ones in {@code src/test/resources/responses/}, and OpenAI's error shapes.
 */
class ResponsesReplyTest {
  private static final String KEY = "sk-proj-secret0123456789";
  private static final String META = "wire/openai/examples/openapi-x-oaiMeta/";

  private static final ExtractMethod<Object> METHOD =
      ExtractMethod.builder(Object.class, "read", new TypeReference<Object>() {})
          .schema("{\"type\":\"object\"}")
          .build();

  private final Provider responses = Providers.openAiResponses();

  @Test
  void recordedTextResponse() {
    ModelReply reply = reply(Mode.MD_JSON,
        SharedData.read("wire/openai/examples/openai-python/responses__test_output_text.json"));

    assertThat(reply.output()).startsWith("I can't provide real-time updates, but you can")
        .endsWith("so it's good to be prepared for variable weather!");
    assertThat(reply.toolCall()).isNull();
    assertThat(reply.finishReason()).isEqualTo("completed");
    assertThat(reply.truncated()).isFalse();
    assertThat(reply.refusal()).isNull();
    assertThat(reply.usage()).isEqualTo(new Usage(14, 50, 0, 0));
    assertThat(reply.responseModel()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(reply.requestId()).isEqualTo("req_test_1");
    assertThat(reply.asMessage().text()).isEqualTo(reply.output());
  }

  @Test
  void documentedFunctionCallIsTheToolCall() {
    ModelReply reply = reply(Mode.TOOLS, example("functions"));

    // call_id, not the item id fc_...: the re-ask's function_call_output must name call_id.
    assertThat(reply.toolCall()).isEqualTo(new Message.ToolCall("call_unLAR8MvFNptuiZK6K6HCy5k",
        "get_current_weather", "{\"location\":\"Boston, MA\",\"unit\":\"celsius\"}"));
    assertThat(reply.output()).isEqualTo("{\"location\":\"Boston, MA\",\"unit\":\"celsius\"}");
    assertThat(reply.usage()).isEqualTo(new Usage(291, 23, 0, 0));
    assertThat(reply.responseModel()).isEqualTo("gpt-5.4");
    assertThat(reply.asMessage().toolCall()).isEqualTo(reply.toolCall());
    assertThat(reply.asMessage().text()).isNull();
  }

  @Test
  void documentedReasoningTokensAreCounted() {
    ModelReply reply = reply(Mode.MD_JSON, example("reasoning"));

    assertThat(reply.usage()).isEqualTo(new Usage(81, 1035, 0, 832));
    assertThat(reply.output()).isEqualTo("The classic tongue twister...");
  }

  @Test
  void textAfterAToolCallOfABuiltInToolIsTheOutput() {
    ModelReply reply = reply(Mode.MD_JSON, example("file_search"));

    assertThat(reply.output()).isEqualTo("The attributes of an ancient brown dragon include...");
    assertThat(reply.toolCall()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"text_input", "image_input", "file_input", "web_search"})
  void everyDocumentedTextResponseHasOutput(String example) {
    ModelReply reply = reply(Mode.MD_JSON, example(example));

    assertThat(reply.output()).isNotBlank();
    assertThat(reply.usage().inputTokens()).isPositive();
    assertThat(reply.finishReason()).isEqualTo("completed");
  }

  @Test
  void reasoningItemsAreSkippedAndCachedTokensCounted() {
    ModelReply reply = reply(Mode.TOOLS, resource("reasoning_function_call.json"));

    assertThat(reply.toolCall()).isEqualTo(new Message.ToolCall("call_test_1", "GetWeatherArgs",
        "{\"city\":\"Edinburgh\",\"country\":\"UK\",\"units\":\"c\"}"));
    assertThat(reply.usage()).isEqualTo(new Usage(2006, 300, 1920, 256));
  }

  @Test
  void outputTextPartsAreJoined() {
    ModelReply reply = reply(Mode.JSON_SCHEMA, resource("structured_output.json"));

    assertThat(reply.output())
        .isEqualTo("{\"city\":\"San Francisco\",\"temperature\":65,\"units\":\"f\"}");
  }

  @Test
  void maxOutputTokensMeansTruncated() {
    ModelReply reply = reply(Mode.JSON_SCHEMA, resource("incomplete_max_output_tokens.json"));

    assertThat(reply.truncated()).isTrue();
    assertThat(reply.finishReason()).isEqualTo("max_output_tokens");
    assertThat(reply.output()).isEqualTo("{\"city\":\"Edin");
    assertThat(reply.refusal()).isNull();
    assertThat(reply.usage().outputTokens()).isEqualTo(16);
  }

  @Test
  void contentFilterIsARefusalNotATruncation() {
    ModelReply reply = reply(Mode.JSON_SCHEMA, resource("incomplete_content_filter.json"));

    assertThat(reply.truncated()).isFalse();
    assertThat(reply.finishReason()).isEqualTo("content_filter");
    assertThat(reply.refusal()).contains("content filter");
    assertThat(reply.output()).isNull();
  }

  @Test
  void refusalContentIsTheRefusal() {
    ModelReply reply = reply(Mode.JSON_SCHEMA, resource("refusal.json"));

    assertThat(reply.refusal()).isEqualTo("I'm very sorry, but I can't assist with that.");
    assertThat(reply.output()).isNull();
    assertThat(reply.truncated()).isFalse();
  }

  @Test
  void aFailedResponseIsAProviderError() {
    ProviderException e = error(200, Map.of("x-request-id", "req_failed"), resource("failed.json"));

    assertThat(e.status()).isEqualTo(200);
    assertThat(e.errorType()).isEqualTo("server_error");
    assertThat(e.errorMessage()).isEqualTo("The model failed to generate a response.");
    assertThat(e.requestId()).isEqualTo("req_failed");
    assertThat(e.getMessage())
        .contains("failed response", "server_error", "retrying later", "req_failed");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "reasoning_function_call.json", "structured_output.json", "incomplete_max_output_tokens.json",
      "incomplete_content_filter.json", "refusal.json", "failed.json"})
  void handMadePayloadsFollowTheSpec(String file) {
    if (SharedData.available()) {
      assertThat(OpenAiResponsesSpec.responseErrors(resource(file))).isEmpty();
    }
  }

  @Test
  void aMissingCallIdFallsBackToTheItemId() {
    String body = """
        {"status":"completed","model":"m","output":[
          {"type":"function_call","id":"fc_1","name":"read","arguments":"{}"}]}""";

    assertThat(reply(Mode.TOOLS, body).toolCall().id()).isEqualTo("fc_1");
  }

  @Test
  void textInsteadOfAToolCallIsStillTheOutput() {
    String body = """
        {"status":"completed","output":[{"type":"message","role":"assistant",
          "content":[{"type":"output_text","text":"{\\"city\\":\\"Oslo\\"}"}]}]}""";

    ModelReply reply = reply(Mode.TOOLS, body);

    assertThat(reply.toolCall()).isNull();
    assertThat(reply.output()).isEqualTo("{\"city\":\"Oslo\"}");
    assertThat(reply.usage()).isEqualTo(Usage.ZERO);
  }

  @Test
  void unauthorizedNamesTheKeyVariableButNeverTheKey() {
    String body = """
        {"error":{"message":"Incorrect API key provided: %s. You can find your API key at https://platform.openai.com/account/api-keys.",
                  "type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"""
        .formatted(KEY);

    ProviderException e = error(401, Map.of("x-request-id", "req_401"), body);

    assertThat(e.status()).isEqualTo(401);
    assertThat(e.errorType()).isEqualTo("invalid_request_error");
    assertThat(e.errorMessage()).startsWith("Incorrect API key provided: [redacted].");
    assertThat(e.requestId()).isEqualTo("req_401");
    assertThat(e.getMessage())
        .startsWith("OpenAI Responses API answered HTTP 401")
        .contains("invalid_api_key", "OPENAI_API_KEY", "req_401");
    assertThat(e.responseBody()).doesNotContain(KEY);
  }

  @Test
  void unauthorizedWithoutAKeySaysWhichVariableToSet() {
    ProviderRequest request = new ProviderRequest(responses.defaultBaseUrl(), null, "gpt-4o",
        METHOD, Mode.TOOLS, List.of(Message.user("hi")), null, null);
    String body = """
        {"error":{"message":"You didn't provide an API key.","type":"invalid_request_error",
                  "param":null,"code":null}}""";

    ProviderException e = catchThrowableOfType(ProviderException.class,
        () -> responses.reply(request, new TransportResponse(401, Map.of(), body)));

    assertThat(e.getMessage()).contains("No API key was sent", "OPENAI_API_KEY");
  }

  @Test
  void anInvalidParameterIsNamed() {
    String body = """
        {"error":{"message":"Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got 8 instead.",
                  "type":"invalid_request_error","param":"max_output_tokens","code":"integer_below_min_value"}}""";

    ProviderException e = error(400, Map.of(), body);

    assertThat(e.errorType()).isEqualTo("invalid_request_error");
    assertThat(e.getMessage()).contains("integer_below_min_value", "Invalid 'max_output_tokens'",
        "rejected as invalid");
  }

  @Test
  void unknownModelSaysToCheckTheModelAndBaseUrl() {
    String body = """
        {"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.",
                  "type":"invalid_request_error","param":null,"code":"model_not_found"}}""";

    ProviderException e = error(404, Map.of(), body);

    assertThat(e.getMessage())
        .contains("model_not_found", "'gpt-4o-mini' was not found").doesNotContain("base URL");
  }

  @Test
  void rateLimitShowsRetryAfter() {
    String body = """
        {"error":{"message":"Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.",
                  "type":"requests","param":null,"code":"rate_limit_exceeded"}}""";

    ProviderException e =
        error(429, Map.of("retry-after", "20", "x-request-id", "req_429"), body);

    assertThat(e.status()).isEqualTo(429);
    assertThat(e.getMessage())
        .contains("rate_limit_exceeded", "Rate limit reached", "Retry-After: 20", "req_429");
  }

  @Test
  void exhaustedQuotaSaysRetryingWillNotHelp() {
    String body = """
        {"error":{"message":"You exceeded your current quota, please check your plan and billing details.",
                  "type":"insufficient_quota","param":null,"code":"insufficient_quota"}}""";

    assertThat(error(429, Map.of(), body).getMessage())
        .contains("out of quota", "retrying will not help");
  }

  @Test
  void anHtmlErrorPageIsShownInPart() {
    String page = "<html><head><title>502 Bad Gateway</title></head><body>"
        + "<!-- padding -->".repeat(20) + "<hr><center>cloudflare</center></body></html>";

    ProviderException e = error(502, Map.of("content-type", "text/html"), page);

    assertThat(e.errorType()).isNull();
    assertThat(e.responseBody()).isEqualTo(page);
    assertThat(e.getMessage())
        .contains("HTTP 502", "not JSON", page.substring(0, 200) + "...", "retrying later")
        .doesNotContain("cloudflare");
  }

  @Test
  void aChatCompletionIsNotAResponseObject() {
    ProviderException e = error(200, Map.of(),
        SharedData.read("wire/openai/examples/openai-python/chat__test_parse_pydantic_model.json"));

    assertThat(e.getMessage())
        .contains("not a response object", "no output array", "POST /responses",
            "https://api.openai.com/v1");
  }

  @Test
  void anErrorSentWithStatus200IsAnError() {
    ProviderException e = error(200, Map.of(),
        "{\"error\":{\"message\":\"context length exceeded\",\"type\":\"invalid_request_error\"}}");

    assertThat(e.errorMessage()).isEqualTo("context length exceeded");
    assertThat(e.errorType()).isEqualTo("invalid_request_error");
  }

  private ModelReply reply(Mode mode, String body) {
    return responses.reply(request(mode),
        new TransportResponse(200, Map.of("x-request-id", "req_test_1"), body));
  }

  private ProviderException error(int status, Map<String, String> headers, String body) {
    ProviderException e = catchThrowableOfType(ProviderException.class,
        () -> responses.reply(request(Mode.TOOLS), new TransportResponse(status, headers, body)));
    assertThat(e).as("ProviderException for HTTP %s", status).isNotNull();
    assertThat(e.getMessage()).doesNotContain(KEY);
    return e;
  }

  private ProviderRequest request(Mode mode) {
    return new ProviderRequest(responses.defaultBaseUrl(), KEY, "gpt-4o-mini", METHOD, mode,
        List.of(Message.user("hi")), null, null);
  }

  /** A response example from OpenAI's spec ({@code x-oaiMeta}). */
  private static String example(String name) {
    return SharedData.read(META + "createResponse__" + name + ".response.json");
  }

  private static String resource(String file) {
    try (InputStream in =
        ResponsesReplyTest.class.getClassLoader().getResourceAsStream("responses/" + file)) {
      assertThat(in).as("test resource responses/%s", file).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
