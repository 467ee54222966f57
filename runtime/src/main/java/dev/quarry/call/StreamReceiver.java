package dev.quarry.call;

import dev.quarry.Mode;
import dev.quarry.StreamEvent;
import dev.quarry.parse.IncrementalJsonParser;
import dev.quarry.provider.ModelReply;
import dev.quarry.provider.Provider;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.provider.StreamDecoder;
import dev.quarry.provider.StreamDelta;
import dev.quarry.transport.StreamingResponse;
import dev.quarry.transport.Transport;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import dev.quarry.validate.JavaChecks;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import tools.jackson.databind.JsonNode;

/**
 * Receives a reply as it streams: the provider's events are decoded into the model's output
 * (tool arguments in {@link Mode#TOOLS}, text otherwise), fed to an {@link IncrementalJsonParser},
 * and turned into partial snapshots and list elements. At the end the decoder gives the same
 * {@link ModelReply} a whole response would, which the {@link Call} judges like any other.
 */
final class StreamReceiver<T> extends Receiver<T> {
  private final PreparedMethod<T> prepared;
  private final JavaChecks checks;
  private final ArrayDeque<StreamEvent<T>> pending = new ArrayDeque<>();

  private volatile StreamingResponse response;
  private StreamDecoder decoder;
  private IncrementalJsonParser parser;
  private StringBuilder raw;
  private int attempt;
  private boolean ended;
  private boolean elementsStopped;
  private boolean delivered;

  StreamReceiver(PreparedMethod<T> prepared, JavaChecks checks) {
    this.prepared = prepared;
    this.checks = checks;
  }

  @Override
  TransportRequest request(Provider provider, ProviderRequest request) {
    return provider.streamingRequest(request);
  }

  @Override
  TransportResponse open(Transport transport, Provider provider, ProviderRequest request,
      TransportRequest http, Duration timeout, int attempt) throws IOException {
    this.attempt = attempt;
    pending.clear();
    raw = null;
    ended = false;
    delivered = false;
    StreamingResponse opened = transport.stream(http, timeout);
    response = opened;
    if (opened.status() < 200 || opened.status() > 299) {
      String body;
      try {
        body = opened.readRest();
      } finally {
        opened.close();
      }
      response = null;
      raw = new StringBuilder(body);
      return new TransportResponse(opened.status(), opened.headers(), body);
    }
    raw = new StringBuilder();
    decoder = provider.streamDecoder(request, opened.headers());
    elementsStopped = false;
    ElementReader elements = prepared.elements();
    parser = elements == null
        ? IncrementalJsonParser.forSchema(prepared.method().schemaNode())
        : IncrementalJsonParser.create(elements.pointer, prepared.method().schemaNode(), this::element);
    // Read up to the first event: a connection lost before it is a plain transport failure.
    try {
      while (pending.isEmpty() && !ended) {
        readLine();
      }
    } catch (IOException e) {
      opened.close();
      throw e;
    }
    return new TransportResponse(opened.status(), opened.headers(), "");
  }

  @Override
  ModelReply pull(Provider provider, ProviderRequest request) throws IOException {
    while (pending.isEmpty() && !ended) {
      readLine();
    }
    if (!pending.isEmpty()) {
      return null;
    }
    StreamingResponse current = response;
    if (current != null && current.isClosed()) {
      return null; // aborted: the call knows why
    }
    ModelReply reply = decoder.finish();
    close();
    return reply;
  }

  private void readLine() throws IOException {
    StreamingResponse current = response;
    String line = current == null ? null : current.readLine();
    if (line == null) {
      ended = true;
      return;
    }
    raw.append(line).append('\n');
    decoder.line(line, this::accept);
    showPartial();
  }

  /** Whether the stream was closed before its end (by {@link #abort()}). */
  boolean aborted() {
    StreamingResponse current = response;
    return current != null && current.isClosed();
  }

  private void close() {
    StreamingResponse current = response;
    if (current != null) {
      current.close();
    }
  }

  @Override
  String body() {
    return raw == null ? null : raw.toString();
  }

  @Override
  boolean delivered() {
    return delivered;
  }

  @Override
  void drainTo(Queue<StreamEvent<T>> ready) {
    if (!pending.isEmpty()) {
      delivered = true;
      ready.addAll(pending);
      pending.clear();
    }
  }

  @Override
  boolean streams() {
    return true;
  }

  @Override
  void abort() {
    close();
  }

  private void accept(StreamDelta delta) {
    boolean tools = prepared.mode() == Mode.TOOLS;
    if (delta instanceof StreamDelta.ToolArguments arguments && tools) {
      parser.feed(arguments.arguments());
    } else if (delta instanceof StreamDelta.Text text && !tools) {
      parser.feed(text.text());
    }
  }

  private void showPartial() {
    JsonNode snapshot = parser.snapshotIfDue();
    if (snapshot == null) {
      return;
    }
    String wrapper = prepared.method().wrapperProperty();
    JsonNode shown = wrapper == null ? snapshot : snapshot.get(wrapper);
    if (shown != null) {
      pending.add(new StreamEvent.Partial<>(attempt, shown));
    }
  }

  private void element(int index, JsonNode element) {
    if (elementsStopped) {
      return;
    }
    Object value = prepared.elements().read(element, checks, prepared.method().javaChecks());
    if (value == null) {
      elementsStopped = true; // invalid: the whole answer will be judged, and re-asked
      return;
    }
    showPartial(); // the snapshot that contains the element comes first
    pending.add(new StreamEvent.Element<>(attempt, index, value));
  }
}
