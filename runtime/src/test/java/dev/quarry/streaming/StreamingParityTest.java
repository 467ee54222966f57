package dev.quarry.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.BudgetExceededException;
import dev.quarry.DeadlineExceededException;
import dev.quarry.Extraction;
import dev.quarry.InvalidInputException;
import dev.quarry.ProviderException;
import dev.quarry.Quarry;
import dev.quarry.QuarryException;
import dev.quarry.StreamEvent;
import dev.quarry.StreamingExtraction;
import dev.quarry.observe.AttemptResult;
import dev.quarry.observe.CallInfo;
import dev.quarry.observe.QuarryListener;
import dev.quarry.provider.Provider;
import dev.quarry.provider.Providers;
import dev.quarry.streaming.StreamingEndToEndTest.Person;
import dev.quarry.transport.RateLimiter;
import dev.quarry.transport.RetryPolicy;
import dev.quarry.transport.TimeSource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Streamed calls get everything whole calls get: for each provider's stream format, against a
 * local server, transport retries before the first event, a defined outcome for a break after
 * events were delivered, the deadline, budgets, the rate limiter, the client's token total,
 * listener events and input checks.
 */
class StreamingParityTest {
  private static final Person ADA = new Person("Ada", 36);
  private static final String ADA_JSON = "{\"name\": \"Ada\", \"age\": 36}";
  private static final String INVALID_JSON = "{\"name\": \"Ada\", \"age\": -1}";
  private static final String PEOPLE_JSON =
      "{\"value\": [{\"name\": \"Ada\", \"age\": 36}, {\"name\": \"Alan\", \"age\": 41},"
          + " {\"name\": \"Grace\", \"age\": 85}]}";
  private static final String OTHER_PEOPLE_JSON =
      "{\"value\": [{\"name\": \"Edsger\", \"age\": 72}, {\"name\": \"Alan\", \"age\": 41}]}";

  /** Each provider's stream format: where its API lives, how it streams, how it says no. */
  enum Wire {
    OPENAI_CHAT(Providers.openAi(), "/v1", "text/event-stream",
        (json, tool) -> Bodies.openAiTools(tool, Bodies.pieces(json, 4), "stop"),
        "{\"error\": {\"message\": \"Rate limit reached\", \"type\": \"requests\"}}"),
    OPENAI_RESPONSES(Providers.openAiResponses(), "/v1", "text/event-stream",
        (json, tool) -> Bodies.responsesTools(tool, Bodies.pieces(json, 4)),
        "{\"error\": {\"message\": \"Rate limit reached\", \"type\": \"requests\"}}"),
    ANTHROPIC(Providers.anthropic(), "/v1", "text/event-stream",
        (json, tool) -> Bodies.anthropicTools(tool, Bodies.pieces(json, 4), "tool_use"),
        "{\"type\": \"error\", \"error\": {\"type\": \"rate_limit_error\", \"message\": \"Rate limited\"}}"),
    GEMINI(Providers.gemini(), "/v1beta", "text/event-stream",
        (json, tool) -> Bodies.geminiText(Bodies.pieces(json, 4)),
        "{\"error\": {\"code\": 429, \"message\": \"Resource exhausted\", \"status\": \"RESOURCE_EXHAUSTED\"}}"),
    OLLAMA(Providers.ollama(), "", "application/x-ndjson",
        (json, tool) -> Bodies.ollamaText(Bodies.pieces(json, 4)),
        "{\"error\": \"too many requests\"}");

    final Provider provider;
    final String path;
    final String contentType;
    final java.util.function.BiFunction<String, String, List<String>> body;
    final String limited;

    Wire(Provider provider, String path, String contentType,
        java.util.function.BiFunction<String, String, List<String>> body, String limited) {
      this.provider = provider;
      this.path = path;
      this.contentType = contentType;
      this.body = body;
      this.limited = limited;
    }

    List<Object> person(String json) {
      return new ArrayList<>(body.apply(json, "Person"));
    }

    List<Object> people(String json) {
      return new ArrayList<>(body.apply(json, "People"));
    }
  }

