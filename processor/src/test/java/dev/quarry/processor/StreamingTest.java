package dev.quarry.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quarry.processor.Compiler.compile;
import static dev.quarry.processor.Compiler.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import dev.quarry.Quarry;
import dev.quarry.StreamEvent;
import dev.quarry.StreamingExtraction;
import dev.quarry.transport.StreamingResponse;
import dev.quarry.transport.Transport;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.io.BufferedReader;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs generated streaming methods with the real runtime and OpenAI's provider, whose answers
 * come from SSE bodies replayed line by line.
 */
class StreamingTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final JavaFileObject PERSON =
      source("Person", "public record Person(String name, int age) {}");
  private static final JavaFileObject CATEGORY =
      source("Category", "public enum Category { FOOD, TRAVEL }");
  private static final JavaFileObject LINE_ITEM =
      source("LineItem", "public record LineItem(String name, int quantity, BigDecimal price) {}");
  private static final JavaFileObject RECEIPT =
      source(
          "Receipt",
          "public record Receipt(String merchant, Category category, List<LineItem> items,"
              + " Optional<LocalDate> date, double total, Map<String, Integer> tags) {}");
  private static final JavaFileObject READER =
      source(
          "Reader",
          "import java.util.concurrent.Flow;",
          "import java.util.stream.Stream;",
          "@LlmExtract",
          "public interface Reader {",
          "  @Prompt(\"People in {{text}}\")",
          "  Stream<Person> people(String text);",
          "",
          "  @Prompt(\"People in {{text}}\")",
          "  Iterator<Person> peopleIterator(String text);",
          "",
          "  @Prompt(\"People in {{text}}\")",
          "  Flow.Publisher<Person> peoplePublisher(String text);",
          "",
          "  @Prompt(\"Categories in {{text}}\")",
          "  Stream<Category> categories(String text);",
          "",
          "  @Prompt(\"Read {{text}}\")",
          "  Stream<ReceiptPartial> readLive(String text);",
          "",
          "  @Prompt(\"Read {{text}}\")",
          "  Iterator<ReceiptPartial> readLiveIterator(String text);",
          "",
          "  @Prompt(\"Read {{text}}\")",
          "  StreamingExtraction<Receipt> readEvents(String text);",
          "}");

  static final String PEOPLE =
      "{\"value\": [{\"name\": \"Ada\", \"age\": 36}, {\"name\": \"Alan }{\", \"age\": 41},"
          + " {\"name\": \"Grace\", \"age\": 85}]}";
  static final String RECEIPT_JSON =
      "{\"merchant\": \"Café Rive\", \"category\": \"FOOD\", \"items\": [{\"name\": \"tea\","
          + " \"quantity\": 2, \"price\": 3.5}, {\"name\": \"cake\", \"quantity\": 1, \"price\":"
          + " 4}], \"date\": \"2024-05-01\", \"total\": 11.0, \"tags\": {\"table\": 4}}";

  /** Serves queued SSE bodies; counts requests and the streams closed before their end. */
  static final class SseTransport implements Transport {
    final Deque<String> bodies = new ArrayDeque<>();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger closedEarly = new AtomicInteger();
    /** When set, reading the next body stops at its 30th line (after the first person) until this opens. */
    volatile java.util.concurrent.CountDownLatch gate;

    @Override
    public TransportResponse send(TransportRequest request) {
      throw new AssertionError("not streamed: " + request);
    }

    @Override
    public StreamingResponse stream(TransportRequest request) {
      requests.incrementAndGet();
      BufferedReader reader = new BufferedReader(new StringReader(bodies.remove()));
      java.util.concurrent.CountDownLatch latch = gate;
      gate = null;
      StreamingResponse.Lines lines =
          new StreamingResponse.Lines() {
            boolean ended;
            int read;

            @Override
            public String readLine() throws java.io.IOException {
              if (++read == 30 && latch != null) {
                try {
                  latch.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  throw new java.io.InterruptedIOException();
                }
              }
              String line = reader.readLine();
              ended |= line == null;
              return line;
            }

            @Override
            public void close() {
              if (!ended) {
                closedEarly.incrementAndGet();
              }
            }
          };
      return new StreamingResponse(200, Map.of("content-type", "text/event-stream"), lines);
    }
  }

  /** OpenAI chat, TOOLS mode, {@code answer} in pieces of {@code size} characters. */
  static String openAiTools(String tool, String answer, int size) {
    StringBuilder body = new StringBuilder();
    String head =
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\","
            + "\"choices\":[{\"index\":0,";
    body.append(head)
        .append("\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,")
        .append("\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"")
        .append(tool)
        .append("\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n");
    for (int i = 0; i < answer.length(); i += size) {
      String piece = answer.substring(i, Math.min(answer.length(), i + size));
      body.append(head)
          .append("\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":")
          .append(JSON.writeValueAsString(piece))
          .append("}}]},\"finish_reason\":null}]}\n\n");
    }
    body.append(head).append("\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n");
    body.append(
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\","
            + "\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":20,"
            + "\"total_tokens\":30}}\n\n");
    body.append("data: [DONE]\n\n");
    return body.toString();
  }

  private static final class Generated {
    final ClassLoader classes;
    final Object impl;
    final SseTransport transport = new SseTransport();

    Generated(Compilation compilation) throws Exception {
      assertThat(compilation).succeeded();
      classes = Compiler.classes(compilation);
      Quarry quarry =
          Quarry.builder()
              .provider("openai")
              .apiKey("test-key-123456789")
              .model("gpt-4o")
              .transport(transport)
              .build();
      impl = classes.loadClass("test.ReaderImpl").getConstructor(Quarry.class).newInstance(quarry);
    }

    Object call(String method, String answer, int chunk) throws Exception {
      transport.bodies.add(openAiTools(method, answer, chunk));
      Method m = impl.getClass().getMethod(method, String.class);
      try {
        return m.invoke(impl, "text");
      } catch (InvocationTargetException e) {
        throw (Exception) e.getCause();
      }
    }
  }

  private static Generated generated;

  private static synchronized Generated reader() throws Exception {
    if (generated == null) {
      generated = new Generated(compile(READER, PERSON, CATEGORY, LINE_ITEM, RECEIPT));
    }
    return generated;
  }

  private static String names(List<?> people) {
    return people.stream().map(Object::toString).collect(Collectors.joining("; "));
  }

  @Test
  void streamOfRecords() throws Exception {
    Generated g = reader();
    @SuppressWarnings("unchecked")
    Stream<Object> people = (Stream<Object>) g.call("people", PEOPLE, 7);
    List<Object> all;
    try (people) {
      all = people.toList();
    }
    assertThat(names(all))
        .isEqualTo(
            "Person[name=Ada, age=36]; Person[name=Alan }{, age=41]; Person[name=Grace, age=85]");
  }

  @Test
  void streamElementsArriveBeforeTheEnd() throws Exception {
    Generated g = reader();
    @SuppressWarnings("unchecked")
    Stream<Object> people = (Stream<Object>) g.call("people", PEOPLE, 7);
    int closed = g.transport.closedEarly.get();
    try (people) {
      assertThat(people.findFirst()).hasValueSatisfying(p -> assertThat(p).hasToString(
          "Person[name=Ada, age=36]"));
    }
    assertThat(g.transport.closedEarly.get()).isEqualTo(closed + 1); // cancelled mid-answer
  }

  @Test
  void streamOfEnums() throws Exception {
    @SuppressWarnings("unchecked")
    Stream<Object> categories =
        (Stream<Object>) reader().call("categories", "{\"value\": [\"FOOD\", \"TRAVEL\"]}", 3);
    assertThat(categories.map(Object::toString).toList()).containsExactly("FOOD", "TRAVEL");
  }

  @Test
  void iteratorClosesAtTheEnd() throws Exception {
    Generated g = reader();
    Iterator<?> people = (Iterator<?>) g.call("peopleIterator", PEOPLE, 5);
    List<Object> all = new ArrayList<>();
    people.forEachRemaining(all::add);
    assertThat(all).hasSize(3);
    assertThat(people.hasNext()).isFalse();
  }

  @Test
  void publisherHonoursDemandAndCompletes() throws Exception {
    Generated g = reader();
    @SuppressWarnings("unchecked")
    Flow.Publisher<Object> people = (Flow.Publisher<Object>) g.call("peoplePublisher", PEOPLE, 4);
    List<Object> received = new ArrayList<>();
    CompletableFuture<List<Object>> done = new CompletableFuture<>();
    people.subscribe(
        new Flow.Subscriber<>() {
          Flow.Subscription subscription;

          @Override
          public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
          }

          @Override
          public void onNext(Object item) {
            received.add(item);
            subscription.request(1);
          }

          @Override
          public void onError(Throwable throwable) {
            done.completeExceptionally(throwable);
          }

          @Override
          public void onComplete() {
            done.complete(received);
          }
        });
    assertThat(names(done.get(10, TimeUnit.SECONDS)))
        .isEqualTo(
            "Person[name=Ada, age=36]; Person[name=Alan }{, age=41]; Person[name=Grace, age=85]");
  }

  @Test
  void publisherCancelClosesTheCall() throws Exception {
    Generated g = reader();
    java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    g.transport.gate = gate; // the rest of the answer comes only after the cancel
    @SuppressWarnings("unchecked")
    Flow.Publisher<Object> people = (Flow.Publisher<Object>) g.call("peoplePublisher", PEOPLE, 4);
    int closed = g.transport.closedEarly.get();
    CompletableFuture<Object> first = new CompletableFuture<>();
    people.subscribe(
        new Flow.Subscriber<>() {
          Flow.Subscription subscription;

          @Override
          public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
          }

          @Override
          public void onNext(Object item) {
            subscription.cancel();
            first.complete(item);
          }

          @Override
          public void onError(Throwable throwable) {
            first.completeExceptionally(throwable);
          }

          @Override
          public void onComplete() {}
        });
    assertThat(first.get(10, TimeUnit.SECONDS)).hasToString("Person[name=Ada, age=36]");
    gate.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (g.transport.closedEarly.get() == closed && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(g.transport.closedEarly.get()).isEqualTo(closed + 1);
  }

  @Test
  void partialSnapshotsAreTypedAndGrow() throws Exception {
    Generated g = reader();
    @SuppressWarnings("unchecked")
    Stream<Object> snapshots = (Stream<Object>) g.call("readLive", RECEIPT_JSON, 10);
    List<Object> all;
    try (snapshots) {
      all = snapshots.toList();
    }
    Class<?> partial = g.classes.loadClass("test.ReceiptPartial");
    assertThat(partial.isRecord()).isTrue();
    assertThat(
            java.util.Arrays.stream(partial.getRecordComponents())
                .map(c -> c.getType().getSimpleName() + " " + c.getName())
                .toList())
        .containsExactly(
            "String merchant", "Category category", "List items", "LocalDate date",
            "Double total", "Map tags");
    assertThat(all).hasSizeGreaterThan(5).allMatch(partial::isInstance);
    // the first snapshots have only part of the merchant, and nothing else yet
    Object firstMerchant = all.stream().filter(s -> component(s, "merchant") != null).findFirst().orElseThrow();
    assertThat((String) component(firstMerchant, "merchant")).isNotEqualTo("Café Rive");
    assertThat(component(firstMerchant, "items")).isNull();
    assertThat(component(firstMerchant, "total")).isNull();
    // numbers never appear half-written
    for (Object snapshot : all) {
      Object total = component(snapshot, "total");
      assertThat(total == null || total.equals(11.0)).isTrue();
      List<?> items = (List<?>) component(snapshot, "items");
      if (items != null) {
        for (Object item : items) {
          Object quantity = component(item, "quantity");
          assertThat(quantity == null || quantity.equals(2) || quantity.equals(1)).isTrue();
        }
      }
    }
    Object last = all.get(all.size() - 1);
    assertThat(last.toString())
        .isEqualTo(
            "ReceiptPartial[merchant=Café Rive, category=FOOD, items=[LineItemPartial[name=tea,"
                + " quantity=2, price=3.5], LineItemPartial[name=cake, quantity=1, price=4]],"
                + " date=2024-05-01, total=11.0, tags={table=4}]");
  }

  @Test
  void partialIterator() throws Exception {
    Iterator<?> snapshots = (Iterator<?>) reader().call("readLiveIterator", RECEIPT_JSON, 25);
    Object last = null;
    while (snapshots.hasNext()) {
      last = snapshots.next();
    }
    assertThat(last).isNotNull();
    assertThat(component(last, "merchant")).isEqualTo("Café Rive");
  }

  @Test
  void streamingExtraction() throws Exception {
    @SuppressWarnings("unchecked")
    StreamingExtraction<Object> stream =
        (StreamingExtraction<Object>) reader().call("readEvents", RECEIPT_JSON, 10);
    try (stream) {
      List<StreamEvent<Object>> events = new ArrayList<>();
      stream.forEachRemaining(events::add);
      assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.Done.class);
      assertThat(events.stream().filter(StreamEvent.Partial.class::isInstance).count())
          .isGreaterThan(5);
      Object receipt = ((StreamEvent.Done<Object>) events.get(events.size() - 1)).extraction().value();
      assertThat(receipt.getClass().getName()).isEqualTo("test.Receipt");
    }
  }

  @Test
  void partialTypeBindsAnySnapshot() throws Exception {
    Class<?> partial = reader().classes.loadClass("test.ReceiptPartial");
    Method of = partial.getMethod("of", tools.jackson.databind.JsonNode.class);
    Object bound =
        of.invoke(
            null,
            JSON.readTree(
                "{\"merchant\": \"Ca\", \"category\": \"food\", \"date\": \"2024-0\","
                    + " \"items\": [{\"name\": \"te\"}], \"tags\": {}}"));
    assertThat(bound.toString())
        .isEqualTo(
            "ReceiptPartial[merchant=Ca, category=FOOD, items=[LineItemPartial[name=te,"
                + " quantity=null, price=null]], date=null, total=null, tags={}]");
    assertThat(of.invoke(null, JSON.readTree("[1]"))).isNull();
  }

  @Test
  void errorsSurfaceFromTheStream() throws Exception {
    Generated g = reader();
    g.transport.bodies.add("data: {\"error\": {\"message\": \"boom\", \"type\": \"server_error\"}}\n\n");
    Method m = g.impl.getClass().getMethod("people", String.class);
    @SuppressWarnings("unchecked")
    Stream<Object> people = (Stream<Object>) m.invoke(g.impl, "text");
    assertThatThrownBy(people::toList).isInstanceOf(dev.quarry.QuarryException.class);
  }

  private static Object component(Object record, String name) {
    try {
      for (RecordComponent c : record.getClass().getRecordComponents()) {
        if (c.getName().equals(name)) {
          return c.getAccessor().invoke(record);
        }
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no component " + name);
  }
}
