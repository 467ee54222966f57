package dev.quarry.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.testing.LocalServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class RecordingTransportTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String OPENAI_KEY = "sk-proj-abcdef0123456789";
  private static final String ANTHROPIC_KEY = "sk-ant-api03-zyxwvu987654";
  private static final String GOOGLE_KEY = "AIzaSyA-google-key-123456";

  private final LocalServer server = LocalServer.start();
  @TempDir Path directory;

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void writesEachExchangeWithoutCredentials() throws IOException {
    server.enqueue(401, Map.of("content-type", "application/json", "x-request-id", "req_1",
        "set-cookie", "__cf_bm=cookie-value-123456"),
        "{\"error\":{\"message\":\"Incorrect API key provided: " + OPENAI_KEY + ".\"}}");
    RecordingTransport recording = RecordingTransport.of(JdkHttpTransport.create(), directory);

    TransportResponse response = recording.send(new TransportRequest("POST",
        server.uri("/v1beta/models/gemini:generateContent?alt=sse&key=" + GOOGLE_KEY),
        Map.of("content-type", "application/json", "authorization", "Bearer " + OPENAI_KEY,
            "x-api-key", ANTHROPIC_KEY, "x-goog-api-key", GOOGLE_KEY,
            "anthropic-version", "2023-06-01"),
        "{\"contents\":[]}"));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body()).contains(OPENAI_KEY); // the caller still sees the real response
    assertThat(server.takeRequest().header("authorization")).isEqualTo("Bearer " + OPENAI_KEY);
    List<Path> files = files();
    assertThat(files).extracting(p -> p.getFileName().toString())
        .hasSize(2)
        .contains("index.txt")
        .anySatisfy(name -> assertThat(name).matches("0001-[0-9a-f]{8}\\.json"));
    for (Path file : files) {
      assertThat(Files.readString(file))
          .doesNotContain(OPENAI_KEY, ANTHROPIC_KEY, GOOGLE_KEY, "cookie-value");
    }
    Exchange exchange = Exchange.parse(Files.readString(exchangeFiles().get(0)));
    assertThat(exchange.fixture()).isEqualTo("recorded");
    assertThat(exchange.request().headers())
        .containsOnlyKeys("content-type", "anthropic-version");
    assertThat(exchange.request().uri().getRawQuery()).isEqualTo("alt=sse");
    assertThat(exchange.response().headers())
        .containsEntry("x-request-id", "req_1")
        .doesNotContainKey("set-cookie");
    assertThat(exchange.response().body()).contains("Incorrect API key provided: [redacted].");
    assertThat(JSON.readTree(Files.readString(exchangeFiles().get(0))).at("/request/body"))
        .isEqualTo(JSON.readTree("{\"contents\":[]}"));
  }

  @Test
  void recordingsReplayFromTheDirectoryAndTheClassPath() throws IOException {
    server.enqueue(200, Map.of("x-request-id", "req_a"), "{\"answer\":\"a\"}");
    server.enqueue(200, Map.of("x-request-id", "req_b"), "{\"answer\": \"b\"}");
    RecordingTransport recording = RecordingTransport.of(JdkHttpTransport.create(),
        directory.resolve("recordings/openai"));
    TransportRequest first = post("{\"q\":\"a\"}", "Bearer " + OPENAI_KEY);
    TransportRequest second = post("{\"q\":\"b\"}", "Bearer " + OPENAI_KEY);
    recording.send(first);
    recording.send(second);

    ReplayTransport fromDirectory = ReplayTransport.fromDirectory(directory.resolve("recordings/openai"));
    TransportResponse b = fromDirectory.send(post("{\"q\":\"b\"}", "Bearer other-key-0000"));
    TransportResponse a = fromDirectory.send(first);

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.header("x-request-id")).isEqualTo("req_a");
    assertThat(JSON.readTree(a.body())).isEqualTo(JSON.readTree("{\"answer\":\"a\"}"));
    assertThat(JSON.readTree(b.body())).isEqualTo(JSON.readTree("{\"answer\":\"b\"}"));
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {directory.toUri().toURL()}, null)) {
      ReplayTransport fromClasspath = ReplayTransport.fromClasspath("recordings/openai", loader);
      assertThat(fromClasspath.send(second).header("x-request-id")).isEqualTo("req_b");
      assertThat(fromClasspath.remaining()).isEqualTo(1);
    }
  }

  @Test
  void theCounterContinuesAfterEarlierRecordings() throws IOException {
    server.enqueue(200, "{}");
    server.enqueue(200, "{}");
    RecordingTransport.of(JdkHttpTransport.create(), directory).send(post("{}", null));
    RecordingTransport.of(JdkHttpTransport.create(), directory).send(post("{}", null));

    assertThat(exchangeFiles()).extracting(p -> p.getFileName().toString().substring(0, 5))
        .containsExactly("0001-", "0002-");
    assertThat(Files.readAllLines(directory.resolve("index.txt")))
        .containsExactlyElementsOf(
            exchangeFiles().stream().map(p -> p.getFileName().toString()).toList());
  }

  @Test
  void aFailedExchangeIsNotRecorded() throws IOException {
    TransportRequest request = post("{}", null);
    server.close();

    assertThatThrownBy(() -> RecordingTransport.of(JdkHttpTransport.create(), directory)
        .send(request))
        .isInstanceOf(ConnectException.class);
    assertThat(files()).isEmpty();
  }

  private TransportRequest post(String body, String authorization) {
    return new TransportRequest("POST", server.uri("/v1/chat/completions"),
        authorization == null ? Map.of("content-type", "application/json")
            : Map.of("content-type", "application/json", "authorization", authorization),
        body);
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> list = Files.list(directory)) {
      return list.sorted().toList();
    }
  }

  private List<Path> exchangeFiles() throws IOException {
    return files().stream().filter(p -> p.toString().endsWith(".json")).toList();
  }
}
