package dev.quarry.junit;

import static java.util.Objects.requireNonNull;

import dev.quarry.ConfigurationException;
import dev.quarry.Quarry;
import dev.quarry.provider.Provider;
import dev.quarry.provider.Providers;
import dev.quarry.transport.Exchange;
import dev.quarry.transport.JdkHttpTransport;
import dev.quarry.transport.RecordingTransport;
import dev.quarry.transport.ReplayTransport;
import dev.quarry.transport.Transport;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;
import tools.jackson.databind.json.JsonMapper;

/**
 * Model calls in your own tests, without a network in CI: with the provider's key in the
 * environment, a test's calls go to the live model and every exchange is written to {@code
 * src/test/resources/<package as folders>/<TestClass>/<testMethod>/}, with one more folder per
 * invocation ({@code 1/}, {@code 2/}...) for a {@code @ParameterizedTest} or {@code @RepeatedTest}
 * (re-recording replaces the folder's files); without the key, the same calls are answered from
 * those files. Commit the files with the test.
 *
 * <p>Declaratively, with {@link QuarryTest @QuarryTest(provider = "openai", model =
 * "gpt-4o-mini")}; or programmatically, for more control:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final QuarryRecordings RECORDINGS = QuarryRecordings.builder()
 *     .provider("anthropic").model("claude-sonnet-4-5")
 *     .configure(builder -> builder.maxAttempts(2))
 *     .build();
 *
 * @Test
 * void readsTheTotal(Quarry quarry) { ... }        // or a Transport, to build your own Quarry
 * }</pre>
 *
 * <p><b>Record or replay.</b> {@code QUARRY_RECORDINGS=replay} replays even with a key (CI with
 * keys), {@code QUARRY_RECORDINGS=record} records even without one (a local server such as
 * Ollama); otherwise the key decides. The base URL of a recording run is the provider's usual
 * one, or its environment variable (e.g. {@code OPENAI_BASE_URL}).
 *
 * <p><b>Mismatches.</b> A request that the recordings do not hold fails the test with an {@link
 * AssertionFailedError} naming the first difference as a JSON pointer, with the recorded and the
 * sent body as expected and actual (IDEs show them side by side). A replayed test that leaves
 * recordings unused fails too: the code under test made fewer calls than when it was recorded.
 *
 * <p><b>Secrets</b> never reach the files: {@link RecordingTransport} drops credential headers and
 * query parameters and redacts their values wherever a body echoes them.
 */
