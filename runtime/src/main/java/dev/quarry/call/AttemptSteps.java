package dev.quarry.call;

import dev.quarry.IncompleteOutputException;
import dev.quarry.Message;
import dev.quarry.Mode;
import dev.quarry.RefusalException;
import dev.quarry.RetriesExhaustedException;
import dev.quarry.Violation;
import dev.quarry.observe.CallInfo;
import dev.quarry.parse.ParseException;
import dev.quarry.parse.SchemaAlignedParser;
import dev.quarry.provider.ModelReply;
import dev.quarry.read.Read;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.validate.Binder;
import dev.quarry.validate.Grounding;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The steps of one attempt that do not depend on how the answer arrived, shared by every kind of
 * call: read an output (parse → validate → bind → check), the exceptions for a refusal, a
 * truncated answer and exhausted attempts, and the messages of a re-ask.
 *
 * <p>{@link #readAnswer} is the one place an answer's text becomes a value: a strict read when
 * the answer is plain valid JSON, the lenient parser only when that fails.
 */
final class AttemptSteps<T> {
  /**
   * Plain JSON, nothing after the value, decimals kept exact (money is common in answers). Built
   * on first use: a generated reader's valid answer never needs it.
   */
  private static final class Strict {
    static final JsonMapper JSON =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
  }

  private final Settings settings;
  private final PreparedMethod<T> prepared;
  private final ExtractMethod<T> method;
  private final Map<String, ? extends CharSequence> sources;

  AttemptSteps(Settings settings, PreparedMethod<T> prepared) {
    this(settings, prepared, null);
  }

  /** Steps whose answers may quote {@code sources}, the call's text parameters by name. */
  AttemptSteps(Settings settings, PreparedMethod<T> prepared, Map<String, ? extends CharSequence> sources) {
    this.settings = settings;
    this.prepared = prepared;
    this.method = prepared.method();
    this.sources = sources;
  }

  /**
   * The first messages of a call: the system prompt (with the schema in the JSON modes), the
   * conversation so far when the method takes one, and the user's; added to {@code messages}.
   */
  void conversation(Mode mode, Message.UserPrompt user, List<Message> messages) {
    String system = method.system();
    if (mode == Mode.JSON || mode == Mode.MD_JSON) {
      String instruction = settings.schemaInstruction().apply(method.schema(), mode);
      system = system == null ? instruction : system + "\n\n" + instruction;
    }
    if (system != null) {
      messages.add(Message.system(system));
    }
    messages.addAll(method.conversation());
    messages.add(user);
  }

  /** What came of reading one output: the value, or the violations; and the parser's repairs. */
  record Outcome<T>(T value, List<Violation> violations, List<String> repairs) {
    static <T> Outcome<T> failed(List<Violation> violations, List<String> repairs) {
      return new Outcome<>(null, violations, repairs);
    }
  }

  /**
   * Reads one answer into the method's value: parse, validate, bind and check. The fast path
   * first: an answer that is already valid JSON for the schema is read strictly, and the lenient
   * {@link SchemaAlignedParser} runs only when it is not. Every kind of call reads its answers
   * here, and only here.
   */
  Outcome<T> readAnswer(String output) {
    if (output == null || output.isBlank()) {
      return Outcome.failed(
          List.of(new Violation("", "parse", "The answer was empty; answer with the JSON value.")),
          List.of());
    }
    // Issue 14 hook: the generated reader, when the method has one, reads a valid answer
    // straight into the result; anything else takes the path below, which says what is wrong.
    Read<T> generated = method.readGenerated(output);
    if (generated != null && generated.valid()) {
      return checked(generated.value(), List.of());
    }
    List<String> repairs = List.of();
    JsonNode value = validAsWritten(output);
    if (value == null) {
      SchemaAlignedParser.Result parsed;
      try {
        parsed = SchemaAlignedParser.lenient().parseWithRepairs(output, method.schemaNode());
      } catch (ParseException e) {
        // The schema validator says precisely how a readable value breaks the schema, all at
        // once; the parser's own message only names the first misfit.
        List<Violation> violations =
            e.closestValue() == null ? List.of() : prepared.validation().validate(e.closestValue());
        return Outcome.failed(
            violations.isEmpty() ? List.of(new Violation("", "parse", e.getMessage())) : violations,
            List.of());
      }
      repairs = new ArrayList<>();
      for (SchemaAlignedParser.Repair repair : parsed.repairs()) {
        repairs.add(
            (repair.pointer().isEmpty() ? "(root)" : repair.pointer()) + ": " + repair.description());
      }
      value = parsed.value();
      List<Violation> violations = prepared.validation().validate(value);
      if (!violations.isEmpty()) {
        return Outcome.failed(violations, repairs);
      }
    }
    String wrapper = method.wrapperProperty();
    JsonNode bound = wrapper == null ? value : value.get(wrapper);
    T result;
    try {
      result = bound == null || bound.isNull() ? null : prepared.binder().bind(bound);
    } catch (Binder.BindingFailed e) {
      return Outcome.failed(prefix(wrapper, e.violations()), repairs);
    }
    return checked(result, repairs);
  }

  /** Runs the Java checks on a bound result. */
  private Outcome<T> checked(T result, List<String> repairs) {
    String wrapper = method.wrapperProperty();
    List<Violation> checks =
        prefix(wrapper, settings.javaChecks().validate(result, method.javaChecks()));
    List<Violation> grounding = prefix(wrapper, Grounding.check(result, sources));
    if (!grounding.isEmpty()) {
      checks = new ArrayList<>(checks);
      checks.addAll(grounding);
    }
    if (!checks.isEmpty()) {
      return Outcome.failed(checks, repairs);
    }
    return new Outcome<>(result, List.of(), repairs);
  }

  /** Pointers of the bound value are relative to the wrapper property; make them absolute. */
  static List<Violation> prefix(String wrapper, List<Violation> violations) {
    if (wrapper == null || violations.isEmpty()) {
      return violations;
    }
    List<Violation> absolute = new ArrayList<>(violations.size());
    for (Violation violation : violations) {
      absolute.add(new Violation("/" + wrapper + violation.pointer(), violation.rule(), violation.message()));
    }
    return absolute;
  }

  /**
   * Whether the reply ends the call without a re-ask: the model refused, or the provider's
   * content filter stopped the answer (a re-ask would be filtered the same way).
   */
  static boolean refusedOrFiltered(ModelReply reply) {
    return reply.refusal() != null || "content_filter".equals(reply.finishReason());
  }

  RefusalException refused(ModelReply reply) {
    String refusal =
        reply.refusal() != null
            ? reply.refusal()
            : "the answer was stopped by the provider's content filter (finish_reason content_filter)";
    return new RefusalException(
        method.displayName() + ": the model refused to answer: " + refusal, refusal);
  }

  IncompleteOutputException truncated(ModelReply reply) {
    return new IncompleteOutputException(
        method.displayName()
            + ": the model stopped at the output token limit (finish_reason "
            + reply.finishReason()
            + ") before finishing its answer. Raise Quarry.builder().maxOutputTokens(...)"
            + " or ask for less.",
        reply.output());
  }

  RetriesExhaustedException exhausted(int attempts, int maxAttempts, List<Violation> violations) {
    StringBuilder text =
        new StringBuilder(method.displayName())
            .append(": no valid answer after ")
            .append(attempts)
            .append(attempts == 1 ? " attempt" : " attempts")
            .append(" (maxAttempts ")
            .append(maxAttempts)
            .append("). The last answer had these problems:");
    for (Violation violation : violations) {
      text.append("\n- ").append(violation);
    }
    text.append("\nEvery answer and its problems are in attempts(); raise maxAttempts, or make")
        .append(" the prompt or the schema descriptions clearer.");
    return new RetriesExhaustedException(text.toString(), violations);
  }

  /**
   * The output itself when it is already a JSON object that passes the schema, which is what
   * models write most of the time; {@code null} otherwise. The lenient parser would return this
   * same value with no repairs, at several times the cost.
   */
  private JsonNode validAsWritten(String output) {
    String text = output.strip();
    if (!text.startsWith("{") || !text.endsWith("}")) {
      return null;
    }
    JsonNode value;
    try {
      value = Strict.JSON.readTree(text);
    } catch (JacksonException | NumberFormatException e) {
      return null; // (an exponent beyond BigDecimal's range): the lenient parser says what is wrong
    }
    return prepared.validation().validate(value).isEmpty() ? value : null;
  }

  /** Appends the answer and the feedback on it to {@code messages}, by the provider's rules. */
  void reask(List<Message> messages, ModelReply reply, List<Violation> violations, int attempts) {
    if (!reply.toolCalls().isEmpty()) {
      reaskEach(messages, reply.toolCalls(), violations, attempts);
      return;
    }
    String feedback = settings.reaskMessage().apply(violations);
    Message.ToolCall call = reply.toolCall();
    if (call == null) {
      messages.add(reply.asMessage());
      messages.add(Message.user(feedback));
      return;
    }
    // Some OpenAI-compatible servers omit the call id; the tool result must still name one.
    String id = call.id() != null ? call.id() : "call_" + attempts;
    messages.add(new Message.AssistantReply(null, new Message.ToolCall(id, call.name(), call.arguments())));
    messages.add(new Message.ToolResult(id, call.name(), feedback, true));
  }

  /**
   * The re-ask of a {@link Mode#PARALLEL_TOOLS} reply: the calls as the model made them, then one
   * tool result per call, each with the violations of its own element (pointers {@code
   * /value/i...}) and the error flag, or an acknowledgement when the call was valid. Violations of
   * the list as a whole go to every call.
   */
  private void reaskEach(
      List<Message> messages, List<Message.ToolCall> calls, List<Violation> violations, int attempts) {
    String list = "/" + (method.wrapperProperty() == null ? "value" : method.wrapperProperty());
    List<Message.ToolCall> sent = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      Message.ToolCall call = calls.get(i);
      String id = call.id() != null ? call.id() : "call_" + attempts + "_" + i;
      sent.add(new Message.ToolCall(id, call.name(), call.arguments()));
      messages.add(new Message.AssistantReply(null, sent.get(i)));
    }
    for (int i = 0; i < sent.size(); i++) {
      String element = list + "/" + i;
      List<Violation> own = new ArrayList<>();
      for (Violation violation : violations) {
        String pointer = violation.pointer();
        boolean mine = pointer.equals(element) || pointer.startsWith(element + "/");
        boolean other = pointer.startsWith(list + "/") && !mine;
        if (!other) {
          own.add(violation);
        }
      }
      Message.ToolCall call = sent.get(i);
      messages.add(own.isEmpty()
          ? new Message.ToolResult(call.id(), call.name(), "This call is valid. Make it again in your next response, together with the corrected calls,"
              + " so that the response holds every call.",
              false)
          : new Message.ToolResult(call.id(), call.name(), settings.reaskMessage().apply(own), true));
    }
  }

  /** What listeners are told about the call: who calls which model where. */
  CallInfo callInfo() {
    return callInfo(settings.provider(), settings.baseUrl(), prepared.model());
  }

  /** {@link #callInfo()} for a call that starts on {@code provider} at {@code baseUrl}. */
  CallInfo callInfo(dev.quarry.provider.Provider provider, String baseUrl, String model) {
    URI uri = URI.create(baseUrl);
    int port = uri.getPort() != -1 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    return new CallInfo(UUID.randomUUID().toString(), method.owner().getName(),
        method.methodName(), provider.name(), model, prepared.mode(),
        uri.getHost(), port,
        Instant.now());
  }
}
