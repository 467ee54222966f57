package dev.quarry.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.sun.net.httpserver.HttpServer;
import dev.quarry.Quarry;
import dev.quarry.spi.ExtractMethod;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;
import tools.jackson.core.type.TypeReference;

/**
 * The extension run by JUnit itself (EngineTestKit) on the scenario classes below, with a local
 * HTTP server as the "live" OpenAI and a canary key that must never reach a file.
 */
public class QuarryRecordingsTest {
  public static final String CANARY = "sk-canary-4d8e2f6a1c9b7e3d5f0a";
  public static final Path ROOT = Path.of("target", "recordings-under-test");

  /** What the scenarios see: the environment and the prompt; set by each test. */
  public static final Map<String, String> ENVIRONMENT = new ConcurrentHashMap<>();
  static volatile String prompt = "Ada is 36.";

  private HttpServer server;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  public record Person(String name, int age) {}

  public interface People {}

  static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
      + "\"age\":{\"type\":\"integer\"}},\"required\":[\"name\",\"age\"],\"additionalProperties\":false}";
  public static final ExtractMethod<Person> PERSON =
      ExtractMethod.builder(People.class, "person", new TypeReference<Person>() {})
          .toolName("Person").schema(SCHEMA).strictSchema(SCHEMA).build();

  /** A user's test class, configured the programmatic way. */
  static class Scenario {
    @RegisterExtension
    static final QuarryRecordings RECORDINGS = QuarryRecordings.builder()
        .provider("openai")
        .model("gpt-4o-mini")
        .directory(ROOT)
        .environment(ENVIRONMENT::get)
        .build();

    @Test
    void readsAPerson(Quarry quarry) {
      assertThat(quarry.extract(PERSON, prompt).value()).isEqualTo(new Person("Ada", 36));
    }
  }

  /** Each invocation makes a different call, so each needs its own recordings. */
  static class Parameterized {
    @RegisterExtension
    static final QuarryRecordings RECORDINGS = QuarryRecordings.builder()
        .provider("openai").model("gpt-4o-mini").directory(ROOT).environment(ENVIRONMENT::get)
        .build();

    @ParameterizedTest
    @CsvSource({"Ada is 36., Ada, 36", "Bob is 41., Bob, 41"})
    void readsEach(String text, String name, int age, Quarry quarry) {
      assertThat(quarry.extract(PERSON, text).value()).isEqualTo(new Person(name, age));
    }

    @RepeatedTest(3)
    void asksAgain(RepetitionInfo repetition, Quarry quarry) {
      assertThat(quarry.extract(PERSON, "Ada is 36, question " + repetition.getCurrentRepetition())
          .value()).isEqualTo(new Person("Ada", 36));
    }
  }

  /** A user's test class, configured with the annotation; it has no recordings. */
  @QuarryTest(provider = "openai", model = "gpt-4o-mini", directory = "target/recordings-under-test")
  static class Annotated {
    @Test
    void neverRecorded(Quarry quarry) {}
  }

