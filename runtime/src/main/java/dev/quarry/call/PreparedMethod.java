package dev.quarry.call;

import dev.quarry.ConfigurationException;
import dev.quarry.Mode;
import dev.quarry.provider.Provider;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.transport.RetryPolicy;
import dev.quarry.validate.Binder;
import dev.quarry.validate.SchemaValidation;
import java.util.LinkedHashMap;
import java.util.Map;
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
  /** For a call's view ({@link #forCall}): the compiled method's, which it shares. */
  private final PreparedMethod<T> compiled;
  /** The validations of labelled schemas, by schema text: the few label sets a method is called with. */
  private final Map<String, SchemaValidation> labelled;

  private PreparedMethod(
      ExtractMethod<T> method, Mode mode, String model, int maxAttempts, RetryPolicy retryPolicy) {
    this.method = method;
    this.mode = mode;
    this.model = model;
    this.maxAttempts = maxAttempts;
    this.retryPolicy = retryPolicy;
    this.compiled = null;
    this.labelled = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, SchemaValidation> eldest) {
        return size() > LABELLED_VALIDATIONS;
      }
    };
  }

  private static final int LABELLED_VALIDATIONS = 16;

  private PreparedMethod(PreparedMethod<T> compiled, ExtractMethod<T> view) {
    this.method = view;
    this.mode = compiled.mode;
    this.model = compiled.model;
    this.maxAttempts = compiled.maxAttempts;
    this.retryPolicy = compiled.retryPolicy;
    this.compiled = compiled;
    this.labelled = null;
  }

  /**
   * This method prepared for one call's view of it (its conversation, its labels): the same
   * decisions, binder and, without labels, validation and element reader; with labels, the
   * validation of the labelled schema, shared by the calls with the same labels.
   */
  PreparedMethod<T> forCall(ExtractMethod<T> view) {
    return new PreparedMethod<>(this, view);
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
    if (compiled != null) {
      return method.labels().isEmpty() ? compiled.validation() : compiled.labelledValidation(method);
    }
    SchemaValidation made = validation;
    if (made == null) {
      validation = made = SchemaValidation.of(method.schemaNode());
    }
    return made;
  }

  private SchemaValidation labelledValidation(ExtractMethod<T> view) {
    synchronized (labelled) {
      SchemaValidation made = labelled.get(view.schema());
      if (made != null) {
        return made;
      }
    }
    SchemaValidation made = SchemaValidation.of(view.schemaNode());
    synchronized (labelled) {
      labelled.put(view.schema(), made);
    }
    return made;
  }

  Binder<T> binder() {
    if (compiled != null) {
      return compiled.binder();
    }
    Binder<T> made = binder;
    if (made == null) {
      binder = made = Binder.of(method);
    }
    return made;
  }

  /** The reader of streamed list elements; {@code null} when the result is not a list. */
  ElementReader elements() {
    if (compiled != null && method.labels().isEmpty()) {
      return compiled.elements();
    }
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
