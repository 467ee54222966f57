package dev.quarry.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code OLLAMA_HOST} values, read the way the {@code ollama} command reads them. */
class OllamaHostTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "0.0.0.0:11434                 | http://localhost:11434",
      "0.0.0.0                       | http://localhost:11434",
      "127.0.0.1:11434               | http://127.0.0.1:11434",
      "localhost                     | http://localhost:11434",
      "gpu-box:8080                  | http://gpu-box:8080",
      ":11435                        | http://localhost:11435",
      "http://ollama.internal:11434  | http://ollama.internal:11434",
      "http://ollama.internal        | http://ollama.internal",
      "https://ollama.example.com/   | https://ollama.example.com",
      "HTTPS://ollama.example.com    | https://ollama.example.com",
      "https://example.com/ollama//  | https://example.com/ollama",
      "gpu-box:8080/ollama           | http://gpu-box:8080/ollama",
      "[::1]:11434                   | http://[::1]:11434",
      "[::]:11434                    | http://[::1]:11434",
      "[fe80::1]                     | http://[fe80::1]:11434",
      "fe80::1                       | http://[fe80::1]:11434",
  })
  void normalises(String host, String baseUrl) {
    assertThat(OllamaProvider.baseUrlFromHost(host)).isEqualTo(baseUrl);
  }

  @Test
  void surroundingSpacesAndQuotesAreDropped() {
    assertThat(OllamaProvider.baseUrlFromHost("  \"0.0.0.0:11434\" "))
        .isEqualTo("http://localhost:11434");
    assertThat(OllamaProvider.baseUrlFromHost("'gpu-box'")).isEqualTo("http://gpu-box:11434");
  }

  @Test
  void unsetOrBlankIsTheDefault() {
    assertThat(OllamaProvider.baseUrlFromHost(null)).isEqualTo("http://localhost:11434");
    assertThat(OllamaProvider.baseUrlFromHost("")).isEqualTo("http://localhost:11434");
    assertThat(OllamaProvider.baseUrlFromHost("  ")).isEqualTo("http://localhost:11434");
    assertThat(OllamaProvider.ollama().defaultBaseUrl()).isEqualTo("http://localhost:11434");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "gpu-box:port", "gpu-box:70000", "gpu-box:0", "gpu-box:", "ftp://gpu-box", "[::1", "[::1]x",
      "gpu box:11434"})
  void rejectsWhatIsNoHostWithAHint(String host) {
    assertThatThrownBy(() -> OllamaProvider.baseUrlFromHost(host))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("OLLAMA_HOST='" + host + "' cannot be used: ")
        .hasMessageContaining("127.0.0.1:11434");
  }
}
