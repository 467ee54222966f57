package dev.quarry.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.Message;
import dev.quarry.Mode;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.transport.TransportResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import tools.jackson.core.type.TypeReference;

/** Checks that a provider's streaming reply reader and its whole-tree reader agree. */
public final class FastReplies {
  private FastReplies() {}

  /** A provider's reply reader with the fast path on or off. */
  public interface Reader {
    ModelReply reply(ProviderRequest request, TransportResponse response, boolean fast);
  }

  public static final ExtractMethod<Object> METHOD =
      ExtractMethod.builder(Object.class, "read", new TypeReference<Object>() {})
          .toolName("read")
          .schema("{\"type\":\"object\"}")
          .build();

  /** A request in {@code mode} to {@code provider}, with a key that no payload contains. */
  public static ProviderRequest request(Provider provider, Mode mode) {
    return new ProviderRequest(provider.defaultBaseUrl(), "test-key-not-in-payloads", "model",
        METHOD, mode, List.of(Message.user("hi")), null, null);
  }

  /** A 200 response with {@code body}. */
  public static TransportResponse ok(String body) {
    return new TransportResponse(200, Map.of("content-type", "application/json"), body);
  }

  /**
   * Asserts that both paths give the same reply (or the same exception, message and all), in
   * every mode the provider has; returns the reply.
   */
  public static ModelReply assertSameReply(
      String what, Provider provider, Reader reader, TransportResponse response) {
    ModelReply last = null;
    for (Mode mode : provider.modes()) {
      ProviderRequest request = request(provider, mode);
      Object fast = outcome(() -> reader.reply(request, response, true));
      Object tree = outcome(() -> reader.reply(request, response, false));
      assertThat(fast).as(what + " in " + mode).isEqualTo(tree);
      if (fast instanceof ModelReply reply) {
        last = reply;
      }
    }
    return last;
  }

  private static Object outcome(java.util.function.Supplier<ModelReply> call) {
    try {
      return Objects.requireNonNull(call.get());
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  /** The files under {@code dir} whose names end with {@code suffix}, sorted. */
  public static List<Path> files(Path dir, String suffix) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