public final class QuarryRecordings implements ParameterResolver, AfterEachCallback {
  static final String DEFAULT_DIRECTORY = "src/test/resources";
  /** The environment variable that forces {@code record} or {@code replay}. */
  public static final String MODE_VARIABLE = "QUARRY_RECORDINGS";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(QuarryRecordings.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Settings configured;

  /** For {@link QuarryTest} and {@code @ExtendWith}: the settings come from {@link QuarryTest}. */
  public QuarryRecordings() {
    this.configured = null;
  }

  private QuarryRecordings(Settings settings) {
    this.configured = settings;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether a test runs against the live model or the recordings. */
  public enum Mode {
    RECORD,
    REPLAY
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Quarry.class || type == Transport.class || type == Mode.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Session session = session(context);
    Class<?> type = parameter.getParameter().getType();
    return type == Quarry.class ? session.quarry : type == Transport.class ? session.transport
        : session.mode;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Session session = context.getStore(NAMESPACE).remove(context.getUniqueId(), Session.class);
    if (session == null || session.replay == null || session.mismatched
        || context.getExecutionException().isPresent()) {
      return;
    }
    int unused = session.replay.remaining();
    if (unused > 0) {
      throw new AssertionFailedError(unused + " of the " + session.exchanges.size()
          + " recordings in " + session.directory + " were not used: the test made fewer model"
          + " calls than when it was recorded. Record it again (run it with "
          + session.keyHint + " set), or find the call that went missing.");
    }
  }

  private Session session(ExtensionContext context) {
    return context.getStore(NAMESPACE).getOrComputeIfAbsent(
        context.getUniqueId(), id -> open(context), Session.class);
  }

  private Session open(ExtensionContext context) {
    Settings settings = configured != null ? configured : fromAnnotation(context);
    Provider provider = Providers.named(settings.provider);
    Path directory = directory(settings.directory, context);
    String testName = testName(context);
    Function<String, String> environment = settings.environment;
    String key = null;
    for (String variable : provider.apiKeyVariables()) {
      String value = environment.apply(variable);
      if (value != null && !value.isBlank()) {
        key = value.strip();
        break;
      }
    }
    String keyHint = provider.apiKeyVariables().isEmpty()
        ? MODE_VARIABLE + "=record" : String.join(" or ", provider.apiKeyVariables());
    String forced = environment.apply(MODE_VARIABLE);
    Mode mode;
    if (forced != null && !forced.isBlank()) {
      try {
        mode = Mode.valueOf(forced.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ParameterResolutionException(
            MODE_VARIABLE + " must be record or replay, not '" + forced + "'");
      }
    } else {
      mode = key != null ? Mode.RECORD : Mode.REPLAY;
    }

    Quarry.Builder builder = Quarry.builder().provider(provider).model(settings.model);
    if (mode == Mode.RECORD) {
      clear(directory);
      String baseUrl = settings.baseUrl != null ? settings.baseUrl
          : provider.baseUrlFromEnvironment(environment);
      Transport transport = RecordingTransport.of(
          JdkHttpTransport.create(Duration.ofSeconds(10), Duration.ofMinutes(2)), directory);
      if (key != null) {
        builder.apiKey(key);
      }
      builder.baseUrl(baseUrl != null ? baseUrl : provider.defaultBaseUrl()).transport(transport);
      settings.configure.accept(builder);
      return new Session(mode, builder.build(), transport, directory, null, List.of(), keyHint);
    }
    if (!Files.isDirectory(directory)) {
      Path before = legacyDirectory(settings.directory, context);
      String moved = Files.isDirectory(before) && !before.equals(directory)
          ? " Recordings are now kept per fully qualified test class and per invocation of a"
              + " parameterized or repeated test: move the files from " + before + " there, or"
              + " record them again."
          : "";
      throw new ParameterResolutionException("There are no recordings for " + testName + " in "
          + directory.toAbsolutePath() + "." + moved + " Run the test once with " + keyHint
          + " set to record them from the live model, and commit them.");
    }
    ReplayTransport replay = ReplayTransport.fromDirectory(directory);
    List<Exchange> exchanges = exchanges(directory);
    Session session = new Session(mode, null, null, directory, replay, exchanges, keyHint);
    Transport checked = new Checked(session);
    // Recordings match on the path alone, so the provider's usual base URL replays them.
    builder.baseUrl(provider.defaultBaseUrl()).transport(checked);
    settings.configure.accept(builder);
    return session.with(builder.build(), checked);
  }

  private static final Pattern INVOCATION =
      Pattern.compile("\\[test-template-invocation:#(\\d+)]$");

  /**
   * {@code <root>/<package as folders>/<class>/<method>/}, plus {@code <invocation>/} for each
   * invocation of a {@code @ParameterizedTest}, {@code @RepeatedTest} or other test template
   * (numbered from 1, as JUnit numbers them). The package keeps two {@code FooTest}s of different
   * packages apart; nested classes keep their binary name ({@code Outer$Inner}).
   */
  static Path directory(Path root, ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    String packageName = testClass.getPackageName();
    Path directory = root;
    if (!packageName.isEmpty()) {
      for (String part : packageName.split("\\.")) {
        directory = directory.resolve(part);
      }
    }
    directory = directory.resolve(simpleBinaryName(testClass))
        .resolve(context.getRequiredTestMethod().getName());
    String invocation = invocation(context);
    return invocation == null ? directory : directory.resolve(invocation);
  }

  /** Where recordings were kept before: {@code <root>/<class>/<method>/}, shared by all. */
  private static Path legacyDirectory(Path root, ExtensionContext context) {
    return root.resolve(simpleBinaryName(context.getRequiredTestClass()))
        .resolve(context.getRequiredTestMethod().getName());
  }

  private static String testName(ExtensionContext context) {
    String invocation = invocation(context);
    return context.getRequiredTestClass().getName() + "."
        + context.getRequiredTestMethod().getName()
        + (invocation == null ? "" : " [" + invocation + "]");
  }

  private static String simpleBinaryName(Class<?> testClass) {
    String packageName = testClass.getPackageName();
    return testClass.getName().substring(packageName.isEmpty() ? 0 : packageName.length() + 1);
  }

  private static String invocation(ExtensionContext context) {
    Matcher matcher = INVOCATION.matcher(context.getUniqueId());
    return matcher.find() ? matcher.group(1) : null;
  }

  private static void clear(Path directory) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(".json") || name.equals("index.txt")) {
          Files.delete(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the old recordings in " + directory, e);
    }
  }

  private static List<Exchange> exchanges(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      List<Exchange> exchanges = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        exchanges.add(Exchange.parse(Files.readString(file)));
      }
      return exchanges;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the recordings in " + directory, e);
    }
  }

