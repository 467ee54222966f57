package dev.quarry;

import dev.quarry.parse.ParseException;
import dev.quarry.parse.SchemaAlignedParser;
import dev.quarry.provider.ModelReply;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import dev.quarry.validate.Binder;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One call: render → request → send → extract → parse → validate → bind → check → return, or
 * re-ask with the violations until the attempts run out.
 */
final class ExtractionRun<T> {
  private static final Logger LOG = System.getLogger("dev.quarry");

  private final Quarry quarry;
  private final PreparedMethod<T> prepared;
  private final ExtractMethod<T> method;
  private final Mode mode;
  private final String model;
  private final int maxAttempts;
  private final List<Message> messages = new ArrayList<>();
  private final List<Extraction.Attempt> attempts = new ArrayList<>();
  private Usage usage = Usage.ZERO;

  ExtractionRun(Quarry quarry, PreparedMethod<T> prepared, Message.UserPrompt userMessage) {
    this.quarry = quarry;
    this.prepared = prepared;
    this.method = prepared.method();
    this.mode = quarry.resolveMode(method);
    this.model = quarry.resolveModel(method);
    this.maxAttempts = quarry.resolveMaxAttempts(method);
    String system = systemMessage();
    if (system != null) {
      messages.add(Message.system(system));
    }
    messages.add(userMessage);
  }

  private String systemMessage() {
    if (mode != Mode.JSON && mode != Mode.MD_JSON) {
      return method.system();
    }
    String instruction = quarry.schemaInstruction(method.schema(), mode);
    return method.system() == null ? instruction : method.system() + "\n\n" + instruction;
  }

  Extraction<T> run() {
    long start = System.nanoTime();
    for (int number = 1; ; number++) {
      ProviderRequest request =
          new ProviderRequest(
              quarry.baseUrl(),
              quarry.apiKey(),
              model,
              method,
              mode,
              messages,
              quarry.maxOutputTokens(),
              quarry.temperature());
      TransportRequest http = quarry.provider().request(request);
      LOG.log(Level.DEBUG, () -> method.displayName() + " → " + http + "\n" + http.body());
      long sent = System.nanoTime();
      TransportResponse response = send(number, request, http, sent);
      Duration latency = Duration.ofNanos(System.nanoTime() - sent);
      LOG.log(
          Level.DEBUG,
          () -> method.displayName() + " ← " + response.status() + " in " + latency.toMillis()
              + " ms\n" + response.body());
      ModelReply reply;
      try {
        reply = quarry.provider().reply(request, response);
      } catch (QuarryException e) {
        attempts.add(failedAttempt(number, http, response.status(), response.body(), latency));
        throw e.withAttempts(attempts);
      }
      usage = usage.plus(reply.usage());

      Outcome<T> outcome = reply.refusal() != null || reply.truncated() ? null : read(reply.output());
      Extraction.Attempt attempt =
          new Extraction.Attempt(
              number,
              messages,
              http.body(),
              response.status(),
              response.body(),
              reply.output(),
              outcome == null ? List.of() : outcome.violations,
              outcome == null ? List.of() : outcome.repairs,
              reply.usage(),
              latency);
      attempts.add(attempt);

      if (reply.refusal() != null) {
        throw new RefusalException(
                method.displayName() + ": the model refused to answer: " + reply.refusal(),
                reply.refusal())
            .withAttempts(attempts);
      }
      if (reply.truncated()) {
        throw new IncompleteOutputException(
                method.displayName()
                    + ": the model stopped at the output token limit (finish_reason "
                    + reply.finishReason()
                    + ") before finishing its answer. Raise Quarry.builder().maxOutputTokens(...)"
                    + " or ask for less.",
                reply.output())
            .withAttempts(attempts);
      }
      if (outcome.violations.isEmpty()) {
        return new Extraction<>(
            outcome.value, attempts, usage, Duration.ofNanos(System.nanoTime() - start));
      }
      if (number >= maxAttempts) {
        throw new RetriesExhaustedException(exhaustedMessage(outcome.violations), outcome.violations)
            .withAttempts(attempts);
      }
      reask(reply, outcome.violations);
    }
  }

