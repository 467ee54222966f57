package dev.quarry.opentelemetry;

import static java.util.Objects.requireNonNull;

import dev.quarry.Extraction;
import dev.quarry.ProviderException;
import dev.quarry.QuarryException;
import dev.quarry.Usage;
import dev.quarry.Violation;
import dev.quarry.observe.AttemptResult;
import dev.quarry.observe.CallInfo;
import dev.quarry.observe.QuarryListener;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Traces calls and records metrics with OpenTelemetry, after the GenAI semantic conventions.
 *
 * <p><b>Spans.</b> One {@code CLIENT} span per call, named {@code "chat {model}"} (for example
 * {@code chat gpt-4o-mini}), child of the span current on the calling thread, with {@code
 * gen_ai.operation.name} ({@code chat}), {@code gen_ai.provider.name} and {@code gen_ai.system}
 * ({@code openai}, {@code anthropic}, {@code gcp.gemini}, {@code ollama}), {@code
 * gen_ai.request.model}, {@code gen_ai.response.model}, {@code gen_ai.output.type} ({@code
 * json}), {@code gen_ai.usage.input_tokens} and {@code gen_ai.usage.output_tokens} (summed over
 * attempts), {@code gen_ai.response.finish_reasons}, {@code server.address}, {@code
 * server.port}, and on failure an {@code ERROR} status, {@code error.type} (the exception's
 * class) and the exception as an event. Quarry adds {@code quarry.method} ({@code
 * Interface.method}) and {@code quarry.attempts}.
 *
 * <p>Under it, one span per attempt, {@code "chat {model} attempt {n}"}, with the same GenAI
 * attributes for that request alone, {@code http.response.status_code}, {@code
 * quarry.attempt.number} and {@code quarry.attempt.outcome} ({@code ok}, {@code invalid}, {@code
 * error}), and events for transport retries ({@code quarry.retry}), parser repairs ({@code
 * quarry.repaired}) and violations ({@code quarry.validation_failed}). With a {@code Strategy},
 * each attempt span's {@code gen_ai.provider.name}, {@code gen_ai.system} and {@code
 * gen_ai.request.model} are those of the target the attempt went to, and the call span has a
 * {@code quarry.fallback} event (the next target's provider and model, the attempt number and
 * the {@code error.type} that moved the call on) each time the call moves on. Prompts and answers
 * are not recorded: they may hold personal data.
 *
 * <p><b>Metrics.</b> {@code gen_ai.client.token.usage} (histogram, {@code {token}}, one record per
 * call and {@code gen_ai.token.type} {@code input} or {@code output}) and {@code
 * gen_ai.client.operation.duration} (histogram, seconds, with {@code error.type} on failure), with
 * the operation, provider, request and response model and server attributes, and the buckets the
 * conventions advise.
 *
 * <pre>{@code
 * Quarry quarry = Quarry.builder()
 *     .openTelemetry(false)                                   // not the global instance...
 *     .listener(OpenTelemetryListener.create(openTelemetry))  // ...but this one
 *     .build();
 * }</pre>
 *
 * <p>Without either call, a client traces through {@code GlobalOpenTelemetry} whenever the API is
 * on the class path. The spans are not made current: code that runs between events does not see
 * them as parents.
 */
public final class OpenTelemetryListener implements QuarryListener {
  static final String SCOPE = "dev.quarry";

  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");
  private static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  private static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
  private static final AttributeKey<String> OUTPUT_TYPE = AttributeKey.stringKey("gen_ai.output.type");
  private static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  private static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
  private static final AttributeKey<List<String>> FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  private static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("quarry.method");
  private static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("quarry.attempts");
  private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("quarry.attempt.number");
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("quarry.attempt.outcome");

