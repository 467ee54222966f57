package dev.quarry;

import dev.quarry.spi.ExtractMethod;
import dev.quarry.validate.Binder;
import dev.quarry.validate.SchemaValidation;

/** What is computed once per method and reused by every call: the schema's validator and the binder. */
record PreparedMethod<T>(ExtractMethod<T> method, SchemaValidation validation, Binder<T> binder) {
  static <T> PreparedMethod<T> of(ExtractMethod<T> method) {
    return new PreparedMethod<>(method, SchemaValidation.of(method.schemaNode()), Binder.of(method));
  }
}
