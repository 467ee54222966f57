package dev.quarry;

import java.util.List;

/**
 * A check of your own that runs on every value of a type found in a result, after binding, for
 * rules that need more than the record itself (a database lookup, another model). Register it
 * with {@link Quarry.Builder#validator(Class, Validator)}; what it returns is sent back to the
 * model on a re-ask, with the value's JSON pointer.
 *
 * <pre>{@code
 * Quarry quarry = Quarry.builder()
 *     .validator(Customer.class, c -> customers.exists(c.id())
 *         ? List.of() : List.of("customer " + c.id() + " does not exist; use an id from the text"))
 *     .build();
 * }</pre>
 *
 * @param <T> the type checked
 */
@FunctionalInterface
public interface Validator<T> {
  /** The problems with {@code value}, each a sentence the model can act on; empty when valid. */
  List<String> validate(T value);
}
