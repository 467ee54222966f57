package dev.quarry.streaming;

import dev.quarry.Extraction;
import dev.quarry.IncompleteOutputException;
import dev.quarry.Message;
import dev.quarry.ProviderException;
import dev.quarry.Quarry;
import dev.quarry.RetriesExhaustedException;
import dev.quarry.StreamEvent;
import dev.quarry.StreamingExtraction;
import dev.quarry.Violation;
import dev.quarry.observe.CallInfo;
import dev.quarry.observe.QuarryListener;
import dev.quarry.provider.Provider;
import dev.quarry.provider.Providers;
import dev.quarry.spi.ExtractMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streamed calls over HTTP against a local server that sends each provider's stream format in
 * parts: partial snapshots before the end, list elements one by one, a re-ask, cancellation, a
 * mid-stream error, truncation.
 */
class StreamingEndToEndTest {
  static final JsonMapper JSON = JsonMapper.builder().build();

  public record Person(String name, int age) {
    public Person {
      if (age < 0) {
        throw new IllegalArgumentException("age must be >= 0");
      }
    }
  }

  static final String PERSON_SCHEMA = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
      + "\"age\":{\"type\":\"integer\"}},\"required\":[\"name\",\"age\"],\"additionalProperties\":false}";

  static final ExtractMethod<Person> PERSON =
      ExtractMethod.builder(StreamingEndToEndTest.class, "person", new TypeReference<Person>() {})
          .toolName("Person").schema(PERSON_SCHEMA).build();

  static final ExtractMethod<List<Person>> PEOPLE =
      ExtractMethod.builder(StreamingEndToEndTest.class, "people", new TypeReference<List<Person>>() {})
          .toolName("People")
          .schema("{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"array\",\"items\":"
              + "{\"$ref\":\"#/$defs/Person\"}}},\"required\":[\"value\"],\"additionalProperties\":false,"
              + "\"$defs\":{\"Person\":" + PERSON_SCHEMA + "}}")
          .wrapperProperty("value")
          .build();

  static final String ADA = "{\"name\": \"Ada {Lovelace} [\\\"the first\\\"]\", \"age\": 36}";
  static final String PEOPLE_JSON =
      "{\"value\": [{\"name\": \"Ada\", \"age\": 36}, {\"name\": \"Alan }{\", \"age\": 41},"
          + " {\"name\": \"Grace\", \"age\": 85}]}";

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

  private Quarry quarry(Provider provider, String path) {
    return Quarry.builder().provider(provider).baseUrl(server.baseUrl() + path)
        .apiKey("test-key-123456789").model("test-model").build();
  }

  /** Sends the body with a gate before the last two parts, which opens at the first partial. */
  private <T> List<StreamEvent<T>> streamGated(Quarry quarry, ExtractMethod<T> method, List<String> body,
      String contentType) {
    StreamServer.Gate gate = new StreamServer.Gate();
    List<Object> parts = new ArrayList<>(body);
    parts.add(parts.size() - 2, gate);
    server.enqueue(contentType, parts);
    List<StreamEvent<T>> events = new ArrayList<>();
    boolean partialBeforeEnd = false;
    try (StreamingExtraction<T> stream = Streaming.start(quarry, method, "Who is Ada?")) {
      while (stream.hasNext()) {
        StreamEvent<T> event = stream.next();
        events.add(event);
        if (event instanceof StreamEvent.Partial<T> && !partialBeforeEnd) {
          partialBeforeEnd = true;
          gate.open(); // the rest is only sent once a partial result has arrived
        }
      }
    } finally {
      gate.open();
    }
    assertThat(partialBeforeEnd).as("a partial result arrived before the end").isTrue();
    return events;
  }

  private static <T> Extraction<T> done(List<StreamEvent<T>> events) {
    StreamEvent<T> last = events.get(events.size() - 1);
    assertThat(last).isInstanceOf(StreamEvent.Done.class);
    return ((StreamEvent.Done<T>) last).extraction();
  }

  private static <T> List<JsonNode> partials(List<StreamEvent<T>> events) {
    return events.stream().filter(e -> e instanceof StreamEvent.Partial<T>)
        .map(e -> ((StreamEvent.Partial<T>) e).value()).collect(Collectors.toList());
  }

  private void checkPerson(List<StreamEvent<Person>> events) {
    Extraction<Person> result = done(events);
    assertThat(result.value()).isEqualTo(new Person("Ada {Lovelace} [\"the first\"]", 36));
    assertThat(result.usage().inputTokens()).isEqualTo(10);
    assertThat(result.usage().outputTokens()).isEqualTo(20);
    List<JsonNode> partials = partials(events);
    assertThat(partials.size()).isGreaterThan(3);
    // The name fills in before the age appears; the age never shows half-written.
    assertThat(partials).anySatisfy(p -> {
      assertThat(p.path("name").asString("")).startsWith("Ada");
      assertThat(p.has("age")).isFalse();
    });
    assertThat(partials).allSatisfy(p -> {
      if (p.has("age")) {
        assertThat(p.get("age").asInt()).isEqualTo(36);
      }
    });
  }

