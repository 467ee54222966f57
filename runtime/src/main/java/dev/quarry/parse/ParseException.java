package dev.quarry.parse;

import dev.quarry.QuarryException;
import tools.jackson.databind.JsonNode;

/**
 * No value that fits the schema can honestly be recovered from the model's output. The message
 * says what was found and where. When the output did hold a JSON value that just does not fit,
 * {@link #closestValue()} has it (syntax repaired, not fitted to the schema), so that a caller can
 * report exactly how it breaks the schema.
 */
public class ParseException extends QuarryException {
  private static final long serialVersionUID = 1L;

  private final transient JsonNode closestValue;

  public ParseException(String message) {
    this(message, null);
  }

  public ParseException(String message, JsonNode closestValue) {
    super(message);
    this.closestValue = closestValue;
  }

  /**
   * The JSON value in the output that came closest to fitting, as written (with syntax repairs
   * only), or {@code null} when the output held no JSON-like value.
   */
  public JsonNode closestValue() {
    return closestValue;
  }
}
