package dev.quarry.reliability;

import static dev.quarry.reliability.Fixtures.KEY;
import static dev.quarry.reliability.Fixtures.PERSON;
import static dev.quarry.reliability.Fixtures.ada;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quarry.Extraction;
import dev.quarry.Mode;
import dev.quarry.ProviderException;
import dev.quarry.Quarry;
import dev.quarry.QuarryException;
import dev.quarry.provider.Provider;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.provider.Providers;
import dev.quarry.reliability.Fixtures.FakeTime;
import dev.quarry.testing.LocalServer;
import dev.quarry.transport.JdkHttpTransport;
import dev.quarry.transport.RecordingTransport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import dev.quarry.observe.AttemptResult;
import dev.quarry.observe.CallInfo;
import dev.quarry.observe.QuarryListener;

/**
 * A canary key goes through every path that reports something (exception messages, stack
 * traces, toString()s, the {@code dev.quarry} System.Logger at its finest level, recordings)
 * and must appear in none of them. System.Logger's default backend is java.util.logging, so a
 * handler on the JUL logger {@code dev.quarry} sees everything Quarry logs.
 */
class SecretsTest {
  private final LocalServer server = LocalServer.start();
  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final Logger julLogger = Logger.getLogger("dev.quarry");
  private final Handler capture = new Handler() {
    private final SimpleFormatter formatter = new SimpleFormatter();

    @Override
    public void publish(LogRecord record) {
      logged.add(formatter.format(record));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private Level previousLevel;

  @BeforeEach
  void captureLogs() {
    previousLevel = julLogger.getLevel();
    julLogger.setLevel(Level.ALL);
    capture.setLevel(Level.ALL);
    julLogger.addHandler(capture);
  }

  @AfterEach
  void close() {
    julLogger.removeHandler(capture);
    julLogger.setLevel(previousLevel);
    server.close();
  }

  /** An error body that echoes the key, as some gateways do. */
  private static String echoingError(String type) {
    return echoingError(type, KEY);
  }

  private static String echoingError(String type, String key) {
    return "{\"error\":{\"message\":\"Incorrect API key provided: " + key + "\",\"type\":\"" + type
        + "\"},\"type\":\"error\"}";
  }

  /** Shorter than any length rule would keep: redaction may not depend on the key's length. */
  private static final String SHORT_KEY = "k1";

  @ParameterizedTest
  @CsvSource({"openai,WHOLE", "openai,STREAMED", "openai-responses,WHOLE", "openai-responses,STREAMED",
      "anthropic,WHOLE", "anthropic,STREAMED", "gemini,WHOLE", "gemini,STREAMED", "ollama,WHOLE",
      "ollama,STREAMED"})
  void aShortKeyIsNowhereInWhatAFailedCallReports(String providerName, Via via, @TempDir Path recordings)
      throws IOException {
    server.enqueue(429, Map.of("content-type", "application/json", "retry-after", "0"),
        echoingError("rate_limit_error", SHORT_KEY));
    server.enqueue(401, echoingError("authentication_error", SHORT_KEY));
    List<String> heard = new CopyOnWriteArrayList<>();
    Quarry quarry = Quarry.builder()
        .provider(Providers.named(providerName))
        .baseUrl(server.baseUrl())
        .apiKey(SHORT_KEY)
        .model("m")
        .timeSource(new FakeTime())
        .transport(RecordingTransport.of(JdkHttpTransport.create(), recordings))
        .listener(new QuarryListener() {
          @Override
          public void transportRetry(CallInfo call, int attempt, Extraction.Retry retry) {
            heard.add(retry.toString());
          }

          @Override
          public void responseReceived(CallInfo call, int attempt, int status, String body,
              java.time.Duration latency) {
            heard.add(body);
          }

          @Override
          public void attemptFinished(CallInfo call, AttemptResult result) {
            heard.add(result.toString());
          }

          @Override
          public void failed(CallInfo call, QuarryException error) {
            heard.add(error.getMessage());
          }
        })
        .build();

    QuarryException e = catchThrowableOfType(
        () -> via.extract(quarry, PERSON, "Ada, 36"), QuarryException.class);

    assertThat(e).isInstanceOf(ProviderException.class);
    assertThat(heard).as("the listener heard the call").isNotEmpty()
        .anySatisfy(text -> assertThat(text).contains("[redacted]"));
    for (List<String> texts : List.of(everythingReported(e, quarry), heard, logged,
        recordingsIn(recordings))) {
      for (String text : texts) {
        assertThat(text).doesNotContain("provided: " + SHORT_KEY).doesNotContain(" " + SHORT_KEY + "\"")
            .doesNotContain("Bearer " + SHORT_KEY);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "openai-responses", "anthropic", "gemini", "ollama"})
  void theKeyIsNowhereInWhatAFailedCallReports(String providerName, @TempDir Path recordings)
      throws IOException {
    Provider provider = Providers.named(providerName);
    server.enqueue(429, Map.of("content-type", "application/json", "retry-after", "0"),
        echoingError("rate_limit_error"));
    server.enqueue(401, echoingError("authentication_error"));
    Quarry quarry = Quarry.builder()
        .provider(provider)
        .baseUrl(server.baseUrl())
        .apiKey(KEY)
        .model("m")
        .timeSource(new FakeTime())
        .transport(RecordingTransport.of(JdkHttpTransport.create(), recordings))
        .build();

    QuarryException e = catchThrowableOfType(
        () -> quarry.extract(PERSON, "Ada, 36"), QuarryException.class);

    assertThat(e).isInstanceOf(ProviderException.class);
    assertThat(e.attempts()).singleElement()
        .satisfies(a -> assertThat(a.retries()).hasSize(1));
    assertThat(server.takeRequest().body()).doesNotContain(KEY); // the key travels in a header
    assertNoKey(everythingReported(e, quarry));
    assertNoKey(logged);
    assertThat(logged).as("the test sees Quarry's logs").isNotEmpty();
    assertNoKey(recordingsIn(recordings));
  }

  @Test
  void theKeyIsNowhereInWhatASuccessfulCallReports() {
    server.enqueue(200, ada());
    Quarry quarry = Quarry.builder().baseUrl(server.baseUrl()).apiKey(KEY).model("gpt-4o-mini").build();

    Extraction<Fixtures.Person> result = quarry.extract(PERSON, "Ada, 36");

    assertNoKey(List.of(result.toString(), quarry.toString()));
    assertNoKey(logged);
  }

  @Test
  void providerRequestsDoNotShowTheKey() {
    ProviderRequest request = new ProviderRequest("http://x", KEY, "m", PERSON, Mode.TOOLS,
        List.of(), null, null);

    assertThat(request.toString()).doesNotContain(KEY).contains("[redacted]");
  }

  @Test
  void unreachableServerMessagesDoNotShowTheKey() {
    String gone;
    try (LocalServer closed = LocalServer.start()) {
      gone = closed.baseUrl();
    }
    Quarry quarry = Quarry.builder().baseUrl(gone).apiKey(KEY).model("m").maxRetries(1)
        .timeSource(new FakeTime()).build();

    QuarryException e = catchThrowableOfType(
        () -> quarry.extract(PERSON, "Ada, 36"), QuarryException.class);

    assertNoKey(everythingReported(e, quarry));
    assertNoKey(logged);
  }

  private static List<String> everythingReported(QuarryException e, Quarry quarry) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    List<String> texts = new java.util.ArrayList<>(List.of(
        trace.toString(), String.valueOf(e), e.attempts().toString(), quarry.toString()));
    if (e instanceof ProviderException) {
      texts.add(String.valueOf(((ProviderException) e).responseBody()));
      texts.add(String.valueOf(((ProviderException) e).errorMessage()));
    }
    return texts;
  }

  private static List<String> recordingsIn(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      List<String> contents = new java.util.ArrayList<>();
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        contents.add(Files.readString(file));
      }
      assertThat(contents).as("recordings were written").isNotEmpty();
      return contents;
    }
  }

  private static void assertNoKey(List<String> texts) {
    for (String text : texts) {
      assertThat(text).doesNotContain(KEY).doesNotContain(KEY.substring(3, 20));
    }
  }
}
