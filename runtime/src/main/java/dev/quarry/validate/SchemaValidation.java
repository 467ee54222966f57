package dev.quarry.validate;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.quarry.Violation;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.JsonNodeException;

/**
 * Checks a value against a JSON schema (draft 2020-12, formats asserted) and reports every
 * failure as a {@link Violation} with the JSON pointer of the offending value.
 *
 * <pre>{@code
 * SchemaValidation validation = SchemaValidation.of(schemaNode);
 * List<Violation> problems = validation.validate(answer);
 * }</pre>
 */
public final class SchemaValidation {
  /** networknt's registry, made when the first schema is compiled (some 220 classes). */
  private static final class Registry {
    static {
      Slf4jFallback.install(); // before the validator (which logs through SLF4J) is first loaded
    }

    static final SchemaRegistry REGISTRY =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder ->
                builder.schemaRegistryConfig(
                    SchemaRegistryConfig.builder()
                        .pathType(PathType.JSON_POINTER)
                        .formatAssertionsEnabled(true)
                        .build()));
  }

  /** How much of an offending value a message quotes. */
  static final int MAX_QUOTED = 80;

  private final JsonNode source;
  private volatile Schema schema;

  private SchemaValidation(JsonNode source) {
    this.source = source;
  }

  /**
   * The validation of {@code schema}, compiled on first use (a call whose answer a generated
   * reader accepts never needs it); do this once and reuse the result, it is thread-safe.
   */
  public static SchemaValidation of(JsonNode schema) {
    return new SchemaValidation(java.util.Objects.requireNonNull(schema, "schema == null"));
  }

  private Schema schema() {
    Schema compiled = schema;
    if (compiled == null) {
      schema = compiled = Registry.REGISTRY.getSchema(source);
    }
    return compiled;
  }

  /** Every way {@code value} breaks the schema; empty when it conforms. */
  public List<Violation> validate(JsonNode value) {
    List<Error> errors;
    try {
      errors = schema().validate(value);
    } catch (JsonNodeException e) {
      // the validator cannot convert a number it meets (an integral decimal beyond long where an
      // integer with bounds is wanted): that number is the problem, say so where it is
      String at = pointerOf(value, e.getNode(), "");
      String found = e.getNode() == null ? "a number" : quote(e.getNode());
      return List.of(new Violation(at == null ? "" : at, "type", found
          + " is out of range: it cannot be checked as an integer; answer with a number that"
          + " fits the field"));
    }
    List<Violation> violations = new ArrayList<>(errors.size());
    for (Error error : errors) {
      violations.add(toViolation(error));
    }
    return violations;
  }

  private static Violation toViolation(Error error) {
    String pointer = pointer(error);
    String keyword = error.getKeyword() == null ? "schema" : error.getKeyword();
    StringBuilder message = new StringBuilder(stripLocation(error.getMessage()));
    JsonNode found = error.getInstanceNode();
    if (found != null && !"required".equals(keyword) && !"additionalProperties".equals(keyword)) {
      message.append(" (found: ").append(quote(found)).append(')');
    }
    return new Violation(pointer, keyword, message.toString());
  }

  private static String pointer(Error error) {
    String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
    if (location.isEmpty() || location.equals("/")) {
      return "";
    }
    return location;
  }

  /** networknt prefixes messages with the instance location; the violation carries it apart. */
  private static String stripLocation(String message) {
    int colon = message.indexOf(": ");
    if (message.startsWith("/") && colon > 0) {
      return message.substring(colon + 2);
    }
    if (message.startsWith(": ")) {
      return message.substring(2);
    }
    return message;
  }

  /** The pointer of {@code target} (by identity) inside {@code root}, or null. */
  private static String pointerOf(JsonNode root, JsonNode target, String at) {
    if (root == null || target == null) {
      return null;
    }
    java.util.ArrayDeque<Object[]> todo = new java.util.ArrayDeque<>();
    todo.push(new Object[] {root, at});
    while (!todo.isEmpty()) {
      Object[] next = todo.pop();
      JsonNode node = (JsonNode) next[0];
      String pointer = (String) next[1];
      if (node == target) {
        return pointer;
      }
      if (node.isObject()) {
        for (var field : node.properties()) {
          todo.push(new Object[] {field.getValue(),
              pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1")});
        }
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          todo.push(new Object[] {node.get(i), pointer + "/" + i});
        }
      }
    }
    return null;
  }

  /** A value as it appeared in the answer, shortened to {@value #MAX_QUOTED} characters. */
  public static String quote(JsonNode value) {
    String text = value.toString();
    return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "…";
  }
}
