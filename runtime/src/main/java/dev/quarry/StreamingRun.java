package dev.quarry;

import dev.quarry.observe.CallInfo;
import dev.quarry.observe.ListenerSet;
import dev.quarry.parse.IncrementalJsonParser;
import dev.quarry.provider.ModelReply;
import dev.quarry.provider.Provider;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.provider.StreamDecoder;
import dev.quarry.provider.StreamDelta;
import dev.quarry.provider.Wire;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.transport.StreamingResponse;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import dev.quarry.validate.Binder;
import dev.quarry.validate.SchemaValidation;
import java.io.IOException;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One streamed call: request with the streaming flag → decode the provider's events → feed the
 * output (tool arguments in {@link Mode#TOOLS}, message text otherwise) to an {@link
 * IncrementalJsonParser} → report snapshots and list elements; at the end of each answer the same
 * parse → validate → bind → check as a non-streamed call ({@link AttemptSteps}), and a re-ask,
 * streamed again, announced by a {@link StreamEvent.NewAttempt}.
 *
 * <p>Pull-driven: each {@link #hasNext()} reads lines until an event is ready, on the caller's
 * thread.
 */
final class StreamingRun<T> {
  private final Quarry quarry;
  private final ExtractMethod<T> method;
  private final AttemptSteps<T> steps;
  private final Mode mode;
  private final String model;
  private final int maxAttempts;
  private final List<Message> messages;
  private final List<Extraction.Attempt> attempts = new ArrayList<>();
  private final ElementReader elementReader;
  private final ArrayDeque<StreamEvent<T>> ready = new ArrayDeque<>();
  private final long start = System.nanoTime();
  private Usage usage = Usage.ZERO;
  private int number;
  private boolean finished;
  private volatile boolean closed;

  // The attempt in progress.
  private ProviderRequest request;
  private TransportRequest http;
  private StreamingResponse response;
  private StreamDecoder decoder;
  private IncrementalJsonParser parser;
  private StringBuilder raw;
  private long sent;
  private boolean elementsStopped;
  private final ListenerSet listeners;
  private CallInfo call;

  private StreamingRun(Quarry quarry, PreparedMethod<T> prepared, Message.UserPrompt user) {
    this.quarry = quarry;
    this.method = prepared.method();
    this.steps = new AttemptSteps<>(quarry, prepared);
    this.mode = quarry.resolveMode(method);
    this.model = quarry.resolveModel(method);
    this.maxAttempts = quarry.resolveMaxAttempts(method);
    this.messages = steps.conversation(mode, user);
    this.listeners = quarry.listeners();
    this.elementReader = ElementReader.of(method);
    if (!quarry.provider().supportsStreaming()) {
      throw new ConfigurationException(
          method.displayName() + ": the " + quarry.provider().name() + " provider cannot stream"
              + " answers; call the method without streaming.");
    }
  }

  /**
   * Starts a streamed call; nothing is sent until the first event is asked for.
   *
   * @throws ConfigurationException when the mode, model or provider cannot be used
   */
  static <T> StreamingExtraction<T> start(
      Quarry quarry, PreparedMethod<T> prepared, Message.UserPrompt user) {
    return new StreamingExtraction<>(new StreamingRun<>(quarry, prepared, user));
  }

  boolean hasNext() {
    try {
      if (call == null) {
        call = steps.callInfo(mode, model);
        listeners.started(call);
      }
      while (ready.isEmpty() && !finished && !closed) {
        step();
      }
    } catch (QuarryException e) {
      finished = true;
      closeResponse();
      listeners.failed(call, e);
      throw e;
    }
    return !ready.isEmpty();
  }

  StreamEvent<T> next() {
    return ready.remove();
  }

  void close() {
    closed = true;
    closeResponse();
  }

  private void closeResponse() {
    StreamingResponse current = response;
    if (current != null) {
      current.close();
    }
  }

  private void step() {
    if (response == null) {
      send();
      return;
    }
    String line;
    try {
      line = response.readLine();
    } catch (IOException e) {
      if (closed) {
        return;
      }
      throw broken(e);
    }
    if (closed) {
      return;
    }
    if (line != null) {
      raw.append(line).append('\n');
      try {
        decoder.line(line, this::accept);
      } catch (QuarryException e) { // an error event
        attempts.add(failedAttempt(response.status(), raw.toString()));
        throw e.withAttempts(attempts);
      }
      showPartial();
      return;
    }
    ModelReply reply;
    try {
      reply = decoder.finish();
    } catch (QuarryException e) { // an error, or the stream stopped before the answer was done
      attempts.add(failedAttempt(response.status(), raw.toString()));
      throw e.withAttempts(attempts);
    }
    listeners.responseReceived(call, number, response.status(),
        Wire.redact(raw.toString(), quarry.apiKey()), Duration.ofNanos(System.nanoTime() - sent));
    response.close();
    response = null;
    judge(reply);
  }

  private void send() {
    number++;
    request = new ProviderRequest(
        quarry.baseUrl(), quarry.apiKey(), model, method, mode, messages,
        quarry.maxOutputTokens(), quarry.temperature());
    Provider provider = quarry.provider();
    http = provider.streamingRequest(request);
    listeners.requestReady(call, number, List.copyOf(messages), Wire.redact(http.body(), quarry.apiKey()));
    raw = new StringBuilder();
    sent = System.nanoTime();
    StreamingResponse opened;
    try {
      opened = quarry.transport().stream(http);
    } catch (IOException e) {
      attempts.add(failedAttempt(0, null));
      throw new ProviderException(
              method.displayName() + ": could not reach " + provider.name() + " at " + http.uri()
                  + ": " + e + ". Check the base URL and the network.",
              0, null, null, null, null, e)
          .withAttempts(attempts);
    }
    response = opened;
    if (closed) {
      opened.close();
      return;
    }
    if (opened.status() < 200 || opened.status() > 299) {
      String body;
      try {
        body = opened.readRest();
      } catch (IOException e) {
        body = "";
      }
      opened.close();
      try {
        provider.reply(request, new TransportResponse(opened.status(), opened.headers(), body));
      } catch (QuarryException e) {
        attempts.add(failedAttempt(opened.status(), body));
        throw e.withAttempts(attempts);
      }
      attempts.add(failedAttempt(opened.status(), body));
      throw new ProviderException(
              method.displayName() + ": " + provider.name() + " answered HTTP " + opened.status()
                  + " to a streaming request.",
              opened.status(), null, null, null, body, null)
          .withAttempts(attempts);
    }
    decoder = provider.streamDecoder(request, opened.headers());
    elementsStopped = false;
    parser = elementReader == null
        ? IncrementalJsonParser.forSchema(method.schemaNode())
        : IncrementalJsonParser.create(elementReader.pointer, method.schemaNode(), this::element);
  }

  private void accept(StreamDelta delta) {
    if (delta instanceof StreamDelta.ToolArguments arguments && mode == Mode.TOOLS) {
      parser.feed(arguments.arguments());
    } else if (delta instanceof StreamDelta.Text text && mode != Mode.TOOLS) {
      parser.feed(text.text());
    }
  }

  private void showPartial() {
    JsonNode snapshot = parser.snapshotIfDue();
    if (snapshot == null) {
      return;
    }
    String wrapper = method.wrapperProperty();
    JsonNode shown = wrapper == null ? snapshot : snapshot.get(wrapper);
    if (shown != null) {
      ready.add(new StreamEvent.Partial<>(number, shown));
    }
  }

  private void element(int index, JsonNode element) {
    if (elementsStopped) {
      return;
    }
    Object value = elementReader.read(quarry, element);
    if (value == null) {
      elementsStopped = true; // invalid: the whole answer will be judged, and re-asked
      return;
    }
    showPartial(); // the snapshot that contains the element comes first
    ready.add(new StreamEvent.Element<>(number, index, value));
  }

  private void judge(ModelReply reply) {
    Duration latency = Duration.ofNanos(System.nanoTime() - sent);
    usage = usage.plus(reply.usage());
    AttemptSteps.Outcome<T> outcome =
        AttemptSteps.refusedOrFiltered(reply) || reply.truncated() ? null : steps.read(reply.output());
    attempts.add(new Extraction.Attempt(
        number, messages, http.body(), 200, raw.toString(), reply.output(),
        outcome == null ? List.of() : outcome.violations(),
        outcome == null ? List.of() : outcome.repairs(), reply.usage(), latency));
    if (AttemptSteps.refusedOrFiltered(reply)) {
      throw steps.refused(reply).withAttempts(attempts);
    }
    if (reply.truncated()) {
      throw steps.truncated(reply).withAttempts(attempts);
    }
    if (!outcome.repairs().isEmpty()) {
      listeners.repaired(call, number, outcome.repairs());
    }
    if (outcome.violations().isEmpty()) {
      finished = true;
      Extraction<T> extraction = new Extraction<>(
          outcome.value(), attempts, usage, Duration.ofNanos(System.nanoTime() - start),
          quarry.cost(model, usage));
      listeners.completed(call, extraction);
      ready.add(new StreamEvent.Done<>(extraction));
      return;
    }
    listeners.validationFailed(call, number, outcome.violations());
    if (number >= maxAttempts) {
      throw steps.exhausted(attempts.size(), maxAttempts, outcome.violations()).withAttempts(attempts);
    }
    listeners.reasking(call, number + 1, outcome.violations());
    steps.reask(messages, reply, outcome.violations(), attempts.size());
    ready.add(new StreamEvent.NewAttempt<>(number + 1, outcome.violations()));
  }

  private ProviderException broken(IOException e) {
    attempts.add(failedAttempt(response.status(), raw.toString()));
    return (ProviderException) new ProviderException(
            method.displayName() + ": the connection to " + quarry.provider().name()
                + " broke while the answer was streaming (" + e + "), after " + raw.length()
                + " characters. Retrying usually helps.",
            response.status(), null, null, null, raw.toString(), e)
        .withAttempts(attempts);
  }

  private Extraction.Attempt failedAttempt(int status, String body) {
    return new Extraction.Attempt(
        number, messages, http.body(), status, body, null, List.of(), List.of(), Usage.ZERO,
        Duration.ofNanos(System.nanoTime() - sent));
  }

  @Override
  public String toString() {
    return method.displayName() + ", attempt " + number + (finished ? ", finished" : "")
        + (closed ? ", closed" : "");
  }

  /**
   * Reads the elements of a list result as they complete: where the list is in the answer, and
   * how one element is validated (the element's subschema) and bound (the element type).
   */
  private static final class ElementReader {
    final String pointer;
    final SchemaValidation validation;
    final Binder<Object> binder;

    private ElementReader(String pointer, SchemaValidation validation, Binder<Object> binder) {
      this.pointer = pointer;
      this.validation = validation;
      this.binder = binder;
    }

    /** A reader when the method returns a list, array or collection in a wrapper; else null. */
    static ElementReader of(ExtractMethod<?> method) {
      String wrapper = method.wrapperProperty();
      Type elementType = elementType(method.resultType().getType());
      if (wrapper == null || elementType == null) {
        return null;
      }
      JsonNode root = method.schemaNode();
      JsonNode items = itemsOf(root, root.path("properties").path(wrapper));
      if (items == null || !items.isObject()) {
        return null;
      }
      ObjectNode schema = ((ObjectNode) items).deepCopy();
      for (String defs : new String[] {"$defs", "definitions"}) {
        if (root.has(defs) && !schema.has(defs)) {
          schema.set(defs, root.get(defs));
        }
      }
      TypeReference<Object> type = new TypeReference<>() {
        @Override
        public Type getType() {
          return elementType;
        }
      };
      ExtractMethod.Builder<Object> element =
          ExtractMethod.builder(method.owner(), method.methodName(), type).schema(schema.toString());
      for (ExtractMethod.Union union : method.unions()) {
        element.union(union.type(), union.tagProperty(), union.variants());
      }
      return new ElementReader(
          "/" + wrapper.replace("~", "~0").replace("/", "~1"), SchemaValidation.of(schema),
          Binder.of(element.build()));
    }

    private static JsonNode itemsOf(JsonNode root, JsonNode list) {
      for (int hops = 0; list != null && hops < 8; hops++) {
        if (list.has("items")) {
          return list.get("items");
        }
        JsonNode ref = list.get("$ref");
        if (ref != null && ref.isString() && ref.stringValue().startsWith("#")) {
          list = root.at(ref.stringValue().substring(1));
          continue;
        }
        JsonNode branches = list.has("anyOf") ? list.get("anyOf") : list.get("oneOf");
        JsonNode array = null;
        if (branches != null) {
          for (JsonNode branch : branches) {
            if (branch.has("items")) {
              array = branch;
            }
          }
        }
        list = array;
      }
      return null;
    }

    private static Type elementType(Type type) {
      if (type instanceof ParameterizedType parameterized
          && parameterized.getRawType() instanceof Class<?> raw
          && Collection.class.isAssignableFrom(raw)
          && parameterized.getActualTypeArguments().length == 1) {
        return parameterized.getActualTypeArguments()[0];
      }
      if (type instanceof GenericArrayType array) {
        return array.getGenericComponentType();
      }
      if (type instanceof Class<?> c && c.isArray()) {
        return c.getComponentType();
      }
      return null;
    }

    /** The bound element, or null when it breaks its schema or a Java check. */
    Object read(Quarry quarry, JsonNode element) {
      if (!validation.validate(element).isEmpty()) {
        return null;
      }
      Object value;
      try {
        value = binder.bind(element);
      } catch (Binder.BindingFailed e) {
        return null;
      }
      return value == null || !quarry.javaChecks().validate(value).isEmpty() ? null : value;
    }
  }

}
