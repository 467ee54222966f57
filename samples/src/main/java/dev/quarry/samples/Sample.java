package dev.quarry.samples;

import dev.quarry.Quarry;
import java.time.LocalDate;

/** One runnable sample: a few calls of one {@code @LlmExtract} interface, printed. */
public interface Sample {
  /** The name of its recordings directory, e.g. {@code receipts}. */
  String name();

  String title();

  /**
   * The client the sample's calls go through; a sample that needs more than the plain client
   * (a validator, a second model) builds it here from {@code clients}.
   */
  default Quarry client(Clients clients) {
    return clients.quarry(name());
  }

  /** Makes the sample's calls through {@code quarry} and prints their results. */
  void run(Quarry quarry, Console console, LocalDate today);
}
