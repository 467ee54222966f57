package dev.quarry.spi;

import static dev.quarry.spi.Mapper.JSON;
import static java.util.Objects.requireNonNull;

import dev.quarry.StreamEvent;
import dev.quarry.StreamingExtraction;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;

/**
 * What code generated for streaming {@code @Prompt} methods calls: adapters from a {@link
 * StreamingExtraction} to {@code Iterator}, {@code Flow.Publisher} and streams of partial
 * snapshots, and the binders that the generated {@code <Record>Partial} types use to read a
 * snapshot. Users rarely call these directly.
 */
public final class Streaming {
  private static final ExecutorService THREADS = threads();

  private Streaming() {}

  // ---------------------------------------------------------------- adapters for generated code

  /**
   * The elements of {@code elements} as an iterator that closes the stream (and so cancels the
   * request) once it is exhausted or has failed. A caller that stops early should exhaust it, or
   * declare the method as returning {@code Stream} and close that.
   */
  public static <E> Iterator<E> iterator(Stream<E> elements) {
    requireNonNull(elements, "elements == null");
    Iterator<E> delegate = elements.iterator();
    return new Iterator<>() {
      private boolean closed;

      @Override
      public boolean hasNext() {
        if (closed) {
          return false;
        }
        try {
          if (delegate.hasNext()) {
            return true;
          }
        } catch (RuntimeException | Error e) {
          close();
          throw e;
        }
        close();
        return false;
      }

      @Override
      public E next() {
        if (!hasNext()) {
          throw new NoSuchElementException("the stream has ended");
        }
        return delegate.next();
      }

      private void close() {
        closed = true;
        elements.close();
      }
    };
  }

  /**
   * The elements of {@code elements} as a publisher for one subscriber: a thread (virtual when
   * the JDK has them) reads the stream and feeds a {@link SubmissionPublisher}, which respects
   * the subscriber's demand. The request starts when the subscriber subscribes; cancelling the
   * subscription closes the stream and so cancels the request; a failure reaches {@code
   * onError}. A second subscriber receives {@code onError(IllegalStateException)}.
   */
  public static <E> Flow.Publisher<E> publisher(Stream<E> elements) {
    requireNonNull(elements, "elements == null");
    AtomicBoolean subscribed = new AtomicBoolean();
    return subscriber -> {
      requireNonNull(subscriber, "subscriber == null");
      if (!subscribed.compareAndSet(false, true)) {
        subscriber.onSubscribe(
            new Flow.Subscription() {
              @Override
              public void request(long n) {}

              @Override
              public void cancel() {}
            });
        subscriber.onError(
            new IllegalStateException("this publisher streams one call and has a subscriber"));
        return;
      }
      SubmissionPublisher<E> publisher = new SubmissionPublisher<>(THREADS, Flow.defaultBufferSize());
      publisher.subscribe(new ClosingSubscriber<>(subscriber, elements));
      THREADS.execute(() -> feed(elements, publisher));
    };
  }

  private static <E> void feed(Stream<E> elements, SubmissionPublisher<E> publisher) {
    try {
      Iterator<E> iterator = elements.iterator();
      while (publisher.hasSubscribers() && iterator.hasNext()) {
        E element = iterator.next();
        if (!publisher.hasSubscribers()) {
          break;
        }
        publisher.submit(element); // blocks while the subscriber's buffer is full
      }
      publisher.close();
    } catch (Throwable e) {
      publisher.closeExceptionally(e);
    } finally {
      elements.close();
    }
  }

  /** Passes everything on; cancelling the subscription also closes the stream. */
  private static final class ClosingSubscriber<E> implements Flow.Subscriber<E> {
    private final Flow.Subscriber<? super E> downstream;
    private final Stream<E> elements;

    ClosingSubscriber(Flow.Subscriber<? super E> downstream, Stream<E> elements) {
      this.downstream = downstream;
      this.elements = elements;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      downstream.onSubscribe(
          new Flow.Subscription() {
            @Override
            public void request(long n) {
              subscription.request(n);
            }

            @Override
            public void cancel() {
              subscription.cancel();
              elements.close();
            }
          });
    }

    @Override
    public void onNext(E item) {
      downstream.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
      downstream.onError(throwable);
    }

    @Override
    public void onComplete() {
      downstream.onComplete();
    }
  }

