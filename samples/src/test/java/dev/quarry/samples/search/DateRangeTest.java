package dev.quarry.samples.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DateRangeTest {
  @Test
  void aRangeMayBeOneDay() {
    LocalDate day = LocalDate.of(2025, 6, 13);

    assertThat(new DateRange(day, day)).hasToString("2025-06-13");
  }

  @Test
  void rejectsFromAfterTo() {
    assertThatThrownBy(() -> new DateRange(LocalDate.of(2025, 6, 8), LocalDate.of(2025, 6, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("from 2025-06-08 is after to 2025-06-02; from must be on or before to");
  }

  @Test
  void rejectsAMissingEnd() {
    assertThatThrownBy(() -> new DateRange(LocalDate.of(2025, 6, 2), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a date range needs both from and to");
  }
}
