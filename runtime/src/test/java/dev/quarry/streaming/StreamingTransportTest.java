package dev.quarry.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.Quarry;
import dev.quarry.StreamEvent;
import dev.quarry.StreamingExtraction;
import dev.quarry.provider.Providers;
import dev.quarry.transport.Exchange;
import dev.quarry.transport.JdkHttpTransport;
import dev.quarry.transport.RecordingTransport;
import dev.quarry.transport.ReplayTransport;
import dev.quarry.transport.StreamingResponse;
import dev.quarry.transport.TransportRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDK transport streams line by line and cancels on close; recordings keep streamed bodies. */
class StreamingTransportTest {
  private final StreamServer server = start();

  private static StreamServer start() {
    try {
      return new StreamServer();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void close() {
    server.close();
  }

  private TransportRequest post(String path) {
    return new TransportRequest("POST", URI.create(server.baseUrl() + path),
        Map.of("content-type", "application/json"), "{\"stream\":true}");
  }

  @Test
  void linesArriveBeforeTheBodyIsComplete() throws Exception {
    StreamServer.Gate gate = new StreamServer.Gate();
    server.enqueue("text/event-stream", List.of("data: 1\n\n", gate, "data: 2\n\n"));
    try (StreamingResponse response = JdkHttpTransport.create().stream(post("/s"))) {
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("Content-Type")).isEqualTo("text/event-stream");
      // The second part is held back by the gate: the first line is readable without it.
      assertThat(response.readLine()).isEqualTo("data: 1");
      assertThat(response.readLine()).isEmpty();
      gate.open();
      assertThat(response.readLine()).isEqualTo("data: 2");
      assertThat(response.readLine()).isEmpty();
      assertThat(response.readLine()).isNull();
    }
  }

  @Test
  void closingEarlyClosesTheConnection() throws Exception {
    server.enqueue("text/event-stream", List.of("data: 1\n\n", StreamServer.FOREVER));
    StreamingResponse response = JdkHttpTransport.create().stream(post("/s"));
    assertThat(response.readLine()).isEqualTo("data: 1");
    response.close();
    assertThat(response.readLine()).isNull();
    assertThat(server.disconnected.await(30, TimeUnit.SECONDS))
        .as("the server saw the client go away").isTrue();
  }

  @Test
  void recordingKeepsTheStreamedBodyAndReplayStreamsIt(@TempDir Path dir) throws Exception {
    List<String> body = Bodies.openAiTools("Person",
        Bodies.pieces(StreamingEndToEndTest.ADA, 4), "stop");
    server.enqueue("text/event-stream", new ArrayList<>(body));
    Quarry recording = Quarry.builder().provider(Providers.openAi()).baseUrl(server.baseUrl() + "/v1")
        .apiKey("sk-secret-123456789").model("gpt-4o")
        .transport(RecordingTransport.of(JdkHttpTransport.create(), dir)).build();
    try (StreamingExtraction<StreamingEndToEndTest.Person> stream =
        Streaming.start(recording, StreamingEndToEndTest.PERSON, "Who is Ada?")) {
      assertThat(stream.result().value().age()).isEqualTo(36);
    }
    Path file;
    try (var files = Files.list(dir)) {
      file = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
    }
    Exchange exchange = Exchange.parse(Files.readString(file));
    assertThat(exchange.response().body()).isEqualTo(String.join("", body));
    assertThat(Files.readString(file)).doesNotContain("sk-secret-123456789");

    Quarry replaying = Quarry.builder().provider(Providers.openAi()).baseUrl("http://nowhere/v1")
        .apiKey("sk-other-123456789").model("gpt-4o")
        .transport(ReplayTransport.fromDirectory(dir)).build();
    List<StreamEvent<StreamingEndToEndTest.Person>> events = new ArrayList<>();
    try (StreamingExtraction<StreamingEndToEndTest.Person> stream =
        Streaming.start(replaying, StreamingEndToEndTest.PERSON, "Who is Ada?")) {
      stream.forEachRemaining(events::add);
    }
    assertThat(events).filteredOn(e -> e instanceof StreamEvent.Partial).hasSizeGreaterThan(3);
    assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.Done.class);
  }
}
