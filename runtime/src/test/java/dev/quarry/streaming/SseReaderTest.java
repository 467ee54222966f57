package dev.quarry.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.transport.ServerSentEvent;
import dev.quarry.transport.SseReader;
import dev.quarry.transport.StreamingResponse;
import dev.quarry.transport.TransportResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SseReaderTest {
  private static List<ServerSentEvent> read(String body) throws IOException {
    SseReader reader = new SseReader();
    List<ServerSentEvent> events = new ArrayList<>();
    try (StreamingResponse response =
        StreamingResponse.of(new TransportResponse(200, Map.of(), body))) {
      for (String line = response.readLine(); line != null; line = response.readLine()) {
        ServerSentEvent event = reader.line(line);
        if (event != null) {
          events.add(event);
        }
      }
    }
    ServerSentEvent last = reader.finish();
    if (last != null) {
      events.add(last);
    }
    return events;
  }

  @Test
  void eventsWithNamesAndData() throws IOException {
    assertThat(read("event: message_start\ndata: {\"a\":1}\n\nevent: ping\ndata: {}\n\n"))
        .containsExactly(new ServerSentEvent("message_start", "{\"a\":1}"), new ServerSentEvent("ping", "{}"));
  }

  @Test
  void crlfAndPaddingAndNoSpaceAfterTheColon() throws IOException {
    assertThat(read("data:{\"a\":1}   \r\n\r\ndata:    {\"b\":2}\r\n\r\n"))
        .containsExactly(new ServerSentEvent(null, "{\"a\":1}"), new ServerSentEvent(null, "{\"b\":2}"));
  }

  @Test
  void multiLineDataIsJoinedByNewlines() throws IOException {
    assertThat(read("data: {\"a\":\ndata: 1}\n\n"))
        .containsExactly(new ServerSentEvent(null, "{\"a\":\n1}"));
  }

  @Test
  void commentsIdsAndRetriesAreSkipped() throws IOException {
    assertThat(read(": ping\n\nid: 7\nretry: 100\ndata: x\n\n: keep-alive\n"))
        .containsExactly(new ServerSentEvent(null, "x"));
  }

  @Test
  void leadingBlankLinesAndTheDoneMarker() throws IOException {
    List<ServerSentEvent> events = read("\n\n\ndata: [DONE]\n\n");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).isDone()).isTrue();
  }

  @Test
  void aLastEventWithoutBlankLineIsKept() throws IOException {
    assertThat(read("event: message_stop\ndata: {\"type\":\"message_stop\"}"))
        .containsExactly(new ServerSentEvent("message_stop", "{\"type\":\"message_stop\"}"));
  }

  @Test
  void anEventWithoutDataIsNotDispatched() throws IOException {
    assertThat(read("event: nothing\n\ndata: y\n\n")).containsExactly(new ServerSentEvent(null, "y"));
  }
}
