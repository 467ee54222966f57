package dev.quarry.call;

import static java.util.Objects.requireNonNull;

import dev.quarry.ConfigurationException;
import dev.quarry.Cost;
import dev.quarry.Extraction;
import dev.quarry.InvalidInputException;
import dev.quarry.Message;
import dev.quarry.StreamEvent;
import dev.quarry.Usage;
import dev.quarry.observe.ListenerSet;
import dev.quarry.provider.Wire;
import dev.quarry.spi.ExtractMethod;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The call engine of one client: the single attempt loop ({@link Call}) that every kind of call
 * runs, with the state the calls share (the methods prepared so far and the client's token
 * total). A whole reply and a streamed reply differ only in their receiver ({@link
 * WholeReceiver}, {@link StreamReceiver}); everything else — input checks, rate limit, deadline,
 * transport retries, budgets, usage and cost, listener events, attempt records, re-asks — is the
 * loop's.
 *
 * <p>Internal: {@code Quarry} is the API; this type is public only so that {@code Quarry} can
 * live in another package. Thread-safe.
 */
public final class Engine {
  private final Settings settings;
  private final Map<ExtractMethod<?>, PreparedMethod<?>> prepared = new ConcurrentHashMap<>();
  private final UsageTotal totalUsage;
  /** The client's calls so far, for round-robin strategies; shared with its views. */
  private final AtomicLong calls;

  public Engine(Settings settings) {
    this.settings = requireNonNull(settings, "settings == null");
    this.totalUsage = new UsageTotal();
    this.calls = new AtomicLong();
    // Lets the transport build its HTTP client alongside the caller's own start-up work.
    try {
      settings.transport().prepare(java.net.URI.create(settings.baseUrl()));
    } catch (IllegalArgumentException e) {
      // Not a URI: the first request reports it.
    }
  }

  /** A view with other settings that shares the client's token total and call count. */
  private Engine(Settings settings, Engine of) {
    this.settings = settings;
    this.totalUsage = of.totalUsage;
    this.calls = of.calls;
  }

  public Settings settings() {
    return settings;
  }

  /**
   * An engine for the same client with a call's options applied ({@code null} keeps the
   * client's value); it shares the transport, the token total and budgets, the rate limiter and
   * the round-robin count, and prepares methods afresh for its own model and mode.
   *
   * @throws ConfigurationException when the mode cannot be used by every target
   */
  public Engine with(Routes routes, String model, dev.quarry.Mode mode, Integer maxOutputTokens,
      Double temperature, dev.quarry.PromptCache promptCache, String where) {
    Routes r = routes != null ? routes : settings.routes();
    if (model != null) {
      r = r.withModel(model);
    }
    dev.quarry.Mode resolved;
    if (mode != null && mode != dev.quarry.Mode.AUTO) {
      r.checkMode(mode, where);
      resolved = mode;
    } else if (mode == null && r.supportedByAll(settings.mode())) {
      resolved = null; // the client's mode serves every target
    } else {
      resolved = r.commonMode();
    }
    return new Engine(
        settings.with(r, null, resolved, maxOutputTokens, temperature, promptCache), this);
  }

  /** The number of this call among the client's calls, from 0; round-robin strategies use it. */
  long nextCall() {
    return settings.routes().roundRobin() ? calls.getAndIncrement() : 0;
  }

  /** The tokens of every call so far, streamed or not, failed or not. */
  public Usage totalUsage() {
    return totalUsage.get();
  }

  /**
   * The client's running total: a counter per kind of token, so adding a call's usage makes
   * nothing (an {@code AtomicReference<Usage>} makes a new sum per call) and concurrent calls do
   * not contend. A total read while calls end may count one call's input tokens and not yet its
   * output tokens; each figure is exact once the calls have ended.
   */
  private static final class UsageTotal {
    private final LongAdder input = new LongAdder();
    private final LongAdder output = new LongAdder();
    private final LongAdder cachedInput = new LongAdder();
    private final LongAdder reasoning = new LongAdder();
    private final LongAdder cacheWrite = new LongAdder();

    void add(Usage usage) {
      input.add(usage.inputTokens());
      output.add(usage.outputTokens());
      cachedInput.add(usage.cachedInputTokens());
      reasoning.add(usage.reasoningTokens());
      cacheWrite.add(usage.cacheWriteTokens());
    }

    Usage get() {
      return new Usage(input.sum(), output.sum(), cachedInput.sum(), reasoning.sum(),
          cacheWrite.sum());
    }
  }

