package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.provider.Providers;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.testing.AnthropicSpec;
import dev.quarry.testing.GeminiProtos;
import dev.quarry.testing.LocalServer;
import dev.quarry.testing.OpenAiResponsesSpec;
import dev.quarry.testing.OpenAiSpec;
import dev.quarry.testing.SharedData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link Mode#PARALLEL_TOOLS} over HTTP in each provider's wire format: one tool per record of
 * the sealed interface, several tool calls in one response read as the typed list (a recorded
 * OpenAI reply with two calls), and an invalid call re-asked with its own tool result while the
 * valid one is acknowledged. Every request body is checked against the provider's spec.
 */
class ParallelToolsEndToEndTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String RECORDED =
      "wire/openai/examples/openai-python/chat__test_parse_multiple_pydantic_tools.json";

  sealed interface Lookup permits Weather, Stock {}

  record Weather(String city, String country, String units) implements Lookup {}

  record Stock(String ticker, String exchange) implements Lookup {}

  private static String schema(boolean strict) {
    String tag = strict ? "{\"type\":\"string\",\"const\":\"%s\"}" : "{\"const\":\"%s\"}";
    return ("{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"array\",\"items\":{\"anyOf\":["
        + "{\"type\":\"object\",\"properties\":{\"type\":" + tag.formatted("GetWeatherArgs")
        + ",\"city\":{\"type\":\"string\"},\"country\":{\"type\":\"string\"},"
        + "\"units\":{\"type\":\"string\",\"enum\":[\"c\",\"f\"]}},"
        + "\"required\":[\"type\",\"city\",\"country\",\"units\"],\"additionalProperties\":false},"
        + "{\"type\":\"object\",\"description\":\"A stock price lookup\",\"properties\":{\"type\":"
        + tag.formatted("get_stock_price") + ",\"ticker\":{\"type\":\"string\"},"
        + "\"exchange\":{\"type\":\"string\",\"enum\":[\"NASDAQ\",\"NYSE\"]}},"
        + "\"required\":[\"type\",\"ticker\",\"exchange\"],\"additionalProperties\":false}]}}},"
        + "\"required\":[\"value\"],\"additionalProperties\":false}");
  }

  static final ExtractMethod<List<Lookup>> LOOKUPS =
      ExtractMethod.builder(ParallelToolsEndToEndTest.class, "lookups",
              new TypeReference<List<Lookup>>() {})
          .system("You turn questions into lookups.")
          .schema(schema(false))
          .strictSchema(schema(true))
          .wrapperProperty("value")
          .union(Lookup.class, "type", Map.of("GetWeatherArgs", Weather.class,
              "get_stock_price", Stock.class))
          .mode(Mode.PARALLEL_TOOLS)
          .build();

  private static final List<Lookup> EXPECTED =
      List.of(new Weather("Edinburgh", "GB", "c"), new Stock("AAPL", "NASDAQ"));

  private final LocalServer server = LocalServer.start();

  @AfterEach
  void close() {
    server.close();
  }

  private Quarry quarry(dev.quarry.provider.Provider provider, String model) {
    return Quarry.builder().provider(provider).baseUrl(server.baseUrl())
        .apiKey("key-test-0123456789").model(model).build();
  }

  // ------------------------------------------------------------------ OpenAI Chat Completions

  private static String chatToolCalls(String... idNameArguments) {
    ObjectNode reply = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
        .put("created", 1).put("model", "gpt-4o-2024-08-06");
    ObjectNode message = reply.putArray("choices").addObject().put("index", 0)
        .put("finish_reason", "tool_calls").putObject("message");
    message.put("role", "assistant").putNull("content");
    ArrayNode calls = message.putArray("tool_calls");
    for (int i = 0; i < idNameArguments.length; i += 3) {
      calls.addObject().put("id", idNameArguments[i]).put("type", "function")
          .putObject("function").put("name", idNameArguments[i + 1])
          .put("arguments", idNameArguments[i + 2]);
    }
    reply.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 40)
        .put("total_tokens", 140);
    return reply.toString();
  }

  private static JsonNode chatBody(LocalServer.Request request) {
    assertThat(OpenAiSpec.chatRequestErrors(request.body())).as("spec errors of %s", request.body())
        .isEmpty();
    return JSON.readTree(request.body());
  }

  @Test
  void openAiChatRecordedReplyWithTwoToolCallsBecomesTheTypedList() {
    server.enqueue(200, SharedData.read(RECORDED));

    Extraction<List<Lookup>> result = quarry(Providers.openAi(), "gpt-4o-2024-08-06")
        .extract(LOOKUPS, "What's the weather in Edinburgh and the price of AAPL?");

    assertThat(result.value()).isEqualTo(EXPECTED);
    assertThat(result.usage()).isEqualTo(Usage.of(149, 60));
    JsonNode body = chatBody(server.takeRequest());
    assertThat(body.get("tool_choice").asString()).isEqualTo("required");
    assertThat(body.get("parallel_tool_calls").asBoolean()).isTrue();
    JsonNode tools = body.get("tools");
    assertThat(tools).hasSize(2);
    assertThat(tools.at("/0/function/name").asString()).isEqualTo("GetWeatherArgs");
    assertThat(tools.at("/1/function/name").asString()).isEqualTo("get_stock_price");
    assertThat(tools.at("/1/function/description").asString()).isEqualTo("A stock price lookup");
    assertThat(tools.at("/0/function/strict").asBoolean()).isTrue();
    JsonNode parameters = tools.at("/0/function/parameters");
    assertThat(parameters.get("properties").propertyNames()).containsExactly("city", "country", "units");
    assertThat(parameters.get("required").toString()).isEqualTo("[\"city\",\"country\",\"units\"]");
  }

  @Test
  void openAiChatReAsksTheInvalidCallWithItsOwnToolMessage() {
    server.enqueue(200, chatToolCalls(
        "call_w", "GetWeatherArgs", "{\"city\":\"Edinburgh\",\"country\":\"GB\",\"units\":\"c\"}",
        "call_s", "get_stock_price", "{\"ticker\":\"AAPL\",\"exchange\":\"LSE\"}"));
    server.enqueue(200, chatToolCalls(
        "call_w2", "GetWeatherArgs", "{\"city\":\"Edinburgh\",\"country\":\"GB\",\"units\":\"c\"}",
        "call_s2", "get_stock_price", "{\"ticker\":\"AAPL\",\"exchange\":\"NASDAQ\"}"));

    Extraction<List<Lookup>> result = quarry(Providers.openAi(), "gpt-4o-2024-08-06")
        .extract(LOOKUPS, "Weather in Edinburgh, and AAPL?");

    assertThat(result.value()).isEqualTo(EXPECTED);
    assertThat(result.attempts()).hasSize(2);
    assertThat(result.attempts().get(0).violations()).extracting(Violation::pointer)
        .allMatch(pointer -> pointer.startsWith("/value/1"));
    chatBody(server.takeRequest());
    JsonNode messages = chatBody(server.takeRequest()).get("messages");
    assertThat(roles(messages)).containsExactly("system", "user", "assistant", "tool", "tool");
    assertThat(messages.at("/2/tool_calls")).hasSize(2);
    assertThat(messages.at("/3/tool_call_id").asString()).isEqualTo("call_w");
    assertThat(messages.at("/3/content").asString()).startsWith("This call is valid.");
    assertThat(messages.at("/4/tool_call_id").asString()).isEqualTo("call_s");
    assertThat(messages.at("/4/content").asString()).contains("NASDAQ");
  }

  // ------------------------------------------------------------------ OpenAI Responses

  @Test
  void openAiResponsesReadsEveryFunctionCallItem() {
    ObjectNode response = JSON.createObjectNode().put("id", "resp_1").put("object", "response")
        .put("status", "completed").put("model", "gpt-4o-mini");
    ArrayNode output = response.putArray("output");
    output.addObject().put("type", "function_call").put("id", "fc_1").put("call_id", "call_1")
        .put("name", "GetWeatherArgs")
        .put("arguments", "{\"city\":\"Edinburgh\",\"country\":\"GB\",\"units\":\"c\"}")
        .put("status", "completed");
    output.addObject().put("type", "function_call").put("id", "fc_2").put("call_id", "call_2")
        .put("name", "get_stock_price").put("arguments", "{\"ticker\":\"AAPL\",\"exchange\":\"NASDAQ\"}")
        .put("status", "completed");
    response.putObject("usage").put("input_tokens", 90).put("output_tokens", 30);
    server.enqueue(200, response.toString());

    Extraction<List<Lookup>> result = quarry(Providers.openAiResponses(), "gpt-4o-mini")
        .extract(LOOKUPS, "Weather in Edinburgh, and AAPL?");

    assertThat(result.value()).isEqualTo(EXPECTED);
    LocalServer.Request request = server.takeRequest();
    assertThat(OpenAiResponsesSpec.requestErrors(request.body()))
        .as("spec errors of %s", request.body()).isEmpty();
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.get("tool_choice").asString()).isEqualTo("required");
    assertThat(body.get("parallel_tool_calls").asBoolean()).isTrue();
    assertThat(((ArrayNode) body.get("tools")).valueStream().map(t -> t.get("name").asString()))
        .containsExactly("GetWeatherArgs", "get_stock_price");
  }

  // ------------------------------------------------------------------ Anthropic

  private static String toolUses(String... idNameInput) {
    StringBuilder content = new StringBuilder();
    for (int i = 0; i < idNameInput.length; i += 3) {
      content.append(i == 0 ? "" : ",").append("{\"type\":\"tool_use\",\"id\":\"%s\",\"name\":\"%s\",\"input\":%s}"
          .formatted(idNameInput[i], idNameInput[i + 1], idNameInput[i + 2]));
    }
    return """
        {"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5",
         "content":[%s],"stop_reason":"tool_use","stop_sequence":null,
         "usage":{"input_tokens":120,"output_tokens":50}}""".formatted(content);
  }

  private static JsonNode anthropicBody(LocalServer.Request request) {
    assertThat(AnthropicSpec.messageRequestErrors(request.body())).as("spec errors").isEmpty();
    assertThat(AnthropicSpec.conversationErrors(request.body())).as("conversation errors").isEmpty();
    return JSON.readTree(request.body());
  }

  @Test
  void anthropicReadsSeveralToolUseBlocksAndAnswersEachWithItsToolResult() {
    server.enqueue(200, toolUses(
        "toolu_w", "GetWeatherArgs", "{\"city\":\"Edinburgh\",\"country\":\"GB\",\"units\":\"celsius\"}",
        "toolu_s", "get_stock_price", "{\"ticker\":\"AAPL\",\"exchange\":\"NASDAQ\"}"));
    server.enqueue(200, toolUses(
        "toolu_w2", "GetWeatherArgs", "{\"city\":\"Edinburgh\",\"country\":\"GB\",\"units\":\"c\"}",
        "toolu_s2", "get_stock_price", "{\"ticker\":\"AAPL\",\"exchange\":\"NASDAQ\"}"));

    Extraction<List<Lookup>> result = quarry(Providers.anthropic(), "claude-haiku-4-5")
        .extract(LOOKUPS, "Weather in Edinburgh, and AAPL?");

    assertThat(result.value()).isEqualTo(EXPECTED);
    JsonNode first = anthropicBody(server.takeRequest());
    assertThat(first.at("/tool_choice/type").asString()).isEqualTo("any");
    assertThat(((ArrayNode) first.get("tools")).valueStream().map(t -> t.get("name").asString()))
        .containsExactly("GetWeatherArgs", "get_stock_price");
    assertThat(first.at("/tools/0/input_schema/properties").has("type")).isFalse();
    JsonNode messages = anthropicBody(server.takeRequest()).get("messages");
    assertThat(roles(messages)).containsExactly("user", "assistant", "user");
    assertThat(messages.at("/1/content").valueStream().map(b -> b.get("id").asString()))
        .containsExactly("toolu_w", "toolu_s");
    JsonNode results = messages.at("/2/content");
    assertThat(results.at("/0/tool_use_id").asString()).isEqualTo("toolu_w");
    assertThat(results.at("/0/is_error").asBoolean()).isTrue();
    assertThat(results.at("/0/content").asString()).contains("/value/0/units");
    assertThat(results.at("/1/tool_use_id").asString()).isEqualTo("toolu_s");
    assertThat(results.at("/1").has("is_error")).isFalse();
  }

  // ------------------------------------------------------------------ Gemini

  private static String functionCalls(String... nameArgs) {
    ObjectNode response = JSON.createObjectNode();
    ObjectNode candidate = response.putArray("candidates").addObject();
    ArrayNode parts = candidate.putObject("content").put("role", "model").putArray("parts");
    for (int i = 0; i < nameArgs.length; i += 2) {
      parts.addObject().putObject("functionCall").put("name", nameArgs[i])
          .set("args", JSON.readTree(nameArgs[i + 1]));
    }
    candidate.put("finishReason", "STOP").put("index", 0);
    response.putObject("usageMetadata").put("promptTokenCount", 80)
        .put("candidatesTokenCount", 20).put("totalTokenCount", 100);
    return response.toString();
  }

  private static JsonNode geminiBody(LocalServer.Request request) {
    assertThat(GeminiProtos.generateContentRequestErrors(request.body()))
        .as("proto violations of %s", request.body()).isEmpty();
    return JSON.readTree(request.body());
  }

  @Test
  void geminiReadsSeveralFunctionCallPartsAndAnswersEachWithAFunctionResponse() {
    server.enqueue(200, functionCalls(
        "GetWeatherArgs", "{\"city\":\"Edinburgh\",\"country\":\"GB\",\"units\":\"c\"}",
        "get_stock_price", "{\"ticker\":\"AAPL\"}"));
    server.enqueue(200, functionCalls(
        "GetWeatherArgs", "{\"city\":\"Edinburgh\",\"country\":\"GB\",\"units\":\"c\"}",
        "get_stock_price", "{\"ticker\":\"AAPL\",\"exchange\":\"NASDAQ\"}"));

    Extraction<List<Lookup>> result = quarry(Providers.gemini(), "gemini-2.5-flash")
        .extract(LOOKUPS, "Weather in Edinburgh, and AAPL?");

    assertThat(result.value()).isEqualTo(EXPECTED);
    JsonNode first = geminiBody(server.takeRequest());
    assertThat(first.at("/toolConfig/functionCallingConfig/mode").asString()).isEqualTo("ANY");
    assertThat(first.at("/toolConfig/functionCallingConfig/allowedFunctionNames").toString())
        .isEqualTo("[\"GetWeatherArgs\",\"get_stock_price\"]");
    assertThat(first.at("/tools/0/functionDeclarations")).hasSize(2);
    JsonNode contents = geminiBody(server.takeRequest()).get("contents");
    assertThat(roles(contents)).containsExactly("user", "model", "user");
    assertThat(contents.at("/1/parts")).hasSize(2);
    JsonNode responses = contents.at("/2/parts");
    assertThat(responses.at("/0/functionResponse/name").asString()).isEqualTo("GetWeatherArgs");
    assertThat(responses.at("/0/functionResponse/response").has("output")).isTrue();
    assertThat(responses.at("/1/functionResponse/name").asString()).isEqualTo("get_stock_price");
    assertThat(responses.at("/1/functionResponse/response/error").asString()).contains("exchange");
  }

  @Test
  void aResultThatIsNotAListOfRecordsIsAConfigurationError() {
    ExtractMethod<String> text = ExtractMethod.builder(ParallelToolsEndToEndTest.class, "text",
            new TypeReference<String>() {})
        .schema("{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"string\"}},"
            + "\"required\":[\"value\"]}")
        .wrapperProperty("value")
        .mode(Mode.PARALLEL_TOOLS)
        .build();

    assertThatThrownBy(() -> quarry(Providers.openAi(), "gpt-4o-mini").extract(text, "Hi"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("PARALLEL_TOOLS, which needs a result of List<Record>");
    assertThat(server.requestCount()).isZero();
  }

  private static List<String> roles(JsonNode messages) {
    return ((ArrayNode) messages).valueStream().map(m -> m.path("role").asString()).toList();
  }
}
