package dev.quarry.samples;

import dev.quarry.Quarry;
import java.time.LocalDate;

/** One runnable sample: a few calls of one {@code @LlmExtract} interface, printed. */
public interface Sample {
  /** The name of its recordings directory, e.g. {@code receipts}. */
  String name();

  String title();

  /** Makes the sample's calls through {@code quarry} and prints their results. */
  void run(Quarry quarry, Console console, LocalDate today);
}