  /** A clock that moves only when slept on, recording every sleep. */
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
  }

  private final StreamServer server = start();
  private final FakeTime time = new FakeTime();

  private static StreamServer start() {
    try {
      return new StreamServer();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void close() {
    server.close();
  }

  private Quarry.Builder client(Wire wire) {
    return Quarry.builder().provider(wire.provider).baseUrl(server.baseUrl() + wire.path)
        .apiKey("test-key-123456789").model("test-model").timeSource(time)
        .retryPolicy(RetryPolicy.builder().jitter(() -> 1.0).build());
  }

  private static <T> Extraction<T> result(Quarry quarry, dev.quarry.spi.ExtractMethod<T> method) {
    try (StreamingExtraction<T> stream = quarry.extractStreaming(method, "Who is Ada?")) {
      return stream.result();
    }
  }

  // ------------------------------------------------------------ failures before the first event

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aRateLimitWithRetryAfterIsWaitedOutAndRetried(Wire wire) {
    server.enqueue(429, Map.of("content-type", "application/json", "retry-after", "2"), wire.limited);
    server.enqueue(wire.contentType, wire.person(ADA_JSON));

    Extraction<Person> result = result(client(wire).build(), StreamingEndToEndTest.PERSON);

    assertThat(result.value()).isEqualTo(ADA);
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2));
    assertThat(result.attempts()).singleElement().satisfies(attempt -> {
      assertThat(attempt.status()).isEqualTo(200);
      assertThat(attempt.responseHeaders()).containsEntry("content-type", wire.contentType);
      assertThat(attempt.retries()).singleElement().satisfies(retry -> {
        assertThat(retry.status()).isEqualTo(429);
        assertThat(retry.delay()).isEqualTo(Duration.ofSeconds(2));
      });
    });
    assertThat(server.requests()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aRateLimitWithoutHintsBacksOffAndIsRetried(Wire wire) {
    server.enqueue(429, Map.of("content-type", "application/json"), wire.limited);
    server.enqueue(wire.contentType, wire.person(ADA_JSON));

    Extraction<Person> result = result(client(wire).build(), StreamingEndToEndTest.PERSON);

    assertThat(result.value()).isEqualTo(ADA);
    assertThat(time.sleeps).containsExactly(Duration.ofMillis(500));
    assertThat(result.requestCount()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aServerErrorIsRetried(Wire wire) {
    server.enqueue(503, Map.of("content-type", "text/plain"), "upstream busy");
    server.enqueue(wire.contentType, wire.person(ADA_JSON));

    Extraction<Person> result = result(client(wire).build(), StreamingEndToEndTest.PERSON);

    assertThat(result.value()).isEqualTo(ADA);
    assertThat(result.lastAttempt().retries()).extracting(Extraction.Retry::status).containsExactly(503);
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aConnectionClosedBeforeTheFirstEventIsRetried(Wire wire) {
    server.enqueue(wire.contentType, List.of(StreamServer.ABORT));
    server.enqueue(wire.contentType, wire.person(ADA_JSON));
    List<StreamEvent<Person>> events = new ArrayList<>();

    try (StreamingExtraction<Person> stream =
        client(wire).build().extractStreaming(StreamingEndToEndTest.PERSON, "Who is Ada?")) {
      stream.forEachRemaining(events::add);
    }

    Extraction<Person> result = ((StreamEvent.Done<Person>) events.get(events.size() - 1)).extraction();
    assertThat(result.value()).isEqualTo(ADA);
    assertThat(result.lastAttempt().retries()).singleElement()
        .satisfies(retry -> assertThat(retry.error()).isNotBlank());
    // nothing had been delivered: the consumer sees one answer, not a new attempt
    assertThat(events).noneMatch(e -> e instanceof StreamEvent.NewAttempt<Person>);
    assertThat(server.requests()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aRefusedConnectionIsRetriedThenReported(Wire wire) throws IOException {
    String gone;
    try (StreamServer closed = new StreamServer()) {
      gone = closed.baseUrl();
    }
    Quarry quarry = client(wire).baseUrl(gone + wire.path).build();

    assertThatThrownBy(() -> result(quarry, StreamingEndToEndTest.PERSON))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isZero();
          assertThat(e.getMessage()).contains("could not reach").contains("Sent 3 times");
          assertThat(e.attempts()).singleElement()
              .satisfies(a -> assertThat(a.retries()).hasSize(2));
        });
    assertThat(time.sleeps).hasSize(2);
  }

  // -------------------------------------------------------- failures after events were delivered

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aBreakAfterEventsIsRetriedAndEventConsumersSeeANewAttempt(Wire wire) {
    List<Object> broken = wire.person(ADA_JSON);
    broken = new ArrayList<>(broken.subList(0, broken.size() / 2 + 1));
    broken.add(StreamServer.ABORT);
    server.enqueue(wire.contentType, broken);
    server.enqueue(wire.contentType, wire.person(ADA_JSON));
    List<StreamEvent<Person>> events = new ArrayList<>();

    try (StreamingExtraction<Person> stream =
        client(wire).build().extractStreaming(StreamingEndToEndTest.PERSON, "Who is Ada?")) {
      stream.forEachRemaining(events::add);
    }

    Extraction<Person> result = ((StreamEvent.Done<Person>) events.get(events.size() - 1)).extraction();
    assertThat(result.value()).isEqualTo(ADA);
    assertThat(result.attempts()).hasSize(1);
    assertThat(result.lastAttempt().retries()).hasSize(1);
    int restart = indexOfNewAttempt(events);
    if (restart >= 0) { // the break surfaced after the first events (not before, as JDKs may buffer)
      assertThat(events.subList(0, restart)).isNotEmpty()
          .allMatch(e -> e instanceof StreamEvent.Partial<Person>);
      assertThat(((StreamEvent.NewAttempt<Person>) events.get(restart)).violations()).isEmpty();
      assertThat(result.lastAttempt().retries().get(0).status()).isEqualTo(200);
    }
    assertThat(server.requests()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aBreakAfterElementsNeverDeliversAnElementTwice(Wire wire) {
    List<Object> broken = wire.people(PEOPLE_JSON);
    broken = new ArrayList<>(broken.subList(0, broken.size() * 2 / 3));
    broken.add(StreamServer.ABORT);
    server.enqueue(wire.contentType, broken);
    server.enqueue(wire.contentType, wire.people(PEOPLE_JSON));

    List<Person> people;
    try (StreamingExtraction<List<Person>> stream =
        client(wire).build().extractStreaming(StreamingEndToEndTest.PEOPLE, "Who?")) {
      people = stream.<Person>elements().collect(Collectors.toList());
    }

    assertThat(people).containsExactly(ADA, new Person("Alan", 41), new Person("Grace", 85));
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aRetriedAnswerThatContradictsDeliveredElementsEndsWithATypedException(Wire wire) {
    List<Object> broken = wire.people(PEOPLE_JSON);
    broken = new ArrayList<>(broken.subList(0, broken.size() * 2 / 3));
    broken.add(StreamServer.ABORT);
    server.enqueue(wire.contentType, broken);
    server.enqueue(wire.contentType, wire.people(OTHER_PEOPLE_JSON));
    List<Person> delivered = new ArrayList<>();

    try (StreamingExtraction<List<Person>> stream =
        client(wire).build().extractStreaming(StreamingEndToEndTest.PEOPLE, "Who?")) {
      var elements = stream.<Person>elements().iterator();
      Throwable thrown = null;
      try {
        while (elements.hasNext()) {
          delivered.add(elements.next());
        }
      } catch (QuarryException e) {
        thrown = e;
      }
      if (delivered.isEmpty() || delivered.get(0).name().equals("Edsger")) {
        // the break came before any element was delivered: the second answer is simply the answer
        assertThat(thrown).isNull();
        assertThat(delivered).extracting(Person::name).containsExactly("Edsger", "Alan");
      } else {
        assertThat(thrown).isInstanceOf(QuarryException.class)
            .hasMessageContaining("differs at element 0");
        assertThat(delivered).first().isEqualTo(ADA);
        assertThat(delivered).extracting(Person::name).doesNotContain("Edsger");
      }
    }
  }

  // ---------------------------------------------------------------- deadline, budgets, limits

  @ParameterizedTest
  @EnumSource(Wire.class)
  void theDeadlineCancelsTheRequestAndEndsTheStream(Wire wire) throws InterruptedException {
    List<Object> parts = wire.person(ADA_JSON);
    parts = new ArrayList<>(parts.subList(0, 3));
    parts.add(wire == Wire.OLLAMA ? StreamServer.FOREVER_BLANK : StreamServer.FOREVER);
    server.enqueue(wire.contentType, parts);
    Quarry quarry = Quarry.builder().provider(wire.provider).baseUrl(server.baseUrl() + wire.path)
        .apiKey("test-key-123456789").model("test-model").deadline(Duration.ofMillis(400)).build();

    assertThatThrownBy(() -> result(quarry, StreamingEndToEndTest.PERSON))
        .isInstanceOfSatisfying(DeadlineExceededException.class, e -> {
          assertThat(e.deadline()).isEqualTo(Duration.ofMillis(400));
          assertThat(e.attempts()).singleElement()
              .satisfies(a -> assertThat(a.status()).isEqualTo(200));
        });
    assertThat(server.disconnected.await(30, TimeUnit.SECONDS)).as("the request was cancelled").isTrue();
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void theCallBudgetStopsAStreamedReaskLoop(Wire wire) {
    for (int i = 0; i < 3; i++) {
      server.enqueue(wire.contentType, wire.person(INVALID_JSON));
    }
    Quarry quarry = client(wire).maxAttempts(3).maxTokensPerCall(50).build();

    assertThatThrownBy(() -> result(quarry, StreamingEndToEndTest.PERSON))
        .isInstanceOfSatisfying(BudgetExceededException.class, e -> {
          assertThat(e.scope()).isEqualTo(BudgetExceededException.Scope.CALL);
          assertThat(e.attempts()).hasSize(1);
          assertThat(e.usage().totalTokens()).isEqualTo(30);
        });
    assertThat(server.requests()).isEqualTo(1);
    assertThat(quarry.totalUsage().totalTokens()).isEqualTo(30);
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void theRateLimiterTheTotalAndTheListenersSeeStreamedCalls(Wire wire) {
    server.enqueue(wire.contentType, wire.person(ADA_JSON));
    server.enqueue(wire.contentType, wire.person(ADA_JSON));
    List<AttemptResult> finished = new CopyOnWriteArrayList<>();
    Quarry quarry = client(wire).rateLimiter(RateLimiter.perMinute(1, 0, time))
        .listener(new QuarryListener() {
          @Override
          public void attemptFinished(CallInfo call, AttemptResult result) {
            finished.add(result);
          }
        }).build();

    result(quarry, StreamingEndToEndTest.PERSON);
    result(quarry, StreamingEndToEndTest.PERSON);

    assertThat(time.sleeps).as("the second call waited for the rate limit").isNotEmpty();
    assertThat(quarry.totalUsage().totalTokens()).isEqualTo(60);
    assertThat(finished).hasSize(2).allSatisfy(result -> {
      assertThat(result.outcome()).isEqualTo(AttemptResult.Outcome.OK);
      assertThat(result.attempt().status()).isEqualTo(200);
    });
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void blankAndOversizedPromptsAreRejectedWithoutARequest(Wire wire) {
    Quarry quarry = client(wire).maxInputChars(10).build();

    assertThatThrownBy(() -> quarry.extractStreaming(StreamingEndToEndTest.PERSON, "  \n"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> quarry.extractStreaming(StreamingEndToEndTest.PERSON, "x".repeat(11)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("maxInputChars");
    assertThat(server.requests()).isZero();
  }

  private static <T> int indexOfNewAttempt(List<StreamEvent<T>> events) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i) instanceof StreamEvent.NewAttempt<T>) {
        return i;
      }
    }
    return -1;
  }
}
