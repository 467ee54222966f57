package dev.quarry.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RenderTest {
  record Ticket(String subject, int priority) {}

  @Test
  void scalarsPrintAsTheyAre() {
    assertThat(Render.text("text")).isEqualTo("text");
    assertThat(Render.text(42)).isEqualTo("42");
    assertThat(Render.text(LocalDate.of(2025, 6, 13))).isEqualTo("2025-06-13");
    assertThat(Render.text(Duration.ofMinutes(90))).isEqualTo("PT1H30M");
    assertThat(Render.text(UUID.fromString("123e4567-e89b-12d3-a456-426614174000")))
        .isEqualTo("123e4567-e89b-12d3-a456-426614174000");
    assertThat(Render.text(URI.create("https://example.com/a"))).isEqualTo("https://example.com/a");
    assertThat(Render.text(null)).isEqualTo("null");
  }

  @Test
  void structuresPrintAsJson() {
    assertThat(Render.text(new Ticket("Login fails", 2))).isEqualTo("{\"subject\":\"Login fails\",\"priority\":2}");
    assertThat(Render.text(List.of(1, 2))).isEqualTo("[1,2]");
  }
}
