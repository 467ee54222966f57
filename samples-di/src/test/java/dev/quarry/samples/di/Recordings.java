package dev.quarry.samples.di;

import dev.quarry.Quarry;
import dev.quarry.transport.ReplayTransport;

/** The {@link Quarry} both containers are given: OpenAI's wire format, answered from a recording. */
final class Recordings {
  static final String SIGNATURE =
      "Ada Lovelace\nAnalytical Engines Ltd\nada@analytical.example";

  private Recordings() {}

  static Quarry replayingQuarry() {
    return Quarry.builder()
        .provider("openai")
        .apiKey("sk-not-used")
        .transport(
            ReplayTransport.fromClasspath("recordings/di", Recordings.class.getClassLoader()))
        .build();
  }
}
