package dev.quarry.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** An endpoint's URI is parsed once per base URL, not per request. */
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
}
