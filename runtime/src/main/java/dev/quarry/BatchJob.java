package dev.quarry;

import static java.util.Objects.requireNonNull;

import dev.quarry.call.BatchCall;
import dev.quarry.call.Engine;
import dev.quarry.call.Settings;
import dev.quarry.observe.ListenerSet;
import dev.quarry.provider.BatchApi;
import dev.quarry.transport.RetryPolicy;
import dev.quarry.transport.Transport;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * The calls of a generated client's method on many inputs, run as a provider batch job: made by
 * {@link Quarry#batchJob}, submitted by {@link #submit()}, followed by {@link #status()}, driven
 * to its end by {@link #await(Duration)}. Each input's call is the ordinary attempt loop with its
 * sends deferred to batches: its reply is parsed, validated, checked and bound as a whole call's,
 * and an invalid answer is re-asked (in a follow-up batch, or at once with {@link
 * Options.Builder#reaskInBatch(boolean) reaskInBatch(false)}) up to the method's attempts.
 *
 * <pre>{@code
 * BatchJob<String, Receipt> job = quarry.batchJob(reader::read, texts);
 * BatchJob.Result<String, Receipt> result = job.submit().await(Duration.ofHours(25));
 * for (BatchJob.Item<String, Receipt> item : result.items()) {
 *   if (item.succeeded()) save(item.input(), item.value()); else log(item.input(), item.error());
 * }
 * }</pre>
 *
 * <p>Every change is saved to the {@link Options#store() store} (durable by default with {@code
 * quarry-jdbc}: {@link BatchStore#standard()}) before it is acted on, so a job
 * made again with the same id and store after a crash resumes: no batch is submitted twice, no
 * result is lost. Resumed calls replay their stored replies without telling the listeners again.
 * Not thread-safe: drive a job from one thread.
 */
public final class BatchJob<I, R> {
  private final Engine engine;
  private final Settings settings;
  private final BatchApi api;
  private final BatchApi.Context context;
  private final Options options;
  private final BatchStore store;
  private final String id;
  private final String model;
  private final Function<? super I, ? extends R> call;
  private final List<Slot> slots = new ArrayList<>();
  private final Map<String, Slot> byCustomId = new HashMap<>();
  private final TreeMap<Integer, BatchStore.Batch> batches = new TreeMap<>();
  /** The number of the batch each custom id was put in. */
  private final Map<String, Integer> batched = new HashMap<>();
  private final Set<String> stored = new HashSet<>();
  private final Map<Integer, BatchApi.Status> statuses = new HashMap<>();
  private final ListenerSet listeners;
  private final long start;
  /** The submission step that records when a batch was first submitted (an ISO instant). */
  static final String SUBMITTED_AT = "quarry_submitted_at";
  private ProviderException lastSubmitError;

  /** One input and its call. */
  private final class Slot {
    final int index;
    final I input;
    BatchCall<?> call;
    Extraction<?> extraction;
    R value;
    RuntimeException error;
    boolean ended;

    Slot(int index, I input) {
      this.index = index;
      this.input = input;
    }

    String customId() {
      return customId(call.attempt());
    }

    String customId(int attempt) {
      return "q" + index + "-" + attempt;
    }

    boolean waiting() {
      return !ended && call != null && call.waiting();
    }

    void ended(Extraction<?> result) {
      ended = true;
      extraction = result;
      try {
        value = Engine.answer(() -> call(input), result, null);
      } catch (RuntimeException e) {
        error = e;
      }
    }

    void failed(RuntimeException e) {
      ended = true;
      error = e;
    }
  }

  private R call(I input) {
    return call.apply(input);
  }

  private BatchJob(Engine engine, ListenerSet listeners, Function<? super I, ? extends R> call,
      List<? extends I> inputs, Options options) {
    this.engine = engine;
    this.settings = engine.settings();
    this.listeners = listeners;
    this.call = call;
    this.options = options;
    this.store = options.store();
    this.start = settings.timeSource().nanoTime();
    this.id = options.id() != null ? options.id()
        : "job-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    this.api = settings.provider().batchApi().orElseThrow(() -> new ConfigurationException(
        "Quarry.batchJob: the " + settings.provider().name() + " provider has no batch API."
            + " Use a provider that has one (openai, anthropic, gemini), or Quarry.batch(...)"
            + " to run the calls concurrently."));
    Optional<BatchStore.Stored> resumed = store.load(id);
    Map<Integer, TreeMap<Integer, BatchStore.Result>> results = new HashMap<>();
    if (resumed.isPresent()) {
      for (BatchStore.Result result : resumed.get().results()) {
        String[] parts = result.customId().substring(1).split("-");
        results.computeIfAbsent(Integer.parseInt(parts[0]), k -> new TreeMap<>())
            .put(Integer.parseInt(parts[1]), result);
        stored.add(result.customId());
      }
      for (BatchStore.Batch batch : resumed.get().batches()) {
        batches.put(batch.number(), batch);
        for (String customId : batch.customIds()) {
          batched.put(customId, batch.number());
        }
      }
    }
    MessageDigest digest = sha256();
    String firstModel = null;
    for (I input : inputs) {
      Slot slot = new Slot(slots.size(), input);
      slots.add(slot);
      Engine.Captured<?> captured;
      try {
        captured = Engine.capture(() -> call(input), "Quarry.batchJob");
      } catch (ConfigurationException e) {
        throw e;
      } catch (RuntimeException e) {
        slot.failed(e); // e.g. an empty prompt: the call would have thrown it too
        continue;
      }
      if (captured.engine() != engine) {
        throw new ConfigurationException("Quarry.batchJob: the function calls a client made by"
            + " another Quarry; create the generated client from the Quarry whose batchJob you"
            + " call (quarry.create(Reader.class)).");
      }
      TreeMap<Integer, BatchStore.Result> replies = results.getOrDefault(slot.index, new TreeMap<>());
      slot.call = start(captured, slot, replies.isEmpty() ? listeners : ListenerSet.empty());
      if (!options.reaskInBatch()) {
        replies.forEach((attempt, result) -> {
          if (attempt > 1 && result.kind() == BatchStore.Result.Kind.ANSWERED) {
            slot.call.replaySync(attempt, response(result));
          }
        });
      }
      if (slot.call.result() != null) {
        slot.ended(slot.call.result());
        continue;
      }
      if (firstModel == null) {
        firstModel = slot.call.request().model();
      }
      digest.update((slot.customId() + "\n" + slot.call.request().messages() + "\n")
          .getBytes(StandardCharsets.UTF_8));
      // Resume: the stored replies bring the call to where it was.
      while (slot.waiting() && replies.containsKey(slot.call.attempt())) {
        deliver(slot, replies.get(slot.call.attempt()));
      }
    }
    this.model = firstModel != null ? firstModel : settings.model() != null ? settings.model() : "none";
    this.context = new BatchApi.Context(settings.baseUrl(), settings.apiKey(), model,
        new Retrying(settings));
    BatchStore.Job job = new BatchStore.Job(id, settings.provider().name(), model, slots.size(),
        HexFormat.of().formatHex(digest.digest()));
    if (resumed.isPresent() && !resumed.get().job().equals(job)) {
      throw new ConfigurationException("Quarry.batchJob: the store holds a job \"" + id
          + "\" with other inputs (stored " + resumed.get().job() + ", now " + job + "). Resume"
          + " it with the same inputs, method and model, or give the new job another id.");
    }
    store.saveJob(job);
  }

  private BatchCall<?> start(Engine.Captured<?> captured, Slot slot, ListenerSet heard) {
    BatchCall<?> batchCall = engine.batchCall(captured.method(), captured.user(), heard,
        options.reaskInBatch(), (attempt, response) -> {
          if (response.status() >= 200 && response.status() <= 299) {
            BatchStore.Result result = new BatchStore.Result(slot.customId(attempt),
                BatchStore.Result.Kind.ANSWERED, response.status(), response.body(), null, null);
            store.saveResult(id, result);
            stored.add(result.customId());
          }
        });
    batchCall.start(); // defers the first attempt; nothing is sent
    return batchCall;
  }

  static <I, R> BatchJob<I, R> create(Engine engine, ListenerSet listeners,
      Function<? super I, ? extends R> call, List<? extends I> inputs, Options options) {
    requireNonNull(call, "call == null");
    requireNonNull(inputs, "inputs == null");
    requireNonNull(options, "options == null");
    return new BatchJob<>(engine, listeners, call, inputs, options);
  }

  /** The job's id: the one in the options, or a generated one (store it to resume the job). */
  public String id() {
    return id;
  }

  /**
   * Submits every entry that is not in a batch yet (first attempts and re-asks), split into
   * batches within the provider's limits, and finishes submissions a crash interrupted. A 429
   * that outlasts the retry policy leaves the rest for the next {@code submit} (or {@link
   * #await} round), and is in {@link #lastSubmitError()}.
   *
   * @return this job
   * @throws ProviderException when the provider refuses a submission otherwise
   */
  public BatchJob<I, R> submit() {
    lastSubmitError = null;
    try {
      for (BatchStore.Batch batch : new ArrayList<>(batches.values())) {
        if (!batch.submission().created()) {
          finishSubmit(batch);
        }
      }
      List<BatchApi.Entry> entries = new ArrayList<>();
      long bytes = 0;
      for (Slot slot : slots) {
        if (!slot.waiting() || batched.containsKey(slot.customId())) {
          continue;
        }
        BatchApi.Entry entry = api.entry(slot.customId(), slot.call.request());
        BatchApi.Limits limits = api.limits();
        if (!entries.isEmpty() && (entries.size() >= limits.maxRequests()
            || bytes + entry.bytes() > limits.maxBytes())) {
          newBatch(entries);
          entries = new ArrayList<>();
          bytes = 0;
        }
        entries.add(entry);
        bytes += entry.bytes();
      }
      if (!entries.isEmpty()) {
        newBatch(entries);
      }
    } catch (ProviderException e) {
      if (e.status() != 429) {
        throw e;
      }
      lastSubmitError = e;
    }
    return this;
  }

  /** The 429 that stopped the last {@link #submit()}, or empty. */
  public Optional<ProviderException> lastSubmitError() {
    return Optional.ofNullable(lastSubmitError);
  }

  private void newBatch(List<BatchApi.Entry> entries) {
    int number = batches.isEmpty() ? 1 : batches.lastKey() + 1;
    List<String> ids = new ArrayList<>();
    for (BatchApi.Entry entry : entries) {
      ids.add(entry.customId());
    }
    BatchStore.Batch batch = new BatchStore.Batch(number, ids,
        BatchApi.Submission.start(id + "-" + number)
            .withStep(SUBMITTED_AT, Instant.now().toString()),
        false, null, false);
    save(batch);
    for (String customId : ids) {
      batched.put(customId, number);
    }
    finishSubmit(batch, entries);
  }

  private void finishSubmit(BatchStore.Batch batch) {
    List<BatchApi.Entry> entries = new ArrayList<>();
    for (String customId : batch.customIds()) {
      Slot slot = byCustomId(customId);
      entries.add(api.entry(customId, slot.call.request()));
    }
    finishSubmit(batch, entries);
  }

  private void finishSubmit(BatchStore.Batch batch, List<BatchApi.Entry> entries) {
    BatchApi.Submission submission = batch.submission();
    try {
      if (batch.stepStarted()) {
        submission = api.recover(context, submission, entries);
        batch = save(new BatchStore.Batch(batch.number(), batch.customIds(), submission, false,
            batch.state(), false));
      }
      while (!submission.created()) {
        batch = save(new BatchStore.Batch(batch.number(), batch.customIds(), submission, true,
            batch.state(), false));
        try {
          submission = api.submitStep(context, submission, entries);
        } catch (ProviderException e) {
          if (e.status() >= 400 && e.status() < 500) { // refused: the step did not happen
            save(new BatchStore.Batch(batch.number(), batch.customIds(), submission, false,
                batch.state(), false));
          }
          throw e;
        }
        batch = save(new BatchStore.Batch(batch.number(), batch.customIds(), submission, false,
            batch.state(), false));
      }
    } catch (IOException e) {
      throw new ProviderException("Quarry.batchJob " + id + ": could not reach "
          + settings.provider().name() + " to submit batch " + batch.number() + ": " + e
          + ". Check the network; submit() again goes on where it stopped.", 0, null, null,
          null, null, e);
    }
  }

  private BatchStore.Batch save(BatchStore.Batch batch) {
    store.saveBatch(id, batch);
    batches.put(batch.number(), batch);
    return batch;
  }

  private Slot byCustomId(String customId) {
    if (byCustomId.isEmpty()) {
      for (Slot slot : slots) {
        if (slot.waiting()) {
          byCustomId.put(slot.customId(), slot);
        }
      }
    }
    Slot slot = byCustomId.get(customId);
    if (slot == null || !slot.waiting() || !slot.customId().equals(customId)) {
      byCustomId.clear();
      for (Slot each : slots) {
        if (each.waiting()) {
          byCustomId.put(each.customId(), each);
        }
      }
      slot = byCustomId.get(customId);
    }
    return slot;
  }

  /**
   * Polls every submitted batch that has not ended, reads the results of those that ended
   * (delivering each reply to its call, which may defer a re-ask), and tells the listeners.
   *
   * @return where the job stands
   * @throws ProviderException when the provider answers a poll with an error
   */
  public BatchProgress status() {
    try {
      for (BatchStore.Batch batch : new ArrayList<>(batches.values())) {
        if (!batch.submission().created() || batch.settled()) {
          continue;
        }
        BatchApi.Status status = api.poll(context, batch.submission());
        statuses.put(batch.number(), status);
        if (!status.state().name().equals(batch.state())) {
          batch = save(new BatchStore.Batch(batch.number(), batch.customIds(),
              batch.submission(), false, status.state().name(), false));
        }
        if (status.state().terminal()) {
          settle(batch, status);
        }
      }
    } catch (IOException e) {
      throw new ProviderException("Quarry.batchJob " + id + ": could not reach "
          + settings.provider().name() + " to poll: " + e + ". Check the network; status()"
          + " again goes on.", 0, null, null, null, null, e);
    }
    BatchProgress progress = progress();
    listeners.batchProgress(progress);
    if (options.console() != null) {
      options.console().print("\r" + progress.line());
      if (progress.done()) {
        options.console().println();
      }
      options.console().flush();
    }
    return progress;
  }

  private void settle(BatchStore.Batch batch, BatchApi.Status status) throws IOException {
    Set<String> members = new HashSet<>(batch.customIds());
    api.results(context, batch.submission(), status, outcome -> {
      if (members.contains(outcome.customId()) && !stored.contains(outcome.customId())) {
        record(result(outcome));
      }
    });
    BatchStore.Result.Kind missing = switch (status.state()) {
      case FAILED -> BatchStore.Result.Kind.BATCH_FAILED;
      case EXPIRED -> BatchStore.Result.Kind.EXPIRED;
      case CANCELLED -> BatchStore.Result.Kind.CANCELLED;
      default -> BatchStore.Result.Kind.MISSING;
    };
    String why = status.errors().isEmpty() ? null : String.join("; ", status.errors());
    for (String customId : batch.customIds()) {
      if (!stored.contains(customId)) {
        record(new BatchStore.Result(customId, missing, 0, null, null, why));
      }
    }
    save(new BatchStore.Batch(batch.number(), batch.customIds(), batch.submission(), false,
        status.state().name(), true));
  }

  private void record(BatchStore.Result result) {
    store.saveResult(id, result);
    stored.add(result.customId());
    Slot slot = byCustomId(result.customId());
    if (slot != null) {
      deliver(slot, result);
    }
  }

  private void deliver(Slot slot, BatchStore.Result result) {
    try {
      Duration waited = waited(result.customId());
      if (result.kind() == BatchStore.Result.Kind.ANSWERED) {
        Extraction<?> done = slot.call.deliver(response(result), waited);
        if (done != null) {
          slot.ended(done);
        }
      } else {
        slot.call.fail(failure(slot, result), waited);
      }
    } catch (RuntimeException e) {
      slot.failed(e);
    }
  }

  /**
   * Since the job's first batch was submitted (saved with it, so a resumed job counts from the
   * first process's submission), or since the job was made in this process before that.
   */
  private Duration elapsed() {
    Instant first = null;
    for (BatchStore.Batch batch : batches.values()) {
      Instant at = submittedAt(batch);
      if (at != null && (first == null || at.isBefore(first))) {
        first = at;
      }
    }
    Duration here = Duration.ofNanos(settings.timeSource().nanoTime() - start);
    if (first == null) {
      return here;
    }
    Duration since = Duration.between(first, Instant.now());
    return since.compareTo(here) > 0 ? since : here;
  }

  private static Instant submittedAt(BatchStore.Batch batch) {
    String at = batch.submission().step(SUBMITTED_AT);
    try {
      return at == null ? null : Instant.parse(at);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * How long an entry's reply took: from its batch's submission (saved with the batch, so a
   * resumed job measures from the first process's submission) until now, the attempt's latency.
   */
  private Duration waited(String customId) {
    Integer number = batched.get(customId);
    Instant at = number == null || !batches.containsKey(number) ? null
        : submittedAt(batches.get(number));
    if (at == null) {
      return Duration.ZERO;
    }
    Duration waited = Duration.between(at, Instant.now());
    return waited.isNegative() ? Duration.ZERO : waited;
  }

  private BatchItemException failure(Slot slot, BatchStore.Result result) {
    String what = switch (result.kind()) {
      case FAILED -> "failed at the provider (HTTP " + result.status() + ", "
          + result.errorType() + ": " + result.message() + ")";
      case EXPIRED -> "did not run before the batch expired (the provider's window is 24 hours)";
      case CANCELLED -> "did not run: the batch was cancelled";
      case BATCH_FAILED -> "did not run: the batch failed as a whole"
          + (result.message() == null ? "" : " (" + result.message() + ")");
      default -> "has no outcome in the batch's results";
    };
    return new BatchItemException("Quarry.batchJob " + id + ": input " + slot.index
        + " (custom id " + result.customId() + ") " + what + ". It is in the job's results with"
        + " this error; run it again in a new job or as a call.", result.kind(), result.status(),
        result.errorType(), result.message());
  }

  private static BatchStore.Result result(BatchApi.Outcome outcome) {
    if (outcome instanceof BatchApi.Outcome.Answered answered) {
      return new BatchStore.Result(answered.customId(), BatchStore.Result.Kind.ANSWERED,
          answered.response().status(), answered.response().body(), null, null);
    }
    if (outcome instanceof BatchApi.Outcome.Failed failed) {
      return new BatchStore.Result(failed.customId(), BatchStore.Result.Kind.FAILED,
          failed.status(), null, failed.errorType(), failed.message());
    }
    return new BatchStore.Result(outcome.customId(), outcome instanceof BatchApi.Outcome.Expired
        ? BatchStore.Result.Kind.EXPIRED : BatchStore.Result.Kind.CANCELLED, 0, null, null, null);
  }

  private static TransportResponse response(BatchStore.Result result) {
    return new TransportResponse(result.status(), Map.of("content-type", "application/json"),
        result.body() == null ? "" : result.body());
  }

  /** Where the job stands, without asking the provider. */
  public BatchProgress progress() {
    int succeeded = 0;
    int failed = 0;
    int submitted = 0;
    int unsubmitted = 0;
    Usage usage = Usage.ZERO;
    Cost cost = Cost.ZERO;
    for (Slot slot : slots) {
      if (slot.ended) {
        if (slot.error == null) {
          succeeded++;
        } else {
          failed++;
        }
        QuarryException error = slot.error instanceof QuarryException q ? q : null;
        Usage used = slot.extraction != null ? slot.extraction.usage()
            : error != null ? error.usage() : Usage.ZERO;
        usage = usage.plus(used);
        // Each call's own cost: its batched attempts at the batch price, synchronous re-asks at
        // the regular one; one answer without a price leaves the job's cost unknown.
        Optional<Cost> spent = slot.extraction != null ? slot.extraction.cost()
            : error != null ? error.cost() : Optional.empty();
        if (cost != null && spent.isPresent()) {
          cost = cost.plus(spent.get());
        } else if (used.totalTokens() > 0) {
          cost = null;
        }
      } else if (slot.waiting() && batched.containsKey(slot.customId())) {
        submitted++;
      } else {
        unsubmitted++;
      }
    }
    Map<BatchApi.State, Integer> states = new EnumMap<>(BatchApi.State.class);
    long[] counts = new long[6];
    for (BatchStore.Batch batch : batches.values()) {
      if (batch.state() != null) {
        states.merge(BatchApi.State.valueOf(batch.state()), 1, Integer::sum);
      }
      BatchApi.Status status = statuses.get(batch.number());
      if (status != null) {
        BatchApi.Counts c = status.counts();
        counts[0] += c.total();
        counts[1] += c.succeeded();
        counts[2] += c.failed();
        counts[3] += c.processing();
        counts[4] += c.cancelled();
        counts[5] += c.expired();
      }
    }
    Usage total = usage;
    Cost priced = cost;
    return new BatchProgress(id, slots.size(), succeeded, failed, submitted, unsubmitted, states,
        new BatchApi.Counts(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]),
        elapsed(), total,
        settings.prices() == null || priced == null ? Optional.empty() : Optional.of(priced));
  }

  /**
   * Submits, polls every {@link Options#pollInterval()} and reads results, submitting re-asks as
   * they come, until every item has ended.
   *
   * @throws DeadlineExceededException when {@code timeout} passes first (the job goes on at the
   *     provider: {@code await} again, or resume it later)
   * @throws QuarryException when the thread is interrupted
   */
  public Result<I, R> await(Duration timeout) {
    requireNonNull(timeout, "timeout == null");
    long deadline = settings.timeSource().nanoTime() + timeout.toNanos();
    while (true) {
      submit();
      if (status().done()) {
        return results();
      }
      if (settings.timeSource().nanoTime() - deadline >= 0) {
        throw new DeadlineExceededException("Quarry.batchJob " + id + ": not done after "
            + timeout + " (" + progress().line() + "). The batches go on at the provider: call"
            + " await again, or make the job again with the same id and store to resume it.",
            timeout, null);
      }
      try {
        settings.timeSource().sleep(options.pollInterval());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new QuarryException("Quarry.batchJob " + id + ": interrupted while waiting", e);
      }
    }
  }

  /**
   * Asks the provider to cancel every batch that has not ended. Entries that had not run end
   * {@link BatchStore.Result.Kind#CANCELLED}; {@link #await} reads what the batches finished.
   */
  public BatchJob<I, R> cancel() {
    try {
      for (BatchStore.Batch batch : batches.values()) {
        if (batch.submission().created() && !batch.settled()) {
          statuses.put(batch.number(), api.cancel(context, batch.submission()));
        }
      }
    } catch (IOException e) {
      throw new ProviderException("Quarry.batchJob " + id + ": could not reach "
          + settings.provider().name() + " to cancel: " + e + ".", 0, null, null, null, null, e);
    }
    return this;
  }

  /** Every input with its outcome so far, in input order. */
  public Result<I, R> results() {
    List<Item<I, R>> items = new ArrayList<>();
    for (Slot slot : slots) {
      items.add(new Item<>(slot.index, slot.input, slot.call == null ? null : slot.customId(),
          slot.value, slot.extraction, slot.error, slot.ended));
    }
    BatchProgress progress = progress();
    return new Result<>(id, items, batches.size(), progress.usage(), progress.cost());
  }

  /**
   * A job's outcome.
   *
   * @param jobId the job's id
   * @param items one per input, in input order
   * @param batches how many batches were submitted (follow-up batches of re-asks included)
   * @param usage the tokens of every answer
   * @param cost their cost (batched answers at the batch price, synchronous re-asks at the
   *     regular one), when the client has prices
   */
  public record Result<I, R>(String jobId, List<Item<I, R>> items, int batches, Usage usage,
      Optional<Cost> cost) {
    public Result {
      items = List.copyOf(items);
    }

    /** The values of the items that succeeded, in input order. */
    public List<R> values() {
      return items.stream().filter(Item::succeeded).map(Item::value).toList();
    }

    /** The items that ended in an error, in input order. */
    public List<Item<I, R>> failures() {
      return items.stream().filter(item -> item.ended() && !item.succeeded()).toList();
    }
  }

  /**
   * One input and what came of it.
   *
   * @param index the input's position
   * @param customId the custom id of its last entry ({@code q<index>-<attempt>}), or {@code null}
   *     when it never got one (its call failed before a request)
   * @param value what the method returns for the answer, when it succeeded
   * @param extraction every attempt (each failed answer with its violations), usage and cost of
   *     the input's call, when it has a result
   * @param error the exception the input's call ended with (e.g. {@link
   *     RetriesExhaustedException}, {@link BatchItemException}), or {@code null}
   * @param ended whether the item has ended
   */
  public record Item<I, R>(int index, I input, String customId, R value,
      Extraction<?> extraction, RuntimeException error, boolean ended) {
    public boolean succeeded() {
      return ended && error == null;
    }

    /** The attempt that produced the value (1 for the first answer), or 0 without one. */
    public int attempt() {
      return extraction == null ? 0 : extraction.attempts().size();
    }
  }

  /**
   * How a job runs and where it is kept. Immutable.
   *
   * <pre>{@code
   * BatchJob.Options.builder().id("receipts-2026-12").store(store)
   *     .pollInterval(Duration.ofMinutes(1)).console(System.out).build()
   * }</pre>
   */
  public static final class Options {
    private static final Options DEFAULTS = builder().build();
    private final String id;
    private final BatchStore store;
    private final Duration pollInterval;
    private final boolean reaskInBatch;
    private final PrintStream console;

    private Options(Builder builder) {
      this.id = builder.id;
      this.store = builder.store; // null: BatchStore.standard(), opened when a job needs it
      this.pollInterval = builder.pollInterval;
      this.reaskInBatch = builder.reaskInBatch;
      this.console = builder.console;
    }

    /**
     * A generated id, the {@linkplain BatchStore#standard() standard store}, polls every 30 s,
     * re-asks in follow-up batches.
     */
    public static Options defaults() {
      return DEFAULTS;
    }

    public static Builder builder() {
      return new Builder();
    }

    /** The job's id, or {@code null} for a generated one. */
    public String id() {
      return id;
    }

    /** The store set, else {@link BatchStore#standard()} (durable with {@code quarry-jdbc}). */
    public BatchStore store() {
      return store != null ? store : BatchStore.standard();
    }

    public Duration pollInterval() {
      return pollInterval;
    }

    public boolean reaskInBatch() {
      return reaskInBatch;
    }

    /** Where the progress line is printed, or {@code null}. */
    public PrintStream console() {
      return console;
    }

    /** Collects options; not thread-safe. */
    public static final class Builder {
      private String id;
      private BatchStore store;
      private Duration pollInterval = Duration.ofSeconds(30);
      private boolean reaskInBatch = true;
      private PrintStream console;

      private Builder() {}

      /**
       * The job's id: up to 48 letters, digits, {@code _} and {@code -}; the job is stored and
       * resumed under it, and its batches are labelled with it at the provider.
       */
      public Builder id(String id) {
        requireNonNull(id, "id == null");
        if (!id.matches("[A-Za-z0-9_-]{1,48}")) {
          throw new IllegalArgumentException("a job id must be 1 to 48 of [A-Za-z0-9_-] (it"
              + " names the job's batches at the provider), got \"" + id + "\"");
        }
        this.id = id;
        return this;
      }

      /**
       * Where the job's state is kept; unless set, {@link BatchStore#standard()}: an embedded H2
       * database under {@code .quarry/} when {@code quarry-jdbc} is on the class path, else this
       * process's memory.
       */
      public Builder store(BatchStore store) {
        this.store = requireNonNull(store, "store == null");
        return this;
      }

      /** How long {@link BatchJob#await} waits between polls; 30 s unless set. */
      public Builder pollInterval(Duration pollInterval) {
        requireNonNull(pollInterval, "pollInterval == null");
        if (pollInterval.isNegative()) {
          throw new IllegalArgumentException("pollInterval must not be negative: " + pollInterval);
        }
        this.pollInterval = pollInterval;
        return this;
      }

      /**
       * Whether invalid answers are re-asked in follow-up batches (true, the default: batch
       * price, hours) or at once as ordinary calls (false: full price, seconds).
       */
      public Builder reaskInBatch(boolean reaskInBatch) {
        this.reaskInBatch = reaskInBatch;
        return this;
      }

      /** Prints the one-line progress after each poll, overwriting it ({@code \r}). */
      public Builder console(PrintStream console) {
        this.console = requireNonNull(console, "console == null");
        return this;
      }

      public Options build() {
        return new Options(this);
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /**
   * The client's transport under its retry policy ({@link RetryPolicy#next}, the rules a call's
   * sends follow): a 429 or 5xx of an upload, a submission or a poll is waited out and sent
   * again, each retry logged; what the policy gives up on is returned for the batch API to
   * describe.
   */
  private static final class Retrying implements Transport {
    private static final System.Logger LOG = System.getLogger(BatchJob.class.getName());
    private final Settings settings;

    Retrying(Settings settings) {
      this.settings = settings;
    }

    @Override
    public TransportResponse send(TransportRequest request) throws IOException {
      for (int retries = 0; ; retries++) {
        TransportResponse response = null;
        IOException failure = null;
        try {
          response = settings.transport().send(request);
        } catch (IOException e) {
          failure = e;
        }
        if (response != null && response.status() >= 200 && response.status() <= 299) {
          return response;
        }
        RetryPolicy.Next next = settings.retryPolicy().next(retries, response, failure);
        if (!next.retries()) {
          if (failure != null) {
            throw failure;
          }
          return response;
        }
        String what = failure != null ? failure.toString() : "HTTP " + response.status();
        int retry = retries + 1;
        LOG.log(System.Logger.Level.INFO, () -> "Quarry.batchJob: " + what + " from "
            + request.method() + " " + request.uri() + "; retry " + retry + " of "
            + settings.retryPolicy().maxRetries() + " in " + next.delay().toMillis() + " ms");
        try {
          settings.timeSource().sleep(next.delay());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted waiting to retry " + request);
        }
      }
    }
  }
}
