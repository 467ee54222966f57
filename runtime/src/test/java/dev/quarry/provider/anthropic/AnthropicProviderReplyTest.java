package dev.quarry.provider.anthropic;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading responses: the exchanges recorded from the live API (tool use, structured output, 429,
 * 400), the recorded streams folded into messages ({@code max_tokens}, {@code refusal}), and
 * Anthropic's error shapes.
 */
class AnthropicProviderReplyTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String KEY = "sk-ant-api03-secret0123456789";
  private static final String RECORDED = AnthropicSpecTest.RECORDED;
  private static final String STREAMS = "wire/anthropic/examples/anthropic-sdk-python/streaming-fixtures/";

  private static final ExtractMethod<Object> METHOD =
      ExtractMethod.builder(Object.class, "read", new TypeReference<Object>() {})
          .schema("{\"type\":\"object\"}")
          .build();

  private final Provider anthropic = Providers.anthropic();

  @Test
  void toolUseInputIsTheOutput() {
    ModelReply reply = reply(Mode.TOOLS,
        recordedResponse("test_runners__TestSyncRunTools__test_tool_call_error__10e53c1d.json", 0));

    assertThat(reply.output()).isEqualTo("{\"location\":\"San Francisco, CA\",\"units\":\"f\"}");
    assertThat(reply.toolCall()).isEqualTo(new Message.ToolCall("toolu_01A9HHF5Ezy3oBrKmSgfASm9",
        "get_weather", "{\"location\":\"San Francisco, CA\",\"units\":\"f\"}"));
    assertThat(reply.finishReason()).isEqualTo("tool_use");
    assertThat(reply.truncated()).isFalse();
    assertThat(reply.refusal()).isNull();
    assertThat(reply.usage()).isEqualTo(new Usage(656, 74, 0, 0));
    assertThat(reply.responseModel()).isEqualTo("claude-haiku-4-5-20251001");
    assertThat(reply.asMessage().toolCall()).isEqualTo(reply.toolCall());
  }

  @Test
  void structuredOutputTextIsTheOutput() {
    ModelReply reply = reply(Mode.JSON_SCHEMA, recordedResponse(
        "test_messages__TestSyncParse__test_parse_with_pydantic_model__c11eefc7.json", 0));

    assertThat(reply.output())
        .isEqualTo("{\"product_name\": \"Green Tea\", \"price\": 5.50, \"quantity\": 2}");
    assertThat(reply.toolCall()).isNull();
    assertThat(reply.finishReason()).isEqualTo("end_turn");
    assertThat(reply.usage()).isEqualTo(new Usage(249, 26, 0, 0));
    assertThat(reply.responseModel()).isEqualTo("claude-sonnet-4-5-20250929");
    assertThat(reply.asMessage().text()).isEqualTo(reply.output());
  }

  @Test
  void textBlocksAreJoinedAndThinkingIsSkipped() {
    ModelReply reply = reply(Mode.MD_JSON, response(200, Map.of(), """
        {"type":"message","model":"claude-opus-4-5","stop_reason":"end_turn","content":[
          {"type":"thinking","thinking":"The user wants JSON.","signature":"sig"},
          {"type":"text","text":"```json\\n{\\"a\\":"},{"type":"text","text":"1}\\n```"}],
         "usage":{"input_tokens":10,"output_tokens":20}}"""));

    assertThat(reply.output()).isEqualTo("```json\n{\"a\":1}\n```");
  }

  @Test
  void cacheReadsAndWritesCountAsInputReadsAsCachedAndWritesAsCacheWrites() {
    ModelReply reply = reply(Mode.TOOLS, response(200, Map.of(), """
        {"type":"message","stop_reason":"end_turn","content":[{"type":"text","text":"{}"}],
         "usage":{"input_tokens":20,"cache_creation_input_tokens":50,
                  "cache_read_input_tokens":100,"output_tokens":7,
                  "output_tokens_details":{"thinking_tokens":3}}}"""));

    assertThat(reply.usage()).isEqualTo(new Usage(170, 7, 100, 3, 50));
  }

  @Test
  void theRequestIdComesFromTheHeader() {
    ModelReply reply = reply(Mode.TOOLS, response(200, Map.of("request-id", "req_header"),
        "{\"type\":\"message\",\"content\":[],\"stop_reason\":\"end_turn\",\"usage\":{}}"));

    assertThat(reply.requestId()).isEqualTo("req_header");
    assertThat(reply.output()).isNull();
  }

  @Test
  void maxTokensMeansTruncated() {
    String message = SseMessages.fold(SharedData.read(STREAMS + "incomplete_partial_json_response.txt"));

    ModelReply reply = reply(Mode.TOOLS, response(200, Map.of(), message));

    assertThat(reply.truncated()).isTrue();
    assertThat(reply.finishReason()).isEqualTo("max_tokens");
    assertThat(reply.toolCall().name()).isEqualTo("make_file");
    assertThat(reply.usage()).isEqualTo(new Usage(450, 124, 0, 0));
    assertThat(reply.refusal()).isNull();
  }

  @Test
  void refusalWithoutTextUsesTheExplanation() {
    String message = SseMessages.fold(SharedData.read(STREAMS + "refusal_response.txt"));

    ModelReply reply = reply(Mode.JSON_SCHEMA, response(200, Map.of(), message));

    assertThat(reply.finishReason()).isEqualTo("refusal");
    assertThat(reply.refusal()).isEqualTo("This request was refused due to policy.");
    assertThat(reply.truncated()).isFalse();
  }

  @Test
  void refusalWithTextUsesTheText() {
    String message = SseMessages.fold(SharedData.read(
        "wire/anthropic/examples/anthropic-sdk-java/fable-fallback/stream-a-refusal.sse"));

    ModelReply reply = reply(Mode.MD_JSON, response(200, Map.of(), message));

    assertThat(reply.refusal()).isEqualTo("Hi");
    assertThat(reply.usage().reasoningTokens()).isEqualTo(67);
  }

  @Test
  void refusalWithNeitherTextNorExplanationGetsADefaultSentence() {
    ModelReply reply = reply(Mode.TOOLS, response(200, Map.of(), """
        {"type":"message","stop_reason":"refusal","stop_details":null,"content":[],
         "usage":{"input_tokens":5,"output_tokens":0}}"""));

    assertThat(reply.refusal()).contains("declined").contains("refusal");
  }

  @Test
  void recordedRateLimitIsAProviderErrorWithTheVerbatimMessage() {
    TransportResponse response = recordedResponse(
        "test_messages__TestAsyncParse__test_parse_with_nested_pydantic_model__d743d628.json", 0);
    assertThat(response.status()).isEqualTo(429);
    assertThat(response.header("x-should-retry")).isEqualTo("true");
    assertThat(response.header("retry-after")).isNull();

    ProviderException e = error(response);

    assertThat(e.status()).isEqualTo(429);
    assertThat(e.errorType()).isEqualTo("rate_limit_error");
    assertThat(e.errorMessage()).startsWith("This request would exceed your organization's rate"
        + " limit of 20,000,000 prompt bytes per hour");
    assertThat(e.requestId()).isEqualTo("req_011CYK5mje9HkutJtmfPzzNC");
    assertThat(e.getMessage())
        .startsWith("Anthropic answered HTTP 429 (rate_limit_error): This request would exceed")
        .contains("Rate limited: slow down or retry later.")
        .endsWith("Request id: req_011CYK5mje9HkutJtmfPzzNC.");
    assertThat(e.responseBody()).isEqualTo(response.body());
  }

  @Test
  void recordedInvalidRequestNamesTheProblem() {
    TransportResponse response = recordedResponse(
        "test_runners__TestSyncRunTools__test_custom_message_handling__f59a9391.json", 1);

    ProviderException e = error(response);

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.errorType()).isEqualTo("invalid_request_error");
    assertThat(e.errorMessage()).contains("unexpected `tool_use_id` found in `tool_result` blocks");
    assertThat(e.requestId()).isEqualTo("req_011CYHyk9NPsBYeGbC9LuDNK");
    assertThat(e.getMessage()).contains("rejected as invalid");
  }

  @Test
  void unauthorizedNamesTheVariableAndNeverTheKey() {
    ProviderException e = error(response(401, Map.of("request-id", "req_401"), """
        {"type":"error","error":{"type":"authentication_error",
         "message":"invalid x-api-key: %s"},"request_id":"req_401"}""".formatted(KEY)));

    assertThat(e.status()).isEqualTo(401);
    assertThat(e.errorType()).isEqualTo("authentication_error");
    assertThat(e.getMessage()).contains("ANTHROPIC_API_KEY").doesNotContain(KEY);
    assertThat(e.errorMessage()).doesNotContain(KEY);
    assertThat(e.responseBody()).doesNotContain(KEY).contains("[redacted]");
    assertThat(e.requestId()).isEqualTo("req_401");
  }

  @Test
  void overloadedSaysToRetryLater() {
    ProviderException e = error(response(529, Map.of(), """
        {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},
         "request_id":"req_529"}"""));

    assertThat(e.status()).isEqualTo(529);
    assertThat(e.errorType()).isEqualTo("overloaded_error");
    assertThat(e.getMessage())
        .isEqualTo("Anthropic answered HTTP 529 (overloaded_error): Overloaded. Anthropic is"
            + " overloaded; retrying later usually helps. Request id: req_529.");
  }

  @Test
  void notFoundNamesTheModel() {
    ProviderException e = error(response(404, Map.of(), """
        {"type":"error","error":{"type":"not_found_error","message":"model: claude-nope"}}"""));

    assertThat(e.getMessage()).contains("'claude-sonnet-4-5' was not found").doesNotContain("base URL");
  }

  @Test
  void aNotFoundPathPointsAtTheBaseUrlNotTheModel() {
    ProviderException e = error(response(404, Map.of(), """
        {"type":"error","error":{"type":"not_found_error","message":"Not Found"}}"""));

    assertThat(e.getMessage()).contains("the base URL", "is likely wrong (not the model name)",
        "the host root, such as https://api.anthropic.com").doesNotContain("model 'claude");
  }

  @Test
  void aBodyThatIsNotJsonIsQuoted() {
    ProviderException e = error(response(502, Map.of(), "<html>Bad gateway</html>"));

    assertThat(e.status()).isEqualTo(502);
    assertThat(e.errorType()).isNull();
    assertThat(e.getMessage()).contains("not JSON").contains("<html>Bad gateway</html>");
  }

  @Test
  void aSuccessThatIsNotAMessageSaysWhereToLook() {
    ProviderException e = error(response(200, Map.of(), "{\"choices\":[]}"));

    assertThat(e.status()).isEqualTo(200);
    assertThat(e.getMessage()).contains("not a message").contains("base URL");
  }

  private ModelReply reply(Mode mode, TransportResponse response) {
    return anthropic.reply(request(mode), response);
  }

  private ProviderException error(TransportResponse response) {
    return catchThrowableOfType(ProviderException.class,
        () -> anthropic.reply(request(Mode.TOOLS), response));
  }

  private ProviderRequest request(Mode mode) {
    return new ProviderRequest(anthropic.defaultBaseUrl(), KEY, "claude-sonnet-4-5", METHOD, mode,
        List.of(Message.user("x")), null, null);
  }

  private static TransportResponse response(int status, Map<String, String> headers, String body) {
    return new TransportResponse(status, headers, body);
  }

  /** The response of one recorded exchange, with its headers, the body as the API sent it. */
  static TransportResponse recordedResponse(String file, int exchange) {
    JsonNode response = JSON.readTree(SharedData.read(RECORDED + file)).get(exchange).get("response");
    Map<String, String> headers = new LinkedHashMap<>();
    response.get("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
    return new TransportResponse(
        response.get("status_code").asInt(), headers, response.get("body").toString());
  }
}
