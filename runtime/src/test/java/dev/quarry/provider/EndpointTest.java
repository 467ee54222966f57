package dev.quarry.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.spi.Mapper;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** An endpoint's URI and a request's headers are made once per base URL (and key), not per request. */
class EndpointTest {
  @Test
  void theUriIsParsedOncePerBaseUrl() {
    Wire.Endpoint endpoint = new Wire.Endpoint("/chat/completions");

    URI first = endpoint.uri("http://localhost:8080/v1/");
    URI again = endpoint.uri("http://localhost:8080/v1/");
    URI other = endpoint.uri("https://api.example.com/v1");

    assertThat(first).hasToString("http://localhost:8080/v1/chat/completions");
    assertThat(again).isSameAs(first);
    assertThat(other).hasToString("https://api.example.com/v1/chat/completions");
    assertThat(endpoint.uri("http://localhost:8080/v1/")).isEqualTo(first);
    assertThatThrownBy(() -> endpoint.uri("http://bad host/v1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aModelEndpointIsParsedOncePerBaseUrlAndModel() {
    Wire.ModelEndpoint endpoint =
        new Wire.ModelEndpoint((baseUrl, model) -> baseUrl + "/models/" + model + ":go");

    URI first = endpoint.uri("http://localhost/v1", "a");

    assertThat(first).hasToString("http://localhost/v1/models/a:go");
    assertThat(endpoint.uri("http://localhost/v1", "a")).isSameAs(first);
    assertThat(endpoint.uri("http://localhost/v1", "b")).hasToString("http://localhost/v1/models/b:go");
    assertThat(endpoint.uri("http://other/v1", "b")).hasToString("http://other/v1/models/b:go");
    assertThatThrownBy(() -> endpoint.uri("http://bad host", "a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void headersAreMadeOncePerApiKey() {
    Wire.Headers headers = new Wire.Headers(key -> key == null
        ? java.util.Map.of("content-type", "application/json")
        : java.util.Map.of("content-type", "application/json", "authorization", "Bearer " + key));

    java.util.Map<String, String> first = headers.of("k1");

    assertThat(first).containsEntry("authorization", "Bearer k1").hasSize(2);
    assertThat(headers.of("k1")).isSameAs(first);
    assertThat(headers.of("k2")).containsEntry("authorization", "Bearer k2");
    assertThat(headers.of(null)).containsOnlyKeys("content-type");
    assertThat(Wire.bearerPost(URI.create("http://h/x"), "sk-1", Mapper.JSON.createObjectNode())
        .headers()).containsEntry("authorization", "Bearer sk-1")
        .containsEntry("content-type", "application/json");
    assertThat(Wire.bearerPost(URI.create("http://h/x"), "", Mapper.JSON.createObjectNode())
        .headers()).containsOnlyKeys("content-type");
  }
}
