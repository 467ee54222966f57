package dev.quarry;

import dev.quarry.spi.ExtractMethod;
import dev.quarry.validate.Binder;
import dev.quarry.validate.SchemaValidation;

/**
 * What is computed once per method and reused by every call: the schema's validator and the
 * binder, each made on first use (a method whose generated reader accepts its answers needs
 * neither).
 */
final class PreparedMethod<T> {
  private final ExtractMethod<T> method;
  private volatile SchemaValidation validation;
  private volatile Binder<T> binder;

  private PreparedMethod(ExtractMethod<T> method) {
    this.method = method;
  }

  static <T> PreparedMethod<T> of(ExtractMethod<T> method) {
    return new PreparedMethod<>(method);
  }

  ExtractMethod<T> method() {
    return method;
  }

  SchemaValidation validation() {
    SchemaValidation made = validation;
    if (made == null) {
      validation = made = SchemaValidation.of(method.schemaNode());
    }
    return made;
  }

  Binder<T> binder() {
    Binder<T> made = binder;
    if (made == null) {
      binder = made = Binder.of(method);
    }
    return made;
  }
}
