package dev.quarry;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The outcome of {@link Quarry#batch}: one {@link Item} per input, in input order, each holding
 * the value or the exception that item ended with. One item's failure never fails the batch.
 *
 * <pre>{@code
 * BatchResult<String, Receipt> result = quarry.batch(texts, reader::read);
 * for (BatchResult.Item<String, Receipt> item : result.items()) {
 *   if (item.succeeded()) save(item.value()); else log(item.input(), item.error());
 * }
 * }</pre>
 */
public record BatchResult<I, R>(List<Item<I, R>> items) {
  public BatchResult {
    items = List.copyOf(items);
  }

  /** The values of the items that succeeded, in input order. */
  public List<R> values() {
    return items.stream().filter(Item::succeeded).map(Item::value).toList();
  }

  /** The items that failed, in input order. */
  public List<Item<I, R>> failures() {
    return items.stream().filter(item -> !item.succeeded()).toList();
  }

  public boolean allSucceeded() {
    return failures().isEmpty();
  }

  /**
   * One input and what came of it.
   *
   * @param index the input's position
   * @param value the result, or {@code null} when the item failed (or the result was null)
   * @param error the exception the item ended with (a {@link QuarryException} with its attempts
   *     and usage, or whatever the function threw), or {@code null} when it succeeded
   */
  public record Item<I, R>(int index, I input, R value, RuntimeException error) {
    public static <I, R> Item<I, R> success(int index, I input, R value) {
      return new Item<>(index, input, value, null);
    }

    public static <I, R> Item<I, R> failure(int index, I input, RuntimeException error) {
      return new Item<>(index, input, null, requireNonNull(error, "error == null"));
    }

    public boolean succeeded() {
      return error == null;
    }
  }
}
