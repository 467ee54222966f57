package dev.quarry.reliability;

import dev.quarry.transport.Transport;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * An in-memory OpenAI chat server: it answers a person whose name is the user message, so each
 * result can be matched with its input; a message starting with {@code fail} gets HTTP 400. It
 * counts the requests in flight and the threads that sent them.
 */
final class EchoTransport implements Transport {
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  final AtomicInteger requests = new AtomicInteger();
  final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final Duration latency;

  EchoTransport(Duration latency) {
    this.latency = latency;
  }

  @Override
  public TransportResponse send(TransportRequest request) {
    threads.add(Thread.currentThread());
    requests.incrementAndGet();
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      if (!latency.isZero()) {
        Thread.sleep(latency.toMillis());
      }
      JsonNode messages = Fixtures.JSON.readTree(request.body()).path("messages");
      JsonNode content = messages.path(messages.size() - 1).path("content");
      String user = content.isArray() ? content.path(0).path("text").asString("") : content.asString();
      if (user.startsWith("fail")) {
        return new TransportResponse(400, Map.of(),
            "{\"error\":{\"message\":\"rejected " + user + "\",\"type\":\"invalid_request_error\"}}");
      }
      String arguments = Fixtures.JSON.createObjectNode().put("name", user).put("age", 1).toString();
      return new TransportResponse(200, Map.of(), Fixtures.toolCompletion(arguments, 10, 5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      inFlight.decrementAndGet();
    }
  }
}