  private TransportResponse send(
      int number, ProviderRequest request, TransportRequest http, long sent) {
    try {
      return quarry.transport().send(http);
    } catch (IOException e) {
      attempts.add(failedAttempt(number, http, 0, null, Duration.ofNanos(System.nanoTime() - sent)));
      throw new ProviderException(
              method.displayName()
                  + ": could not reach "
                  + quarry.provider().name()
                  + " at "
                  + http.uri()
                  + ": "
                  + e
                  + ". Check the base URL and the network.",
              0,
              null,
              null,
              null,
              null,
              e)
          .withAttempts(attempts);
    }
  }

  private Extraction.Attempt failedAttempt(
      int number, TransportRequest http, int status, String body, Duration latency) {
    return new Extraction.Attempt(
        number, messages, http.body(), status, body, null, List.of(), List.of(), Usage.ZERO, latency);
  }

  private void reask(ModelReply reply, List<Violation> violations) {
    String feedback = quarry.reaskMessage(violations);
    Message.ToolCall call = reply.toolCall();
    if (call == null) {
      messages.add(reply.asMessage());
      messages.add(Message.user(feedback));
      return;
    }
    // Some OpenAI-compatible servers omit the call id; the tool result must still name one.
    String id = call.id() != null ? call.id() : "call_" + attempts.size();
    messages.add(new Message.AssistantReply(null, new Message.ToolCall(id, call.name(), call.arguments())));
    messages.add(new Message.ToolResult(id, call.name(), feedback, true));
  }

  private String exhaustedMessage(List<Violation> violations) {
    StringBuilder text =
        new StringBuilder(method.displayName())
            .append(": no valid answer after ")
            .append(attempts.size())
            .append(attempts.size() == 1 ? " attempt" : " attempts")
            .append(" (maxAttempts ")
            .append(maxAttempts)
            .append("). The last answer had these problems:");
    for (Violation violation : violations) {
      text.append("\n- ").append(violation);
    }
    text.append("\nEvery answer and its problems are in attempts(); raise maxAttempts, or make")
        .append(" the prompt or the schema descriptions clearer.");
    return text.toString();
  }

  /** Parse, validate, bind and check one output. */
  private Outcome<T> read(String output) {
    if (output == null || output.isBlank()) {
      return Outcome.failed(
          List.of(new Violation("", "parse", "The answer was empty; answer with the JSON value.")),
          List.of());
    }
    SchemaAlignedParser.Result parsed;
    try {
      parsed = SchemaAlignedParser.lenient().parseWithRepairs(output, method.schemaNode());
    } catch (ParseException e) {
      // The schema validator says precisely how a readable value breaks the schema, all at once;
      // the parser's own message only names the first misfit.
      List<Violation> violations =
          e.closestValue() == null ? List.of() : prepared.validation().validate(e.closestValue());
      return Outcome.failed(
          violations.isEmpty() ? List.of(new Violation("", "parse", e.getMessage())) : violations,
          List.of());
    }
    List<String> repairs = new ArrayList<>();
    for (SchemaAlignedParser.Repair repair : parsed.repairs()) {
      repairs.add(
          (repair.pointer().isEmpty() ? "(root)" : repair.pointer()) + ": " + repair.description());
    }
    JsonNode value = parsed.value();
    List<Violation> violations = prepared.validation().validate(value);
    if (!violations.isEmpty()) {
      return Outcome.failed(violations, repairs);
    }
    String wrapper = method.wrapperProperty();
    JsonNode bound = wrapper == null ? value : value.get(wrapper);
    T result;
    try {
      result = bound == null || bound.isNull() ? null : prepared.binder().bind(bound);
    } catch (Binder.BindingFailed e) {
      return Outcome.failed(prefix(wrapper, e.violations()), repairs);
    }
    List<Violation> checks = prefix(wrapper, quarry.javaChecks().validate(result));
    if (!checks.isEmpty()) {
      return Outcome.failed(checks, repairs);
    }
    return new Outcome<>(result, List.of(), repairs);
  }

  /** Pointers of the bound value are relative to the wrapper property; make them absolute. */
  private static List<Violation> prefix(String wrapper, List<Violation> violations) {
    if (wrapper == null || violations.isEmpty()) {
      return violations;
    }
    List<Violation> absolute = new ArrayList<>(violations.size());
    for (Violation violation : violations) {
      absolute.add(new Violation("/" + wrapper + violation.pointer(), violation.rule(), violation.message()));
    }
    return absolute;
  }

  private record Outcome<T>(T value, List<Violation> violations, List<String> repairs) {
    static <T> Outcome<T> failed(List<Violation> violations, List<String> repairs) {
      return new Outcome<>(null, violations, repairs);
    }
  }
}
