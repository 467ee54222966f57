package dev.quarry.transport;

import java.io.IOException;

/**
 * Sends one HTTP exchange. Quarry uses the JDK {@code HttpClient} ({@link JdkHttpTransport}) by
 * default; {@link ReplayTransport} answers from recorded files and {@link RecordingTransport}
 * writes them, so tests and demos can run without a network.
 *
 * <pre>{@code
 * Quarry quarry = Quarry.builder()
 *     .transport(ReplayTransport.fromDirectory(Path.of("recordings")))
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface Transport {
  /**
   * Sends {@code request} and returns the whole response, whatever its status.
   *
   * @throws IOException when no response could be read (connection refused, reset, timeout)
   */
  TransportResponse send(TransportRequest request) throws IOException;
}