  /** The bucket boundaries the conventions advise for each metric. */
  private static final List<Long> TOKEN_BUCKETS = List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L,
      16384L, 65536L, 262144L, 1048576L, 4194304L, 16777216L, 67108864L);
  private static final List<Double> DURATION_BUCKETS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32,
      0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

  private final Supplier<OpenTelemetry> source;
  private volatile Instruments instruments;
  private final Map<String, CallState> calls = new ConcurrentHashMap<>();

  private OpenTelemetryListener(Supplier<OpenTelemetry> source) {
    this.source = source;
  }

  /** Traces and measures through {@code openTelemetry}. */
  public static OpenTelemetryListener create(OpenTelemetry openTelemetry) {
    requireNonNull(openTelemetry, "openTelemetry == null");
    return new OpenTelemetryListener(() -> openTelemetry);
  }

  /**
   * Traces and measures through {@code GlobalOpenTelemetry}, looked up at the first call (so an
   * SDK registered after the client was built is used).
   */
  public static OpenTelemetryListener global() {
    return new OpenTelemetryListener(GlobalOpenTelemetry::get);
  }

  private Instruments instruments() {
    Instruments current = instruments;
    if (current == null) {
      synchronized (this) {
        current = instruments;
        if (current == null) {
          instruments = current = new Instruments(source.get());
        }
      }
    }
    return current;
  }

  /** The provider names of the conventions, where they differ from Quarry's. */
  static String providerName(String provider) {
    return "gemini".equals(provider) ? "gcp.gemini" : provider;
  }

  @Override
  public void started(CallInfo call) {
    Instruments instruments = instruments();
    String provider = providerName(call.provider());
    Span span = instruments.tracer.spanBuilder("chat " + call.model())
        .setSpanKind(SpanKind.CLIENT)
        .setParent(Context.current())
        .setStartTimestamp(call.startedAt())
        .setAttribute(OPERATION, "chat")
        .setAttribute(PROVIDER, provider)
        .setAttribute(SYSTEM, provider)
        .setAttribute(REQUEST_MODEL, call.model())
        .setAttribute(OUTPUT_TYPE, "json")
        .setAttribute(METHOD, call.displayName())
        .setAllAttributes(server(call))
        .startSpan();
    calls.put(call.callId(), new CallState(span));
  }

  @Override
  public void requestReady(CallInfo call, int attempt, List<dev.quarry.Message> messages, String body) {
    CallState state = calls.get(call.callId());
    if (state == null) {
      return;
    }
    endAttempt(state, null);
    state.attempt = instruments().tracer.spanBuilder("chat " + call.model() + " attempt " + attempt)
        .setSpanKind(SpanKind.CLIENT)
        .setParent(Context.root().with(state.span))
        .setAttribute(OPERATION, "chat")
        .setAttribute(PROVIDER, providerName(call.provider()))
        .setAttribute(SYSTEM, providerName(call.provider()))
        .setAttribute(REQUEST_MODEL, call.model())
        .setAttribute(ATTEMPT, (long) attempt)
        .setAllAttributes(server(call))
        .startSpan();
  }

  @Override
  public void transportRetry(CallInfo call, int attempt, Extraction.Retry retry) {
    Span span = attemptSpan(call);
    if (span != null) {
      span.addEvent("quarry.retry", Attributes.of(
          HTTP_STATUS, (long) retry.status(),
          AttributeKey.stringKey("quarry.retry.error"),
          retry.error() != null ? retry.error() : "HTTP " + retry.status(),
          AttributeKey.longKey("quarry.retry.delay_ms"), retry.delay().toMillis()));
    }
  }

  @Override
  public void responseReceived(CallInfo call, int attempt, int status, String body, Duration latency) {
    Span span = attemptSpan(call);
    if (span != null) {
      span.setAttribute(HTTP_STATUS, (long) status);
    }
  }

  @Override
  public void repaired(CallInfo call, int attempt, List<String> repairs) {
    Span span = attemptSpan(call);
    if (span != null) {
      span.addEvent("quarry.repaired", Attributes.of(
          AttributeKey.stringArrayKey("quarry.repairs"), repairs));
    }
  }

  @Override
  public void validationFailed(CallInfo call, int attempt, List<Violation> violations) {
    Span span = attemptSpan(call);
    if (span != null) {
      span.addEvent("quarry.validation_failed", Attributes.of(
          AttributeKey.stringArrayKey("quarry.violations"),
          violations.stream().map(Violation::toString).toList()));
    }
  }

  @Override
  public void attemptFinished(CallInfo call, AttemptResult result) {
    CallState state = calls.get(call.callId());
    if (state == null || state.attempt == null) {
      return;
    }
    if (result.responseModel() != null) {
      state.responseModel = result.responseModel();
    }
    if (result.finishReason() != null) {
      state.finishReason = result.finishReason();
    }
    endAttempt(state, result);
  }

  @Override
  public void fellBack(
      CallInfo call, int nextAttempt, String provider, String model, QuarryException cause) {
    CallState state = calls.get(call.callId());
    if (state != null) {
      state.span.addEvent("quarry.fallback", Attributes.of(
          PROVIDER, providerName(provider), REQUEST_MODEL, model, ATTEMPT, (long) nextAttempt,
          ERROR_TYPE, errorType(cause)));
    }
  }

  @Override
  public void completed(CallInfo call, Extraction<?> result) {
    CallState state = calls.remove(call.callId());
    if (state == null) {
      return;
    }
    endAttempt(state, null);
    finish(call, state, result.usage(), result.attempts().size(), result.latency(), null);
    state.span.setStatus(StatusCode.OK);
    state.span.end();
  }

  @Override
  public void failed(CallInfo call, QuarryException error) {
    CallState state = calls.remove(call.callId());
    if (state == null) {
      return;
    }
    endAttempt(state, null);
    String errorType = errorType(error);
    finish(call, state, error.usage(), error.attempts().size(),
        Duration.between(call.startedAt(), Instant.now()), errorType);
    state.span.setAttribute(ERROR_TYPE, errorType);
    state.span.recordException(error);
    state.span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
    state.span.end();
  }

  /** The exception's class; for a provider's HTTP error, its status code, as the conventions suggest. */
  private static String errorType(QuarryException error) {
    if (error instanceof ProviderException && ((ProviderException) error).status() >= 400) {
      return Integer.toString(((ProviderException) error).status());
    }
    Throwable shown = error.getClass() == QuarryException.class && error.getCause() != null
        ? error.getCause() : error;
    return shown.getClass().getName();
  }

  private void finish(CallInfo call, CallState state, Usage usage, int attempts, Duration latency,
      String errorType) {
    Span span = state.span;
    span.setAttribute(INPUT_TOKENS, usage.inputTokens());
    span.setAttribute(OUTPUT_TOKENS, usage.outputTokens());
    span.setAttribute(ATTEMPTS, (long) attempts);
    if (state.responseModel != null) {
      span.setAttribute(RESPONSE_MODEL, state.responseModel);
    }
    if (state.finishReason != null) {
      span.setAttribute(FINISH_REASONS, List.of(state.finishReason));
    }
    AttributesBuilder common = Attributes.builder()
        .put(OPERATION, "chat")
        .put(PROVIDER, providerName(call.provider()))
        .put(REQUEST_MODEL, call.model())
        .putAll(server(call));
    if (state.responseModel != null) {
      common.put(RESPONSE_MODEL, state.responseModel);
    }
    Instruments instruments = instruments();
    if (usage.inputTokens() > 0 || usage.outputTokens() > 0) {
      instruments.tokens.record(usage.inputTokens(), common.build().toBuilder()
          .put(TOKEN_TYPE, "input").build());
      instruments.tokens.record(usage.outputTokens(), common.build().toBuilder()
          .put(TOKEN_TYPE, "output").build());
    }
    if (errorType != null) {
      common.put(ERROR_TYPE, errorType);
    }
    instruments.duration.record(latency.toNanos() / 1e9, common.build());
  }

  private void endAttempt(CallState state, AttemptResult result) {
    Span span = state.attempt;
    if (span == null) {
      return;
    }
    state.attempt = null;
    if (result != null) {
      // With a strategy, the attempt may have gone to another target than the call's first.
      if (result.provider() != null) {
        span.setAttribute(PROVIDER, providerName(result.provider()));
        span.setAttribute(SYSTEM, providerName(result.provider()));
      }
      if (result.model() != null) {
        span.setAttribute(REQUEST_MODEL, result.model());
        span.updateName("chat " + result.model() + " attempt " + result.attempt().number());
      }
      Usage usage = result.attempt().usage();
      span.setAttribute(INPUT_TOKENS, usage.inputTokens());
      span.setAttribute(OUTPUT_TOKENS, usage.outputTokens());
      span.setAttribute(OUTCOME, result.outcome().name().toLowerCase(java.util.Locale.ROOT));
      if (result.responseModel() != null) {
        span.setAttribute(RESPONSE_MODEL, result.responseModel());
      }
      if (result.finishReason() != null) {
        span.setAttribute(FINISH_REASONS, List.of(result.finishReason()));
      }
      if (result.outcome() == AttemptResult.Outcome.ERROR) {
        span.setStatus(StatusCode.ERROR, result.error() == null ? "" : result.error());
      }
    }
    span.end();
  }

  private Span attemptSpan(CallInfo call) {
    CallState state = calls.get(call.callId());
    return state == null ? null : state.attempt;
  }

  private static Attributes server(CallInfo call) {
    if (call.serverAddress() == null) {
      return Attributes.empty();
    }
    return Attributes.of(SERVER_ADDRESS, call.serverAddress(), SERVER_PORT, (long) call.serverPort());
  }

  @Override
  public String toString() {
    return "OpenTelemetryListener";
  }

  private static final class CallState {
    final Span span;
    Span attempt;
    String responseModel;
    String finishReason;

    CallState(Span span) {
      this.span = span;
    }
  }

  private static final class Instruments {
    final Tracer tracer;
    final LongHistogram tokens;
    final DoubleHistogram duration;

    Instruments(OpenTelemetry openTelemetry) {
      this.tracer = openTelemetry.getTracer(SCOPE);
      Meter meter = openTelemetry.getMeter(SCOPE);
      this.tokens = meter.histogramBuilder("gen_ai.client.token.usage")
          .ofLongs()
          .setUnit("{token}")
          .setDescription("Number of input and output tokens used.")
          .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
          .build();
      this.duration = meter.histogramBuilder("gen_ai.client.operation.duration")
          .setUnit("s")
          .setDescription("GenAI operation duration.")
          .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
          .build();
    }
  }
}
