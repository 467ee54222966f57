package dev.quarry.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.testing.LocalServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdkHttpTransportTest {
  private final LocalServer server = LocalServer.start();
  private final JdkHttpTransport transport = JdkHttpTransport.create();

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void sendsTheRequestAndReadsTheWholeResponse() throws IOException {
    server.enqueue(201, Map.of("Content-Type", "application/json; charset=utf-8",
        "X-Request-Id", "req_1"), "{\"answer\":\"Grüße\"}");

    TransportResponse response = transport.send(new TransportRequest("POST",
        server.uri("/v1/chat/completions"),
        Map.of("content-type", "application/json", "authorization", "Bearer sk-test"),
        "{\"question\":\"Größe?\"}"));

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.body()).isEqualTo("{\"answer\":\"Grüße\"}");
    assertThat(response.header("X-Request-Id")).isEqualTo("req_1");
    assertThat(response.headers()).containsEntry("x-request-id", "req_1")
        .allSatisfy((name, value) -> assertThat(name).isLowerCase());
    LocalServer.Request received = server.takeRequest();
    assertThat(received.method()).isEqualTo("POST");
    assertThat(received.path()).isEqualTo("/v1/chat/completions");
    assertThat(received.header("authorization")).isEqualTo("Bearer sk-test");
    assertThat(received.header("content-type")).isEqualTo("application/json");
    assertThat(received.body()).isEqualTo("{\"question\":\"Größe?\"}");
  }

  @Test
  void aPreparedClientIsBuiltOnceAndServesTheRequests() throws Exception {
    JdkHttpTransport transport = JdkHttpTransport.create();
    java.net.URI base = server.uri("/v1");
    transport.prepare(base);
    transport.prepare(base);
    server.enqueue(200, "{\"ok\":true}");

    TransportResponse response = transport.send(new TransportRequest("POST",
        server.uri("/v1/chat"), java.util.Map.of(), "{}"));

    assertThat(response.body()).isEqualTo("{\"ok\":true}");
    assertThat(transport.client(base)).isSameAs(transport.client(server.uri("/x")));
  }

  @Test
  void plainHttpGetsAClientWithoutTheDefaultTlsContext() throws Exception {
    JdkHttpTransport transport = JdkHttpTransport.create();
    java.net.http.HttpClient plain = transport.client(java.net.URI.create("http://localhost:1/v1"));
    java.net.http.HttpClient tls = transport.client(java.net.URI.create("https://example.com/v1"));

    assertThat(plain).isNotSameAs(tls);
    assertThat(plain.sslContext()).isSameAs(NoTls.CONTEXT);
    assertThat(tls.sslContext()).isSameAs(javax.net.ssl.SSLContext.getDefault());
    assertThat(transport.client(java.net.URI.create("HTTP://other:2/"))).isSameAs(plain);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> NoTls.CONTEXT.createSSLEngine())
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("http://");
  }

  @Test
  void errorStatusesAreResponsesNotExceptions() throws IOException {
    server.enqueue(503, Map.of("content-type", "text/html"), "<html>down</html>");

    TransportResponse response = transport.send(
        new TransportRequest("GET", server.uri("/v1/models"), Map.of(), ""));

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("<html>down</html>");
    assertThat(server.takeRequest().method()).isEqualTo("GET");
  }

  @Test
  void aResponseThatNeverComesTimesOut() {
    JdkHttpTransport impatient =
        JdkHttpTransport.create(Duration.ofSeconds(5), Duration.ofMillis(300));
    server.enqueueNoResponse();

    assertThatThrownBy(() -> impatient.send(
        new TransportRequest("POST", server.uri("/slow"), Map.of(), "{}")))
        .isInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void aServerThatIsGoneIsAnIoException() {
    URI uri = server.uri("/v1/chat/completions");
    server.close();

    assertThatThrownBy(() -> transport.send(new TransportRequest("POST", uri, Map.of(), "{}")))
        .isInstanceOf(IOException.class);
  }

  @Test
  void timeoutsMustBePositive() {
    assertThatThrownBy(() -> JdkHttpTransport.create(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> JdkHttpTransport.create(Duration.ofSeconds(1), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requestTimeout");
  }
}
