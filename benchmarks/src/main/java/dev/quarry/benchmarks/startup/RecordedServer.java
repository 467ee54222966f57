package dev.quarry.benchmarks.startup;

import com.sun.net.httpserver.HttpServer;
import dev.quarry.benchmarks.Documents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A local HTTP server (the JDK's) in the same process that answers every request with the
 * recorded OpenAI body carrying the medium document (a customer) as the answer. It builds the
 * body with plain string operations, so no JSON library is loaded before the client under test
 * loads its own.
 */
final class RecordedServer implements AutoCloseable {
  private final HttpServer server;

  private RecordedServer(HttpServer server) {
    this.server = server;
  }

  static RecordedServer start() {
    byte[] body = body().getBytes(StandardCharsets.UTF_8);
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", exchange -> {
        try (InputStream in = exchange.getRequestBody()) {
          in.readAllBytes();
        }
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      server.start();
      return new RecordedServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL, {@code http://127.0.0.1:PORT/v1}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  static String body() {
    String recorded;
    try (InputStream in = RecordedServer.class.getResourceAsStream("/recorded/openai-chat-content.json")) {
      recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String original = "\"{\\\"city\\\":\\\"San Francisco\\\",\\\"temperature\\\":65,\\\"units\\\":\\\"f\\\"}\"";
    if (!recorded.contains(original)) {
      throw new IllegalStateException("the recorded body changed");
    }
    String answer = Documents.of("medium").json().replace("\\", "\\\\").replace("\"", "\\\"");
    return recorded.replace(original, "\"" + answer + "\"");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
