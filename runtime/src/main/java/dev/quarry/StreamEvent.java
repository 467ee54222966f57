package dev.quarry;

import static java.util.Objects.requireNonNull;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a {@link StreamingExtraction} reports while the model writes its answer, in order:
 * {@link Partial} snapshots and, for list results, each {@link Element} as soon as it is complete
 * and valid; a {@link NewAttempt} when an answer failed validation and the model was asked again
 * (what came before it belongs to the rejected answer); and last, {@link Done} with the validated
 * result.
 *
 * <pre>{@code
 * try (StreamingExtraction<Receipt> stream = quarry.extractStreaming(READ, text)) {
 *   while (stream.hasNext()) {
 *     StreamEvent<Receipt> event = stream.next();
 *     if (event instanceof StreamEvent.Partial<Receipt> partial) {
 *       render(partial.value());
 *     } else if (event instanceof StreamEvent.NewAttempt<Receipt>) {
 *       clearScreen();
 *     } else if (event instanceof StreamEvent.Done<Receipt> done) {
 *       save(done.extraction().value());
 *     }
 *   }
 * }
 * }</pre>
 *
 * @param <T> the method's result type
 */
public sealed interface StreamEvent<T> {
  /** The attempt the event belongs to, from 1. */
  int attempt();

  /**
   * The answer so far, unwrapped like the result (for a list method, the list): a property not
   * yet received is absent, a string being written is the text so far, and numbers, booleans and
   * enum constants appear only once complete. Read-only. Not validated: the model may still be
   * about to break the schema.
   */
  record Partial<T>(int attempt, JsonNode value) implements StreamEvent<T> {
    public Partial {
      requireNonNull(value, "value == null");
    }
  }

  /**
   * One complete element of a list result, bound to the element type and valid against the
   * element's schema and Java checks. Elements come in order, each once per attempt; after an
   * element fails validation, the attempt delivers no more (the answer will be re-asked).
   *
   * @param index the element's position in the list, from 0
   * @param value the element, an instance of the list's element type
   */
  record Element<T>(int attempt, int index, Object value) implements StreamEvent<T> {}

  /**
   * The previous answer failed validation and the model was asked again; everything reported
   * for earlier attempts is superseded.
   *
   * @param attempt the new attempt's number, from 2
   * @param violations what was wrong with the previous answer
   */
  record NewAttempt<T>(int attempt, List<Violation> violations) implements StreamEvent<T> {
    public NewAttempt {
      violations = List.copyOf(violations);
    }
  }

  /** The validated result, with every attempt and the summed usage; always the last event. */
  record Done<T>(Extraction<T> extraction) implements StreamEvent<T> {
    public Done {
      requireNonNull(extraction, "extraction == null");
    }

    @Override
    public int attempt() {
      return extraction.attempts().size();
    }
  }
}
