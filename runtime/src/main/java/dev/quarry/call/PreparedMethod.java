package dev.quarry.call;

import dev.quarry.ConfigurationException;
import dev.quarry.Mode;
import dev.quarry.provider.Provider;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.transport.RetryPolicy;
import dev.quarry.validate.Binder;
import dev.quarry.validate.SchemaValidation;
import java.util.Optional;

/**
 * What is decided once per method and reused by every call: the method's mode, model, attempts
 * and retry policy (the method's own choice, else the client's), decided when the method is first
 * called; and the schema's validator, the binder and the reader of streamed list elements, each
 * made on first use (a method whose generated reader accepts its answers needs none of them).
 */
final class PreparedMethod<T> {
  private final ExtractMethod<T> method;
  private final Mode mode;
  private final String model;
  private final int maxAttempts;
  private final RetryPolicy retryPolicy;
  private volatile SchemaValidation validation;
  private volatile Binder<T> binder;
  private volatile Optional<ElementReader> elements;

  private PreparedMethod(
      ExtractMethod<T> method, Mode mode, String model, int maxAttempts, RetryPolicy retryPolicy) {
    this.method = method;
    this.mode = mode;
    this.model = model;
    this.maxAttempts = maxAttempts;
    this.retryPolicy = retryPolicy;
  }

  /**
   * @throws ConfigurationException when the method's mode is not supported by the provider or
   *     no model is named anywhere
   */
  static <T> PreparedMethod<T> of(ExtractMethod<T> method, Settings settings) {
    Mode mode = method.mode() == Mode.AUTO ? settings.mode() : method.mode();
    checkMode(settings.provider(), mode, "the mode of " + method.displayName());
    String model = method.model() != null ? method.model() : settings.model();
    if (model == null) {
      throw new ConfigurationException(
          method.displayName()
              + " has no model: set one with Quarry.builder().model(\"...\") or"
              + " @LlmExtract(model = \"...\").");
    }
    int maxAttempts = method.maxAttempts() > 0 ? method.maxAttempts() : settings.maxAttempts();
    RetryPolicy policy = settings.retryPolicy();
    if (method.maxRetries() >= 0 && method.maxRetries() != policy.maxRetries()) {
      policy = policy.withMaxRetries(method.maxRetries());
    }
    return new PreparedMethod<>(method, mode, model, maxAttempts, policy);
  }

  ExtractMethod<T> method() {
    return method;
  }

  Mode mode() {
    return mode;
  }

  String model() {
    return model;
  }

  int maxAttempts() {
    return maxAttempts;
  }

  RetryPolicy retryPolicy() {
    return retryPolicy;
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

  /** The reader of streamed list elements; {@code null} when the result is not a list. */
  ElementReader elements() {
    Optional<ElementReader> made = elements;
    if (made == null) {
      elements = made = Optional.ofNullable(ElementReader.of(method));
    }
    return made.orElse(null);
  }

  /** @throws ConfigurationException when {@code provider} cannot serve {@code mode} */
  static void checkMode(Provider provider, Mode mode, String where) {
    if (mode != Mode.AUTO && !provider.modes().contains(mode)) {
      throw new ConfigurationException(
          where + " is " + mode + ", which the " + provider.name()
              + " provider does not support; use one of " + provider.modes()
              + " (or AUTO for " + provider.defaultMode() + ").");
    }
  }
}
