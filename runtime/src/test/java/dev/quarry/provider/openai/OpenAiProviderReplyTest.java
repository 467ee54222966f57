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
import dev.quarry.testing.SharedData;
import dev.quarry.transport.TransportResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

/** Reading responses: the payloads recorded from the live API, and OpenAI's error shapes. */
class OpenAiProviderReplyTest {
  private static final String KEY = "sk-proj-secret0123456789";
  private static final String EXAMPLES = "wire/openai/examples/openai-python/";

  private static final ExtractMethod<Object> METHOD =
      ExtractMethod.builder(Object.class, "read", new TypeReference<Object>() {})
          .schema("{\"type\":\"object\"}")
          .build();

  private final Provider openAi = Providers.openAi();

  @Test
  void toolCallArgumentsAreTheOutput() {
    ModelReply reply = reply(Mode.TOOLS, 200, recorded("chat__test_parse_pydantic_tool.json"));

    assertThat(reply.output()).isEqualTo("{\"city\":\"Edinburgh\",\"country\":\"UK\",\"units\":\"c\"}");
    assertThat(reply.toolCall()).isEqualTo(new Message.ToolCall("call_Y6qJ7ofLgOrBnMD5WbVAeiRV",
        "GetWeatherArgs", "{\"city\":\"Edinburgh\",\"country\":\"UK\",\"units\":\"c\"}"));
    assertThat(reply.finishReason()).isEqualTo("tool_calls");
    assertThat(reply.truncated()).isFalse();
    assertThat(reply.refusal()).isNull();
    assertThat(reply.usage()).isEqualTo(new Usage(76, 24, 0, 0));
    assertThat(reply.responseModel()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(reply.requestId()).isEqualTo("req_test_1");
    assertThat(reply.asMessage().toolCall()).isEqualTo(reply.toolCall());
  }

  @Test
  void structuredContentIsTheOutput() {
    ModelReply reply = reply(Mode.JSON_SCHEMA, 200, recorded("chat__test_parse_pydantic_model.json"));

    assertThat(reply.output())
        .isEqualTo("{\"city\":\"San Francisco\",\"temperature\":65,\"units\":\"f\"}");
    assertThat(reply.toolCall()).isNull();
    assertThat(reply.finishReason()).isEqualTo("stop");
    assertThat(reply.usage()).isEqualTo(new Usage(79, 14, 0, 0));
    assertThat(reply.asMessage().text()).isEqualTo(reply.output());
  }

  @Test
  void finishReasonLengthMeansTruncated() {
    ModelReply reply =
        reply(Mode.JSON_SCHEMA, 200, recorded("chat__test_parse_max_tokens_reached.json"));

    assertThat(reply.truncated()).isTrue();
    assertThat(reply.finishReason()).isEqualTo("length");
    assertThat(reply.output()).isEqualTo("{\"");
  }

  @Test
  void refusalIsReported() {
    ModelReply reply =
        reply(Mode.JSON_SCHEMA, 200, recorded("chat__test_parse_pydantic_model_refusal.json"));

    assertThat(reply.refusal()).isEqualTo("I'm very sorry, but I can't assist with that.");
    assertThat(reply.output()).isNull();
    assertThat(reply.truncated()).isFalse();
  }

  @Test
  void usageDetailsOfTheSpecsExampleAreRead() {
    ModelReply reply = reply(Mode.MD_JSON, 200,
        SharedData.read("wire/openai/examples/openapi-x-oaiMeta/"
            + "createChatCompletion__default.response.json"));

    assertThat(reply.output()).isEqualTo("Hello! How can I assist you today?");
    assertThat(reply.usage()).isEqualTo(new Usage(19, 10, 0, 0));
  }

  @Test
  void cachedAndReasoningTokensAreCounted() {
    // Hand-made: no recording here has non-zero cached or reasoning tokens in a chat completion.
    String body = """
        {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"o3-mini",
         "choices":[{"index":0,"message":{"role":"assistant","content":"{}","refusal":null},
                     "finish_reason":"stop"}],
         "usage":{"prompt_tokens":2006,"completion_tokens":300,"total_tokens":2306,
                  "prompt_tokens_details":{"cached_tokens":1920,"audio_tokens":0},
                  "completion_tokens_details":{"reasoning_tokens":256,"audio_tokens":0}}}""";

    assertThat(reply(Mode.JSON, 200, body).usage()).isEqualTo(new Usage(2006, 300, 1920, 256));
  }

  @Test
  void aMissingToolCallIdIsFilledInSoTheReAskCanAnswerIt() {
    String body = """
        {"model":"llama3.1","choices":[{"index":0,"finish_reason":"tool_calls",
          "message":{"role":"assistant","content":"","tool_calls":[
            {"type":"function","function":{"name":"read","arguments":"{}"}}]}}]}""";

    ModelReply reply = reply(Mode.TOOLS, 200, body);

    assertThat(reply.toolCall().id()).isEqualTo("call_0");
    assertThat(reply.usage()).isEqualTo(Usage.ZERO);
  }

  @Test
  void textInsteadOfAToolCallIsStillTheOutput() {
    String body = """
        {"choices":[{"index":0,"finish_reason":"stop",
          "message":{"role":"assistant","content":"{\\"city\\":\\"Oslo\\"}"}}]}""";

    ModelReply reply = reply(Mode.TOOLS, 200, body);

    assertThat(reply.toolCall()).isNull();
    assertThat(reply.output()).isEqualTo("{\"city\":\"Oslo\"}");
  }

  @Test
  void unauthorizedNamesTheKeyVariableButNeverTheKey() {
    String body = """
        {"error":{"message":"Incorrect API key provided: %s. You can find your API key at https://platform.openai.com/account/api-keys.",
                  "type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"""
        .formatted(KEY);

    ProviderException e = error(openAi, 401, Map.of("x-request-id", "req_401"), body);

    assertThat(e.status()).isEqualTo(401);
    assertThat(e.errorType()).isEqualTo("invalid_request_error");
    assertThat(e.errorMessage()).startsWith("Incorrect API key provided: [redacted].");
    assertThat(e.requestId()).isEqualTo("req_401");
    assertThat(e.getMessage())
        .contains("HTTP 401", "invalid_api_key", "OPENAI_API_KEY", "req_401")
        .doesNotContain(KEY);
    assertThat(e.responseBody()).doesNotContain(KEY);
  }

  @Test
  void unauthorizedWithoutAKeySaysWhichVariableToSet() {
    Provider groq = Providers.openAiCompatible("groq", "https://api.groq.com/openai/v1",
        "GROQ_API_KEY");
    ProviderRequest request = new ProviderRequest(groq.defaultBaseUrl(), null, "llama-3.3-70b",
        METHOD, Mode.TOOLS, List.of(Message.user("hi")), null, null);
    String body = """
        {"error":{"message":"Invalid API Key","type":"invalid_request_error","code":"invalid_api_key"}}""";

    ProviderException e = catchThrowableOfType(ProviderException.class,
        () -> groq.reply(request, new TransportResponse(401, Map.of(), body)));

    assertThat(e.getMessage())
        .startsWith("groq answered HTTP 401")
        .contains("No API key was sent", "GROQ_API_KEY");
  }

  @Test
  void unknownModelSaysToCheckTheModelAndBaseUrl() {
    String body = """
        {"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.",
                  "type":"invalid_request_error","param":null,"code":"model_not_found"}}""";

    ProviderException e = error(openAi, 404, Map.of(), body);

    assertThat(e.errorType()).isEqualTo("invalid_request_error");
    assertThat(e.errorMessage()).startsWith("The model `gpt-9` does not exist");
    assertThat(e.getMessage())
        .contains("model_not_found", "'gpt-4o-mini' was not found").doesNotContain("base URL");
  }

  @Test
  void aNotFoundPathPointsAtTheBaseUrlNotTheModel() {
    String body = """
        {"error":{"message":"Invalid URL (POST /chat/completions)","type":"invalid_request_error",
                  "param":null,"code":null}}""";

    ProviderException e = error(openAi, 404, Map.of(), body);

    assertThat(e.getMessage()).contains("the base URL", "is likely wrong (not the model name)",
        "such as https://api.openai.com/v1").doesNotContain("model 'gpt");
  }

  @Test
  void ollamaStyleStringErrorsAreRead() {
    ProviderException e =
        error(openAi, 404, Map.of(), "{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}");

    assertThat(e.errorMessage()).isEqualTo("model \"llama9\" not found, try pulling it first");
    assertThat(e.errorType()).isNull();
    assertThat(e.getMessage()).contains("The model 'gpt-4o-mini' was not found");
  }

  @Test
  void rateLimitShowsRetryAfter() {
    String body = """
        {"error":{"message":"Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.",
                  "type":"requests","param":null,"code":"rate_limit_exceeded"}}""";

    ProviderException e = error(openAi, 429,
        Map.of("retry-after", "20", "x-request-id", "req_429"), body);

    assertThat(e.status()).isEqualTo(429);
    assertThat(e.errorType()).isEqualTo("requests");
    assertThat(e.getMessage()).contains("rate_limit_exceeded", "Rate limit reached",
        "Retry-After: 20", "req_429");
  }

  @Test
  void exhaustedQuotaSaysRetryingWillNotHelp() {
    String body = """
        {"error":{"message":"You exceeded your current quota, please check your plan and billing details.",
                  "type":"insufficient_quota","param":null,"code":"insufficient_quota"}}""";

    ProviderException e = error(openAi, 429, Map.of(), body);

    assertThat(e.errorType()).isEqualTo("insufficient_quota");
    assertThat(e.getMessage()).contains("out of quota", "retrying will not help");
  }

  @Test
  void anHtmlErrorPageIsShownInPart() {
    String page = "<html><head><title>502 Bad Gateway</title></head><body>"
        + "<center><h1>502 Bad Gateway</h1></center>" + "<!-- padding -->".repeat(20)
        + "<hr><center>cloudflare</center></body></html>";

    ProviderException e = error(openAi, 500, Map.of("content-type", "text/html"), page);

    assertThat(e.status()).isEqualTo(500);
    assertThat(e.errorType()).isNull();
    assertThat(e.errorMessage()).isNull();
    assertThat(e.responseBody()).isEqualTo(page);
    assertThat(e.getMessage())
        .contains("HTTP 500", "not JSON", page.substring(0, 200) + "...", "retrying later")
        .doesNotContain("cloudflare");
  }

  @Test
  void aSuccessfulBodyThatIsNotAChatCompletionIsAnError() {
    ProviderException e = error(openAi, 200, Map.of(), "{\"object\":\"list\",\"data\":[]}");

    assertThat(e.status()).isEqualTo(200);
    assertThat(e.getMessage())
        .contains("not a chat completion", "{\"object\":\"list\",\"data\":[]}",
            "https://api.openai.com/v1");
  }

  @Test
  void anErrorSentWithStatus200IsAnError() {
    ProviderException e = error(openAi, 200, Map.of(),
        "{\"error\":{\"message\":\"context length exceeded\",\"type\":\"invalid_request_error\"}}");

    assertThat(e.errorMessage()).isEqualTo("context length exceeded");
    assertThat(e.errorType()).isEqualTo("invalid_request_error");
  }

  private ModelReply reply(Mode mode, int status, String body) {
    return openAi.reply(request(openAi, mode),
        new TransportResponse(status, Map.of("x-request-id", "req_test_1"), body));
  }

  private static ProviderException error(
      Provider provider, int status, Map<String, String> headers, String body) {
    ProviderException e = catchThrowableOfType(ProviderException.class,
        () -> provider.reply(request(provider, Mode.TOOLS),
            new TransportResponse(status, headers, body)));
    assertThat(e).as("ProviderException for HTTP %s", status).isNotNull();
    assertThat(e.getMessage()).doesNotContain(KEY);
    return e;
  }

  private static ProviderRequest request(Provider provider, Mode mode) {
    return new ProviderRequest(provider.defaultBaseUrl(), KEY, "gpt-4o-mini", METHOD, mode,
        List.of(Message.user("hi")), null, null);
  }

  private static String recorded(String file) {
    return SharedData.read(EXAMPLES + file);
  }
}
