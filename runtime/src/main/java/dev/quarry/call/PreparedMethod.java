package dev.quarry.call;

import dev.quarry.ConfigurationException;
import dev.quarry.Mode;
import dev.quarry.provider.Provider;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.transport.RetryPolicy;
import dev.quarry.validate.Binder;
import dev.quarry.validate.SchemaValidation;

/**
 * What is decided once per method and reused by every call: the method's mode, model, attempts
 * and retry policy (the method's own choice, else the client's), the schema's validator, the
 * binder, and the reader of streamed list elements.
 */
record PreparedMethod<T>(
    ExtractMethod<T> method,
    Mode mode,
    String model,
    int maxAttempts,
    RetryPolicy retryPolicy,
    SchemaValidation validation,
    Binder<T> binder,
    ElementReader elements) {

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
    return new PreparedMethod<>(method, mode, model, maxAttempts, policy,
        SchemaValidation.of(method.schemaNode()), Binder.of(method), ElementReader.of(method));
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
