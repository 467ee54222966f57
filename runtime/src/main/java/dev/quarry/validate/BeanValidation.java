package dev.quarry.validate;

import dev.quarry.Violation;
import java.util.List;

/**
 * Runs Jakarta Bean Validation on bound values when a provider (e.g. Hibernate Validator) is on
 * the class path, and does nothing otherwise. The check is made once, on first use.
 */
public final class BeanValidation {
  private static final Check CHECK = load();

  private BeanValidation() {}

  /** Whether a Bean Validation provider was found. */
  public static boolean available() {
    return CHECK != null;
  }

  /**
   * The constraint violations of {@code value} itself, not of the values it holds (empty when
   * none or when unavailable), with pointers under {@code pointer}.
   */
  static List<Violation> validate(Object value, String pointer) {
    return CHECK == null || value == null ? List.of() : CHECK.validate(value, pointer);
  }

  interface Check {
    List<Violation> validate(Object value, String pointer);
  }

  private static Check load() {
    try {
      Class.forName("jakarta.validation.Validation", false, BeanValidation.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
    return JakartaCheck.create();
  }
}
