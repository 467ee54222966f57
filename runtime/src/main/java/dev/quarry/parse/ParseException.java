package dev.quarry.parse;

import dev.quarry.QuarryException;

/**
 * No value that fits the schema can honestly be recovered from the model's output. The message
 * says what was found and where.
 */
public class ParseException extends QuarryException {
  private static final long serialVersionUID = 1L;

  public ParseException(String message) {
    super(message);
  }
}
