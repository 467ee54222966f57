package dev.quarry;

import static java.util.Objects.requireNonNull;

import dev.quarry.call.Engine;
import dev.quarry.call.Settings;
import dev.quarry.observe.ListenerSet;
import dev.quarry.observe.QuarryListener;
import dev.quarry.observe.Telemetry;
import dev.quarry.provider.BaseUrls;
import dev.quarry.provider.Provider;
import dev.quarry.provider.Providers;
import dev.quarry.provider.Strategy;
import dev.quarry.provider.Target;
import dev.quarry.call.Routes;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.transport.JdkHttpTransport;
import dev.quarry.transport.RateLimiter;
import dev.quarry.transport.RetryPolicy;
import dev.quarry.transport.TimeSource;
import dev.quarry.transport.Transport;
import dev.quarry.validate.Feedback;
import dev.quarry.validate.JavaChecks;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The entry point: one configured connection to a model provider, shared by every generated
 * client. Immutable and thread-safe; build it once.
 *
 * <pre>{@code
 * Quarry quarry = Quarry.builder()
 *     .provider(Providers.openAi())      // the default; the key comes from OPENAI_API_KEY
 *     .model("gpt-4o-mini")
 *     .build();
 * ReceiptReader reader = quarry.create(ReceiptReader.class);
 * Receipt receipt = reader.read(text);
 * }</pre>
 *
 * <p>Reliability settings, all optional: transport retries ({@link Builder#retryPolicy}, on by
 * default), a deadline per call ({@link Builder#deadline}), token budgets per call and per client
 * ({@link Builder#maxTokensPerCall}, {@link Builder#maxTokensTotal}), a client-side rate limit
 * ({@link Builder#rateLimiter}), prices ({@link Builder#prices}) and an input size limit ({@link
 * Builder#maxInputChars}). Calls run concurrently: {@link #extractAsync} and {@link #batch}.
 */
public final class Quarry {
  private final Engine engine;
  private final ListenerSet listeners;
  /** Where the targets of {@link #with} views read their keys. */
  private final Function<String, String> environment;
  private final boolean ownsNetwork;

  private Quarry(Builder builder) {
    if (builder.strategy != null
        && (builder.provider != null || builder.baseUrl != null || builder.apiKey != null)) {
      throw new ConfigurationException(
          "Quarry.builder(): both a strategy and a provider, base URL or API key are set; a"
              + " strategy's targets name their own. Set them on each Target"
              + " (Providers.openAi(\"gpt-4o-mini\").apiKey(...).baseUrl(...)) and drop"
              + " provider(...), baseUrl(...) and apiKey(...).");
    }
    Routes routes = builder.strategy == null ? null : routes(builder.strategy, builder.environment,
        builder.transport == null, "Quarry.builder().strategy(...)");
    Provider provider = routes != null ? routes.first().provider()
        : builder.provider != null ? builder.provider : Providers.openAi();
    String configuredUrl =
        builder.baseUrl != null
            ? builder.baseUrl
            : provider.baseUrlFromEnvironment(builder.environment);
    String baseUrl = routes != null ? routes.first().baseUrl()
        : BaseUrls.apiRoot(provider, configuredUrl != null ? configuredUrl : provider.defaultBaseUrl());
    String apiKey = routes != null ? routes.first().apiKey()
        : builder.apiKey != null ? builder.apiKey : keyFromEnvironment(provider, builder.environment);
    Mode mode;
    if (routes == null) {
      Engine.checkMode(provider, builder.mode, "Quarry.builder().mode(...)");
      mode = builder.mode == Mode.AUTO ? provider.defaultMode() : builder.mode;
    } else if (builder.mode == Mode.AUTO) {
      mode = routes.commonMode();
    } else {
      for (Routes.Route route : routes.routes()) {
        Engine.checkMode(route.provider(), builder.mode,
            "Quarry.builder().mode(...) (target " + route + ")");
      }
      mode = builder.mode;
    }
    String model = builder.model != null ? builder.model
        : routes != null ? routes.first().model() : null;
    Transport transport =
        builder.transport != null
            ? builder.transport
            : JdkHttpTransport.create(builder.connectTimeout, builder.requestTimeout);
    this.engine = new Engine(new Settings(
        provider, baseUrl, apiKey, model, mode, builder.maxAttempts,
        builder.maxOutputTokens, builder.temperature, transport, builder.reaskMessage,
        builder.schemaInstruction, new JavaChecks(builder.validators), builder.retryPolicy,
        builder.deadline, builder.maxTokensPerCall, builder.maxTokensTotal, builder.prices,
        builder.rateLimiter, builder.executor, builder.timeSource, builder.maxInputChars, routes,
        builder.promptCache));
    ListenerSet listeners = ListenerSet.of(builder.listeners);
    if (builder.openTelemetry) {
      listeners = Telemetry.globalOpenTelemetry().map(listeners::plus).orElse(listeners);
    }
    this.listeners = listeners;
    this.environment = builder.environment;
    boolean ownsNetwork = builder.transport == null;
    this.ownsNetwork = ownsNetwork;
    if (routes != null) {
      return; // each target's key was checked by routes(...)
    }
    if (apiKey == null && !provider.apiKeyVariables().isEmpty() && ownsNetwork && configuredUrl == null) {
      List<String> variables = provider.apiKeyVariables();
      throw new ConfigurationException(
          "No API key for "
              + provider.name()
              + ": "
              + (variables.size() == 1
                  ? "the environment variable " + variables.get(0) + " is not set"
                  : "none of the environment variables " + String.join(", ", variables) + " is set")
              + ". Set it, or call Quarry.builder().apiKey(...), or point"
              + " Quarry.builder().baseUrl(...) at a server that needs no key.");
    }
  }

  /**
   * A view of a client with other listeners or call options ({@code engine}); {@code of}'s
   * environment rules carry over to the views of the view.
   */
  private Quarry(Engine engine, ListenerSet listeners, Quarry of) {
    this.engine = engine;
    this.listeners = listeners;
    this.environment = of.environment;
    this.ownsNetwork = of.ownsNetwork;
  }

  /**
   * A strategy's targets resolved as the builder resolves its provider: each target's base URL
   * and key, else its provider's environment variables, else its public endpoint.
   *
   * @throws ConfigurationException when a target that needs a key has none (and the default
   *     transport would send to its public endpoint)
   */
  static Routes routes(Strategy strategy, Function<String, String> environment,
      boolean ownsNetwork, String where) {
    List<Routes.Route> routes = new ArrayList<>();
    for (Target target : strategy.targets()) {
      Provider provider = target.provider();
      String configuredUrl = target.configuredBaseUrl() != null
          ? target.configuredBaseUrl() : provider.baseUrlFromEnvironment(environment);
      String baseUrl = BaseUrls.apiRoot(
          provider, configuredUrl != null ? configuredUrl : provider.defaultBaseUrl());
      String apiKey = target.configuredApiKey() != null
          ? target.configuredApiKey() : keyFromEnvironment(provider, environment);
      if (apiKey == null && !provider.apiKeyVariables().isEmpty() && ownsNetwork
          && configuredUrl == null) {
        throw new ConfigurationException(
            where + ": no API key for the target " + target + ": "
                + String.join(" or ", provider.apiKeyVariables()) + " is not set. Set it, or"
                + " give the target its key (" + "Target.apiKey(...)), or point it at a server"
                + " that needs no key (Target.baseUrl(...)).");
      }
      routes.add(new Routes.Route(provider, baseUrl, apiKey, target.model()));
    }
    return new Routes(routes, strategy.kind() == Strategy.Kind.ROUND_ROBIN,
        strategy.fallsBackOnRefusal());
  }

  private static String keyFromEnvironment(Provider provider, Function<String, String> environment) {
    for (String variable : provider.apiKeyVariables()) {
      String key = environment.apply(variable);
      if (key != null && !key.isBlank()) {
        return key.strip();
      }
    }
    return null;
  }

  /** Starts a configuration with OpenAI as the provider and three attempts per call. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the generated implementation of {@code api}, an {@link LlmExtract} interface: {@code
   * <Interface>Impl} in the same package ({@code Outer_InnerImpl} for nested interfaces).
   *
   * @throws ConfigurationException when {@code api} is not an {@code @LlmExtract} interface or no
   *     implementation was generated (the processor did not run)
   */
  public <T> T create(Class<T> api) {
    requireNonNull(api, "api == null");
    if (!api.isInterface() || !api.isAnnotationPresent(LlmExtract.class)) {
      throw new ConfigurationException(
          "Quarry.create(" + api.getName() + "): the type must be an interface annotated"
              + " @LlmExtract; annotate it, and let the Quarry processor generate its"
              + " implementation.");
    }
    String binary = api.getName();
    String packagePrefix = api.getPackageName().isEmpty() ? "" : api.getPackageName() + ".";
    String implName =
        packagePrefix + binary.substring(packagePrefix.length()).replace('$', '_') + "Impl";
    try {
      Class<?> impl = Class.forName(implName, true, api.getClassLoader());
      Constructor<?> constructor = impl.getConstructor(Quarry.class);
      return api.cast(constructor.newInstance(this));
    } catch (ClassNotFoundException e) {
      throw new ConfigurationException(
          "Quarry.create("
              + api.getSimpleName()
              + "): no generated class "
              + implName
              + " was found. Put dev.quarry:quarry-processor on the annotation processor path"
              + " (maven-compiler-plugin <annotationProcessorPaths>) and recompile.",
          e);
    } catch (InvocationTargetException e) {
      throw new ConfigurationException(
          "Quarry.create(" + api.getSimpleName() + "): " + implName + " failed to start",
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new ConfigurationException(
          "Quarry.create("
              + api.getSimpleName()
              + "): "
              + implName
              + " has no public constructor taking Quarry; it was generated by a different"
              + " version of quarry-processor than this quarry-runtime. Use the same version"
              + " of both.",
          e);
    }
  }

  /**
   * Runs one call: sends {@code userMessage} to the model, reads, validates and binds its answer,
   * and re-asks with the exact errors until an answer passes or the attempts run out. Generated
   * implementations call this; you may too, with an {@link ExtractMethod} of your own.
   *
   * <p>Requests that fail at the transport level (429, 5xx, dropped connections) are sent again
   * as the {@link Builder#retryPolicy retry policy} allows; every send is kept in {@link
   * Extraction.Attempt#retries()}.
   *
   * @throws RetriesExhaustedException when no attempt produced a valid answer
   * @throws ProviderException when the provider answered with an error that is not retried, or
   *     the retries ran out, or it was unreachable
   * @throws IncompleteOutputException when the model hit the output token limit
   * @throws RefusalException when the model refused or a content filter stopped the answer
   * @throws DeadlineExceededException when the call's deadline passed
   * @throws BudgetExceededException when a re-ask or the call would pass a token budget
   * @throws InvalidInputException when the prompt is empty or longer than {@link
   *     Builder#maxInputChars}
   * @throws ConfigurationException when the method's mode or model cannot be used
   */
  public <T> Extraction<T> extract(ExtractMethod<T> method, String userMessage) {
    return run(method, userPrompt(method, userMessage, List.of()));
  }

  /**
   * Like {@link #extract(ExtractMethod, String)}, with images or documents after the text.
   * Generated implementations pass their {@link Image} and {@link Document} parameters here.
   */
  public <T> Extraction<T> extract(
      ExtractMethod<T> method, String userMessage, List<? extends Message.Part> attachments) {
    return run(method, userPrompt(method, userMessage, attachments));
  }

  /**
   * Like {@link #extract(ExtractMethod, String, List)}, for a method whose result {@link Quote
   * quotes} its text parameters: {@code sources} are those parameters by name, and every quote
   * in an answer must occur in the text it names, or the model is re-asked with the closest
   * passage. Generated implementations pass their quoted parameters here.
   *
   * <pre>{@code
   * Extraction<List<Fact>> facts = quarry.extract(FACTS, prompt, List.of(), Map.of("text", text));
   * }</pre>
   */
  public <T> Extraction<T> extract(ExtractMethod<T> method, String userMessage,
      List<? extends Message.Part> attachments, Map<String, ? extends CharSequence> sources) {
    requireNonNull(sources, "sources == null");
    return engine.extract(method, userPrompt(method, userMessage, attachments), listeners, sources);
  }

  /** {@link #extract(ExtractMethod, String, List, Map)} on the client's executor. */
  public <T> CompletableFuture<Extraction<T>> extractAsync(ExtractMethod<T> method,
      String userMessage, List<? extends Message.Part> attachments,
      Map<String, ? extends CharSequence> sources) {
    requireNonNull(sources, "sources == null");
    Message.UserPrompt user = userPrompt(method, userMessage, attachments);
    return CompletableFuture.supplyAsync(
        () -> engine.extract(method, user, listeners, sources), executor());
  }

  /**
   * {@link #extract(ExtractMethod, String)} on the client's executor: a virtual thread per call
   * on Java 21+, a pool of 64 daemon threads on Java 17, or the one set with {@link
   * Builder#executor}. The input is checked at once: a null, empty or oversized prompt throws
   * here rather than failing the future. Cancelling the future does not stop a request in flight.
   *
   * @return a future completed with the extraction, or exceptionally with the {@link
   *     QuarryException} that {@code extract} would throw
   */
  public <T> CompletableFuture<Extraction<T>> extractAsync(
      ExtractMethod<T> method, String userMessage) {
    Message.UserPrompt user = userPrompt(method, userMessage, List.of());
    if (Engine.capturing()) {
      return inline(method, user);
    }
    return CompletableFuture.supplyAsync(() -> run(method, user), executor());
  }

  /** {@link #extractAsync(ExtractMethod, String)} with images or documents after the text. */
  public <T> CompletableFuture<Extraction<T>> extractAsync(
      ExtractMethod<T> method, String userMessage, List<? extends Message.Part> attachments) {
    Message.UserPrompt user = userPrompt(method, userMessage, attachments);
    if (Engine.capturing()) {
      return inline(method, user);
    }
    return CompletableFuture.supplyAsync(() -> run(method, user), executor());
  }

  /**
   * Runs {@code call} on every input, at most 16 at a time; see {@link #batch(List, Function,
   * int)}.
   */
  public <I, R> BatchResult<I, R> batch(
      List<? extends I> inputs, Function<? super I, ? extends R> call) {
    return batch(inputs, call, 16);
  }

  /**
   * Runs {@code call} on every input, at most {@code maxConcurrency} at a time, on the client's
   * executor, and waits for all of them. {@code call} is typically a method of a generated client
   * ({@code reader::read}) or {@code text -> quarry.extract(METHOD, text)}. The client's {@link
   * Builder#rateLimiter rate limiter}, retries, deadline and budgets apply to every call.
   *
   * @return one item per input, in input order, each with its value or the exception it ended
   *     with; a failing item never fails the batch
   * @throws QuarryException when the calling thread is interrupted while waiting (it stays
   *     interrupted; items already started keep running)
   */
  public <I, R> BatchResult<I, R> batch(
      List<? extends I> inputs, Function<? super I, ? extends R> call, int maxConcurrency) {
    requireNonNull(inputs, "inputs == null");
    requireNonNull(call, "call == null");
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency < 1: " + maxConcurrency);
    }
    List<I> copy = new ArrayList<>(inputs);
    @SuppressWarnings("unchecked")
    BatchResult.Item<I, R>[] items = new BatchResult.Item[copy.size()];
    Semaphore permits = new Semaphore(maxConcurrency);
    CountDownLatch done = new CountDownLatch(copy.size());
    Executor executor = executor();
    try {
      for (int i = 0; i < copy.size(); i++) {
        int index = i;
        I input = copy.get(i);
        permits.acquire();
        Runnable task = () -> {
          try {
            items[index] = BatchResult.Item.success(index, input, call.apply(input));
          } catch (RuntimeException e) {
            items[index] = BatchResult.Item.failure(index, input, e);
          } catch (Error e) {
            items[index] = BatchResult.Item.failure(index, input,
                new QuarryException("batch item " + index + " failed: " + e, e));
          } finally {
            permits.release();
            done.countDown();
          }
        };
        try {
          executor.execute(task);
        } catch (RejectedExecutionException e) {
          items[index] = BatchResult.Item.failure(index, input, e);
          permits.release();
          done.countDown();
        }
      }
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuarryException(
          "Quarry.batch: interrupted with " + done.getCount() + " of " + copy.size()
              + " items unfinished", e);
    }
    return new BatchResult<>(List.of(items));
  }

  /**
   * A view of this client whose calls are also heard by {@code listener}, after the client's own
   * listeners. Use it to observe one call or one unit of work:
   *
   * <pre>{@code
   * CollectingListener events = new CollectingListener();
   * ReceiptReader reader = quarry.withListener(events).create(ReceiptReader.class);
   * reader.read(text);   // heard by the client's listeners and by events
   * }</pre>
   *
   * <p>The view is one small object: it shares the transport, settings, prepared methods, token
   * total, budgets and rate limiter with this client (a call through the view counts against
   * this client's {@link Builder#maxTokensTotal} budget). Generated clients created from it, and
   * views of it, carry the listener; this client is unchanged.
   */
  public Quarry withListener(QuarryListener listener) {
    return new Quarry(engine, listeners.plus(requireNonNull(listener, "listener == null")), this);
  }

  /**
   * A view of this client whose calls use {@code options}: another model, temperature, output
   * token limit, mode, or target or strategy. One generated client then serves several models:
   *
   * <pre>{@code
   * ReceiptReader fast = quarry.create(ReceiptReader.class);
   * ReceiptReader careful = quarry.with(CallOptions.builder().model("gpt-4.1").temperature(0).build())
   *     .create(ReceiptReader.class);
   * }</pre>
   *
   * <p>A model set here replaces the one the methods name ({@link LlmExtract#model()}) as well as
   * the client's. The view shares the transport, listeners, token total, budgets, rate limiter
   * and round-robin count with this client, and prepares each method once more for its own
   * model and mode; this client is unchanged. Options not set keep this client's values.
   *
   * @throws ConfigurationException when the mode cannot be used by the provider (or by every
   *     target of the strategy), or a target has no API key
   */
  public Quarry with(CallOptions options) {
    requireNonNull(options, "options == null");
    Routes routes = null;
    if (options.strategy() != null) {
      routes = routes(options.strategy(),
          environment != null ? environment : System::getenv, ownsNetwork,
          "Quarry.with(CallOptions)");
    }
    Engine view = engine.with(routes, options.model(), options.mode(),
        options.maxOutputTokens(), options.temperature(), options.promptCache(),
        "Quarry.with(CallOptions).mode(...)");
    return new Quarry(view, listeners, this);
  }

  /** The tokens of every call this client made so far, streamed or not (failed calls included). */
  public Usage totalUsage() {
    return engine.totalUsage();
  }

  private Message.UserPrompt userPrompt(
      ExtractMethod<?> method, String userMessage, List<? extends Message.Part> attachments) {
    return engine.userPrompt(method, userMessage, attachments);
  }

  private <T> Extraction<T> run(ExtractMethod<T> method, Message.UserPrompt user) {
    return engine.extract(method, user, listeners);
  }

  /** A batch job's capture of an async method: its one call runs inline (see {@link #batchJob}). */
  private <T> CompletableFuture<Extraction<T>> inline(ExtractMethod<T> method, Message.UserPrompt user) {
    Extraction<T> result;
    try {
      result = run(method, user);
    } catch (QuarryException e) {
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.completedFuture(result);
  }

  /**
   * A provider batch job of {@code call} over {@code inputs}, with a generated id, kept in the
   * {@linkplain BatchStore#standard() standard store} (an embedded H2 database under {@code
   * .quarry/} with {@code quarry-jdbc} on the class path); see {@link #batchJob(Function, List,
   * BatchJob.Options)}.
   */
  public <I, R> BatchJob<I, R> batchJob(
      Function<? super I, ? extends R> call, List<? extends I> inputs) {
    return batchJob(call, inputs, BatchJob.Options.defaults());
  }

  /**
   * The calls {@code call} makes on {@code inputs}, run as a provider batch job (OpenAI's Batch
   * API, Anthropic's Message Batches, Gemini's batch mode) instead of one by one: at about half
   * the price, finished within the provider's window (24 hours). {@code call} is a method of a
   * generated client of this client ({@code reader::read}); each input's request is the one the
   * method would send, and each result is parsed, validated, checked and bound as the method's
   * whole answer is, and re-asked when invalid. Nothing is sent before {@link BatchJob#submit()}.
   *
   * <pre>{@code
   * BatchJob<String, Receipt> job = quarry.batchJob(reader::read, texts,
   *     BatchJob.Options.builder().id("receipts-2026-12").store(JdbcBatchStore.h2(path)).build());
   * BatchJob.Result<String, Receipt> result = job.submit().await(Duration.ofHours(25));
   * }</pre>
   *
   * <p>With a durable {@link BatchStore} (the default with {@code quarry-jdbc}) and the same
   * {@link BatchJob.Options#id() id}, a job made again after a crash resumes where it was: nothing is submitted twice, no result is lost.
   *
   * @throws ConfigurationException when the provider has no batch API, {@code call} makes no
   *     Quarry call of this client, or the store holds a job of that id with other inputs
   */
  public <I, R> BatchJob<I, R> batchJob(Function<? super I, ? extends R> call,
      List<? extends I> inputs, BatchJob.Options options) {
    return BatchJob.create(engine, listeners, call, inputs, options);
  }

  private Executor executor() {
    Executor executor = engine.settings().executor();
    return executor != null ? executor : AsyncExecutors.shared();
  }

  /**
   * Like {@link #extract(ExtractMethod, String)}, but reads the answer while the model writes it:
   * partial snapshots, each list element as soon as it is complete and valid, a {@link
   * StreamEvent.NewAttempt} when an answer fails validation and is re-asked, and last the same
   * {@link Extraction} the non-streamed call returns. Nothing is sent until the first event is
   * asked for; close it (try-with-resources) to cancel the request. Failures surface from
   * {@code hasNext()}/{@code next()} as the same exceptions as {@code extract}. Everything else
   * is as for {@code extract} too: the input checks, transport retries (a failure before the
   * first event is retried unseen; a stream that breaks later is sent again and announced by a
   * {@link StreamEvent.NewAttempt} without violations), the rate limiter, the deadline (which
   * cancels the request in flight), the budgets, {@link #totalUsage()} and the listeners.
   *
   * <pre>{@code
   * try (StreamingExtraction<List<Person>> stream = quarry.extractStreaming(PEOPLE, text)) {
   *   stream.<Person>elements().forEach(person -> System.out.println(person.name()));
   * }
   * }</pre>
   *
   * @throws ConfigurationException when the mode or model cannot be used, or the provider cannot
   *     stream
   * @throws InvalidInputException when the prompt is empty or longer than {@link
   *     Builder#maxInputChars}; nothing is sent
   */
  public <T> StreamingExtraction<T> extractStreaming(ExtractMethod<T> method, String userMessage) {
    return extractStreaming(method, userMessage, List.of());
  }

  /** Like {@link #extractStreaming(ExtractMethod, String)}, with images or documents after the text. */
  public <T> StreamingExtraction<T> extractStreaming(
      ExtractMethod<T> method, String userMessage, List<? extends Message.Part> attachments) {
    Message.UserPrompt user = userPrompt(method, userMessage, attachments);
    return new StreamingExtraction<>(engine.stream(method, user, listeners));
  }

  /** The resolved configuration; for tests in this package. */
  Settings settings() {
    return engine.settings();
  }

  Provider provider() {
    return engine.settings().provider();
  }

  String apiKey() {
    return engine.settings().apiKey();
  }

  String baseUrl() {
    return engine.settings().baseUrl();
  }

  @Override
  public String toString() {
    return "Quarry[" + engine.settings() + "]";
  }

  /** Configures a {@link Quarry}. Not thread-safe; {@link #build()} copies what it needs. */
  public static final class Builder {
    private Provider provider;
    private String model;
    private String apiKey;
    private String baseUrl;
    private Mode mode = Mode.AUTO;
    private int maxAttempts = 3;
    private Integer maxOutputTokens;
    private Double temperature;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofMinutes(2);
    private Transport transport;
    private Function<List<Violation>, String> reaskMessage = Feedback::reask;
    private BiFunction<String, Mode, String> schemaInstruction =
        (schema, mode) -> Feedback.schemaInstruction(schema, mode == Mode.MD_JSON);
    private Function<String, String> environment = System::getenv;
    private final List<JavaChecks.Registered<?>> validators = new ArrayList<>();
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Duration deadline;
    private long maxTokensPerCall;
    private long maxTokensTotal;
    private PriceTable prices;
    private RateLimiter rateLimiter;
    private Executor executor;
    private TimeSource timeSource = TimeSource.system();
    private int maxInputChars;
    private final List<QuarryListener> listeners = new ArrayList<>();
    private boolean openTelemetry = true;
    private Strategy strategy;
    private PromptCache promptCache;

    private Builder() {}

    /**
     * Opt-in prompt caching: Anthropic cache breakpoints, OpenAI's {@code prompt_cache_key},
     * Gemini's cached content (see {@link PromptCache}); none unless set.
     *
     * <pre>{@code
     * Quarry quarry = Quarry.builder().provider(Providers.anthropic()).model("claude-haiku-4-5")
     *     .promptCache(PromptCache.breakpoints())
     *     .build();
     * }</pre>
     */
    public Builder promptCache(PromptCache promptCache) {
      this.promptCache = requireNonNull(promptCache, "promptCache == null");
      return this;
    }

    /**
     * Sends calls to several targets instead of one provider: {@link Providers#fallback} tries
     * them in order when one fails in a way retrying does not fix, {@link Providers#roundRobin}
     * spreads calls over them. Each target names its provider and model, and its base URL and
     * key where they are not the provider's defaults; do not also set {@link #provider}, {@link
     * #baseUrl} or {@link #apiKey}. {@link #mode} AUTO means a mode every target's provider
     * supports. Each attempt records the provider and model it went to ({@link
     * Extraction.Attempt#provider()}), priced on that model.
     *
     * <pre>{@code
     * Quarry quarry = Quarry.builder()
     *     .strategy(Providers.fallback(openAi("gpt-4o-mini"), anthropic("claude-haiku-4-5")))
     *     .build();
     * }</pre>
     */
    public Builder strategy(Strategy strategy) {
      this.strategy = requireNonNull(strategy, "strategy == null");
      return this;
    }

    /** The model API; {@link Providers#openAi()} unless set. */
    public Builder provider(Provider provider) {
      this.provider = requireNonNull(provider, "provider == null");
      return this;
    }

    /**
     * A built-in provider by name, optionally with the model: {@code "anthropic"}, {@code
     * "anthropic/claude-sonnet-4-5"}, {@code "ollama/qwen2.5"}, {@code "openai/gpt-4o-mini"}.
     * Everything after the first slash is the model, verbatim (so {@code
     * "ollama/library/qwen2.5"} names the model {@code library/qwen2.5}). The names are those of
     * {@link Providers#named(String)}.
     *
     * @throws ConfigurationException when the name is not a built-in provider's
     */
    public Builder provider(String providerAndModel) {
      requireNonNull(providerAndModel, "providerAndModel == null");
      int slash = providerAndModel.indexOf('/');
      String name = slash < 0 ? providerAndModel : providerAndModel.substring(0, slash);
      try {
        this.provider = Providers.named(name);
      } catch (ConfigurationException e) {
        if (slash >= 0) {
          throw e;
        }
        String guess = likelyProvider(name);
        throw new ConfigurationException(
            "Quarry.builder().provider(\"" + providerAndModel + "\"): there is no provider named '"
                + name + "'. It looks like a model name: write \"<provider>/<model>\", such as \""
                + guess + "/" + name + "\", or keep the provider and call .model(\"" + name
                + "\"). The providers are " + Providers.builtIn().stream().map(Provider::name).toList()
                + ".", e);
      }
      if (slash >= 0) {
        String model = providerAndModel.substring(slash + 1);
        if (model.isBlank()) {
          throw new ConfigurationException(
              "Quarry.builder().provider(\"" + providerAndModel + "\"): the model after the slash is"
                  + " empty; write \"" + name + "/<model>\", or the provider name alone.");
        }
        this.model = model;
      }
      return this;
    }

    /** The provider a bare model name most likely belongs to, for the suggestion above. */
    private static String likelyProvider(String model) {
      String lower = model.strip().toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("claude")) {
        return "anthropic";
      }
      if (lower.startsWith("gemini") || lower.startsWith("gemma")) {
        return "gemini";
      }
      if (lower.startsWith("gpt") || lower.matches("o\\d.*") || lower.startsWith("chatgpt")) {
        return "openai";
      }
      return lower.contains(":") || lower.startsWith("qwen") || lower.startsWith("llama")
          || lower.startsWith("mistral") ? "ollama" : "openai";
    }

    /** The model used by interfaces that do not name one in {@link LlmExtract#model()}. */
    public Builder model(String model) {
      this.model = requireNonNull(model, "model == null");
      return this;
    }

    /** The API key; read from the provider's environment variable (e.g. {@code OPENAI_API_KEY}) unless set. */
    public Builder apiKey(String apiKey) {
      this.apiKey = requireNonNull(apiKey, "apiKey == null");
      return this;
    }

    /**
     * Where the provider's API lives, by the rule of that vendor's SDKs: for OpenAI and
     * OpenAI-compatible servers the API root with its version ({@code http://localhost:8000/v1});
     * for Anthropic and Gemini the host root ({@code https://api.anthropic.com}, to which {@code
     * /v1} is added, and {@code https://generativelanguage.googleapis.com}, to which {@code
     * /v1beta} is added); for Ollama the server's root ({@code http://localhost:11434}). A value
     * that already ends in a version segment ({@code /v1}, {@code /v1beta}) is used as given.
     * The provider's environment variable ({@code OPENAI_BASE_URL}, {@code ANTHROPIC_BASE_URL},
     * {@code GOOGLE_GEMINI_BASE_URL}, {@code OLLAMA_HOST}) or its public endpoint unless set.
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = requireNonNull(baseUrl, "baseUrl == null");
      return this;
    }

    /** How to ask for structured output; {@link Mode#AUTO} (the provider's best) unless set. */
    public Builder mode(Mode mode) {
      this.mode = requireNonNull(mode, "mode == null");
      return this;
    }

    /** How many answers one call may take, the first included; 3 unless set. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** The output token limit of each request; the provider's default unless set. */
    public Builder maxOutputTokens(int maxOutputTokens) {
      if (maxOutputTokens < 1) {
        throw new IllegalArgumentException("maxOutputTokens < 1: " + maxOutputTokens);
      }
      this.maxOutputTokens = maxOutputTokens;
      return this;
    }

    /** The sampling temperature; the provider's default unless set. */
    public Builder temperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    /** How long connecting may take (default transport only); 10 s unless set. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = requireNonNull(connectTimeout, "connectTimeout == null");
      return this;
    }

    /** How long one request may take (default transport only); 2 min unless set. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout == null");
      return this;
    }

    /**
     * Sends requests through {@code transport} instead of the JDK {@code HttpClient}, e.g. a
     * {@link dev.quarry.transport.ReplayTransport} in tests.
     */
    public Builder transport(Transport transport) {
      this.transport = requireNonNull(transport, "transport == null");
      return this;
    }

    /** Replaces the text of re-ask messages ({@link Feedback#reask} unless set). */
    public Builder reaskMessage(Function<List<Violation>, String> reaskMessage) {
      this.reaskMessage = requireNonNull(reaskMessage, "reaskMessage == null");
      return this;
    }

    /**
     * Replaces the instruction added to the system message in {@link Mode#JSON} and {@link
     * Mode#MD_JSON}; it receives the schema and the mode ({@link Feedback#schemaInstruction}
     * unless set).
     */
    public Builder schemaInstruction(BiFunction<String, Mode, String> schemaInstruction) {
      this.schemaInstruction = requireNonNull(schemaInstruction, "schemaInstruction == null");
      return this;
    }

    /**
     * Runs {@code validator} on every {@code type} value in every result, after binding; its
     * problems are sent back to the model like schema violations. Validators run in the order
     * they were added.
     */
    public <T> Builder validator(Class<T> type, Validator<? super T> validator) {
      validators.add(
          new JavaChecks.Registered<>(
              requireNonNull(type, "type == null"), requireNonNull(validator, "validator == null")));
      return this;
    }

    /**
     * When and how failed requests (429, 5xx, 408, 409, dropped connections) are sent again;
     * {@link RetryPolicy#defaults()} (2 retries, exponential backoff with full jitter, Retry-After
     * honoured) unless set. Re-asks after invalid answers are counted separately, by {@link
     * #maxAttempts}.
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = requireNonNull(retryPolicy, "retryPolicy == null");
      return this;
    }

    /** Shorthand for the default {@link RetryPolicy} with another retry limit; 0 disables retries. */
    public Builder maxRetries(int maxRetries) {
      this.retryPolicy = retryPolicy.withMaxRetries(maxRetries);
      return this;
    }

    /**
     * How long one call may take in all: every attempt, re-ask, retry, backoff and rate-limit
     * wait. When it passes, the call ends with a {@link DeadlineExceededException} carrying the
     * attempts so far. Each request's timeout is the smaller of the time left and {@link
     * #requestTimeout}. None unless set.
     */
    public Builder deadline(Duration deadline) {
      requireNonNull(deadline, "deadline == null");
      if (deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("deadline must be positive, got " + deadline);
      }
      this.deadline = deadline;
      return this;
    }

    /**
     * The most tokens (input plus output, summed over attempts) one call may spend. Checked
     * before each re-ask: when the tokens spent plus those of the last attempt (a lower bound for
     * the re-ask, whose conversation is longer) would pass the budget, the call ends with a
     * {@link BudgetExceededException} instead of sending. A valid answer is always returned, even
     * when its attempt went over. Unlimited unless set.
     */
    public Builder maxTokensPerCall(long maxTokensPerCall) {
      if (maxTokensPerCall < 1) {
        throw new IllegalArgumentException("maxTokensPerCall < 1: " + maxTokensPerCall);
      }
      this.maxTokensPerCall = maxTokensPerCall;
      return this;
    }

    /**
     * The most tokens all calls of this client may spend together. A request is not sent once
     * the total has reached the budget (or would, counting the call's last attempt again), and
     * the call ends with a {@link BudgetExceededException}. Concurrent calls already in flight
     * may take the total somewhat past it. Unlimited unless set.
     */
    public Builder maxTokensTotal(long maxTokensTotal) {
      if (maxTokensTotal < 1) {
        throw new IllegalArgumentException("maxTokensTotal < 1: " + maxTokensTotal);
      }
      this.maxTokensTotal = maxTokensTotal;
      return this;
    }

    /** Prices that give each {@link Extraction} and exception a {@link Cost}; none unless set. */
    public Builder prices(PriceTable prices) {
      this.prices = requireNonNull(prices, "prices == null");
      return this;
    }

    /** Limits requests and tokens per minute across every call of the client; none unless set. */
    public Builder rateLimiter(RateLimiter rateLimiter) {
      this.rateLimiter = requireNonNull(rateLimiter, "rateLimiter == null");
      return this;
    }

    /**
     * Runs {@link Quarry#extractAsync} and {@link Quarry#batch} calls; unless set, a virtual
     * thread per call on Java 21+, a shared pool of 64 daemon threads on Java 17.
     */
    public Builder executor(Executor executor) {
      this.executor = requireNonNull(executor, "executor == null");
      return this;
    }

    /**
     * The clock and sleep of retries, rate-limit waits and the deadline; for tests, which pass a
     * fake one to run backoff instantly. {@link TimeSource#system()} unless set.
     */
    public Builder timeSource(TimeSource timeSource) {
      this.timeSource = requireNonNull(timeSource, "timeSource == null");
      return this;
    }

    /**
     * The longest prompt text (after the template is filled in) a call may send; a longer one is
     * rejected with an {@link InvalidInputException} before any request. Unlimited unless set.
     */
    public Builder maxInputChars(int maxInputChars) {
      if (maxInputChars < 1) {
        throw new IllegalArgumentException("maxInputChars < 1: " + maxInputChars);
      }
      this.maxInputChars = maxInputChars;
      return this;
    }

    /**
     * Adds a listener that hears every call of the client: requests, responses, repairs,
     * violations, re-asks, retries, results and failures. Several may be added; they hear each
     * event in the order they were added. A listener that throws never breaks a call. See {@link
     * QuarryListener}, and {@code dev.quarry.jdbc.CallLog} (artifact {@code quarry-jdbc}) for one
     * that writes each attempt to a database table. For one call or a part of the program, use {@link Quarry#withListener}.
     */
    public Builder listener(QuarryListener listener) {
      listeners.add(requireNonNull(listener, "listener == null"));
      return this;
    }

    /**
     * Whether calls are traced through {@code GlobalOpenTelemetry} when {@code
     * quarry-opentelemetry} (which brings the OpenTelemetry API) is on the class path (spans and
     * metrics after the GenAI semantic conventions); true unless set. Without it this does
     * nothing. To trace through an {@code OpenTelemetry} instance of your own, set this to false
     * and add {@code dev.quarry.opentelemetry.OpenTelemetryListener.create(openTelemetry)} as a
     * {@link #listener}.
     */
    public Builder openTelemetry(boolean enabled) {
      this.openTelemetry = enabled;
      return this;
    }

    /** Where environment variables are read from; for tests. */
    Builder environment(Function<String, String> environment) {
      this.environment = requireNonNull(environment, "environment == null");
      return this;
    }

    /**
     * Builds the client.
     *
     * @throws ConfigurationException when no API key is found for a provider that needs one, or
     *     the mode is not supported by the provider
     */
    public Quarry build() {
      return new Quarry(this);
    }
  }
}
