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
    List<Error> errors = schema().validate(value);
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

  /** A value as it appeared in the answer, shortened to {@value #MAX_QUOTED} characters. */
  public static String quote(JsonNode value) {
    String text = value.toString();
    return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "…";
  }
}