  private static Settings fromAnnotation(ExtensionContext context) {
    QuarryTest annotation = AnnotationSupport
        .findAnnotation(context.getRequiredTestClass(), QuarryTest.class)
        .orElseThrow(() -> new ParameterResolutionException(
            "QuarryRecordings needs settings: annotate " + context.getRequiredTestClass().getName()
                + " with @QuarryTest(provider = ..., model = ...), or register the extension with"
                + " @RegisterExtension QuarryRecordings.builder()...build()."));
    return new Settings(annotation.provider(), annotation.model(), Path.of(annotation.directory()),
        null, System::getenv, builder -> {});
  }

  /** The replay transport, turning a request the recordings do not hold into a test failure. */
  private static final class Checked implements Transport {
    private final Session session;
    private int sent; // guarded by this

    Checked(Session session) {
      this.session = session;
    }

    @Override
    public TransportResponse send(TransportRequest request) {
      int number;
      synchronized (this) {
        number = ++sent;
      }
      try {
        return session.replay.send(request);
      } catch (ConfigurationException e) {
        session.mismatched = true;
        List<Exchange> exchanges = session.exchanges;
        String expected = number <= exchanges.size()
            ? pretty(exchanges.get(number - 1).request().body()) : "(no recording " + number + ")";
        throw new AssertionFailedError("Request " + number + " does not match the recordings in "
            + session.directory + ". " + e.getMessage().replaceFirst("^ReplayTransport: ", "")
            + " If the change is intended, record again: run the test with " + session.keyHint
            + " set.", expected, pretty(request.body()), e);
      }
    }

    private static String pretty(String body) {
      try {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(body));
      } catch (RuntimeException e) {
        return body;
      }
    }
  }

  private static final class Session {
    final Mode mode;
    final Quarry quarry;
    final Transport transport;
    final Path directory;
    final ReplayTransport replay;
    final List<Exchange> exchanges;
    final String keyHint;
    volatile boolean mismatched;

    Session(Mode mode, Quarry quarry, Transport transport, Path directory, ReplayTransport replay,
        List<Exchange> exchanges, String keyHint) {
      this.mode = mode;
      this.quarry = quarry;
      this.transport = transport;
      this.directory = directory;
      this.replay = replay;
      this.exchanges = exchanges;
      this.keyHint = keyHint;
    }

    Session with(Quarry quarry, Transport transport) {
      Session session = new Session(mode, quarry, transport, directory, replay, exchanges, keyHint);
      return session;
    }
  }

  private record Settings(String provider, String model, Path directory, String baseUrl,
      Function<String, String> environment, Consumer<Quarry.Builder> configure) {}

  /** Configures a {@link QuarryRecordings} for {@code @RegisterExtension}. */
  public static final class Builder {
    private String provider = "openai";
    private String model;
    private Path directory = Path.of(DEFAULT_DIRECTORY);
    private String baseUrl;
    private Function<String, String> environment = System::getenv;
    private Consumer<Quarry.Builder> configure = builder -> {};

    private Builder() {}

    /** The provider's name; {@code openai} unless set. */
    public Builder provider(String provider) {
      this.provider = requireNonNull(provider, "provider == null");
      return this;
    }

    public Builder model(String model) {
      this.model = requireNonNull(model, "model == null");
      return this;
    }

    /** Where recordings live; {@code src/test/resources} unless set. */
    public Builder directory(Path directory) {
      this.directory = requireNonNull(directory, "directory == null");
      return this;
    }

    /** The live API root for recording; the provider's (or its environment variable's) unless set. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = requireNonNull(baseUrl, "baseUrl == null");
      return this;
    }

    /** Where the key and {@value #MODE_VARIABLE} are read from; the process environment unless set. */
    public Builder environment(Function<String, String> environment) {
      this.environment = requireNonNull(environment, "environment == null");
      return this;
    }

    /**
     * More settings for the injected {@link Quarry} (attempts, listeners, prices...); the
     * provider, model, base URL, key and transport are the extension's.
     */
    public Builder configure(Consumer<Quarry.Builder> configure) {
      this.configure = requireNonNull(configure, "configure == null");
      return this;
    }

    public QuarryRecordings build() {
      if (model == null) {
        throw new IllegalStateException("QuarryRecordings.builder(): set the model");
      }
      return new QuarryRecordings(
          new Settings(provider, model, directory, baseUrl, environment, configure));
    }
  }
}
