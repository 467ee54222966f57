package dev.quarry;

import dev.quarry.call.Engine;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A call whose answer is read while the model writes it: an iterator of {@link StreamEvent}s
 * (partial snapshots, list elements, re-asks, the final {@link StreamEvent.Done}). Events are
 * produced as they are pulled, on the caller's thread: nothing is read from the network ahead of
 * the consumer, and no thread is started.
 *
 * <p>{@link #close()} (or closing {@link #events()}) cancels the HTTP request when the answer has
 * not all arrived; use try-with-resources. Failures surface from {@link #hasNext()} and {@link
 * #next()} as the same exceptions a non-streamed call throws ({@link ProviderException} for an
 * error response, an error event or a broken connection, {@link IncompleteOutputException} at the
 * output token limit, {@link RefusalException}, {@link RetriesExhaustedException}, {@link
 * DeadlineExceededException}, {@link BudgetExceededException}), with every attempt attached. The
 * call runs the same engine as a non-streamed one: transport retries, rate limit, deadline,
 * budgets and listeners apply alike.
 *
 * <p>Not thread-safe, except {@link #close()}, which may be called from another thread to stop a
 * read in progress.
 *
 * @param <T> the method's result type
 */
public final class StreamingExtraction<T> implements Iterator<StreamEvent<T>>, AutoCloseable {
  private final Engine.EventSource<T> run;

  StreamingExtraction(Engine.EventSource<T> run) {
    this.run = run;
  }

  /**
   * Whether another event will come; reads from the network until one is ready.
   *
   * @throws QuarryException when the call failed
   */
  @Override
  public boolean hasNext() {
    return run.hasNext();
  }

  /** The next event; see {@link #hasNext()}. */
  @Override
  public StreamEvent<T> next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the stream has ended");
    }
    return run.next();
  }

  /** The remaining events as a sequential stream; closing it closes this. */
  public Stream<StreamEvent<T>> events() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(this::close);
  }

  /**
   * Reads the remaining events and returns the result, as the non-streamed call would.
   *
   * @throws QuarryException when the call failed
   * @throws IllegalStateException when the stream was closed before its end
   */
  public Extraction<T> result() {
    while (hasNext()) {
      StreamEvent<T> event = next();
      if (event instanceof StreamEvent.Done<T> done) {
        return done.extraction();
      }
    }
    throw new IllegalStateException("the stream was closed before the answer was complete");
  }

  /**
   * The elements of a list result ({@code T} is a {@code List<E>}), each as soon as it is complete
   * and valid, and then those of the final result that were not delivered yet. When an answer is
   * re-asked after some of its elements were delivered, the new answer's elements at those
   * positions are skipped if they are equal to the delivered ones; when one differs, the stream
   * fails with a {@link QuarryException} rather than mix two answers (read {@link #events()} to
   * handle re-asks yourself). Closing the stream closes this.
   *
   * @param <E> the element type of the list; the caller vouches for it
   */
  @SuppressWarnings("unchecked")
  public <E> Stream<E> elements() {
    Iterator<E> elements = new Iterator<>() {
      private final List<Object> delivered = new ArrayList<>();
      private final java.util.ArrayDeque<Object> ready = new java.util.ArrayDeque<>();

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && StreamingExtraction.this.hasNext()) {
          StreamEvent<T> event = StreamingExtraction.this.next();
          if (event instanceof StreamEvent.Element<T> element) {
            offer(element.index(), element.value());
          } else if (event instanceof StreamEvent.Done<T> done
              && done.extraction().value() instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
              offer(i, list.get(i));
            }
          }
        }
        return !ready.isEmpty();
      }

      private void offer(int index, Object value) {
        if (index < delivered.size()) {
          if (!Objects.equals(delivered.get(index), value)) {
            throw new QuarryException(
                "A re-asked answer differs at element " + index + " from the element already"
                    + " delivered (" + delivered.get(index) + ", then " + value + "); read"
                    + " StreamingExtraction.events() to handle re-asks.");
          }
        } else if (index == delivered.size()) {
          delivered.add(value);
          ready.add(value);
        }
      }

      @Override
      public E next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return (E) ready.remove();
      }
    };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(elements, Spliterator.ORDERED), false)
        .onClose(this::close);
  }

  /** Cancels the request when the answer has not all arrived; later events do not come. */
  @Override
  public void close() {
    run.close();
  }

  @Override
  public String toString() {
    return "StreamingExtraction[" + run + "]";
  }
}
