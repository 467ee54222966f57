package dev.quarry.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTransportTest {
  private static final String HELLO =
      "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello as JSON.\"}]}";

  @TempDir Path temp;

  @Test
  void matchesMethodPathAndJsonNotBytesOrHost() {
    ReplayTransport replay = ReplayTransport.of(List.of(exchange("POST", "/v1/chat/completions",
        "{\"a\":1,\"b\":[1,2]}", 200, "{\"ok\":true}")));

    TransportResponse response = replay.send(new TransportRequest("POST",
        URI.create("http://127.0.0.1:9/v1/chat/completions?x=1"), Map.of(),
        "{ \"b\": [1, 2],\n \"a\": 1 }"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"ok\":true}");
    assertThat(replay.remaining()).isZero();
  }

  @Test
  void equalRequestsAreAnsweredInOrderAndEachRecordingOnce() {
    ReplayTransport replay =
        ReplayTransport.fromClasspath("replay/openai-hello", getClass().getClassLoader());

    assertThat(replay.remaining()).isEqualTo(2);
    assertThat(replay.send(hello()).header("x-request-id")).isEqualTo("req_hello_1");
    assertThat(replay.send(hello()).header("x-request-id")).isEqualTo("req_hello_2");
    assertThatThrownBy(() -> replay.send(hello()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("all 2 recordings that match POST /v1/chat/completions")
        .hasMessageContaining("already answered");
  }

  @Test
  void aMissShowsTheRequestAndTheFirstDifferenceFromTheClosestRecording() {
    ReplayTransport replay =
        ReplayTransport.fromClasspath("/replay/openai-hello/", getClass().getClassLoader());
    String goodbye = HELLO.replace("Say hello", "Say goodbye");

    assertThatThrownBy(() -> replay.send(new TransportRequest("POST",
        URI.create("https://api.openai.com/v1/chat/completions"), Map.of(), goodbye)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no recording in classpath:replay/openai-hello matches"
            + " POST /v1/chat/completions with body " + goodbye)
        .hasMessageContaining("Closest recording: 0001-hello.json")
        .hasMessageContaining("first difference at /messages/0/content: recorded"
            + " \"Say hello as JSON.\", sent \"Say goodbye as JSON.\"");
  }

  @Test
  void aMissOnTheRouteSaysSo() {
    ReplayTransport replay =
        ReplayTransport.fromClasspath("replay/openai-hello", getClass().getClassLoader());

    assertThatThrownBy(() -> replay.send(new TransportRequest("GET",
        URI.create("https://api.openai.com/v1/models"), Map.of(), "")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("matches GET /v1/models")
        .hasMessageContaining("differs in method or path");
  }

  @Test
  void anIndexFileChoosesFilesAndOrder() {
    ReplayTransport replay =
        ReplayTransport.fromClasspath("replay/indexed", getClass().getClassLoader());

    assertThat(replay.send(hello()).header("x-request-id")).isEqualTo("req_hello_2");
    assertThat(replay.send(hello()).header("x-request-id")).isEqualTo("req_hello_1");
  }

  @Test
  void loadsADirectoryInsideAJar() throws IOException {
    Path jar = temp.resolve("recordings.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("recordings/"));
      out.putNextEntry(new JarEntry("recordings/hello/"));
      addResource(out, "recordings/hello/0001-hello.json", "replay/openai-hello/0001-hello.json");
      addResource(out, "recordings/hello/0002-again.json",
          "replay/openai-hello/0002-hello-again.json");
      out.putNextEntry(new JarEntry("recordings/hello/README.md"));
      out.putNextEntry(new JarEntry("recordings/hello/nested/0003-ignored.json"));
      out.write("not an exchange".getBytes());
    }

    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      ReplayTransport replay = ReplayTransport.fromClasspath("recordings/hello", loader);

      assertThat(replay.remaining()).isEqualTo(2);
      assertThat(replay.send(hello()).header("x-request-id")).isEqualTo("req_hello_1");
      assertThat(replay.send(hello()).header("x-request-id")).isEqualTo("req_hello_2");
    }
  }

  @Test
  void loadsTheJsonFilesOfADirectoryInNameOrder() throws IOException {
    Files.writeString(temp.resolve("b.json"), exchange("POST", "/x", "{}", 200, "second").toJson());
    Files.writeString(temp.resolve("a.json"), exchange("POST", "/x", "{}", 200, "first").toJson());
    Files.writeString(temp.resolve("notes.txt"), "ignored");

    ReplayTransport replay = ReplayTransport.fromDirectory(temp);
    TransportRequest request = new TransportRequest("POST", URI.create("http://h/x"), Map.of(), "{}");

    assertThat(replay.send(request).body()).isEqualTo("first");
    assertThat(replay.send(request).body()).isEqualTo("second");
  }

  @Test
  void bodiesThatAreNotJsonReplayAsText() {
    String page = "<html><body>502 Bad Gateway</body></html>";
    Exchange exchange = exchange("GET", "/v1/models", "", 502, page);
    ReplayTransport replay = ReplayTransport.of(List.of(Exchange.parse(exchange.toJson())));

    TransportResponse response = replay.send(
        new TransportRequest("GET", URI.create("http://h/v1/models"), Map.of(), ""));

    assertThat(response.status()).isEqualTo(502);
    assertThat(response.body()).isEqualTo(page);
  }

  @Test
  void aBrokenFileIsNamed() throws IOException {
    Files.writeString(temp.resolve("0001-broken.json"), """
        {"fixture": "recorded", "request": {"method": "POST", "url": "/x"},
         "response": {"status": "200"}}""");

    assertThatThrownBy(() -> ReplayTransport.fromDirectory(temp))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("0001-broken.json is not a valid exchange file")
        .hasMessageContaining("/response/status must be an integer");
  }

  @Test
  void anUnknownFixtureKindIsRejected() {
    assertThatThrownBy(() -> Exchange.parse("""
        {"fixture": "invented", "request": {"method": "GET", "url": "/x"},
         "response": {"status": 200}}"""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"recorded\" or \"hand-made\"");
  }

  @Test
  void aMissingDirectoryIsAConfigurationError() {
    assertThatThrownBy(() ->
        ReplayTransport.fromClasspath("replay/missing", getClass().getClassLoader()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no directory replay/missing on the class path");
    assertThatThrownBy(() -> ReplayTransport.fromDirectory(temp.resolve("missing")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("is not a directory");
  }

  @Test
  void concurrentRequestsUseEveryRecordingExactlyOnce() throws Exception {
    List<Exchange> exchanges = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      exchanges.add(exchange("POST", "/x", "{\"same\":true}", 200, "answer " + i));
    }
    ReplayTransport replay = ReplayTransport.of(exchanges);
    TransportRequest request =
        new TransportRequest("POST", URI.create("http://h/x"), Map.of(), "{\"same\":true}");
    Set<String> answers = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        futures.add(pool.submit(() -> answers.add(replay.send(request).body())));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(answers).hasSize(50);
    assertThat(replay.remaining()).isZero();
  }

  private static TransportRequest hello() {
    return new TransportRequest("POST", URI.create("https://api.openai.com/v1/chat/completions"),
        Map.of("content-type", "application/json"), HELLO);
  }

  private static Exchange exchange(
      String method, String path, String requestBody, int status, String responseBody) {
    return new Exchange(Exchange.HAND_MADE, null,
        new TransportRequest(method, URI.create("https://example.test" + path), Map.of(),
            requestBody),
        new TransportResponse(status, Map.of(), responseBody));
  }

  private void addResource(JarOutputStream out, String entry, String resource) throws IOException {
    out.putNextEntry(new JarEntry(entry));
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
      in.transferTo(out);
    }
  }

}
