package dev.quarry.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.transport.Exchange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped recordings say what they are and carry nothing they should not. */
class RecordingsTest {
  private static final Path ROOT = Path.of("src/main/resources/recordings");

  @Test
  void everyProviderHasEverySample() throws IOException {
    for (String provider : Setup.OFFLINE_MODELS.keySet()) {
      for (Sample sample : Main.SAMPLES) {
        Path directory = ROOT.resolve(provider).resolve(sample.name());
        List<String> index = Files.readAllLines(directory.resolve("index.txt"));
        assertThat(index).as(directory.toString()).isNotEmpty()
            .allSatisfy(name -> assertThat(directory.resolve(name)).isRegularFile());
        try (Stream<Path> files = Files.list(directory)) {
          assertThat(files.filter(f -> f.toString().endsWith(".json")).count())
              .as(directory + " holds exactly the files its index names")
              .isEqualTo(index.size());
        }
      }
    }
  }

  @Test
  void everyRecordingIsMarkedHandMadeWithANote() throws IOException {
    List<Path> files = jsonFiles();
    assertThat(files).hasSizeGreaterThanOrEqualTo(4 * 9);
    for (Path file : files) {
      Exchange exchange = Exchange.parse(Files.readString(file));
      assertThat(exchange.fixture()).as(file.toString()).isEqualTo(Exchange.HAND_MADE);
      assertThat(exchange.note()).as(file.toString())
          .startsWith("Hand-made fixture, not captured from a live model");
    }
  }

  @Test
  void recordingsPointAtPublicEndpointsAndHoldNoCredentials() throws IOException {
    for (Path file : jsonFiles()) {
      Exchange exchange = Exchange.parse(Files.readString(file));
      assertThat(exchange.request().uri().getHost()).as(file.toString())
          .isIn("api.openai.com", "api.anthropic.com", "generativelanguage.googleapis.com",
              "localhost");
      assertThat(exchange.request().headers().keySet()).as(file.toString())
          .noneMatch(name -> name.toLowerCase(Locale.ROOT).matches(
              "authorization|x-api-key|x-goog-api-key"));
      assertThat(Files.readString(file)).doesNotContain("not-a-real-key-for-fixtures");
    }
  }

  private static List<Path> jsonFiles() throws IOException {
    try (Stream<Path> files = Files.walk(ROOT)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }
}