  @Test
  void openAiChatStreamsPartialRecords() throws Exception {
    List<StreamEvent<Person>> events = streamGated(quarry(Providers.openAi(), "/v1"), PERSON,
        Bodies.openAiTools("Person", Bodies.pieces(ADA, 4), "stop"), "text/event-stream");
    checkPerson(events);
    JsonNode request = JSON.readTree(server.takeBody());
    assertThat(request.path("stream").asBoolean()).isTrue();
    assertThat(request.path("stream_options").path("include_usage").asBoolean()).isTrue();
    assertThat(server.takePath()).isEqualTo("/v1/chat/completions");
  }

  @Test
  void responsesApiStreamsPartialRecords() throws Exception {
    checkPerson(streamGated(quarry(Providers.openAiResponses(), "/v1"), PERSON,
        Bodies.responsesTools("Person", Bodies.pieces(ADA, 5)), "text/event-stream"));
    assertThat(JSON.readTree(server.takeBody()).path("stream").asBoolean()).isTrue();
    assertThat(server.takePath()).isEqualTo("/v1/responses");
  }

  @Test
  void anthropicStreamsPartialRecords() throws Exception {
    checkPerson(streamGated(quarry(Providers.anthropic(), "/v1"), PERSON,
        Bodies.anthropicTools("Person", Bodies.pieces(ADA, 3), "tool_use"), "text/event-stream"));
    assertThat(JSON.readTree(server.takeBody()).path("stream").asBoolean()).isTrue();
    assertThat(server.takePath()).isEqualTo("/v1/messages");
  }

  @Test
  void geminiStreamsPartialRecords() throws Exception {
    checkPerson(streamGated(quarry(Providers.gemini(), "/v1beta"), PERSON,
        Bodies.geminiText(Bodies.pieces(ADA, 6)), "text/event-stream"));
    assertThat(server.takePath())
        .isEqualTo("/v1beta/models/test-model:streamGenerateContent?alt=sse");
  }

  @Test
  void ollamaStreamsPartialRecords() throws Exception {
    checkPerson(streamGated(quarry(Providers.ollama(), ""), PERSON,
        Bodies.ollamaText(Bodies.pieces(ADA, 7)), "application/x-ndjson"));
    assertThat(JSON.readTree(server.takeBody()).path("stream").asBoolean()).isTrue();
    assertThat(server.takePath()).isEqualTo("/api/chat");
  }

