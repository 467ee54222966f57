package dev.quarry.validate;

import dev.quarry.Violation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.ValidationException;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.JsonNodeFactory;

/** The Bean Validation bridge; loaded only when {@code jakarta.validation} is present. */
final class JakartaCheck implements BeanValidation.Check {
  private static final String PARAMETER_INTERPOLATOR =
      "org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator";

  /** Deeper answers than this are not walked; schemas are far shallower in practice. */
  private static final int MAX_DEPTH = 64;

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

  /**
   * Validates every record in the answer, not only the root: a model's answer is one value, and
   * asking users to put {@code @Valid} on each nested component would only lose violations.
   */
  @Override
  public List<Violation> validate(Object value) {
    Set<Violation> violations = new LinkedHashSet<>();
    walk(value, "", violations, 0);
    return List.copyOf(violations);
  }

  private void walk(Object value, String pointer, Set<Violation> out, int depth) {
    if (value == null || depth > MAX_DEPTH) {
      return;
    }
    if (value instanceof Collection<?> collection) {
      int index = 0;
      for (Object element : collection) {
        walk(element, pointer + "/" + index++, out, depth + 1);
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        walk(entry.getValue(), pointer + "/" + escape(String.valueOf(entry.getKey())), out, depth + 1);
      }
    } else if (value instanceof Optional<?> optional) {
      walk(optional.orElse(null), pointer, out, depth + 1);
    } else if (value.getClass().isRecord()) {
      report(value, pointer, out);
      for (RecordComponent component : value.getClass().getRecordComponents()) {
        walk(read(component, value), pointer + "/" + escape(component.getName()), out, depth + 1);
      }
    }
  }

  private static Object read(RecordComponent component, Object record) {
    try {
      Method accessor = component.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private void report(Object value, String base, Set<Violation> out) {
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
    return name.replace("~", "~0").replace("/", "~1");
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