  @BeforeEach
  void start() throws IOException {
    deleteRecursively(ROOT);
    ENVIRONMENT.clear();
    prompt = "Ada is 36.";
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
      String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String person = request.contains("Bob") ? "{\"name\":\"Bob\",\"age\":41}"
          : "{\"name\":\"Ada\",\"age\":36}";
      // The server echoes the key in its body, as some error messages do.
      byte[] body = completion(person, "key " + CANARY + " accepted")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.getResponseHeaders().add("x-api-key", CANARY);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void live() {
    ENVIRONMENT.put("OPENAI_API_KEY", CANARY);
    ENVIRONMENT.put("OPENAI_BASE_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  private static Events run(Class<?> scenario) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(scenario)).execute()
        .testEvents();
  }

  @Test
  void withAKeyItRecordsTheLiveExchangesWithoutSecrets() throws IOException {
    live();

    run(Scenario.class).assertStatistics(stats -> stats.started(1).succeeded(1));

    assertThat(authorizations).containsExactly("Bearer " + CANARY);
    Path directory = ROOT.resolve("dev/quarry/junit/QuarryRecordingsTest$Scenario").resolve("readsAPerson");
    List<Path> files = list(directory);
    assertThat(files).extracting(p -> p.getFileName().toString())
        .anyMatch(name -> name.matches("0001-[0-9a-f]{8}\\.json"))
        .contains("index.txt");
    for (Path file : files) {
      assertThat(Files.readString(file)).doesNotContain(CANARY);
    }
    assertThat(Files.readString(files.get(0))).contains("\"fixture\" : \"recorded\"", "Ada is 36.",
        "key [redacted] accepted");
  }

  @Test
  void withoutAKeyItReplaysTheRecordingsWithoutTheNetwork() {
    live();
    run(Scenario.class).assertStatistics(stats -> stats.succeeded(1));
    ENVIRONMENT.clear();

    run(Scenario.class).assertStatistics(stats -> stats.started(1).succeeded(1));

    assertThat(authorizations).hasSize(1);
  }

  @Test
  void recordingAgainReplacesTheOldFiles() throws IOException {
    live();
    run(Scenario.class).assertStatistics(stats -> stats.succeeded(1));
    run(Scenario.class).assertStatistics(stats -> stats.succeeded(1));

    Path directory = ROOT.resolve("dev/quarry/junit/QuarryRecordingsTest$Scenario").resolve("readsAPerson");
    assertThat(list(directory)).hasSize(2); // one exchange and the index
  }

  @Test
  void aChangedRequestFailsWithTheFirstDifferenceAndBothBodies() {
    live();
    run(Scenario.class).assertStatistics(stats -> stats.succeeded(1));
    ENVIRONMENT.clear();
    prompt = "Ada is 37.";

    Events events = run(Scenario.class);

    events.assertThatEvents().haveExactly(1, event(test("readsAPerson"), finishedWithFailure(
        instanceOf(AssertionFailedError.class),
        message(m -> m.startsWith("Request 1 does not match the recordings in ")
            && m.contains("first difference at /messages/0/content: recorded \"Ada is 36.\","
                + " sent \"Ada is 37.\"")
            && m.contains("run the test with OPENAI_API_KEY set")))));
    AssertionFailedError failure = (AssertionFailedError) events.failed().stream().findFirst()
        .orElseThrow().getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
        .getThrowable().orElseThrow();
    assertThat(failure.getExpected().getStringRepresentation()).contains("\"Ada is 36.\"");
    assertThat(failure.getActual().getStringRepresentation()).contains("\"Ada is 37.\"");
  }

  @Test
  void eachInvocationOfAParameterizedOrRepeatedTestKeepsItsOwnRecordings() throws IOException {
    live();
    run(Parameterized.class).assertStatistics(stats -> stats.started(5).succeeded(5));
    assertThat(authorizations).hasSize(5);
    ENVIRONMENT.clear(); // no key: replay

    run(Parameterized.class).assertStatistics(stats -> stats.started(5).succeeded(5));

    assertThat(authorizations).as("no network on replay").hasSize(5);
    Path parameterized = ROOT.resolve("dev/quarry/junit/QuarryRecordingsTest$Parameterized");
    assertThat(Files.readString(exchange(parameterized.resolve("readsEach/1")))).contains("Ada is 36.");
    assertThat(Files.readString(exchange(parameterized.resolve("readsEach/2")))).contains("Bob is 41.");
    for (int i = 1; i <= 3; i++) {
      assertThat(Files.readString(exchange(parameterized.resolve("asksAgain/" + i))))
          .contains("question " + i);
    }
  }

  @Test
  void twoTestClassesOfTheSameNameInDifferentPackagesKeepApart() throws IOException {
    live();
    run(dev.quarry.junit.a.SameName.class).assertStatistics(stats -> stats.succeeded(1));
    run(dev.quarry.junit.b.SameName.class).assertStatistics(stats -> stats.succeeded(1));
    ENVIRONMENT.clear();

    run(dev.quarry.junit.a.SameName.class).assertStatistics(stats -> stats.succeeded(1));
    run(dev.quarry.junit.b.SameName.class).assertStatistics(stats -> stats.succeeded(1));

    assertThat(authorizations).hasSize(2);
    assertThat(Files.readString(exchange(ROOT.resolve("dev/quarry/junit/a/SameName/reads"))))
        .contains("Ada is 36.");
    assertThat(Files.readString(exchange(ROOT.resolve("dev/quarry/junit/b/SameName/reads"))))
        .contains("Bob is 41.");
  }

  @Test
  void recordingsInTheOldSharedFolderAreNamedInTheMessage() throws IOException {
    Path old = ROOT.resolve("QuarryRecordingsTest$Annotated").resolve("neverRecorded");
    Files.createDirectories(old);

    run(Annotated.class).assertThatEvents().haveExactly(1, event(test("neverRecorded"),
        finishedWithFailure(message(m -> m.contains("move the files from " + old)))));
  }

  /** The one exchange file in {@code directory}. */
  private static Path exchange(Path directory) throws IOException {
    List<Path> json = list(directory).stream()
        .filter(p -> p.getFileName().toString().endsWith(".json")).toList();
    assertThat(json).as("exchanges in %s", directory).hasSize(1);
    return json.get(0);
  }

  @Test
  void keyPresentButReplayForcedReplays() {
    live();
    run(Scenario.class).assertStatistics(stats -> stats.succeeded(1));
    ENVIRONMENT.put(QuarryRecordings.MODE_VARIABLE, "replay");

    run(Scenario.class).assertStatistics(stats -> stats.succeeded(1));

    assertThat(authorizations).hasSize(1);
  }

  @Test
  void missingRecordingsSayHowToMakeThem() {
    run(Annotated.class).assertThatEvents().haveExactly(1, event(test("neverRecorded"),
        finishedWithFailure(message(m -> m.contains("There are no recordings for"
            + " dev.quarry.junit.QuarryRecordingsTest$Annotated.neverRecorded")
            && m.contains("Run the test once with OPENAI_API_KEY set")))));
  }

  static String completion(String arguments, String fingerprint) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\","
        + "\"system_fingerprint\":\"" + fingerprint + "\",\"choices\":[{\"index\":0,"
        + "\"finish_reason\":\"tool_calls\",\"message\":{\"role\":\"assistant\",\"content\":null,"
        + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"Person\","
        + "\"arguments\":" + quote(arguments) + "}}]}}],"
        + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5}}";
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static List<Path> list(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.sorted().toList();
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
