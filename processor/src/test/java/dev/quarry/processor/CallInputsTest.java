package dev.quarry.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quarry.processor.Compiler.compile;
import static dev.quarry.processor.Compiler.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.sun.net.httpserver.HttpServer;
import dev.quarry.Extraction;
import dev.quarry.LabelSet;
import dev.quarry.Message;
import dev.quarry.Quarry;
import dev.quarry.provider.Providers;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Conversation ({@code List<Message>}) and {@code LabelSet} parameters: the diagnostics, the
 * generated code, and generated clients run against a local server in OpenAI's Chat Completions
 * wire format.
 */
class CallInputsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final JavaFileObject TICKET =
      source("Ticket",
          "public record Ticket(@OneOf(\"queues\") String queue, @OneOf(\"tags\") List<String> tags,",
          "    String summary) {}");

  private static final JavaFileObject ROUTER =
      source("Router",
          "@LlmExtract(system = \"You route support tickets.\")",
          "public interface Router {",
          "  @Prompt(\"Route this ticket to one of: {{queues}}.\\n\\n{{text}}\")",
          "  Ticket route(String text, LabelSet queues, LabelSet tags);",
          "",
          "  @Prompt(\"Route the ticket discussed above.\")",
          "  Ticket routeChat(List<Message> chat, LabelSet queues, LabelSet tags);",
          "}");

  /** {@code @LlmExtract interface Reader} with {@code lines} as its body. */
  private static JavaFileObject reader(String... lines) {
    String[] all = new String[lines.length + 3];
    all[0] = "@LlmExtract";
    all[1] = "public interface Reader {";
    System.arraycopy(lines, 0, all, 2, lines.length);
    all[all.length - 1] = "}";
    return source("Reader", all);
  }

  private static final JavaFileObject RECEIPT =
      source("Receipt", "public record Receipt(String merchant) {}");

  // ------------------------------------------------------------------------- diagnostics

  @Test
  void twoConversations() {
    JavaFileObject source = reader("  @Prompt(\"Read.\")",
        "  Receipt read(List<Message> earlier,", "      List<Message> later);");
    assertThat(compile(source, RECEIPT))
        .hadErrorContaining("may take one conversation (a List<Message> sent before the prompt),"
            + " but 'later' is a second one after 'earlier'")
        .inFile(source).onLineContaining("List<Message> later");
  }

  @Test
  void conversationAsAnArrayOrASet() {
    JavaFileObject array = reader("  @Prompt(\"Read.\")", "  Receipt read(Message[] chat);");
    assertThat(compile(array, RECEIPT))
        .hadErrorContaining("takes the conversation so far as a List<Message> (in order, oldest"
            + " first), but 'chat' is Message[]. Declare it as List<Message>.")
        .inFile(array).onLineContaining("Message[] chat");
    JavaFileObject set = reader("  @Prompt(\"Read.\")", "  Receipt read(Set<Message> chat);");
    assertThat(compile(set, RECEIPT))
        .hadErrorContaining("but 'chat' is Set<Message>")
        .inFile(set).onLineContaining("Set<Message> chat");
  }

  @Test
  void nullableConversation() {
    JavaFileObject nullable = source("Nullable",
        "@java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE_USE)",
        "public @interface Nullable {}");
    JavaFileObject local = reader("  @Prompt(\"Read.\")", "  Receipt read(@Nullable List<Message> chat);");
    assertThat(compile(local, RECEIPT, nullable))
        .hadErrorContaining("sends its conversation 'chat' before the prompt, so it cannot be null,"
            + " but it is @Nullable")
        .inFile(local).onLineContaining("List<Message> chat");
  }

  @Test
  void conversationInAPlaceholder() {
    JavaFileObject source = reader("  @Prompt(\"Read {{chat}}.\")", "  Receipt read(List<Message> chat);");
    assertThat(compile(source, RECEIPT))
        .hadErrorContaining("@Prompt placeholder {{chat}} names the conversation 'chat' of Reader.read(List<Message>),"
            + " but the conversation is sent as messages before the prompt")
        .inFile(source).onLineContaining("@Prompt");
  }

  @Test
  void oneOfNamingNoLabelSetParameter() {
    JavaFileObject source = reader("  @Prompt(\"Route {{text}}.\")",
        "  Ticket route(String text, LabelSet queues);");
    assertThat(compile(source, TICKET))
        .hadErrorContaining("@OneOf(\"tags\") on a field of the result of Reader.route(String, LabelSet) must name a LabelSet"
            + " parameter of the method, but it has none called 'tags' (LabelSet parameters:"
            + " queues). Add the parameter 'LabelSet tags'")
        .inFile(source).onLineContaining("Ticket route");
  }

  @Test
  void labelSetThatNoFieldUses() {
    JavaFileObject source = reader("  @Prompt(\"Read {{text}}.\")",
        "  Receipt read(String text,", "      LabelSet merchants);");
    assertThat(compile(source, RECEIPT))
        .hadErrorContaining("must use its LabelSet parameter 'merchants' in the result, but no field"
            + " of the result is @OneOf(\"merchants\")")
        .inFile(source).onLineContaining("LabelSet merchants");
  }

  @Test
  void oneOfOnANumber() {
    JavaFileObject record = source("Score", "public record Score(",
        "    @OneOf(\"scores\") int score) {}");
    JavaFileObject source = reader("  @Prompt(\"Score {{text}}.\")",
        "  Score score(String text, LabelSet scores);");
    assertThat(compile(source, record))
        .hadErrorContaining("@OneOf takes a String, or a List<String> or Set<String> of labels, but"
            + " the field is int")
        .inFile(record).onLineContaining("int score");
  }

  @Test
  void optionalOneOf() {
    JavaFileObject record = source("Pick", "public record Pick(",
        "    @OneOf(\"labels\") Optional<String> label) {}");
    JavaFileObject source = reader("  @Prompt(\"Pick {{text}}.\")",
        "  Pick pick(String text, LabelSet labels);");
    assertThat(compile(source, record))
        .hadErrorContaining("@OneOf fields must be answered: the label set has no 'none' choice, but"
            + " the field is Optional<String> (optional)")
        .inFile(record).onLineContaining("Optional<String> label");
  }

  @Test
  void blankOneOf() {
    JavaFileObject record = source("Pick", "public record Pick(",
        "    @OneOf(\" \") String label) {}");
    JavaFileObject source = reader("  @Prompt(\"Pick {{text}}.\")", "  Pick pick(String text);");
    assertThat(compile(source, record))
        .hadErrorContaining("@OneOf must name the method's LabelSet parameter, but its value is empty")
        .inFile(record).onLineContaining("String label");
  }

  // ------------------------------------------------------------------------- generated code

  @Test
  void generatedCallsPassAViewWithTheConversationAndTheLabels() throws IOException {
    Compilation compilation = compile(ROUTER, TICKET);
    assertThat(compilation).succeeded();
    String impl = compilation.generatedSourceFile("test.RouterImpl").orElseThrow()
        .getCharContent(true).toString();
    assertThat(impl)
        .contains(".labels(\"queues\")\n", ".labels(\"tags\")\n")
        .contains("quarry.extract(ROUTE.withLabels(\"queues\", queues).withLabels(\"tags\", tags),")
        .contains("quarry.extract(ROUTE_CHAT.withConversation(chat).withLabels(\"queues\", queues)"
            + ".withLabels(\"tags\", tags), \"Route the ticket discussed above.\")")
        .contains("\\\"enum\\\":[\\\"quarry:labels:queues\\\"]");
  }

  // ------------------------------------------------------------------------- over HTTP

  private final List<String> requests = new ArrayList<>();
  private final Queue<String> answers = new ArrayDeque<>();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private Quarry openAi() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] body = answers.remove().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("content-type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return Quarry.builder().provider(Providers.openAi())
        .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
        .apiKey("sk-test-0123456789").model("gpt-4o-mini").build();
  }

  /** A Chat Completions response whose one tool call has these arguments. */
  private void answerWithToolCall(String id, String arguments) {
    ObjectNode reply = JSON.createObjectNode().put("id", "chatcmpl-" + id)
        .put("object", "chat.completion").put("created", 1).put("model", "gpt-4o-mini");
    ObjectNode message = reply.putArray("choices").addObject().put("index", 0)
        .put("finish_reason", "tool_calls").putObject("message");
    message.put("role", "assistant").putNull("content");
    message.putArray("tool_calls").addObject().put("id", id).put("type", "function")
        .putObject("function").put("name", "routeChat").put("arguments", arguments);
    reply.putObject("usage").put("prompt_tokens", 40).put("completion_tokens", 9)
        .put("total_tokens", 49);
    answers.add(reply.toString());
  }

  private static Object call(Object impl, String name, Object... args) throws Exception {
    for (Method method : impl.getClass().getMethods()) {
      if (method.getName().equals(name)) {
        return method.invoke(impl, args);
      }
    }
    throw new AssertionError("no method " + name);
  }

  @Test
  void aGeneratedClientSendsTheConversationAndReAsksALabelOutsideTheSet() throws Exception {
    Compilation compilation = compile(ROUTER, TICKET);
    assertThat(compilation).succeeded();
    ClassLoader classes = Compiler.classes(compilation);
    Object router = classes.loadClass("test.RouterImpl").getConstructor(Quarry.class)
        .newInstance(openAi());
    answerWithToolCall("call_1",
        "{\"queue\":\"refunds\",\"tags\":[\"urgent\"],\"summary\":\"charged twice\"}");
    answerWithToolCall("call_2",
        "{\"queue\":\"billing\",\"tags\":[\"urgent\"],\"summary\":\"charged twice\"}");
    List<Message> chat = List.of(Message.user("I was charged twice."),
        Message.assistant("Which invoice?"), Message.user("4411."));

    Object ticket = call(router, "routeChat", chat, LabelSet.of("billing", "bugs"),
        LabelSet.of("urgent", "vip"));

    assertThat(ticket.toString())
        .isEqualTo("Ticket[queue=billing, tags=[urgent], summary=charged twice]");
    assertThat(requests).hasSize(2);
    JsonNode first = JSON.readTree(requests.get(0));
    assertThat(first.at("/messages").valueStream().map(m -> m.get("role").asString()).toList())
        .containsExactly("system", "user", "assistant", "user", "user");
    assertThat(first.at("/messages/4/content").asString()).isEqualTo("Route the ticket discussed above.");
    JsonNode properties = first.at("/tools/0/function/parameters/properties");
    assertThat(properties.at("/queue/enum").toString()).isEqualTo("[\"billing\",\"bugs\"]");
    assertThat(properties.at("/tags/items/enum").toString()).isEqualTo("[\"urgent\",\"vip\"]");
    JsonNode second = JSON.readTree(requests.get(1));
    JsonNode toolResult = second.at("/messages/6");
    assertThat(toolResult.get("role").asString()).isEqualTo("tool");
    assertThat(toolResult.get("tool_call_id").asString()).isEqualTo("call_1");
    assertThat(toolResult.get("content").asString()).contains("/queue", "billing", "bugs");
  }

  @Test
  void theLabelsRenderInThePromptAndTagsOutsideTheSetAreViolations() throws Exception {
    Compilation compilation = compile(ROUTER, TICKET);
    ClassLoader classes = Compiler.classes(compilation);
    Object router = classes.loadClass("test.RouterImpl").getConstructor(Quarry.class)
        .newInstance(openAi());
    answerWithToolCall("call_1", "{\"queue\":\"bugs\",\"tags\":[\"vip\",\"gold\"],\"summary\":\"s\"}");
    answerWithToolCall("call_2", "{\"queue\":\"bugs\",\"tags\":[\"vip\"],\"summary\":\"s\"}");
    Method route = classes.loadClass("test.Router")
        .getMethod("route", String.class, LabelSet.class, LabelSet.class);

    Object ticket = route.invoke(router, "App crashes", LabelSet.of("billing", "bugs"),
        LabelSet.of("urgent", "vip"));

    assertThat(ticket.toString()).isEqualTo("Ticket[queue=bugs, tags=[vip], summary=s]");
    JsonNode first = JSON.readTree(requests.get(0));
    assertThat(first.at("/messages/1/content").asString())
        .isEqualTo("Route this ticket to one of: billing, bugs.\n\nApp crashes");
    assertThat(JSON.readTree(requests.get(1)).at("/messages/3/content").asString())
        .contains("/tags/1");
  }

  // ------------------------------------------------------------------------- PARALLEL_TOOLS

  private static final JavaFileObject SHAPES =
      source("Shape",
          "public sealed interface Shape permits Shape.Circle, Shape.Square {",
          "  record Circle(@Positive double radius) implements Shape {}",
          "  record Square(double side) implements Shape {}",
          "}");

  @Test
  void parallelToolsOnANonListResult() {
    JavaFileObject source = reader("  @Prompt(value = \"Read {{text}}.\",",
        "      mode = Mode.PARALLEL_TOOLS)", "  Receipt read(String text);");
    assertThat(compile(source, RECEIPT))
        .hadErrorContaining("Mode.PARALLEL_TOOLS (@Prompt mode) answers with one tool call per list"
            + " element, one tool per record, so Reader.read(String) must return List<R> of a"
            + " record R or List<S> of a sealed interface S of records, but it returns Receipt.")
        .inFile(source).onLineContaining("mode = Mode.PARALLEL_TOOLS");
  }

  @Test
  void parallelToolsOnTheInterfaceAndAListOfStrings() {
    JavaFileObject source = source("Reader", "@LlmExtract(mode = Mode.PARALLEL_TOOLS)",
        "public interface Reader {", "  @Prompt(\"Read {{text}}.\")",
        "  List<String> read(String text);", "}");
    assertThat(compile(source))
        .hadErrorContaining("Mode.PARALLEL_TOOLS (the @LlmExtract mode)")
        .inFile(source).onLineContaining("List<String> read");
  }

  @Test
  void parallelToolsStreamed() {
    JavaFileObject source = reader("  @Prompt(value = \"Draw {{text}}.\",",
        "      mode = Mode.PARALLEL_TOOLS)", "  java.util.stream.Stream<Shape> shapes(String text);");
    assertThat(compile(source, SHAPES))
        .hadErrorContaining("reads the tool calls of a response together, so Reader.shapes(String)"
            + " cannot stream them")
        .inFile(source).onLineContaining("mode = Mode.PARALLEL_TOOLS");
  }

  /** A Chat Completions response with one tool call per name and arguments pair. */
  private void answerWithToolCalls(String... nameArguments) {
    ObjectNode reply = JSON.createObjectNode().put("id", "chatcmpl-p")
        .put("object", "chat.completion").put("created", 1).put("model", "gpt-4o-mini");
    ObjectNode message = reply.putArray("choices").addObject().put("index", 0)
        .put("finish_reason", "tool_calls").putObject("message");
    message.put("role", "assistant").putNull("content");
    var calls = message.putArray("tool_calls");
    for (int i = 0; i < nameArguments.length; i += 2) {
      calls.addObject().put("id", "call_" + answers.size() + "_" + i).put("type", "function")
          .putObject("function").put("name", nameArguments[i]).put("arguments", nameArguments[i + 1]);
    }
    reply.putObject("usage").put("prompt_tokens", 40).put("completion_tokens", 9)
        .put("total_tokens", 49);
    answers.add(reply.toString());
  }

  @Test
  void aGeneratedParallelToolsClientGetsOneTypedElementPerToolCall() throws Exception {
    JavaFileObject drawer = source("Drawer", "@LlmExtract",
        "public interface Drawer {",
        "  @Prompt(value = \"Draw {{text}}.\", mode = Mode.PARALLEL_TOOLS)",
        "  List<Shape> shapes(String text);", "}");
    Compilation compilation = compile(drawer, SHAPES);
    assertThat(compilation).succeeded();
    Object impl = Compiler.classes(compilation).loadClass("test.DrawerImpl")
        .getConstructor(Quarry.class).newInstance(openAi());
    answerWithToolCalls("Circle", "{\"radius\":-1}", "Square", "{\"side\":2}");
    answerWithToolCalls("Circle", "{\"radius\":1}", "Square", "{\"side\":2}");

    Object shapes = call(impl, "shapes", "a circle and a square");

    assertThat(shapes.toString()).isEqualTo("[Circle[radius=1.0], Square[side=2.0]]");
    JsonNode first = JSON.readTree(requests.get(0));
    assertThat(first.at("/tools").valueStream().map(t -> t.at("/function/name").asString()).toList())
        .containsExactly("Circle", "Square");
    assertThat(first.get("parallel_tool_calls").asBoolean()).isTrue();
    JsonNode second = JSON.readTree(requests.get(1)).get("messages");
    // No system prompt: the prompt, the two calls in one assistant message, a result for each.
    assertThat(second.at("/1/tool_calls")).hasSize(2);
    assertThat(second.at("/2/content").asString()).contains("radius");
    assertThat(second.at("/3/content").asString()).startsWith("This call is valid.");
  }
}