  /**
   * The partial snapshots of {@code stream} bound with {@code bind} (a generated {@code
   * <Record>Partial::of}), each different from the one before, and last the validated result
   * bound the same way. When an answer is re-asked, the snapshots start again from the new
   * answer's beginning (read {@link StreamingExtraction#events()} to tell attempts apart).
   * Closing the returned stream closes {@code stream}.
   */
  public static <T, P> Stream<P> partials(
      StreamingExtraction<T> stream, Function<JsonNode, P> bind) {
    requireNonNull(stream, "stream == null");
    requireNonNull(bind, "bind == null");
    Iterator<P> snapshots =
        new Iterator<>() {
          private P next;
          private P last;

          @Override
          public boolean hasNext() {
            while (next == null && stream.hasNext()) {
              StreamEvent<T> event = stream.next();
              P bound = null;
              if (event instanceof StreamEvent.Partial<T> partial) {
                bound = bind.apply(partial.value());
              } else if (event instanceof StreamEvent.Done<T> done) {
                bound = bind.apply(JSON.valueToTree(done.extraction().value()));
              }
              if (bound != null && !bound.equals(last)) {
                next = bound;
              }
            }
            return next != null;
          }

          @Override
          public P next() {
            if (!hasNext()) {
              throw new NoSuchElementException("the stream has ended");
            }
            last = next;
            next = null;
            return last;
          }
        };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                snapshots, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(stream::close);
  }

  // ------------------------------------------------------------ binders for <Record>Partial types

