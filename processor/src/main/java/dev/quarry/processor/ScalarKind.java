package dev.quarry.processor;

/** The JSON scalars Java types map to, with the keywords each adds to its schema. */
enum ScalarKind {
  STRING("string", null, null, null),
  CHARACTER("string", null, null, null),
  INTEGER("integer", null, null, null),
  NUMBER("number", null, null, null),
  BOOLEAN("boolean", null, null, null),
  DATE("string", "date", null, null),
  DATE_TIME("string", "date-time", null, null),
  // JSON Schema's date-time and time formats require an offset; Java's local types have none.
  LOCAL_DATE_TIME(
      "string",
      null,
      "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?$",
      "ISO-8601 local date-time without offset, e.g. 2024-05-01T13:45:00."),
  TIME("string", "time", null, null),
  LOCAL_TIME(
      "string",
      null,
      "^\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?$",
      "ISO-8601 local time without offset, e.g. 13:45:00."),
  DURATION("string", "duration", null, null),
  UUID("string", "uuid", null, null),
  URI("string", "uri", null, null);

  final String jsonType;
  final String format;
  final String pattern;
  final String hint;

  ScalarKind(String jsonType, String format, String pattern, String hint) {
    this.jsonType = jsonType;
    this.format = format;
    this.pattern = pattern;
    this.hint = hint;
  }

  boolean isNumeric() {
    return this == INTEGER || this == NUMBER;
  }
}
