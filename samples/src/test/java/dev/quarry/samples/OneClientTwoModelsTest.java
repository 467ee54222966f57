package dev.quarry.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.quarry.CallOptions;
import dev.quarry.Extraction;
import dev.quarry.Quarry;
import dev.quarry.samples.classify.Category;
import dev.quarry.samples.classify.Classification;
import dev.quarry.samples.classify.TicketClassifier;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One generated client class serving two models: {@code quarry.with(CallOptions)} gives a view
 * whose clients ask for another model, with nothing else rebuilt. A local server speaks OpenAI's
 * Chat Completions format and echoes the requested model in its answer.
 */
class OneClientTwoModelsTest {
  private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]+)\"");
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final HttpServer server = start();

  private HttpServer start() {
    try {
      HttpServer started = HttpServer.create(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      started.createContext("/", exchange -> {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        bodies.add(body);
        Matcher model = MODEL.matcher(body);
        byte[] answer = completion(model.find() ? model.group(1) : "unknown")
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
      });
      started.start();
      return started;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static String completion(String model) {
    String arguments = "{\"category\":\"BILLING\",\"confidence\":0.9,"
        + "\"reason\":\"'charged twice' is about a payment\"}";
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"" + model + "\","
        + "\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\",\"message\":{"
        + "\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
        + "\"type\":\"function\",\"function\":{\"name\":\"Classification\",\"arguments\":"
        + quote(arguments) + "}}]}}],\"usage\":{\"prompt_tokens\":90,\"completion_tokens\":20}}";
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Test
  void theSameGeneratedClientAsksForEachViewsModel() {
    Quarry quarry = Quarry.builder()
        .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
        .apiKey("sk-test-123456789")
        .model("gpt-4o-mini")
        .openTelemetry(false)
        .build();
    TicketClassifier everyday = quarry.create(TicketClassifier.class);
    TicketClassifier careful = quarry
        .with(CallOptions.builder().model("gpt-4.1").temperature(0).build())
        .create(TicketClassifier.class);

    Extraction<Classification> first = everyday.classify("Charged twice", "My card was charged twice.");
    Extraction<Classification> second = careful.classify("Charged twice", "My card was charged twice.");

    assertThat(everyday.getClass()).isSameAs(careful.getClass());
    assertThat(first.value().category()).isEqualTo(Category.BILLING);
    assertThat(second.value().category()).isEqualTo(Category.BILLING);
    assertThat(bodies).hasSize(2);
    assertThat(bodies.get(0)).contains("\"model\":\"gpt-4o-mini\"").doesNotContain("temperature");
    assertThat(bodies.get(1)).contains("\"model\":\"gpt-4.1\"").contains("\"temperature\":0");
    assertThat(first.lastAttempt().model()).isEqualTo("gpt-4o-mini");
    assertThat(second.lastAttempt().model()).isEqualTo("gpt-4.1");
    // The view counts against the same client: one token total.
    assertThat(quarry.totalUsage().totalTokens()).isEqualTo(2 * 110);
  }
}
