package dev.quarry.validate;

import dev.quarry.Violation;
import dev.quarry.spi.ExtractMethod;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.exc.JsonNodeException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Binds a validated answer to the method's Java type with Jackson, and turns what the Java side
 * rejects (a record's compact constructor throwing, a value Jackson cannot convert) into {@link
 * Violation}s with the JSON pointer of the value at fault. One binder per method; thread-safe.
 */
public final class Binder<T> {
  /** Thrown inside {@link #bind} to carry violations out; never leaves this class. */
  public static final class BindingFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Violation> violations;

    BindingFailed(List<Violation> violations) {
      super(null, null, false, false);
      this.violations = violations;
    }

    public List<Violation> violations() {
      return violations;
    }
  }

  private final ObjectReader reader;

  private Binder(ObjectReader reader) {
    this.reader = reader;
  }

  public static <T> Binder<T> of(ExtractMethod<T> method) {
    JsonMapper.Builder mapper =
        JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    if (!method.unions().isEmpty()) {
      SimpleModule unions = new SimpleModule("quarry-unions");
      for (ExtractMethod.Union union : method.unions()) {
        addUnion(unions, union);
      }
      mapper.addModule(unions);
    }
    return new Binder<>(mapper.build().readerFor(method.resultType()));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void addUnion(SimpleModule module, ExtractMethod.Union union) {
    module.addDeserializer((Class) union.type(), new UnionDeserializer(union));
  }

  /**
   * Binds {@code value}.
   *
   * @throws BindingFailed with the violations when the Java side rejects the value
   */
  public T bind(JsonNode value) {
    try {
      return reader.readValue(value);
    } catch (JacksonException e) {
      throw new BindingFailed(List.of(toViolation(e, value)));
    }
  }

  private static Violation toViolation(JacksonException e, JsonNode value) {
    String pointer = pointer(e.getPath());
    Violation range = outOfRange(e, pointer, value);
    if (range != null) {
      return range;
    }
    Throwable cause = e.getCause();
    if (e instanceof ValueInstantiationException && cause != null) {
      // A compact constructor or factory rejected the values: its message is the user's rule.
      String type = ((ValueInstantiationException) e).getType().getRawClass().getSimpleName();
      return new Violation(
          pointer, "check", type + " rejected the values: " + String.valueOf(cause.getMessage()));
    }
    return new Violation(pointer, "bind", e.getOriginalMessage());
  }

  /**
   * A number that the field's Java type cannot hold ({@code 1e30} for an {@code int}): Jackson
   * says so with an {@link InputCoercionException} (integral types), a {@link JsonNodeException}
   * (a decimal beyond {@code double}) or a {@link StreamConstraintsException} (a value too large
   * to expand into a {@code BigInteger}). Each becomes one violation that names the value and
   * the type, so that the re-ask can ask for a number that fits.
   */
  private static Violation outOfRange(JacksonException e, String pointer, JsonNode value) {
    JsonNode found = value == null ? null : value.at(pointer);
    if (found == null || !found.isNumber()) {
      return null;
    }
    String type;
    if (e instanceof InputCoercionException coercion && coercion.getTargetType() != null) {
      type = coercion.getTargetType().getSimpleName();
    } else if (e instanceof JsonNodeException || e instanceof StreamConstraintsException) {
      type = backticked(e.getOriginalMessage());
      if (type == null) {
        type = "the field's type";
      }
    } else {
      return null;
    }
    String text = found.toString();
    if (text.length() > 40) {
      text = text.substring(0, 20) + "..." + text.substring(text.length() - 10);
    }
    return new Violation(pointer, "bind", text + " is out of range for " + type
        + "; answer with a number that " + type + " can hold");
  }

  /** The first name Jackson quotes in backticks ({@code `double`}), or null. */
  private static String backticked(String message) {
    if (message == null) {
      return null;
    }
    int open = message.indexOf('`');
    int close = open < 0 ? -1 : message.indexOf('`', open + 1);
    if (close <= open + 1) {
      return null;
    }
    String name = message.substring(open + 1, close);
    int dot = name.lastIndexOf('.');
    return dot >= 0 ? name.substring(dot + 1) : name;
  }

  static String pointer(List<JacksonException.Reference> path) {
    StringBuilder pointer = new StringBuilder();
    for (JacksonException.Reference reference : path) {
      pointer.append('/');
      if (reference.getPropertyName() != null) {
        pointer.append(reference.getPropertyName().replace("~", "~0").replace("/", "~1"));
      } else {
        pointer.append(Math.max(reference.getIndex(), 0));
      }
    }
    return pointer.toString();
  }

  /** Picks the permitted record of a sealed interface by the tag property. */
  private static final class UnionDeserializer extends ValueDeserializer<Object> {
    private final ExtractMethod.Union union;

    UnionDeserializer(ExtractMethod.Union union) {
      this.union = union;
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) {
      JsonNode node = context.readTree(parser);
      JsonNode tag = node.get(union.tagProperty());
      Class<?> variant = tag == null || !tag.isString() ? null : union.variants().get(tag.asString());
      if (variant == null) {
        return context.reportInputMismatch(
            union.type(),
            "\"%s\" must be one of %s to say which %s this is, found %s",
            union.tagProperty(),
            union.variants().keySet().stream().sorted().toList(),
            union.type().getSimpleName(),
            tag == null ? "no such property" : tag.toString());
      }
      return context.readTreeAsValue(node, variant);
    }
  }
}