  /**
   * A scalar of a snapshot ({@code String}, a number, a boolean, a {@code java.time} type, a
   * {@code UUID}, ...), or {@code null} when it is absent, {@code null}, or cannot be read as
   * {@code type} yet (e.g. a date whose text is still being written).
   */
  public static <V> V value(JsonNode node, Class<V> type) {
    if (node == null || node.isNull() || node.isContainer()) {
      return null;
    }
    try {
      return JSON.treeToValue(node, type);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * An enum constant of a snapshot, matched by name ignoring case, or {@code null} when it is
   * absent or matches none (the validated final answer resolves aliases).
   */
  public static <E extends Enum<E>> E constant(JsonNode node, Class<E> type) {
    if (node == null || !node.isString()) {
      return null;
    }
    String text = node.asString().trim();
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text)) {
        return constant;
      }
    }
    return null;
  }

  /**
   * The elements of an array of a snapshot, each bound with {@code element} (elements that bind
   * to {@code null} are left out), or {@code null} when it is absent or not an array. Read-only.
   */
  public static <P> List<P> list(JsonNode node, Function<JsonNode, P> element) {
    if (node == null || !node.isArray()) {
      return null;
    }
    List<P> list = new ArrayList<>(node.size());
    for (JsonNode item : node) {
      P bound = element.apply(item);
      if (bound != null) {
        list.add(bound);
      }
    }
    return Collections.unmodifiableList(list);
  }

  /**
   * The entries of an object of a snapshot, each value bound with {@code value} (entries that
   * bind to {@code null} are left out), or {@code null} when it is absent or not an object.
   * Read-only, in the snapshot's order.
   */
  public static <P> Map<String, P> map(JsonNode node, Function<JsonNode, P> value) {
    if (node == null || !node.isObject()) {
      return null;
    }
    Map<String, P> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      P bound = value.apply(entry.getValue());
      if (bound != null) {
        map.put(entry.getKey(), bound);
      }
    }
    return Collections.unmodifiableMap(map);
  }

  // ------------------------------------------- equals, hashCode and toString of <Record>Partial

  /** How a generated partial type is taken apart: its component names and values. */
  private record Shape(String[] names, Function<Object, Object[]> components) {}

  private static final Map<Class<?>, Shape> SHAPES = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Registers how a generated {@code <Record>Partial} is taken apart, so that {@link
   * #partialEquals}, {@link #partialHashCode} and {@link #partialToString} can walk values of it
   * without recursion: a snapshot as deep as a model may write (thousands of levels) never
   * overflows the stack. Called from the partial type's static initializer.
   *
   * @param names the component names, in order
   * @param components the component values of an instance, in the same order
   */
  public static <P> void describe(Class<P> type, String[] names, Function<P, Object[]> components) {
    requireNonNull(type, "type == null");
    requireNonNull(names, "names == null");
    requireNonNull(components, "components == null");
    @SuppressWarnings("unchecked")
    Function<Object, Object[]> untyped = (Function<Object, Object[]>) (Function<?, Object[]>) components;
    SHAPES.put(type, new Shape(names.clone(), untyped));
  }

  /** Record equality for a generated partial type, walked with a worklist instead of recursion. */
  public static boolean partialEquals(Object a, Object b) {
    ArrayDeque<Object> work = new ArrayDeque<>();
    work.push(b == null ? NULL : b);
    work.push(a == null ? NULL : a);
    while (!work.isEmpty()) {
      Object x = work.pop();
      Object y = work.pop();
      if (x == y) {
        continue;
      }
      if (x == NULL || y == NULL || x.getClass() != y.getClass()
          && !(x instanceof List && y instanceof List) && !(x instanceof Map && y instanceof Map)) {
        return false;
      }
      Shape shape = SHAPES.get(x.getClass());
      if (shape != null) {
        pushPairs(work, shape.components().apply(x), shape.components().apply(y));
      } else if (x instanceof List<?> lx) {
        List<?> ly = (List<?>) y;
        if (lx.size() != ly.size()) {
          return false;
        }
        pushPairs(work, lx.toArray(), ly.toArray());
      } else if (x instanceof Map<?, ?> mx) {
        Map<?, ?> my = (Map<?, ?>) y;
        if (mx.size() != my.size()) {
          return false;
        }
        for (Map.Entry<?, ?> entry : mx.entrySet()) {
          if (!my.containsKey(entry.getKey())) {
            return false;
          }
          Object vy = my.get(entry.getKey());
          work.push(vy == null ? NULL : vy);
          work.push(entry.getValue() == null ? NULL : entry.getValue());
        }
      } else if (!x.equals(y)) {
        return false;
      }
    }
    return true;
  }

  /** A hash code consistent with {@link #partialEquals}, computed without recursion. */
  public static int partialHashCode(Object value) {
    ArrayDeque<Object> work = new ArrayDeque<>();
    work.push(value == null ? NULL : value);
    int hash = 1;
    while (!work.isEmpty()) {
      Object x = work.pop();
      Shape shape = x == NULL ? null : SHAPES.get(x.getClass());
      if (x == NULL) {
        hash = 31 * hash;
      } else if (shape != null) {
        hash = 31 * hash + x.getClass().getName().hashCode();
        pushAll(work, shape.components().apply(x));
      } else if (x instanceof List<?> list) {
        hash = 31 * hash + 0x4c495354 + list.size();
        pushAll(work, list.toArray());
      } else if (x instanceof Map<?, ?> map) {
        // Map equality ignores order: visit the entries in key order.
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        entries.sort((e1, e2) -> String.valueOf(e1.getKey()).compareTo(String.valueOf(e2.getKey())));
        hash = 31 * hash + 0x4d4150 + map.size();
        for (int i = entries.size() - 1; i >= 0; i--) {
          hash = 31 * hash + Objects.hashCode(entries.get(i).getKey());
          Object item = entries.get(i).getValue();
          work.push(item == null ? NULL : item);
        }
      } else {
        hash = 31 * hash + x.hashCode();
      }
    }
    return hash;
  }

  /** The record-style text of a generated partial type, written without recursion. */
  public static String partialToString(Object value) {
    StringBuilder text = new StringBuilder();
    ArrayDeque<Object> work = new ArrayDeque<>();
    work.push(value == null ? NULL : value);
    while (!work.isEmpty()) {
      Object x = work.pop();
      if (x instanceof Text literal) {
        text.append(literal.text());
        continue;
      }
      Shape shape = x == NULL ? null : SHAPES.get(x.getClass());
      if (x == NULL) {
        text.append("null");
      } else if (shape != null) {
        Object[] components = shape.components().apply(x);
        text.append(x.getClass().getSimpleName()).append('[');
        work.push(new Text("]"));
        for (int i = components.length - 1; i >= 0; i--) {
          work.push(components[i] == null ? NULL : components[i]);
          work.push(new Text((i == 0 ? "" : ", ") + shape.names()[i] + "="));
        }
      } else if (x instanceof List<?> list) {
        text.append('[');
        work.push(new Text("]"));
        Object[] items = list.toArray();
        for (int i = items.length - 1; i >= 0; i--) {
          work.push(items[i] == null ? NULL : items[i]);
          if (i > 0) {
            work.push(new Text(", "));
          }
        }
      } else if (x instanceof Map<?, ?> map) {
        text.append('{');
        work.push(new Text("}"));
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        for (int i = entries.size() - 1; i >= 0; i--) {
          Object item = entries.get(i).getValue();
          work.push(item == null ? NULL : item);
          work.push(new Text((i == 0 ? "" : ", ") + entries.get(i).getKey() + "="));
        }
      } else {
        text.append(x);
      }
    }
    return text.toString();
  }

  private static final Object NULL = new Object();

  private record Text(String text) {}

  private static void pushPairs(ArrayDeque<Object> work, Object[] xs, Object[] ys) {
    for (int i = xs.length - 1; i >= 0; i--) {
      work.push(ys[i] == null ? NULL : ys[i]);
      work.push(xs[i] == null ? NULL : xs[i]);
    }
  }

  private static void pushAll(ArrayDeque<Object> work, Object[] items) {
    for (int i = items.length - 1; i >= 0; i--) {
      work.push(items[i] == null ? NULL : items[i]);
    }
  }

  /** Whether {@code node} is a snapshot object that a {@code <Record>Partial} can bind. */
  public static boolean isObject(JsonNode node) {
    return node != null && node.isObject();
  }

  private static ExecutorService threads() {
    try {
      Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
      return (ExecutorService) factory.invoke(null);
    } catch (ReflectiveOperationException e) {
      return Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "quarry-publisher");
            thread.setDaemon(true);
            return thread;
          });
    }
  }
}