  /**
   * Checks a call's input before anything is sent.
   *
   * @throws InvalidInputException when the prompt is blank with no attachment, or longer than
   *     the client's limit
   */
  public Message.UserPrompt userPrompt(
      ExtractMethod<?> method, String userMessage, List<? extends Message.Part> attachments) {
    requireNonNull(method, "method == null");
    requireNonNull(userMessage, "userMessage == null");
    requireNonNull(attachments, "attachments == null");
    for (int i = 0; i < attachments.size(); i++) {
      if (attachments.get(i) == null) {
        throw new NullPointerException("attachments[" + i + "] == null");
      }
    }
    if (userMessage.isBlank() && attachments.isEmpty()) {
      throw new InvalidInputException(
          method.displayName() + ": the prompt is empty; there is nothing to extract from."
              + " Check the arguments (an empty or blank string?) before calling. Nothing was"
              + " sent.");
    }
    int limit = settings.maxInputChars();
    if (limit > 0 && userMessage.length() > limit) {
      throw new InvalidInputException(
          method.displayName() + ": the prompt has " + userMessage.length()
              + " characters, more than the limit of " + limit
              + " (Quarry.builder().maxInputChars(...)). Shorten or split the input, or raise"
              + " the limit. Nothing was sent.");
    }
    return attachments.isEmpty() ? Message.user(userMessage) : Message.user(userMessage, attachments);
  }

  /** Runs a call whose reply is read whole. */
  public <T> Extraction<T> extract(
      ExtractMethod<T> method, Message.UserPrompt user, ListenerSet listeners) {
    Capture capture = CAPTURE.get();
    if (capture != null) {
      return capture.take(this, method, user);
    }
    PreparedMethod<T> prepared = prepare(method);
    return new Call<>(this, prepared, user, listeners, new WholeReceiver()).run();
  }

  /**
   * Runs a call whose reply is read whole and whose answer may {@link dev.quarry.Quote quote}
   * {@code sources}, the method's text parameters by name.
   */
  public <T> Extraction<T> extract(ExtractMethod<T> method, Message.UserPrompt user,
      ListenerSet listeners, Map<String, ? extends CharSequence> sources) {
    PreparedMethod<T> prepared = prepare(method);
    return new Call<>(this, prepared, user, listeners, new WholeReceiver(), Map.copyOf(sources)).run();
  }

  /**
   * A call whose reply is read as it streams; nothing is sent until the first event is asked
   * for.
   *
   * @throws ConfigurationException when the provider cannot stream, or the method's mode or
   *     model cannot be used
   */
  public <T> EventSource<T> stream(
      ExtractMethod<T> method, Message.UserPrompt user, ListenerSet listeners) {
    PreparedMethod<T> prepared = prepare(method);
    for (Routes.Route route : settings.routes().routes()) {
      if (!route.provider().supportsStreaming()) {
        throw new ConfigurationException(
            method.displayName() + ": the " + route.provider().name() + " provider cannot"
                + " stream answers; call the method without streaming"
                + (settings.routes().isSingle() ? "." : ", or leave that target out of the strategy."));
      }
    }
    if (prepared.mode() == dev.quarry.Mode.PARALLEL_TOOLS) {
      throw new ConfigurationException(
          method.displayName() + " is in mode PARALLEL_TOOLS, whose answers are read whole (the"
              + " calls arrive together); call it without streaming, or use Mode.TOOLS to stream.");
    }
    StreamReceiver<T> receiver = new StreamReceiver<>(prepared, settings.javaChecks());
    Call<T> call = new Call<>(this, prepared, user, listeners, receiver);
    return call.events();
  }

  /** What a streamed call delivers to {@code StreamingExtraction}, pulled on the caller's thread. */
  public interface EventSource<T> {
    /** Works until an event is ready or the call ended; throws the call's exception. */
    boolean hasNext();

    /** The next event; only after {@link #hasNext()} returned true. */
    StreamEvent<T> next();

    /** Cancels the request in flight; may be called from any thread. */
    void close();
  }

  /**
   * @throws ConfigurationException when {@code provider} cannot serve {@code mode} (AUTO always
   *     passes)
   */
  public static void checkMode(dev.quarry.provider.Provider provider, dev.quarry.Mode mode, String where) {
    PreparedMethod.checkMode(provider, mode, where);
  }

  @SuppressWarnings("unchecked")
  <T> PreparedMethod<T> prepare(ExtractMethod<T> method) {
    requireNonNull(method, "method == null");
    if (!method.missingLabels().isEmpty()) {
      throw new ConfigurationException(
          method.displayName() + " takes labels at run time for " + method.missingLabels()
              + ", but none were given: call it as METHOD.withLabels(\"name\", labels), as the"
              + " generated implementation does. Nothing was sent.");
    }
    ExtractMethod<T> compiled = method.compiled();
    // get first: computeIfAbsent's capturing lambda would be made on every call
    PreparedMethod<T> made = (PreparedMethod<T>) prepared.get(compiled);
    if (made == null) {
      made = (PreparedMethod<T>) prepared.computeIfAbsent(compiled, m -> {
        PreparedMethod<?> one = PreparedMethod.of(m, settings);
        if (!settings.routes().isSingle()) {
          settings.routes().checkMode(one.mode(), "the mode of " + m.displayName());
        }
        return one;
      });
    }
    return compiled != method ? made.forCall(method) : made;
  }

