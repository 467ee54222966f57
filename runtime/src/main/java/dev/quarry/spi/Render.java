package dev.quarry.spi;

import static dev.quarry.spi.Mapper.JSON;

/**
 * Turns a {@link dev.quarry.Prompt} placeholder's value into text: strings, numbers, booleans,
 * characters, enum constants, {@code java.time} values, UUIDs and URIs as they print ({@code
 * 2025-06-13}, not {@code "2025-06-13"}), {@code null} as {@code null}, everything else (records,
 * lists, maps) as JSON. Generated code calls it for every placeholder.
 */
public final class Render {
  private Render() {}

  public static String text(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof CharSequence
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Character
        || value instanceof Enum<?>
        || value instanceof java.time.temporal.TemporalAccessor
        || value instanceof java.time.temporal.TemporalAmount
        || value instanceof java.util.UUID
        || value instanceof java.net.URI
        || value instanceof dev.quarry.LabelSet) {
      return value.toString();
    }
    return JSON.writeValueAsString(value);
  }
}
