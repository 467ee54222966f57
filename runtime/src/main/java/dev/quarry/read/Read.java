package dev.quarry.read;

import dev.quarry.Violation;
import java.util.List;

/**
 * What a generated reader made of an answer: a value that passed every schema keyword, or the
 * first violation it met (the same pointer and message networknt reports), or neither when the
 * reader cannot decide (not plain JSON, a number out of the Java type's range, a constructor that
 * threw, duplicate properties ...): the caller then takes the general path.
 *
 * @param <T> the result type
 */
public final class Read<T> {
  private static final Read<?> UNDECIDED = new Read<>(false, null, List.of());

  private final boolean valid;
  private final T value;
  private final List<Violation> violations;

  private Read(boolean valid, T value, List<Violation> violations) {
    this.valid = valid;
    this.value = value;
    this.violations = violations;
  }

  static <T> Read<T> valid(T value) {
    return new Read<>(true, value, List.of());
  }

  static <T> Read<T> invalid(Violation violation) {
    return new Read<>(false, null, List.of(violation));
  }

  @SuppressWarnings("unchecked")
  static <T> Read<T> cannotDecide() {
    return (Read<T>) UNDECIDED;
  }

  /** Whether the answer passed the schema and bound; {@link #value()} is then the result. */
  public boolean valid() {
    return valid;
  }

  /** The value read ({@code null} when the answer said null); meaningful only when valid. */
  public T value() {
    return value;
  }

  /**
   * The violation that stopped the reader (one, the first met), or empty when valid or when the
   * reader could not decide.
   */
  public List<Violation> violations() {
    return violations;
  }

  /** Whether the reader could not decide, so the general path must read the answer. */
  public boolean undecided() {
    return !valid && violations.isEmpty();
  }

  @Override
  public String toString() {
    return valid ? "Read[valid " + value + "]" : undecided() ? "Read[undecided]" : "Read" + violations;
  }
}
