package dev.quarry.streaming;

import dev.quarry.Quarry;
import dev.quarry.StreamingExtraction;
import dev.quarry.spi.ExtractMethod;

/** The streaming entry point the tests use. */
final class Streaming {
  private Streaming() {}

  static <T> StreamingExtraction<T> start(Quarry quarry, ExtractMethod<T> method, String user) {
    return quarry.extractStreaming(method, user);
  }
}
