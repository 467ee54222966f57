package dev.quarry.samples.search;

import dev.quarry.Description;
import java.time.LocalDate;

/** A closed range of days: both ends included. */
@Description("A range of days, both ends included.")
public record DateRange(
    @Description("the first day of the range") LocalDate from,
    @Description("the last day of the range, not before from") LocalDate to) {
  public DateRange {
    if (from == null || to == null) {
      throw new IllegalArgumentException("a date range needs both from and to");
    }
    if (from.isAfter(to)) {
      throw new IllegalArgumentException(
          "from " + from + " is after to " + to + "; from must be on or before to");
    }
  }

  @Override
  public String toString() {
    return from.equals(to) ? from.toString() : from + " .. " + to;
  }
}