  /** Adds an attempt's tokens to the client's total and to the rate limiter's count. */
  void spent(Usage usage) {
    totalUsage.add(usage);
    if (settings.rateLimiter() != null) {
      settings.rateLimiter().consumeTokens(usage.totalTokens());
    }
  }

  Optional<Cost> cost(String model, Usage usage) {
    return settings.prices() == null ? Optional.empty() : settings.prices().cost(model, usage);
  }

  /** {@code text} with the configured keys replaced, whatever their length. */
  String redact(String text) {
    String redacted = Wire.redact(text, settings.apiKey());
    if (!settings.routes().isSingle()) {
      for (Routes.Route route : settings.routes().routes()) {
        redacted = Wire.redact(redacted, route.apiKey());
      }
    }
    return redacted;
  }

  // ------------------------------------------------------------------ batch jobs (issue 15)

  private static final ThreadLocal<Capture> CAPTURE = new ThreadLocal<>();

  /**
   * A batch job's call for one input: the attempt loop with its sends deferred to batches ({@link
   * BatchCall}).
   *
   * @param reaskInBatch whether re-asks go into follow-up batches (else they are sent at once)
   * @param syncReplies hears each reply of a synchronous re-ask, by attempt number, to store it
   */
  public <T> BatchCall<T> batchCall(ExtractMethod<T> method, Message.UserPrompt user,
      ListenerSet listeners, boolean reaskInBatch,
      java.util.function.BiConsumer<Integer, dev.quarry.transport.TransportResponse> syncReplies) {
    PreparedMethod<T> prepared = prepare(method);
    BatchReceiver<T> receiver = new BatchReceiver<>(reaskInBatch, syncReplies);
    return new BatchCall<>(new Call<>(this, prepared, user, listeners, receiver), receiver);
  }

  /** The cost of {@code usage} at the batch price of the client's {@link dev.quarry.PriceTable}. */
  Optional<Cost> batchCost(String model, Usage usage) {
    return settings.prices() == null ? Optional.empty() : settings.prices().batchCost(model, usage);
  }

  /** What a generated method asked the engine to run, captured instead of run. */
  public record Captured<T>(Engine engine, ExtractMethod<T> method, Message.UserPrompt user) {}

  /**
   * Runs {@code call} (a generated client's method applied to one input) without sending
   * anything: the one call it makes is captured and returned.
   *
   * @throws ConfigurationException when {@code call} makes no call through a Quarry client
   * @throws RuntimeException what {@code call} threw before its call (e.g. an {@code
   *     InvalidInputException} for an empty prompt)
   */
  public static Captured<?> capture(Runnable call, String where) {
    Capture capture = new Capture(null, null);
    CAPTURE.set(capture);
    try {
      call.run();
    } catch (Capture.Signal signal) {
      return capture.captured;
    } finally {
      CAPTURE.remove();
    }
    throw new ConfigurationException(where + ": the function made no Quarry call. Pass a method"
        + " of a generated client (reader::read) or a lambda that calls exactly one, e.g."
        + " text -> reader.read(text).");
  }

  /**
   * Runs {@code call} again with its one call answered by {@code result} (or failing with
   * {@code error}), so the method returns what it returns for a whole call: the value, an
   * {@code Optional}, the {@link Extraction}, a completed future.
   */
  public static <R> R answer(java.util.function.Supplier<R> call, Extraction<?> result,
      RuntimeException error) {
    CAPTURE.set(new Capture(result, error));
    try {
      return call.get();
    } finally {
      CAPTURE.remove();
    }
  }

  /** Whether this thread is capturing or answering a batch job's call (async methods run inline). */
  public static boolean capturing() {
    return CAPTURE.get() != null;
  }

  private static final class Capture {
    private final Extraction<?> result;
    private final RuntimeException error;
    private Captured<?> captured;

    Capture(Extraction<?> result, RuntimeException error) {
      this.result = result;
      this.error = error;
    }

    @SuppressWarnings("unchecked")
    <T> Extraction<T> take(Engine engine, ExtractMethod<T> method, Message.UserPrompt user) {
      if (result == null && error == null) {
        captured = new Captured<>(engine, method, user);
        throw new Signal();
      }
      if (error != null) {
        throw error;
      }
      return (Extraction<T>) result;
    }

    /** Unwinds the generated method once its call is captured. */
    private static final class Signal extends RuntimeException {
      private static final long serialVersionUID = 1L;

      Signal() {
        super("captured", null, false, false);
      }
    }
  }
}
