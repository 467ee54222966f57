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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Conversations ({@link ExtractMethod#withConversation}) and run-time labels ({@link
 * ExtractMethod#withLabels}) over HTTP, for each provider's wire format: where the conversation
 * goes (system prompts lifted to Anthropic's {@code system} and Gemini's {@code
 * systemInstruction}, assistant turns as Gemini's {@code model} role), the labels spliced into
 * the tool schema, a label outside the set re-asked after the prompt, and every body checked
 * against the provider's spec.
 */
class ConversationsAndLabelsEndToEndTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  record Route(String queue, String summary) {}

  static final String SCHEMA = """
      {"type":"object","properties":{"queue":{"type":"string","enum":["quarry:labels:queues"]},\
      "summary":{"type":"string"}},"required":["queue","summary"],"additionalProperties":false}""";

  static final ExtractMethod<Route> ROUTE =
      ExtractMethod.builder(ConversationsAndLabelsEndToEndTest.class, "route",
              new TypeReference<Route>() {})
          .toolName("Route")
          .system("You route support tickets.")
          .schema(SCHEMA)
          .strictSchema(SCHEMA)
          .labels("queues")
          .mode(Mode.TOOLS)
          .build();

  static final LabelSet QUEUES = LabelSet.of("billing", "bugs", "sales");

  static final List<Message> CHAT = List.of(
      Message.system("The customer is on the Pro plan."),
      Message.user("Hi, I was charged twice this month."),
      Message.assistant("Sorry to hear that. Which invoice?"),
      Message.user("Invoice 4411, see the screenshot.",
          List.of(Image.fromUrl("https://example.com/invoice.png"))));

  private final LocalServer server = LocalServer.start();

  @AfterEach
  void close() {
    server.close();
  }

  private Quarry quarry(dev.quarry.provider.Provider provider, String model) {
    return Quarry.builder().provider(provider).baseUrl(server.baseUrl()).apiKey("key-test-0123456789")
        .model(model).build();
  }

  // ------------------------------------------------------------------ OpenAI Chat Completions

  private static String chatToolCall(String id, String arguments) {
    ObjectNode reply = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
        .put("created", 1).put("model", "gpt-4o-mini");
    ObjectNode message = reply.putArray("choices").addObject().put("index", 0)
        .put("finish_reason", "tool_calls").putObject("message");
    message.put("role", "assistant").putNull("content");
    message.putArray("tool_calls").addObject().put("id", id).put("type", "function")
        .putObject("function").put("name", "Route").put("arguments", arguments);
    reply.putObject("usage").put("prompt_tokens", 50).put("completion_tokens", 10)
        .put("total_tokens", 60);
    return reply.toString();
  }

  private static JsonNode chatBody(LocalServer.Request request) {
    assertThat(OpenAiSpec.chatRequestErrors(request.body())).as("spec errors of %s", request.body())
        .isEmpty();
    return JSON.readTree(request.body());
  }

  @Test
  void openAiChatSendsTheConversationBeforeThePromptAndTheLabelsInTheToolSchema() {
    server.enqueue(200, chatToolCall("call_1", "{\"queue\":\"refunds\",\"summary\":\"double charge\"}"));
    server.enqueue(200, chatToolCall("call_2", "{\"queue\":\"billing\",\"summary\":\"double charge\"}"));

    Extraction<Route> result = quarry(Providers.openAi(), "gpt-4o-mini")
        .extract(ROUTE.withConversation(CHAT).withLabels("queues", QUEUES), "Route the ticket.");

    assertThat(result.value()).isEqualTo(new Route("billing", "double charge"));
    assertThat(result.attempts()).hasSize(2);
    assertThat(result.attempts().get(0).violations()).singleElement().satisfies(violation -> {
      assertThat(violation.pointer()).isEqualTo("/queue");
      assertThat(violation.message()).contains("billing", "bugs", "sales");
    });
    JsonNode first = chatBody(server.takeRequest());
    assertThat(first.at("/tools/0/function/parameters/properties/queue/enum"))
        .isEqualTo(JSON.readTree("[\"billing\",\"bugs\",\"sales\"]"));
    assertThat(first.at("/tools/0/function/strict").asBoolean()).isTrue();
    assertThat(roles(first.get("messages")))
        .containsExactly("system", "system", "user", "assistant", "user", "user");
    JsonNode messages = first.get("messages");
    assertThat(messages.at("/0/content").asString()).isEqualTo("You route support tickets.");
    assertThat(messages.at("/1/content").asString()).isEqualTo("The customer is on the Pro plan.");
    assertThat(messages.at("/3/content").asString()).isEqualTo("Sorry to hear that. Which invoice?");
    assertThat(messages.at("/4/content/1/image_url/url").asString())
        .isEqualTo("https://example.com/invoice.png");
    assertThat(messages.at("/5/content").asString()).isEqualTo("Route the ticket.");

    JsonNode second = chatBody(server.takeRequest());
    assertThat(roles(second.get("messages")))
        .containsExactly("system", "system", "user", "assistant", "user", "user", "assistant", "tool");
    assertThat(second.at("/messages/7/tool_call_id").asString()).isEqualTo("call_1");
    assertThat(second.at("/messages/7/content").asString()).contains("billing");
  }

  // ------------------------------------------------------------------ OpenAI Responses

  private static String responsesCall(String callId, String arguments) {
    ObjectNode response = JSON.createObjectNode().put("id", "resp_1").put("object", "response")
        .put("status", "completed").put("model", "gpt-4o-mini");
    response.putArray("output").addObject().put("type", "function_call").put("id", "fc_" + callId)
        .put("call_id", callId).put("name", "Route").put("arguments", arguments)
        .put("status", "completed");
    response.putObject("usage").put("input_tokens", 50).put("output_tokens", 10);
    return response.toString();
  }

  @Test
  void openAiResponsesKeepsTheMethodsSystemPromptAsInstructionsAndTheConversationInTheInput() {
    server.enqueue(200, responsesCall("call_1", "{\"queue\":\"bugs\",\"summary\":\"crash\"}"));

    Extraction<Route> result = quarry(Providers.openAiResponses(), "gpt-4o-mini")
        .extract(ROUTE.withLabels("queues", QUEUES).withConversation(CHAT), "Route the ticket.");

    assertThat(result.value()).isEqualTo(new Route("bugs", "crash"));
    LocalServer.Request request = server.takeRequest();
    assertThat(OpenAiResponsesSpec.requestErrors(request.body())).as("spec errors of %s", request.body())
        .isEmpty();
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.get("instructions").asString()).isEqualTo("You route support tickets.");
    assertThat(roles(body.get("input"))).containsExactly("system", "user", "assistant", "user", "user");
    assertThat(body.at("/tools/0/parameters/properties/queue/enum"))
        .isEqualTo(JSON.readTree("[\"billing\",\"bugs\",\"sales\"]"));
  }

  // ------------------------------------------------------------------ Anthropic

  private static String toolUse(String id, String input) {
    return """
        {"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5",
         "content":[{"type":"tool_use","id":"%s","name":"Route","input":%s}],
         "stop_reason":"tool_use","stop_sequence":null,
         "usage":{"input_tokens":50,"output_tokens":10}}""".formatted(id, input);
  }

  private static JsonNode anthropicBody(LocalServer.Request request) {
    assertThat(AnthropicSpec.messageRequestErrors(request.body())).as("spec errors").isEmpty();
    assertThat(AnthropicSpec.conversationErrors(request.body())).as("conversation errors").isEmpty();
    return JSON.readTree(request.body());
  }

  @Test
  void anthropicLiftsSystemPromptsToTheTopLevelAndReAsksWithAToolResult() {
    server.enqueue(200, toolUse("toolu_1", "{\"queue\":\"refunds\",\"summary\":\"double charge\"}"));
    server.enqueue(200, toolUse("toolu_2", "{\"queue\":\"Billing \",\"summary\":\"double charge\"}"));

    Extraction<Route> result = quarry(Providers.anthropic(), "claude-haiku-4-5")
        .extract(ROUTE.withConversation(CHAT).withLabels("queues", QUEUES), "Route the ticket.");

    // The lenient reader knows the labels: case and spacing are repaired, not re-asked.
    assertThat(result.value()).isEqualTo(new Route("billing", "double charge"));
    assertThat(result.attempts()).hasSize(2);
    assertThat(result.attempts().get(1).repairs()).isNotEmpty();
    JsonNode first = anthropicBody(server.takeRequest());
    assertThat(first.get("system").asString())
        .isEqualTo("You route support tickets.\n\nThe customer is on the Pro plan.");
    // The conversation's last user turn and the prompt are one user turn.
    assertThat(roles(first.get("messages"))).containsExactly("user", "assistant", "user");
    assertThat(first.at("/messages/2/content/0/text").asString())
        .isEqualTo("Invoice 4411, see the screenshot.");
    assertThat(first.at("/messages/2/content/1/type").asString()).isEqualTo("image");
    assertThat(first.at("/messages/2/content/2/text").asString()).isEqualTo("Route the ticket.");
    assertThat(first.at("/tools/0/input_schema/properties/queue/enum"))
        .isEqualTo(JSON.readTree("[\"billing\",\"bugs\",\"sales\"]"));
    JsonNode second = anthropicBody(server.takeRequest());
    JsonNode messages = second.get("messages");
    assertThat(roles(messages)).containsExactly("user", "assistant", "user", "assistant", "user");
    JsonNode toolResult = messages.at("/4/content/0");
    assertThat(toolResult.get("tool_use_id").asString()).isEqualTo("toolu_1");
    assertThat(toolResult.get("is_error").asBoolean()).isTrue();
    assertThat(toolResult.get("content").asString()).contains("/queue", "billing");
  }

  // ------------------------------------------------------------------ Gemini

  private static String functionCall(String args) {
    ObjectNode response = JSON.createObjectNode();
    ObjectNode candidate = response.putArray("candidates").addObject();
    ObjectNode part = candidate.putObject("content").put("role", "model").putArray("parts").addObject();
    part.putObject("functionCall").put("name", "Route").set("args", JSON.readTree(args));
    candidate.put("finishReason", "STOP").put("index", 0);
    response.putObject("usageMetadata").put("promptTokenCount", 50)
        .put("candidatesTokenCount", 10).put("totalTokenCount", 60);
    return response.toString();
  }

  @Test
  void geminiPutsSystemPromptsInSystemInstructionAndAssistantTurnsAsModel() {
    server.enqueue(200, functionCall("{\"queue\":\"sales\",\"summary\":\"upgrade\"}"));

    Extraction<Route> result = quarry(Providers.gemini(), "gemini-2.5-flash")
        .extract(ROUTE.withConversation(CHAT).withLabels("queues", QUEUES), "Route the ticket.");

    assertThat(result.value()).isEqualTo(new Route("sales", "upgrade"));
    LocalServer.Request request = server.takeRequest();
    assertThat(GeminiProtos.generateContentRequestErrors(request.body()))
        .as("proto violations of %s", request.body()).isEmpty();
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.at("/systemInstruction/parts/0/text").asString())
        .isEqualTo("You route support tickets.");
    assertThat(body.at("/systemInstruction/parts/1/text").asString())
        .isEqualTo("The customer is on the Pro plan.");
    assertThat(roles(body.get("contents"))).containsExactly("user", "model", "user");
    assertThat(body.at("/contents/1/parts/0/text").asString())
        .isEqualTo("Sorry to hear that. Which invoice?");
    assertThat(body.at("/tools/0/functionDeclarations/0/parametersJsonSchema/properties/queue/enum"))
        .isEqualTo(JSON.readTree("[\"billing\",\"bugs\",\"sales\"]"));
  }

  // ------------------------------------------------------------------ the views themselves

  @Test
  void aMethodThatTakesLabelsIsNotSentWithoutThem() {
    assertThatThrownBy(() -> quarry(Providers.openAi(), "gpt-4o-mini").extract(ROUTE, "Route it."))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("[queues]")
        .hasMessageContaining("withLabels");
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void labelsForANameTheSchemaDoesNotTakeAreRefused() {
    assertThatThrownBy(() -> ROUTE.withLabels("tags", QUEUES))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no labels named 'tags'")
        .hasMessageContaining("[queues]");
  }

  @Test
  void labelsAreSplicedAsJsonStringsAndTheCompiledMethodIsUnchanged() {
    ExtractMethod<Route> view = ROUTE.withLabels("queues", LabelSet.of("a\"b", "c\\d", "é\n"));

    assertThat(view.schemaNode().at("/properties/queue/enum"))
        .isEqualTo(JSON.createArrayNode().add("a\"b").add("c\\d").add("é\n"));
    assertThat(view.compiled()).isSameAs(ROUTE);
    assertThat(ROUTE.schema()).isEqualTo(SCHEMA);
    assertThat(view.readGenerated("{}")).isNull();
  }

  @Test
  void toolCallsAndNullsCannotBePartOfAConversation() {
    assertThatThrownBy(() -> ROUTE.withConversation(List.of(Message.user("hi"),
        new Message.AssistantReply(null, new Message.ToolCall("c1", "Route", "{}")))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("message 1 is a tool call");
    assertThatThrownBy(() -> ROUTE.withConversation(
        List.of(new Message.ToolResult("c1", "Route", "ok", false))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("message 0 is a tool result");
    assertThatThrownBy(() -> ROUTE.withConversation(java.util.Arrays.asList(Message.user("a"), null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("message 1 is null");
  }

  @Test
  void labelSetsAreValidated() {
    assertThatThrownBy(() -> LabelSet.of()).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at least one label");
    assertThatThrownBy(() -> LabelSet.of("a", " ")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("label 1 is blank");
    assertThatThrownBy(() -> LabelSet.of("a", "b", "a")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("\"a\" is given twice");
    assertThat(LabelSet.of("x", "y").toString()).isEqualTo("x, y");
    assertThat(LabelSet.of("x", "y")).isEqualTo(LabelSet.of(List.of("x", "y")));
    assertThat(LabelSet.of("x").contains("X")).isFalse();
  }

  private static List<String> roles(JsonNode messages) {
    return ((ArrayNode) messages).valueStream().map(m -> m.path("role").asString()).toList();
  }
}