  @Test
  void listElementsArriveOneByOneBeforeTheEnd() {
    List<StreamEvent<List<Person>>> events = streamGated(quarry(Providers.openAi(), "/v1"), PEOPLE,
        Bodies.openAiTools("People", Bodies.pieces(PEOPLE_JSON, 9), "stop"), "text/event-stream");
    List<Object> elements = new ArrayList<>();
    int firstElement = -1;
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i) instanceof StreamEvent.Element<List<Person>> element) {
        assertThat(element.index()).isEqualTo(elements.size());
        elements.add(element.value());
        firstElement = firstElement < 0 ? i : firstElement;
      }
    }
    assertThat(elements).containsExactly(
        new Person("Ada", 36), new Person("Alan }{", 41), new Person("Grace", 85));
    // Partial snapshots keep coming after the first element: it came while the list was open.
    assertThat(events.subList(firstElement, events.size()))
        .anyMatch(e -> e instanceof StreamEvent.Partial<List<Person>>);
    assertThat(done(events).value()).containsExactlyElementsOf(
        elements.stream().map(Person.class::cast).toList());
    assertThat(partials(events)).allSatisfy(p -> assertThat(p.isArray()).isTrue());
  }

  @Test
  void elementsStreamYieldsTypedElements() {
    server.enqueue("text/event-stream",
        new ArrayList<>(Bodies.openAiTools("People", Bodies.pieces(PEOPLE_JSON, 9), "stop")));
    try (StreamingExtraction<List<Person>> stream =
        Streaming.start(quarry(Providers.openAi(), "/v1"), PEOPLE, "Who?")) {
      List<Person> people = stream.<Person>elements().toList();
      assertThat(people).extracting(Person::name).containsExactly("Ada", "Alan }{", "Grace");
    }
  }

  @Test
  void listenersSeeTheStreamedCallLikeAnyOther() {
    String invalid = "{\"name\": \"Ada\", \"age\": -1}";
    server.enqueue("text/event-stream",
        new ArrayList<>(Bodies.openAiTools("Person", Bodies.pieces(invalid, 3), "stop")));
    server.enqueue("text/event-stream",
        new ArrayList<>(Bodies.openAiTools("Person", Bodies.pieces(ADA, 3), "stop")));
    List<String> seen = new ArrayList<>();
    QuarryListener recorder = new QuarryListener() {
      @Override public void started(CallInfo call) { seen.add("started " + call.methodName()); }
      @Override public void requestReady(CallInfo call, int attempt, List<Message> messages, String body) {
        seen.add("request " + attempt + (body.contains("test-key-123456789") ? " with key" : ""));
      }
      @Override public void responseReceived(CallInfo call, int attempt, int status, String body, Duration latency) {
        seen.add("response " + attempt + " " + status);
      }
      @Override public void validationFailed(CallInfo call, int attempt, List<Violation> violations) {
        seen.add("invalid " + attempt);
      }
      @Override public void reasking(CallInfo call, int nextAttempt, List<Violation> violations) {
        seen.add("reask " + nextAttempt);
      }
      @Override public void completed(CallInfo call, Extraction<?> result) {
        seen.add("completed " + result.attempts().size());
      }
    };
    Quarry quarry = quarry(Providers.openAi(), "/v1").withListener(recorder);

    try (StreamingExtraction<Person> stream = Streaming.start(quarry, PERSON, "Who is Ada?")) {
      assertThat(stream.result().value().age()).isEqualTo(36);
    }

    assertThat(seen).containsExactly(
        "started person", "request 1", "response 1 200", "invalid 1", "reask 2",
        "request 2", "response 2 200", "completed 2");
  }

  @Test
  void aFailedAnswerIsReaskedAndTheStreamSaysSo() throws Exception {
    String invalid = "{\"name\": \"Ada\", \"age\": -1}";
    server.enqueue("text/event-stream",
        new ArrayList<>(Bodies.openAiTools("Person", Bodies.pieces(invalid, 5), "stop")));
    server.enqueue("text/event-stream",
        new ArrayList<>(Bodies.openAiTools("Person", Bodies.pieces(ADA, 5), "stop")));
    List<StreamEvent<Person>> events = new ArrayList<>();
    try (StreamingExtraction<Person> stream =
        Streaming.start(quarry(Providers.openAi(), "/v1"), PERSON, "Who is Ada?")) {
      stream.forEachRemaining(events::add);
    }
    List<StreamEvent<Person>> reasks = events.stream()
        .filter(e -> e instanceof StreamEvent.NewAttempt<Person>).toList();
    assertThat(reasks).hasSize(1);
    StreamEvent.NewAttempt<Person> reask = (StreamEvent.NewAttempt<Person>) reasks.get(0);
    assertThat(reask.attempt()).isEqualTo(2);
    assertThat(reask.violations().toString()).contains("age must be >= 0");
    int at = events.indexOf(reask);
    assertThat(events.subList(0, at)).allMatch(e -> e.attempt() == 1);
    assertThat(events.subList(at + 1, events.size())).allMatch(e -> e.attempt() == 2);
    Extraction<Person> result = done(events);
    assertThat(result.value().age()).isEqualTo(36);
    assertThat(result.attempts()).hasSize(2);
    assertThat(result.usage().totalTokens()).isEqualTo(60);
    assertThat(result.attempts().get(0).responseBody()).contains("data: [DONE]");
    server.takeBody();
    JsonNode second = JSON.readTree(server.takeBody());
    assertThat(second.path("stream").asBoolean()).isTrue();
    assertThat(second.path("messages").toString()).contains("age must be >= 0");
  }

  @Test
  void retriesExhaustedAfterTheLastStreamedAnswer() {
    String invalid = "{\"name\": \"Ada\", \"age\": -1}";
    for (int i = 0; i < 3; i++) {
      server.enqueue("text/event-stream",
          new ArrayList<>(Bodies.openAiTools("Person", Bodies.pieces(invalid, 5), "stop")));
    }
    try (StreamingExtraction<Person> stream =
        Streaming.start(quarry(Providers.openAi(), "/v1"), PERSON, "Who is Ada?")) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(RetriesExhaustedException.class,
              e -> assertThat(e.attempts()).hasSize(3));
    }
  }

  @Test
  void closingCancelsTheRequest() throws Exception {
    List<Object> parts = new ArrayList<>(Bodies.openAiTools("Person", Bodies.pieces(ADA, 4), "stop")
        .subList(0, 4));
    parts.add(StreamServer.FOREVER);
    server.enqueue("text/event-stream", parts);
    StreamingExtraction<Person> stream =
        Streaming.start(quarry(Providers.openAi(), "/v1"), PERSON, "Who is Ada?");
    StreamEvent<Person> first = stream.next();
    assertThat(first).isInstanceOf(StreamEvent.Partial.class);
    stream.close();
    assertThat(stream.hasNext()).isFalse();
    // The server, still writing, sees the connection go away.
    assertThat(server.disconnected.await(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void anErrorEventMidStreamIsAProviderException() {
    List<String> body = new ArrayList<>(Bodies.anthropicTools("Person", Bodies.pieces(ADA, 4), "tool_use")
        .subList(0, 4));
    body.add("event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\","
        + " \"message\": \"Overloaded\"}}\n\n");
    server.enqueue("text/event-stream", new ArrayList<>(body));
    List<StreamEvent<Person>> seen = new ArrayList<>();
    try (StreamingExtraction<Person> stream =
        Streaming.start(quarry(Providers.anthropic(), "/v1"), PERSON, "Who is Ada?")) {
      assertThatThrownBy(() -> stream.forEachRemaining(seen::add))
          .isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.errorType()).isEqualTo("overloaded_error");
            assertThat(e.getMessage()).contains("Overloaded");
            assertThat(e.attempts()).hasSize(1);
            assertThat(e.attempts().get(0).responseBody()).contains("overloaded_error");
          });
    }
    assertThat(seen).isNotEmpty().allMatch(e -> e instanceof StreamEvent.Partial<Person>);
  }

  @Test
  void aConnectionResetMidStreamWithoutRetriesIsAProviderException() {
    List<Object> parts = new ArrayList<>(Bodies.openAiTools("Person", Bodies.pieces(ADA, 4), "stop")
        .subList(0, 4));
    parts.add(StreamServer.ABORT);
    server.enqueue("text/event-stream", parts);
    Quarry quarry = Quarry.builder().provider(Providers.openAi()).baseUrl(server.baseUrl() + "/v1")
        .apiKey("test-key-123456789").model("test-model").maxRetries(0).build();
    try (StreamingExtraction<Person> stream = Streaming.start(quarry, PERSON, "Who is Ada?")) {
      assertThatThrownBy(stream::result).isInstanceOfSatisfying(ProviderException.class, e -> {
        // Where the reset surfaces depends on the JDK's buffering (on JDK 25 it can come before
        // the first line: then it is a connection failure before any event).
        assertThat(e.getMessage()).containsAnyOf("broke while the answer was streaming",
            "could not reach openai");
        assertThat(e.getMessage()).contains("Sent once");
        assertThat(e.attempts()).hasSize(1);
      });
    }
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void anErrorStatusIsTheSameExceptionAsWithoutStreaming() {
    server.enqueue(429, "application/json",
        "{\"error\": {\"message\": \"Rate limit reached\", \"type\": \"requests\", \"code\": \"rate_limit_exceeded\"}}");
    Quarry quarry = Quarry.builder().provider(Providers.openAi()).baseUrl(server.baseUrl() + "/v1")
        .apiKey("test-key-123456789").model("test-model").maxRetries(0).build();
    try (StreamingExtraction<Person> stream = Streaming.start(quarry, PERSON, "Who is Ada?")) {
      assertThatThrownBy(stream::hasNext).isInstanceOfSatisfying(ProviderException.class, e -> {
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.getMessage()).contains("Rate limit reached");
      });
    }
  }

  @Test
  void truncationIsAnIncompleteOutputException() {
    String cut = ADA.substring(0, 20);
    server.enqueue("text/event-stream",
        new ArrayList<>(Bodies.openAiTools("Person", Bodies.pieces(cut, 4), "length")));
    try (StreamingExtraction<Person> stream =
        Streaming.start(quarry(Providers.openAi(), "/v1"), PERSON, "Who is Ada?")) {
      assertThatThrownBy(stream::result).isInstanceOfSatisfying(IncompleteOutputException.class,
          e -> assertThat(e.partialOutput()).isEqualTo(cut));
    }
  }

  @Test
  void aStreamThatStopsEarlyIsAProviderException() {
    server.enqueue("text/event-stream", new ArrayList<>(
        Bodies.openAiTools("Person", Bodies.pieces(ADA, 4), "stop").subList(0, 5)));
    try (StreamingExtraction<Person> stream =
        Streaming.start(quarry(Providers.openAi(), "/v1"), PERSON, "Who is Ada?")) {
      assertThatThrownBy(stream::result).isInstanceOfSatisfying(ProviderException.class,
          e -> assertThat(e.getMessage()).contains("stream ended before a finish_reason"));
    }
  }
}
