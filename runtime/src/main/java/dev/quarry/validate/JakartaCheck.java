package dev.quarry.validate;

import dev.quarry.Violation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.ValidationException;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;

/** The Bean Validation bridge; loaded only when {@code jakarta.validation} is present. */
final class JakartaCheck implements BeanValidation.Check {
  private static final String PARAMETER_INTERPOLATOR =
      "org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator";

  private final Validator validator;

  private JakartaCheck(Validator validator) {
    this.validator = validator;
  }

  /** A check, or {@code null} when the API is there but no provider is. */
  static JakartaCheck create() {
    try {
      return new JakartaCheck(factory().getValidator());
    } catch (ValidationException | LinkageError | ReflectiveOperationException e) {
      System.getLogger("dev.quarry")
          .log(
              System.Logger.Level.DEBUG,
              "jakarta.validation is on the class path but no provider could start;"
                  + " Bean Validation constraints are not checked: "
                  + e);
      return null;
    }
  }

  /**
   * Hibernate Validator interpolates messages with Jakarta EL by default; most applications do not
   * ship EL, so use its parameter-only interpolator when it is there.
   */
  private static ValidatorFactory factory() throws ReflectiveOperationException {
    try {
      Class<?> interpolator = Class.forName(PARAMETER_INTERPOLATOR);
      return Validation.byDefaultProvider()
          .configure()
          .messageInterpolator(
              (jakarta.validation.MessageInterpolator)
                  interpolator.getDeclaredConstructor().newInstance())
          .buildValidatorFactory();
    } catch (ClassNotFoundException e) {
      return Validation.buildDefaultValidatorFactory();
    }
  }

  /** The constraint violations of {@code value} itself; nested values are the caller's walk. */
  @Override
  public List<Violation> validate(Object value, String pointer) {
    List<Violation> out = new ArrayList<>();
    report(value, pointer, out);
    return out;
  }

  private void report(Object value, String base, List<Violation> out) {
    List<ConstraintViolation<Object>> found = new ArrayList<>(validator.validate(value));
    found.sort(Comparator.comparing(v -> v.getPropertyPath().toString()));
    for (ConstraintViolation<Object> violation : found) {
      String rule =
          violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
      out.add(
          new Violation(
              base + pointer(violation.getPropertyPath()),
              rule,
              violation.getMessage()
                  + " (found: "
                  + SchemaValidation.quote(
                      JsonNodeFactory.instance.stringNode(String.valueOf(violation.getInvalidValue())))
                  + ")"));
    }
  }

  private static String escape(String name) {
    return JavaChecks.escape(name);
  }

  static String pointer(Path path) {
    StringBuilder pointer = new StringBuilder();
    for (Path.Node node : path) {
      if (node.getIndex() != null) {
        pointer.append('/').append(node.getIndex());
      } else if (node.getKey() != null) {
        pointer.append('/').append(escape(String.valueOf(node.getKey())));
      }
      if (node.getName() != null) {
        pointer.append('/').append(escape(node.getName()));
      }
    }
    return pointer.toString();
  }
}
