package dev.quarry;

import dev.quarry.spi.ExtractMethod;
import dev.quarry.validate.Binder;
import dev.quarry.validate.SchemaValidation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What is computed once per method and reused by every call: the parsed schema, its validator, the binder. */
record PreparedMethod<T>(
    ExtractMethod<T> method, JsonNode schema, SchemaValidation validation, Binder<T> binder) {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  static <T> PreparedMethod<T> of(ExtractMethod<T> method) {
    JsonNode schema;
    try {
      schema = JSON.readTree(method.schema());
    } catch (JacksonException e) {
      throw new ConfigurationException(
          method.displayName()
              + ": the schema is not valid JSON ("
              + e.getOriginalMessage()
              + "); regenerate the implementation with the same quarry-processor version as"
              + " quarry-runtime.",
          e);
    }
    return new PreparedMethod<>(method, schema, SchemaValidation.of(schema), Binder.of(method));
  }
}
