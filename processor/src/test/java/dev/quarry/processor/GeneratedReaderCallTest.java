package dev.quarry.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quarry.processor.Compiler.compile;
import static dev.quarry.processor.Compiler.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.quarry.Mode;
import dev.quarry.Quarry;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.transport.TransportResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Generated readers on the call path: valid answers through them, invalid ones as before. */
class GeneratedReaderCallTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final Compilation COMPILATION =
      compile(
          source("Kind", "public enum Kind { BOOK, GAME }"),
          source("Item", "public record Item(String title, @Min(1) int count, Kind kind) {}"),
          source(
              "Order",
              "public record Order(String number, List<Item> items) {",
              "  @Check(\"an order needs at least one item\")",
              "  boolean hasItems() { return !items.isEmpty(); }",
              "}"),
          source(
              "Shop",
              "@LlmExtract(mode = Mode.JSON_SCHEMA)",
              "public interface Shop {",
              "  @Prompt(\"{{t}}\") Item item(String t);",
              "  @Prompt(\"{{t}}\") Order order(String t);",
              "  @Prompt(\"{{t}}\") List<Kind> kinds(String t);",
              "}"));

  /** A client whose model answers {@code answers} in turn; every request body is kept. */
  private static final class Client {
    final List<String> requests = new ArrayList<>();
    final Object shop;
    final ClassLoader classes;

    Client(String... answers) throws Exception {
      assertThat(COMPILATION).succeeded();
      classes = Compiler.classes(COMPILATION);
      Deque<String> pending = new ArrayDeque<>(List.of(answers));
      Quarry quarry =
          Quarry.builder()
              .apiKey("test-key")
              .model("gpt-test")
              .transport(
                  request -> {
                    requests.add(request.body());
                    return new TransportResponse(
                        200, Map.of("content-type", "application/json"), body(pending.poll()));
                  })
              .build();
      shop = classes.loadClass("test.ShopImpl").getConstructor(Quarry.class).newInstance(quarry);
    }

    Object call(String method) throws Exception {
      return shop.getClass().getMethod(method, String.class).invoke(shop, "text");
    }

    ExtractMethod<?> method(String constant) {
      return (ExtractMethod<?>) Compiler.constant(classes, "test.ShopImpl", constant);
    }
  }

  private static String body(String content) {
    ObjectNode message = JSON.createObjectNode().put("role", "assistant").put("content", content);
    ObjectNode choice = JSON.createObjectNode().put("index", 0).put("finish_reason", "stop");
    choice.set("message", message);
    ObjectNode root = JSON.createObjectNode().put("id", "c1").put("object", "chat.completion");
    root.putArray("choices").add(choice);
    root.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5)
        .put("total_tokens", 15);
    return JSON.writeValueAsString(root);
  }

  @Test
  void aValidAnswerIsReadByTheGeneratedReader() throws Exception {
    String answer = "{\"title\":\"Dune\",\"count\":2,\"kind\":\"BOOK\"}";
    Client client = new Client(answer);
    ExtractMethod<?> item = client.method("ITEM");
    assertThat(item.hasGeneratedReader()).isTrue();
    assertThat(item.readGenerated(answer).valid()).isTrue();
    Object value = client.call("item");
    assertThat(value).hasToString("Item[title=Dune, count=2, kind=BOOK]");
    assertThat(value).isEqualTo(item.readGenerated(answer).value());
    assertThat(client.requests).hasSize(1);
  }

  @Test
  void anInvalidAnswerIsReaskedWithEveryViolationNetworkntFinds() throws Exception {
    Client client =
        new Client(
            "{\"title\":\"Dune\",\"count\":0,\"kind\":\"FILM\"}",
            "{\"title\":\"Dune\",\"count\":1,\"kind\":\"BOOK\"}");
    assertThat(client.call("item")).hasToString("Item[title=Dune, count=1, kind=BOOK]");
    assertThat(client.requests).hasSize(2);
    // The reader stops at the first problem; the re-ask still names both, from networknt.
    assertThat(client.requests.get(1))
        .contains("/count")
        .contains("must have a minimum value of 1")
        .contains("/kind")
        .contains("does not have a value in the enumeration");
  }

  @Test
  void javaChecksRunForTypesThatHaveThem() throws Exception {
    Client client =
        new Client(
            "{\"number\":\"A-1\",\"items\":[]}",
            "{\"number\":\"A-1\",\"items\":[{\"title\":\"Dune\",\"count\":1,\"kind\":\"BOOK\"}]}");
    assertThat(client.method("ORDER").javaChecks()).isTrue();
    // @Min is a Bean Validation constraint too: Item's checks run when a provider is present.
    assertThat(client.method("ITEM").javaChecks()).isTrue();
    assertThat(client.method("KINDS").javaChecks()).isFalse();
    assertThat(client.call("order").toString()).startsWith("Order[number=A-1, items=[Item[");
    assertThat(client.requests).hasSize(2);
    assertThat(client.requests.get(1)).contains("an order needs at least one item");
  }
}
