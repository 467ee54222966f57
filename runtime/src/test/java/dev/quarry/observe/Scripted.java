package dev.quarry.observe;

import dev.quarry.Quarry;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.transport.RetryPolicy;
import dev.quarry.transport.TimeSource;
import dev.quarry.transport.Transport;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAI-speaking transport that answers with queued responses, for the observability tests:
 * no network, no sleeping (its clock moves only when Quarry sleeps on it).
 */
public final class Scripted implements Transport {
  public static final JsonMapper JSON = JsonMapper.builder().build();
  public static final String KEY = "sk-canary-0b5e7d1c9a3f";

  public record Person(String name, int age) {
    public Person {
      if (age < 0) {
        throw new IllegalArgumentException("age must be >= 0");
      }
    }
  }

  public static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
          + "\"age\":{\"type\":\"integer\"}},\"required\":[\"name\",\"age\"],"
          + "\"additionalProperties\":false}";

  public static final ExtractMethod<Person> PERSON =
      ExtractMethod.builder(PersonReader.class, "person", new TypeReference<Person>() {})
          .toolName("Person").schema(SCHEMA).strictSchema(SCHEMA).build();

  public interface PersonReader {}

  final Deque<TransportResponse> responses = new ArrayDeque<>();
  final List<TransportRequest> requests = new ArrayList<>();

  public Scripted answer(String arguments, int in, int out) {
    return respond(200, completion(arguments, in, out));
  }

  public Scripted respond(int status, String body) {
    responses.add(new TransportResponse(status, Map.of(), body));
    return this;
  }

  @Override
  public synchronized TransportResponse send(TransportRequest request) throws IOException {
    requests.add(request);
    TransportResponse response = responses.poll();
    if (response == null) {
      throw new IOException("nothing scripted");
    }
    return response;
  }

  public Quarry.Builder quarry() {
    return Quarry.builder()
        .apiKey(KEY)
        .baseUrl("https://api.example.test:8443/v1")
        .model("gpt-4o-mini")
        .transport(this)
        .openTelemetry(false)
        .timeSource(new TimeSource() {
          long now;

          @Override
          public long nanoTime() {
            return now;
          }

          @Override
          public void sleep(Duration duration) {
            now += duration.toNanos();
          }
        })
        .retryPolicy(RetryPolicy.builder().jitter(() -> 0.0).build());
  }

  public static String completion(String arguments, int in, int out) {
    ObjectNode message = JSON.createObjectNode().put("role", "assistant");
    message.putNull("content");
    message.set("tool_calls", JSON.createArrayNode().add(JSON.createObjectNode()
        .put("id", "call_1").put("type", "function")
        .set("function", JSON.createObjectNode().put("name", "Person").put("arguments", arguments))));
    return JSON.createObjectNode()
        .put("id", "chatcmpl-test")
        .put("object", "chat.completion")
        .put("model", "gpt-4o-mini-2024-07-18")
        .set("choices", JSON.createArrayNode().add(JSON.createObjectNode()
            .put("index", 0).put("finish_reason", "tool_calls").set("message", message)))
        .set("usage", JSON.createObjectNode().put("prompt_tokens", in).put("completion_tokens", out))
        .toString();
  }
}
