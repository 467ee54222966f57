package dev.quarry.provider.gemini;

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
import tools.jackson.databind.json.JsonMapper;

/** Reading responses: bodies the live Gemini API sent (js-genai recordings), and its errors. */
class GeminiProviderReplyTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String KEY = "AIzaSy-secret-0123456789";
  private static final String RECORDINGS = "wire/gemini/examples/js-genai-recordings/";

  private static final ExtractMethod<Object> METHOD =
      ExtractMethod.builder(Object.class, "read", new TypeReference<Object>() {})
          .schema("{\"type\":\"object\"}")
          .build();

  private final Provider gemini = Providers.gemini();

  /** The response body of one recorded exchange. */
  static String recordedResponse(String file, int interaction) {
    return JSON.readTree(SharedData.read(RECORDINGS + file))
        .path("interactions").path(interaction).path("response").path("bodySegments").path(0)
        .toString();
  }

  @Test
  void aFunctionCallsArgumentsAreTheOutputAndItsSignatureIsKept() {
    ModelReply reply = reply(Mode.TOOLS, 200, recordedResponse(
        "MCP_related_client_Tests_generateContent_ML_Dev_one_CallableTool_with_MCPClients_and"
            + "_conduct_automated_function_calling.json", 0));

    assertThat(reply.output()).isEqualTo("{\"color\":\"blue\",\"text\":\"hello\"}");
    assertThat(reply.toolCall().name()).isEqualTo("print");
    assertThat(reply.toolCall().arguments()).isEqualTo(reply.output());
    GeminiProvider.CallToken token = GeminiProvider.CallToken.parse(reply.toolCall().id());
    assertThat(token.id()).isNull();
    assertThat(token.signature()).startsWith("CrkCAVSoXO4IxPbe07cS").endsWith("cLQw==");
    assertThat(reply.finishReason()).isEqualTo("STOP");
    assertThat(reply.truncated()).isFalse();
    assertThat(reply.refusal()).isNull();
    // 26 answer tokens plus 76 thinking tokens, which Gemini reports apart and bills as output.
    assertThat(reply.usage()).isEqualTo(new Usage(80, 102, 0, 76));
    assertThat(reply.responseModel()).isEqualTo("gemini-2.5-flash");
    assertThat(reply.requestId()).isEqualTo("ezGtaKXGHZenjrEP2uWAEQ");
    assertThat(reply.asMessage().toolCall()).isEqualTo(reply.toolCall());
  }

  @Test
  void aFunctionCallWithoutIdOrSignatureLeavesTheIdToTheRuntime() {
    ModelReply reply = reply(Mode.TOOLS, 200, recordedResponse(
        "Chats_Tests_chats_function_calling_Google_AI_with_function_calling.json", 0));

    assertThat(reply.toolCall())
        .isEqualTo(new Message.ToolCall(null, "customDivide", "{\"denominator\":2,\"numerator\":100}"));
    assertThat(reply.usage()).isEqualTo(new Usage(21, 6, 0, 0));
  }

  @Test
  void aFunctionCallIdIsKept() {
    String body = """
        {"candidates":[{"content":{"role":"model","parts":[
            {"functionCall":{"id":"fc_7","name":"read","args":{"city":"Oslo"}}}]},
          "finishReason":"STOP"}]}""";

    ModelReply reply = reply(Mode.TOOLS, 200, body);

    assertThat(GeminiProvider.CallToken.parse(reply.toolCall().id()))
        .isEqualTo(new GeminiProvider.CallToken("fc_7", null));
    assertThat(reply.usage()).isEqualTo(Usage.ZERO);
  }

  @Test
  void structuredTextIsTheOutput() {
    ModelReply reply = reply(Mode.JSON_SCHEMA, 200, recordedResponse(
        "Client_Tests_generateContent_ML_Dev_should_generate_content_with_given_valid_json"
            + "_schema_in_responseJsonSchema.json", 0));

    assertThat(reply.toolCall()).isNull();
    assertThat(JSON.readTree(reply.output()).path("inner").path("innerNumber").asInt())
        .isEqualTo(100);
    assertThat(reply.output()).startsWith("{\"simpleString\":\"Hello\"");
    assertThat(reply.usage()).isEqualTo(new Usage(5, 177 + 331, 0, 331));
    assertThat(reply.asMessage().text()).isEqualTo(reply.output());
  }

  @Test
  void maxTokensMeansTruncated() {
    ModelReply reply = reply(Mode.MD_JSON, 200, recordedResponse(
        "Client_Tests_generateContent_ML_Dev_should_generate_content_with_specified_parameters"
            + ".json", 0));

    assertThat(reply.truncated()).isTrue();
    assertThat(reply.finishReason()).isEqualTo("MAX_TOKENS");
    assertThat(reply.output()).startsWith("The sky is blue").endsWith("Scattering:**\n");
    assertThat(reply.usage()).isEqualTo(new Usage(7, 149 + 48, 0, 48));
  }

  @Test
  void thoughtPartsAreNotTheAnswer() {
    ModelReply reply = reply(Mode.MD_JSON, 200, recordedResponse(
        "Client_Tests_test_thinking_generate_content_should_return_thought_field.json", 0));

    assertThat(reply.output()).isNull();
    assertThat(reply.truncated()).isTrue();
    assertThat(reply.usage()).isEqualTo(new Usage(17, 19, 0, 19));
  }

  @Test
  void textPartsAreJoined() {
    String body = """
        {"candidates":[{"content":{"role":"model","parts":[{"text":"{\\"city\\":"},
            {"text":"\\"Oslo\\"}","thoughtSignature":"c2ln"}]},"finishReason":"STOP"}],
         "usageMetadata":{"promptTokenCount":2006,"cachedContentTokenCount":1920,
            "candidatesTokenCount":10,"toolUsePromptTokenCount":6}}""";

    ModelReply reply = reply(Mode.JSON, 200, body);

    assertThat(reply.output()).isEqualTo("{\"city\":\"Oslo\"}");
    assertThat(reply.usage()).isEqualTo(new Usage(2012, 10, 1920, 0));
  }

  @Test
  void safetyStopsAreRefusalsNamingTheReason() {
    for (String reason : List.of("SAFETY", "RECITATION", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII")) {
      String body = """
          {"candidates":[{"finishReason":"%s","index":0,"safetyRatings":[
              {"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"HIGH","blocked":true},
              {"category":"HARM_CATEGORY_HARASSMENT","probability":"NEGLIGIBLE"}]}],
           "usageMetadata":{"promptTokenCount":9,"totalTokenCount":9},"modelVersion":"gemini-2.5-flash"}"""
          .formatted(reason);

      ModelReply reply = reply(Mode.JSON_SCHEMA, 200, body);

      assertThat(reply.refusal()).as(reason)
          .startsWith("Gemini stopped with finishReason " + reason + ": ")
          .contains("HARM_CATEGORY_DANGEROUS_CONTENT (HIGH)")
          .doesNotContain("HARASSMENT");
      assertThat(reply.output()).isNull();
      assertThat(reply.truncated()).isFalse();
      assertThat(reply.finishReason()).isEqualTo(reason);
    }
  }

  @Test
  void aBlockedPromptIsARefusal() {
    String body = """
        {"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},
         "usageMetadata":{"promptTokenCount":12,"totalTokenCount":12},
         "modelVersion":"gemini-2.5-flash","responseId":"resp-blocked"}""";

    ModelReply reply = reply(Mode.JSON_SCHEMA, 200, body);

    assertThat(reply.refusal())
        .startsWith("Gemini blocked the prompt (promptFeedback.blockReason PROHIBITED_CONTENT)")
        .contains("prohibited");
    assertThat(reply.output()).isNull();
    assertThat(reply.usage()).isEqualTo(Usage.of(12, 0));
    assertThat(reply.requestId()).isEqualTo("resp-blocked");
  }

  @Test
  void otherStopsAreNotRefusals() {
    String body = """
        {"candidates":[{"content":{"role":"model","parts":[{"text":"{}"}]},
                        "finishReason":"MALFORMED_FUNCTION_CALL"}]}""";

    ModelReply reply = reply(Mode.TOOLS, 200, body);

    assertThat(reply.refusal()).isNull();
    assertThat(reply.truncated()).isFalse();
    assertThat(reply.output()).isEqualTo("{}");
  }

  @Test
  void recordedNotFoundNamesTheModelAndBaseUrl() {
    String body = recordedResponse("Chats_Tests_sendMessage_Send_message_stream_with_error.json", 0);

    ProviderException e = error(404, Map.of(), body);

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.errorType()).isEqualTo("NOT_FOUND");
    assertThat(e.errorMessage()).startsWith("models/custom-gemini-2.0-flash is not found");
    assertThat(e.getMessage())
        .startsWith("Gemini answered HTTP 404 (NOT_FOUND): models/custom-gemini-2.0-flash")
        .contains("'gemini-2.5-flash' was not found").doesNotContain("base URL");
    assertThat(e.responseBody()).isEqualTo(body);
  }

  @Test
  void aNotFoundThatIsNotTheApisErrorPointsAtTheBaseUrl() {
    ProviderException e = error(404, Map.of("content-type", "text/html"),
        "<html><body><h1>404 Not Found</h1></body></html>");

    assertThat(e.getMessage()).contains("the base URL", "is likely wrong (not the model name)",
        "https://generativelanguage.googleapis.com", "/v1beta").doesNotContain("model 'gemini");
  }

  @Test
  void anInvalidArgumentIsQuotedVerbatim() {
    String body = """
        {"error":{"code":400,"message":"Invalid JSON payload received. Unknown name \\"response_format\\" at 'generation_config': Cannot find field.",
          "status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.BadRequest",
          "fieldViolations":[{"field":"generation_config","description":"Invalid JSON payload received."}]}]}}""";

    ProviderException e = error(400, Map.of(), body);

    assertThat(e.errorType()).isEqualTo("INVALID_ARGUMENT");
    assertThat(e.errorMessage()).isEqualTo("Invalid JSON payload received. Unknown name"
        + " \"response_format\" at 'generation_config': Cannot find field.");
    assertThat(e.getMessage()).contains(e.errorMessage(), "names the field");
  }

  @Test
  void anInvalidKeyNamesTheVariableButNeverTheKey() {
    String body = """
        {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.",
          "status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo",
          "reason":"API_KEY_INVALID","domain":"googleapis.com",
          "metadata":{"service":"generativelanguage.googleapis.com","key":"%s"}}]}}""".formatted(KEY);

    ProviderException e = error(400, Map.of(), body);

    assertThat(e.getMessage())
        .contains("INVALID_ARGUMENT, API_KEY_INVALID", "API key not valid", "GEMINI_API_KEY")
        .doesNotContain(KEY);
    assertThat(e.responseBody()).contains("[redacted]").doesNotContain(KEY);
  }

  @Test
  void permissionDeniedWithoutAKeySaysWhichVariableToSet() {
    String body = """
        {"error":{"code":403,"message":"Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
          "status":"PERMISSION_DENIED"}}""";
    ProviderRequest keyless = new ProviderRequest(gemini.defaultBaseUrl(), null,
        "gemini-2.5-flash", METHOD, Mode.JSON_SCHEMA, List.of(Message.user("hi")), null, null);

    ProviderException e = catchThrowableOfType(ProviderException.class,
        () -> gemini.reply(keyless, new TransportResponse(403, Map.of(), body)));

    assertThat(e.errorType()).isEqualTo("PERMISSION_DENIED");
    assertThat(e.getMessage()).contains("No API key was sent", "GEMINI_API_KEY");
  }

  @Test
  void permissionDeniedWithAKeySaysToCheckTheProject() {
    String body = """
        {"error":{"code":403,"message":"Generative Language API has not been used in project 123 before or it is disabled.",
          "status":"PERMISSION_DENIED"}}""";

    ProviderException e = error(403, Map.of(), body);

    assertThat(e.getMessage()).contains("not allowed", "enabled", "GEMINI_API_KEY");
  }

  @Test
  void resourceExhaustedShowsTheRetryDelay() {
    String body = """
        {"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing details.",
          "status":"RESOURCE_EXHAUSTED","details":[
            {"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests"}]},
            {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37s"}]}}""";

    ProviderException e = error(429, Map.of(), body);

    assertThat(e.status()).isEqualTo(429);
    assertThat(e.errorType()).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(e.getMessage()).contains("exceeded your current quota", "retry in 37s", "quota");
  }

  @Test
  void unavailableSaysToRetryLater() {
    String body = """
        [{"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}]""";

    ProviderException e = error(503, Map.of(), body);

    assertThat(e.errorType()).isEqualTo("UNAVAILABLE");
    assertThat(e.getMessage()).contains("overloaded", "retrying later");
  }

  @Test
  void anHtmlErrorPageIsShownInPart() {
    String page = "<html><body><h1>502 Bad Gateway</h1>" + "<!-- padding -->".repeat(20)
        + "<hr>proxy</body></html>";

    ProviderException e = error(502, Map.of(), page);

    assertThat(e.errorType()).isNull();
    assertThat(e.getMessage()).contains("HTTP 502", "not JSON", page.substring(0, 200) + "...")
        .doesNotContain("proxy</body>");
  }

  @Test
  void aSuccessfulBodyThatIsNotAGenerateContentResponseIsAnError() {
    ProviderException e = error(200, Map.of(), "{\"models\":[]}");

    assertThat(e.getMessage())
        .contains("not a GenerateContentResponse", "{\"models\":[]}", "base URL");
  }

  private ModelReply reply(Mode mode, int status, String body) {
    return gemini.reply(request(mode), new TransportResponse(status, Map.of(), body));
  }

  private ProviderException error(int status, Map<String, String> headers, String body) {
    ProviderException e = catchThrowableOfType(ProviderException.class,
        () -> gemini.reply(request(Mode.TOOLS), new TransportResponse(status, headers, body)));
    assertThat(e).as("ProviderException for HTTP %s", status).isNotNull();
    assertThat(e.getMessage()).doesNotContain(KEY);
    return e;
  }

  private ProviderRequest request(Mode mode) {
    return new ProviderRequest(gemini.defaultBaseUrl(), KEY, "gemini-2.5-flash", METHOD, mode,
        List.of(Message.user("hi")), null, null);
  }
}
