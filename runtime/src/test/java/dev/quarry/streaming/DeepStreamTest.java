package dev.quarry.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.Extraction;
import dev.quarry.Quarry;
import dev.quarry.StreamEvent;
import dev.quarry.StreamingExtraction;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.transport.Transport;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

/**
 * An answer nested thousands of levels deep is a parse problem and a re-ask on a streamed call,
 * as on a whole one: the same depth limit applies, and nothing overflows the stack.
 */
class DeepStreamTest {
  public record Tree(String label, List<Tree> children) {}

  static final ExtractMethod<Tree> TREE =
      ExtractMethod.builder(DeepStreamTest.class, "tree", new TypeReference<Tree>() {})
          .toolName("Tree")
          .schema("{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\"},"
              + "\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#\"}}},\"required\":[\"label\"]}")
          .build();

  /** Answers each request with the next queued SSE body, whole. */
  private static final class Queued implements Transport {
    final Queue<String> bodies = new ArrayDeque<>();

    @Override
    public TransportResponse send(TransportRequest request) {
      return new TransportResponse(200, Map.of("content-type", "text/event-stream"), bodies.remove());
    }
  }

  private static String deep(int depth) {
    StringBuilder json = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      json.append("{\"label\": \"n").append(i).append("\", \"children\": [");
    }
    json.append("{\"label\": \"leaf\"}");
    for (int i = 0; i < depth; i++) {
      json.append("]}");
    }
    return json.toString();
  }

  @Test
  void aTooDeepStreamedAnswerIsReaskedNotAStackOverflow() {
    Queued transport = new Queued();
    transport.bodies.add(String.join("", Bodies.openAiTools("Tree", Bodies.pieces(deep(2_000), 64), "stop")));
    transport.bodies.add(String.join("", Bodies.openAiTools("Tree",
        Bodies.pieces("{\"label\": \"root\", \"children\": [{\"label\": \"a\"}]}", 5), "stop")));
    Quarry quarry = Quarry.builder().baseUrl("http://127.0.0.1:9/v1").apiKey("k").model("gpt-4o")
        .transport(transport).build();
    List<StreamEvent<Tree>> events = new ArrayList<>();

    try (StreamingExtraction<Tree> stream = quarry.extractStreaming(TREE, "Draw it")) {
      stream.forEachRemaining(events::add);
    }

    Extraction<Tree> result = ((StreamEvent.Done<Tree>) events.get(events.size() - 1)).extraction();
    assertThat(result.value()).isEqualTo(new Tree("root", List.of(new Tree("a", null))));
    assertThat(result.attempts()).hasSize(2);
    assertThat(result.attempts().get(0).violations()).singleElement()
        .satisfies(v -> assertThat(v.toString()).contains("deeper than 400"));
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(StreamEvent.NewAttempt.class));
    // snapshots of the deep answer stop at the limit: none is deeper than 400 levels
    for (StreamEvent<Tree> event : events) {
      if (event instanceof StreamEvent.Partial<Tree> partial) {
        assertThat(depth(partial.value())).isLessThanOrEqualTo(2 * 400 + 1);
      }
    }
  }

  private static int depth(tools.jackson.databind.JsonNode node) {
    int depth = 0;
    ArrayDeque<Object[]> work = new ArrayDeque<>();
    work.push(new Object[] {node, 1});
    while (!work.isEmpty()) {
      Object[] top = work.pop();
      tools.jackson.databind.JsonNode n = (tools.jackson.databind.JsonNode) top[0];
      int d = (Integer) top[1];
      depth = Math.max(depth, d);
      for (tools.jackson.databind.JsonNode child : n) {
        work.push(new Object[] {child, d + 1});
      }
    }
    return depth;
  }
}
