package dev.quarry.samples;

import dev.quarry.Quarry;
import java.util.function.UnaryOperator;

/**
 * Where a sample gets its clients: live, replaying recordings, or recording them. A sample asks
 * for what it needs and never learns which.
 */
public interface Clients {
  /** The plain client of {@code sample} (the name of its recordings directory). */
  Quarry quarry(String sample);

  /** The client of {@code sample}, with {@code configure} applied to its builder first. */
  Quarry quarry(String sample, UnaryOperator<Quarry.Builder> configure);

  /**
   * A client for a cheaper model of the same provider, for checking answers; its calls are
   * recorded under {@code directory}.
   */
  Quarry checker(String directory);
}
