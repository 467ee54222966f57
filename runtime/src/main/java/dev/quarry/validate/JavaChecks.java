package dev.quarry.validate;

import dev.quarry.Check;
import dev.quarry.ConfigurationException;
import dev.quarry.Validator;
import dev.quarry.Violation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Java side of validation after binding: Bean Validation constraints, {@link Validator}s
 * registered for a type, and {@link Check} methods, run on every record (and other user type) in
 * the answer, each problem with the JSON pointer of the value it is about. Records are walked
 * whole, so nested constraints count without {@code @Valid} on every component.
 */
public final class JavaChecks {
  /** Deeper answers than this are not walked; schemas are far shallower in practice. */
  private static final int MAX_DEPTH = 64;

  private static final ClassValue<List<Method>> CHECK_METHODS =
      new ClassValue<>() {
        @Override
        protected List<Method> computeValue(Class<?> type) {
          return checkMethods(type);
        }
      };

  /** {@code Class.getRecordComponents()} copies its array on every call; a walk needs it often. */
  private static final ClassValue<RecordComponent[]> COMPONENTS =
      new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
          RecordComponent[] components = type.getRecordComponents();
          for (RecordComponent component : components) {
            try {
              component.getAccessor().setAccessible(true);
            } catch (RuntimeException e) {
              // A record in a module that does not open it: public accessors still work.
            }
          }
          return components;
        }
      };

  /** A validator and the type it applies to. */
  public record Registered<T>(Class<T> type, Validator<? super T> validator) {}

  private final List<Registered<?>> validators;

  public JavaChecks(List<Registered<?>> validators) {
    this.validators = List.copyOf(validators);
  }

  /**
   * As {@link #validate(Object)}, but skips the walk when {@code typesHaveChecks} is {@code false}
   * (the processor found no {@code @Check} and no Bean Validation constraint in the result's
   * types) and no validator is registered.
   */
  public List<Violation> validate(Object value, boolean typesHaveChecks) {
    if (!typesHaveChecks && validators.isEmpty()) {
      return List.of();
    }
    return validate(value);
  }

  /** Every problem found in {@code value}, in document order. */
  public List<Violation> validate(Object value) {
    List<Violation> violations = new ArrayList<>();
    walk(value, "", violations, 0);
    return violations;
  }

  private void walk(Object value, String pointer, List<Violation> out, int depth) {
    if (value == null || depth > MAX_DEPTH) {
      return;
    }
    if (value instanceof Collection<?> collection) {
      int index = 0;
      for (Object element : collection) {
        walk(element, pointer + "/" + index++, out, depth + 1);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        walk(entry.getValue(), pointer + "/" + escape(String.valueOf(entry.getKey())), out, depth + 1);
      }
      return;
    }
    if (value instanceof Optional<?> optional) {
      walk(optional.orElse(null), pointer, out, depth + 1);
      return;
    }
    if (value.getClass().getName().startsWith("java.")) {
      return; // strings, numbers, dates: nothing of the user's to check
    }
    out.addAll(BeanValidation.validate(value, pointer));
    runValidators(value, pointer, out);
    if (value.getClass().isRecord()) {
      runChecks(value, pointer, out);
      for (RecordComponent component : COMPONENTS.get(value.getClass())) {
        walk(read(component, value), pointer + "/" + escape(component.getName()), out, depth + 1);
      }
    }
  }

  private void runValidators(Object value, String pointer, List<Violation> out) {
    for (Registered<?> registered : validators) {
      if (registered.type().isInstance(value)) {
        for (String problem : apply(registered, value)) {
          out.add(new Violation(pointer, "validator", problem));
        }
      }
    }
  }

  private static <T> List<String> apply(Registered<T> registered, Object value) {
    List<String> problems = registered.validator().validate(registered.type().cast(value));
    return problems == null ? List.of() : problems;
  }

  private static void runChecks(Object record, String pointer, List<Violation> out) {
    for (Method method : CHECK_METHODS.get(record.getClass())) {
      String rule = method.getAnnotation(Check.class).value();
      String where = record.getClass().getSimpleName() + "." + method.getName() + "()";
      try {
        Object result = method.invoke(record);
        if (Boolean.FALSE.equals(result)) {
          out.add(new Violation(pointer, "check", rule.isEmpty() ? where + " failed" : rule));
        }
      } catch (InvocationTargetException e) {
        String message = e.getCause() == null ? null : e.getCause().getMessage();
        out.add(new Violation(pointer, "check", message != null ? message : where + " failed: " + e.getCause()));
      } catch (IllegalAccessException e) {
        throw new ConfigurationException(
            "@Check " + where + " cannot be called: " + e.getMessage()
                + ". Make the record accessible (public or package-private, not private).", e);
      }
    }
  }

  private static List<Method> checkMethods(Class<?> type) {
    List<Method> methods = new ArrayList<>();
    for (Method method : type.getDeclaredMethods()) {
      if (!method.isAnnotationPresent(Check.class)) {
        continue;
      }
      String where = type.getSimpleName() + "." + method.getName() + "()";
      Class<?> returns = method.getReturnType();
      if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
          || (returns != boolean.class && returns != void.class)) {
        throw new ConfigurationException(
            "@Check methods must be instance methods without parameters returning boolean or"
                + " void, but " + where + " is " + method.toGenericString()
                + ". Change its signature, or remove @Check.");
      }
      if (returns == boolean.class && method.getAnnotation(Check.class).value().isEmpty()) {
        throw new ConfigurationException(
            "@Check on the boolean method " + where + " needs the rule in words, which the model"
                + " is told when the check fails, but it is empty. Write it, e.g."
                + " @Check(\"the end date must not be before the start date\").");
      }
      method.setAccessible(true);
      methods.add(method);
    }
    methods.sort((a, b) -> a.getName().compareTo(b.getName()));
    return List.copyOf(methods);
  }

  private static Object read(RecordComponent component, Object record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
