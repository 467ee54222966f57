package dev.quarry.reliability;

import dev.quarry.Quarry;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.testing.LocalServer;
import dev.quarry.transport.RetryPolicy;
import dev.quarry.transport.TimeSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Shared pieces of the reliability tests: a method, OpenAI payloads, a fake clock. */
final class Fixtures {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String KEY = "sk-canary-7f3a9c2e5b1d4f6a8c0e";

  record Person(String name, int age) {
    Person {
      if (age < 0) {
        throw new IllegalArgumentException("age must be >= 0");
      }
    }
  }

  static final String PERSON_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
          + "\"age\":{\"type\":\"integer\"}},\"required\":[\"name\",\"age\"],"
          + "\"additionalProperties\":false}";

  static final ExtractMethod<Person> PERSON =
      ExtractMethod.builder(Fixtures.class, "person", new TypeReference<Person>() {})
          .toolName("Person")
          .schema(PERSON_SCHEMA)
          .strictSchema(PERSON_SCHEMA)
          .build();

  private Fixtures() {}

  /** A chat completion whose tool call carries {@code arguments}. */
  static String toolCompletion(String arguments, int in, int out) {
    return completion(arguments, "tool_calls", null, in, out);
  }

  static String completion(String arguments, String finishReason, String refusal, int in, int out) {
    ObjectNode message = JSON.createObjectNode().put("role", "assistant");
    message.putNull("content");
    if (refusal != null) {
      message.put("refusal", refusal);
    }
    if (arguments != null) {
      message.set("tool_calls", JSON.createArrayNode().add(JSON.createObjectNode()
          .put("id", "call_1").put("type", "function")
          .set("function", JSON.createObjectNode().put("name", "Person").put("arguments", arguments))));
    }
    return JSON.createObjectNode()
        .put("id", "chatcmpl-test")
        .put("object", "chat.completion")
        .put("model", "gpt-4o-mini")
        .set("choices", JSON.createArrayNode().add(JSON.createObjectNode()
            .put("index", 0).put("finish_reason", finishReason).set("message", message)))
        .set("usage", JSON.createObjectNode().put("prompt_tokens", in).put("completion_tokens", out))
        .toString();
  }

  static String ada() {
    return toolCompletion("{\"name\":\"Ada\",\"age\":36}", 100, 20);
  }

  /** An OpenAI client against {@code server} with a fake clock, so backoff waits take no time. */
  static Quarry.Builder openAi(LocalServer server, FakeTime time) {
    return Quarry.builder()
        .baseUrl(server.baseUrl())
        .apiKey(KEY)
        .model("gpt-4o-mini")
        .timeSource(time)
        .retryPolicy(RetryPolicy.builder().jitter(() -> 1.0).build());
  }

  /**
   * A clock that only moves when something sleeps on it (or {@link #advance} is called), and
   * records every sleep.
   */
  static final class FakeTime implements TimeSource {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public long nanoTime() {
      return now.get();
    }

    @Override
    public void sleep(Duration duration) {
      sleeps.add(duration);
      now.addAndGet(Math.max(0, duration.toNanos()));
    }

    void advance(Duration duration) {
      now.addAndGet(duration.toNanos());
    }
  }
}
