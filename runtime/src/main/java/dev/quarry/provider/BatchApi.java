package dev.quarry.provider;

import static java.util.Objects.requireNonNull;

import dev.quarry.Mode;
import dev.quarry.ProviderException;
import dev.quarry.transport.Transport;
import dev.quarry.transport.TransportResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A provider's batch API: many requests, each the body a whole call would send, run on the
 * provider's own infrastructure (at about half the price, within a day) and answered later. A
 * {@link Provider} that has one returns it from {@link Provider#batchApi()}; Quarry's batch jobs
 * ({@code Quarry.batchJob}) drive it, so a user never calls it directly.
 *
 * <p>The life of one batch, as Quarry drives it:
 *
 * <ol>
 *   <li>{@link #entry}: each request a whole call would send ({@link Provider#request}) becomes one
 *       entry, named by a custom id. Quarry splits a job's entries into batches within {@link
 *       #limits()}.
 *   <li>{@link #submitStep}: submitting takes one or more HTTP steps (e.g. upload a file, then
 *       create the batch). Quarry stores each step's result ({@link Submission}) before it starts
 *       the next, so a process that dies between steps never repeats a finished one. A process that
 *       dies <em>during</em> a step cannot know whether the provider acted on it; on restart Quarry
 *       calls {@link #recover} first, which looks the step's result up at the provider (by the
 *       submission's {@link Submission#label() label}, written into the file name, the batch's
 *       metadata or its display name).
 *   <li>{@link #poll}: the provider's state, mapped to a neutral {@link State}, with its counts.
 *   <li>{@link #results}: once the state is {@linkplain State#terminal() terminal}, every entry the
 *       provider answered, as an {@link Outcome}: the provider's normal reply body (which {@link
 *       Provider#reply} reads as for a whole call) or a typed failure. Entries without an outcome
 *       (e.g. of a failed or expired batch) are settled by Quarry from the batch's state.
 *   <li>{@link #cancel}: asks the provider to stop; the batch then ends {@link State#CANCELLED}
 *       (with the outcomes it finished before).
 * </ol>
 *
 * <p>Every HTTP request goes through {@link Context#transport()}, which already applies the
 * client's retry policy and rate limits (so a 429 with {@code Retry-After} is waited out there); a
 * response that still is an error makes the method throw a {@link ProviderException} with its
 * status, read the way the provider reads its normal error bodies. Implementations are stateless
 * and thread-safe.
 *
 * <p>A sketch of an implementation's submit, with two steps:
 *
 * <pre>{@code
 * public Submission submitStep(Context context, Submission submission, List<Entry> entries)
 *     throws IOException {
 *   if (submission.step("file_id") == null) {
 *     String fileId = upload(context, submission.label() + ".jsonl", entries);
 *     return submission.withStep("file_id", fileId);
 *   }
 *   return submission.withBatchId(create(context, submission.step("file_id"), submission.label()));
 * }
 * }</pre>
 */
public interface BatchApi {
  /**
   * What a custom id and a label may contain: 1 to 64 letters, digits, {@code _} and {@code -}
   * (the narrowest of the providers' rules, Anthropic's). Quarry only makes ids of this form.
   */
  Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** The provider's limits on one batch; Quarry splits a job into batches within them. */
  Limits limits();

  /**
   * One batch entry: {@code request} as a whole call would send it ({@link Provider#request}),
   * wrapped in the provider's batch line format under {@code customId}.
   *
   * @param customId the entry's id, matching {@link #ID}; unique within the job
   * @param request the request of one attempt of one input (its conversation includes any re-ask)
   * @throws dev.quarry.ConfigurationException when this request cannot go into a batch (e.g. it
   *     asks for streaming, or a mode the batch API does not accept)
   */
  Entry entry(String customId, ProviderRequest request);

  /**
   * Does the next step of submitting {@code entries} as one batch and returns {@code submission}
   * with that step's result added: a {@linkplain Submission#withStep step result} (e.g. an
   * uploaded file's id) or, for the last step, the {@linkplain Submission#withBatchId batch id}.
   * Quarry stores what it returns and calls again until the batch id is set. Each call does
   * exactly one step that changes something at the provider, so a stored result is never redone.
   *
   * @param submission what earlier steps recorded; {@link Submission#start(String)} at first
   * @param entries the batch's entries, the same (in the same order) on every call for one label
   * @throws ProviderException when the provider refuses the step (status, type, message)
   * @throws IOException when no response could be read
   */
  Submission submitStep(Context context, Submission submission, List<Entry> entries)
      throws IOException;

  /**
   * Looks up at the provider what an interrupted {@link #submitStep} may have done, after a
   * restart: Quarry calls this when it had started a step of {@code submission} but not stored its
   * result. Returns {@code submission} with whatever is found added (an uploaded file, a created
   * batch, found by the {@linkplain Submission#label() label}), or {@code submission} unchanged
   * when the provider has certainly not done the step, so that Quarry does it now.
   *
   * @throws dev.quarry.QuarryException (e.g. a {@link ProviderException}) when the provider cannot
   *     say whether the step happened: Quarry then stops the job rather than risk submitting the
   *     batch twice, and says so
   * @throws IOException when no response could be read
   */
  Submission recover(Context context, Submission submission, List<Entry> entries)
      throws IOException;

  /**
   * The batch's current state and counts.
   *
   * @param submission a submission whose {@link Submission#batchId()} is set
   * @throws ProviderException when the provider answers with an error (e.g. 404: no such batch)
   * @throws IOException when no response could be read
   */
  Status poll(Context context, Submission submission) throws IOException;

  /**
   * Reads the outcomes of a batch whose {@code status} is {@linkplain State#terminal() terminal},
   * giving each to {@code sink} as soon as it is read, in the provider's order. Entries the
   * provider has no outcome for are left out (Quarry settles them from {@code status}). Quarry
   * may call this again after a restart; it skips the custom ids it has stored already.
   *
   * @param status the last {@link #poll} of this batch, with its {@link Status#files()}
   * @throws ProviderException when the provider answers with an error
   * @throws IOException when no response could be read
   */
  void results(Context context, Submission submission, Status status, Consumer<Outcome> sink)
      throws IOException;

  /**
   * Asks the provider to cancel the batch and returns its state after the request (usually
   * {@link State#CANCELLING}; already finished batches keep their state).
   *
   * @throws ProviderException when the provider answers with an error
   * @throws IOException when no response could be read
   */
  Status cancel(Context context, Submission submission) throws IOException;

  /**
   * Refuses, before anything is sent, a request that a batch of {@code provider} cannot carry: a
   * streamed one, or one in a mode the provider does not take. For {@link #entry}.
   *
   * @param batches what the provider's batches are called, e.g. {@code "Anthropic's Message
   *     Batches"}
   * @throws dev.quarry.ConfigurationException saying which method asked for what, and what to use
   */
  static void checkBatchable(Provider provider, ProviderRequest request, String batches) {
    if (request.stream()) {
      throw new dev.quarry.ConfigurationException(batches + " cannot stream an answer (a batch"
          + " entry is answered whole); the request of " + request.method().displayName()
          + " asked for streaming: run the batch job on a method that does not stream.");
    }
    if (!provider.modes().contains(request.mode())) {
      throw new dev.quarry.ConfigurationException(batches + " take " + provider.name()
          + " requests in the modes " + provider.modes() + ", not " + request.mode() + " (the"
          + " mode of " + request.method().displayName() + "); choose one of those.");
    }
  }

  /**
   * The provider's own reading of an error answer to a batch request (its message, type and
   * advice, as a call would report them), said to be about {@code action}; a plain description
   * when the provider cannot read it.
   *
   * @param api how the message names the API, e.g. {@code "Message Batches"}
   * @param mode a mode {@code provider} takes (it only shapes the stand-in request)
   */
  static ProviderException readError(Provider provider, Context context, Mode mode, String api,
      String action, TransportResponse response) {
    ProviderRequest request = new ProviderRequest(context.baseUrl(), context.apiKey(),
        context.model(), BatchStandIn.METHOD, mode, List.of(), null, null);
    try {
      provider.reply(request, response);
    } catch (ProviderException e) {
      return new ProviderException(api + ", " + action + ": " + e.getMessage(),
          e.status(), e.errorType(), e.errorMessage(), e.requestId(), e.responseBody(), e);
    }
    String body = Wire.redact(response.body(), context.apiKey());
    return new ProviderException(provider.name() + " answered HTTP " + response.status() + " "
        + action + ": " + Wire.excerpt(body) + ".", response.status(), null, null, null, body, null);
  }

  /**
   * Where and as whom a batch is sent.
   *
   * @param baseUrl the API root without trailing slash, as for {@link ProviderRequest#baseUrl()}
   * @param apiKey the key, or {@code null} when none is configured
   * @param model the model of the job's requests (Gemini's batch URL names it)
   * @param transport sends each HTTP request, with the client's retries and rate limits applied
   */
  record Context(String baseUrl, String apiKey, String model, Transport transport) {
    public Context {
      requireNonNull(baseUrl, "baseUrl == null");
      requireNonNull(model, "model == null");
      requireNonNull(transport, "transport == null");
    }

    /** Everything but the API key. */
    @Override
    public String toString() {
      return "Context[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "none" : "[redacted]")
          + ", model=" + model + "]";
    }
  }

  /**
   * A provider's limits on one batch.
   *
   * @param maxRequests the most entries in one batch (OpenAI 50,000; Anthropic 100,000)
   * @param maxBytes the most bytes of all entries' {@link Entry#bytes()} together (OpenAI's file
   *     limit, 200 MB; Anthropic's request limit, 256 MB; Gemini's inline limit, 20 MB)
   */
  record Limits(int maxRequests, long maxBytes) {
    public Limits {
      if (maxRequests < 1 || maxBytes < 1) {
        throw new IllegalArgumentException(
            "limits must be positive, got maxRequests=" + maxRequests + ", maxBytes=" + maxBytes);
      }
    }
  }

  /**
   * One request in a batch.
   *
   * @param customId the entry's id, matching {@link BatchApi#ID}
   * @param json the entry in the provider's batch format, one line of compact JSON: an OpenAI
   *     JSONL line ({@code custom_id}, {@code method}, {@code url}, {@code body}), an Anthropic
   *     {@code requests[]} element ({@code custom_id}, {@code params}), a Gemini inlined request
   *     ({@code request}, {@code metadata})
   */
  record Entry(String customId, String json) {
    public Entry {
      requireNonNull(customId, "customId == null");
      requireNonNull(json, "json == null");
      if (!ID.matcher(customId).matches()) {
        throw new IllegalArgumentException(
            "a custom id must be 1 to 64 of [A-Za-z0-9_-], got \"" + customId + "\"");
      }
    }

    /** What the entry adds to a batch's size: its UTF-8 bytes and one separator (newline, comma). */
    public long bytes() {
      return json.getBytes(StandardCharsets.UTF_8).length + 1L;
    }
  }

  /**
   * The durable record of submitting one batch: its label, each finished step's result, and at the
   * end the provider's batch id. Quarry stores it after every step; immutable.
   *
   * @param label a name unique to this batch of this job, matching {@link BatchApi#ID}: written
   *     into what the provider keeps (file name, metadata, display name) so {@link #recover} can
   *     find the batch again
   * @param steps each finished step's result by a name the provider chooses (e.g. {@code
   *     file_id}), in the order they were done
   * @param batchId the provider's batch id (OpenAI {@code batch_...}, Anthropic {@code
   *     msgbatch_...}, Gemini {@code batches/...}), or {@code null} until created
   */
  record Submission(String label, Map<String, String> steps, String batchId) {
    public Submission {
      requireNonNull(label, "label == null");
      if (!ID.matcher(label).matches()) {
        throw new IllegalArgumentException(
            "a batch label must be 1 to 64 of [A-Za-z0-9_-], got \"" + label + "\"");
      }
      steps = Collections.unmodifiableMap(new LinkedHashMap<>(steps));
    }

    /** A submission of which no step is done yet. */
    public static Submission start(String label) {
      return new Submission(label, Map.of(), null);
    }

    /** The result of the step named {@code name}, or {@code null} when it is not done. */
    public String step(String name) {
      return steps.get(name);
    }

    /** This submission with one more step done. */
    public Submission withStep(String name, String result) {
      requireNonNull(name, "name == null");
      requireNonNull(result, "result == null");
      Map<String, String> more = new LinkedHashMap<>(steps);
      more.put(name, result);
      return new Submission(label, more, batchId);
    }

    /** This submission with the batch created. */
    public Submission withBatchId(String batchId) {
      return new Submission(label, steps, requireNonNull(batchId, "batchId == null"));
    }

    /** Whether the batch has been created (its id is known). */
    public boolean created() {
      return batchId != null;
    }
  }

  /**
   * A batch's state in neutral form. The providers' states map to these: OpenAI's ({@code
   * validating}, {@code in_progress}, {@code finalizing}, {@code completed}, {@code failed},
   * {@code expired}, {@code cancelling}, {@code cancelled}) one to one; Anthropic's {@code
   * in_progress}, {@code canceling} and {@code ended} (to {@link #COMPLETED}, or {@link
   * #CANCELLED} when a cancel was asked for); Gemini's {@code BATCH_STATE_PENDING} ({@link
   * #VALIDATING}), {@code _RUNNING}, {@code _SUCCEEDED}, {@code _FAILED}, {@code _CANCELLED},
   * {@code _EXPIRED}.
   */
  enum State {
    /** Accepted and being checked, or queued; nothing has run yet. */
    VALIDATING,
    /** Running. */
    IN_PROGRESS,
    /** Finished running; the results are being prepared. */
    FINALIZING,
    /** A cancel was asked for and is being carried out. */
    CANCELLING,
    /** Ended with results (some entries may still have failed, each in its outcome). */
    COMPLETED,
    /** Rejected or failed as a whole (e.g. the input did not validate); see {@link Status#errors()}. */
    FAILED,
    /** Not finished within the provider's window; finished entries still have outcomes. */
    EXPIRED,
    /** Cancelled; entries finished before have outcomes. */
    CANCELLED;

    /** Whether the batch has ended: its outcomes can be read and its state no longer changes. */
    public boolean terminal() {
      return this == COMPLETED || this == FAILED || this == EXPIRED || this == CANCELLED;
    }
  }

  /**
   * The provider's own counts of a batch's entries, as it reports them; 0 where it reports none.
   *
   * @param total entries in the batch
   * @param succeeded entries answered successfully
   * @param failed entries that ended in an error
   * @param processing entries not finished yet
   * @param cancelled entries cancelled before they ran
   * @param expired entries that did not run in time
   */
  record Counts(long total, long succeeded, long failed, long processing, long cancelled,
      long expired) {
    public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);
  }

  /**
   * One poll of a batch.
   *
   * @param state the neutral state
   * @param providerState the provider's own state string, verbatim (e.g. {@code finalizing})
   * @param counts the provider's counts
   * @param files where the results are, by a name the provider chooses (OpenAI {@code
   *     output_file_id} and {@code error_file_id}, Anthropic {@code results_url}, Gemini's
   *     response file); empty when results are inline or not ready
   * @param errors the provider's messages when the batch failed as a whole, else empty
   */
  record Status(State state, String providerState, Counts counts, Map<String, String> files,
      List<String> errors) {
    public Status {
      requireNonNull(state, "state == null");
      requireNonNull(providerState, "providerState == null");
      requireNonNull(counts, "counts == null");
      files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
      errors = List.copyOf(errors);
    }
  }

  /** What became of one entry, as the provider reports it. */
  sealed interface Outcome {
    /** The entry's custom id. */
    String customId();

    /**
     * The entry was answered: {@code response} is what the provider's normal endpoint would have
     * sent (status, the request id header where the batch reports one, the normal reply body), so
     * {@link Provider#reply} reads it, and throws its usual {@link ProviderException} when the
     * status is an error.
     */
    record Answered(String customId, TransportResponse response) implements Outcome {
      public Answered {
        requireNonNull(customId, "customId == null");
        requireNonNull(response, "response == null");
      }
    }

    /**
     * The entry failed without a reply body that {@link Provider#reply} could read (e.g. OpenAI's
     * error file line with an {@code error} object, Anthropic's {@code errored} result).
     *
     * @param status the HTTP status the provider reports for the entry, or 0 when none
     * @param errorType the provider's error type or code, or {@code null}
     * @param message the provider's error message, verbatim, or {@code null}
     */
    record Failed(String customId, int status, String errorType, String message)
        implements Outcome {
      public Failed {
        requireNonNull(customId, "customId == null");
      }
    }

    /** The entry did not run before the batch expired. */
    record Expired(String customId) implements Outcome {
      public Expired {
        requireNonNull(customId, "customId == null");
      }
    }

    /** The entry did not run because the batch was cancelled. */
    record Cancelled(String customId) implements Outcome {
      public Cancelled {
        requireNonNull(customId, "customId == null");
      }
    }
  }
}
