package dev.quarry.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quarry.processor.Compiler.compile;
import static dev.quarry.processor.Compiler.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.quarry.Violation;
import dev.quarry.read.Read;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.validate.Binder;
import dev.quarry.validate.SchemaValidation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The generated readers against today's path (networknt validation, then Jackson binding) on
 * random valid and invalid instances of many schemas: the reader accepts exactly what today's
 * path accepts, with an equal value; the violation it stops at is one networknt reports.
 */
class GeneratedReaderPropertyTest {
  private static final JsonMapper STRICT_JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** One method under test, with today's path prepared once. */
  record Subject(String name, ExtractMethod<Object> method, SchemaValidation validation,
      Binder<Object> binder) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** One instance of one subject's schema. */
  record Case(Subject subject, String json) {
    @Override
    public String toString() {
      return subject + " " + json;
    }
  }

  private static final List<Subject> SUBJECTS = subjects();

  @SuppressWarnings("unchecked")
  private static List<Subject> subjects() {
    Compilation compilation =
        Compiler.compileWithOptions(
            List.of("-parameters"),
            source("Nullable", "@java.lang.annotation.Target({java.lang.annotation.ElementType.FIELD, java.lang.annotation.ElementType.RECORD_COMPONENT, java.lang.annotation.ElementType.TYPE_USE}) public @interface Nullable {}"),
            source("Fit", "public enum Fit { SMALL, MEDIUM, LARGE }"),
            source("Tag", "public record Tag(@NotBlank String label, @Min(1) @Max(9) int weight) {}"),
            source(
                "Product",
                "public record Product(@Size(min = 2, max = 12) String name,"
                    + " @DecimalMin(\"0.5\") BigDecimal price, Optional<Fit> fit,"
                    + " @Nullable List<Tag> tags, Set<String> colours, LocalDate since,"
                    + " @Nullable UUID id, long stock, @Positive double rating, boolean active,"
                    + " @Pattern(regexp = \"[A-Z]{2}-\\\\d+\") @Nullable String code) {}"),
            source("Shape", "public sealed interface Shape permits Circle, Square {}"),
            source("Circle", "public record Circle(@Positive double radius) implements Shape {}"),
            source("Square", "public record Square(int side, @Nullable String label) implements Shape {}"),
            source("Drawing", "public record Drawing(String title, List<Shape> shapes, Shape main) {}"),
            source("Node", "public record Node(String name, List<Node> children, @Nullable Node next) {}"),
            source(
                "Sheet",
                "public record Sheet(Map<String, Integer> cells, @Size(max = 3) List<List<String>> rows,"
                    + " @Nullable BigInteger total, @Nullable Short small, Optional<Float> ratio,"
                    + " @Nullable LocalDateTime at, Optional<LocalTime> time, char mark,"
                    + " @Nullable Instant stamp, @Nullable OffsetDateTime when) {}"),
            source(
                "Link",
                "public record Link(URI href, Duration ttl, @Email String owner,"
                    + " @Nullable ZonedDateTime seen, int[] ranks, String[] labels,"
                    + " @Nullable Tag[] tags) {}"),
            source("Page", "public record Page<T>(List<T> items, int total, @Nullable T first) {}"),
            source(
                "Parcel",
                "public final class Parcel {",
                "  private final String code;",
                "  private final double weight;",
                "  private final Optional<URI> tracking;",
                "  public Parcel(String code, double weight, Optional<URI> tracking) {",
                "    this.code = code; this.weight = weight; this.tracking = tracking;",
                "  }",
                "  public String getCode() { return code; }",
                "  public double getWeight() { return weight; }",
                "  public Optional<URI> getTracking() { return tracking; }",
                "  @Override public boolean equals(Object o) {",
                "    return o instanceof Parcel p && Objects.equals(code, p.code)",
                "        && Double.compare(weight, p.weight) == 0 && Objects.equals(tracking, p.tracking);",
                "  }",
                "  @Override public int hashCode() { return Objects.hash(code, weight, tracking); }",
                "  @Override public String toString() { return code + \"/\" + weight + \"/\" + tracking; }",
                "}"),
            source(
                "Catalogue",
                "@LlmExtract",
                "public interface Catalogue {",
                "  @Prompt(\"{{text}}\") Product product(String text);",
                "  @Prompt(\"{{text}}\") List<Product> products(String text);",
                "  @Prompt(\"{{text}}\") Drawing drawing(String text);",
                "  @Prompt(\"{{text}}\") Shape shape(String text);",
                "  @Prompt(\"{{text}}\") Node tree(String text);",
                "  @Prompt(\"{{text}}\") Sheet sheet(String text);",
                "  @Prompt(\"{{text}}\") Fit fit(String text);",
                "  @Prompt(\"{{text}}\") Optional<Tag> tag(String text);",
                "  @Prompt(\"{{text}}\") int count(String text);",
                "  @Prompt(\"{{text}}\") List<String> words(String text);",
                "  @Prompt(\"{{text}}\") Link link(String text);",
                "  @Prompt(\"{{text}}\") Page<Tag> page(String text);",
                "  @Prompt(\"{{text}}\") Page<Parcel> parcels(String text);",
                "  @Prompt(\"{{text}}\") Parcel parcel(String text);",
                "  @Prompt(\"{{text}}\") Duration[] durations(String text);",
                "}"));
    assertThat(compilation).succeeded();
    ClassLoader classes = Compiler.classes(compilation);
    List<Subject> subjects = new ArrayList<>();
    try {
      for (Field field : classes.loadClass("test.CatalogueImpl").getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == ExtractMethod.class) {
          field.setAccessible(true);
          ExtractMethod<Object> method = (ExtractMethod<Object>) field.get(null);
          subjects.add(new Subject(method.methodName(), method,
              SchemaValidation.of(method.schemaNode()), Binder.of(method)));
        }
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    return subjects;
  }

  @Property(tries = 2000)
  void theReaderAgreesWithNetworkntAndJackson(@ForAll("cases") Case instance) {
    Subject subject = instance.subject();
    assertThat(subject.method().hasGeneratedReader()).as("%s has a reader", subject).isTrue();
    Read<Object> read = subject.method().readGenerated(instance.json());
    JsonNode tree = STRICT_JSON.readTree(instance.json());
    List<Violation> violations = subject.validation().validate(tree);
    Object bound = null;
    boolean binds = false;
    if (violations.isEmpty()) {
      String wrapper = subject.method().wrapperProperty();
      JsonNode value = wrapper == null ? tree : tree.get(wrapper);
      try {
        bound = value == null || value.isNull() ? null : subject.binder().bind(value);
        binds = true;
      } catch (Binder.BindingFailed e) {
        binds = false;
      }
    }
    boolean todayAccepts = violations.isEmpty() && binds;
    assertThat(read.valid()).as("verdict; networknt said %s", violations).isEqualTo(todayAccepts);
    if (read.valid() && !java.util.Objects.deepEquals(read.value(), bound)) {
      // Records holding arrays compare them by identity: compare what they hold.
      assertThat(read.value()).usingRecursiveComparison().isEqualTo(bound);
    }
    for (Violation violation : read.violations()) {
      assertThat(violations).as("networknt's violations").contains(violation);
    }
    String outcome = read.valid() ? "valid" : read.undecided() ? "undecided" : "violation";
    Statistics.collect(outcome);
    // Every kind of outcome must be common enough for the comparison to mean something.
    Statistics.coverage(
        coverage -> {
          coverage.check("valid").percentage(p -> p > 20);
          coverage.check("violation").percentage(p -> p > 20);
        });
  }

  @Provide
  Arbitrary<Case> cases() {
    return Combinators.combine(
            Arbitraries.of(SUBJECTS), Arbitraries.longs(), Arbitraries.integers().between(0, 2))
        .as(
            (subject, seed, mode) -> {
              Random random = new Random(seed);
              JsonNode root = subject.method().schemaNode();
              // mode 0: valid; 1: a few mutations; 2: many
              Generator generator = new Generator(root, random, mode == 0 ? 0 : mode == 1 ? 0.05 : 0.25);
              return new Case(subject, generator.value(root, 0).toString());
            });
  }

  /** Random instances of a schema, with a chance per value of breaking it. */
  private static final class Generator {
    private static final String[] STRINGS = {
      "", "a", "ab", "Hello", "  ", "x y", "Zürich", "AB-12", "ab-1", "2024-02-29", "2023-02-29",
      "2024-1-01", "123e4567-e89b-12d3-a456-426614174000", "not-a-uuid", "SMALL", "LARGE", "tiny",
      "Circle", "Square", "a very long string that goes past twelve", "\"quoted\"", "😀😀",
      "2024-05-01T13:45", "2024-05-01T13:45:07.123", "2024-02-30T10:00", "2024-05-01T13:45:00Z",
      "13:45", "13:45:07.5", "25:61", "x", "😀"
    };
    private final JsonNode root;
    private final Random random;
    private final double breakChance;

    Generator(JsonNode root, Random random, double breakChance) {
      this.root = root;
      this.random = random;
      this.breakChance = breakChance;
    }

    JsonNode value(JsonNode schema, int depth) {
      schema = resolve(schema);
      if (random.nextDouble() < breakChance) {
        return wrong(schema, depth);
      }
      if (schema.has("anyOf")) {
        JsonNode options = schema.get("anyOf");
        return value(options.get(random.nextInt(options.size())), depth + 1);
      }
      if (schema.has("const")) {
        return schema.get("const");
      }
      JsonNode type = schema.get("type");
      String chosen =
          type == null ? "object" : type.isArray() ? type.get(random.nextInt(type.size())).asString() : type.asString();
      switch (chosen) {
        case "object":
          return object(schema, depth);
        case "array":
          ArrayNode array = NODES.arrayNode();
          int max = schema.has("maxItems") ? schema.get("maxItems").asInt() : 4;
          int count = depth > 5 ? 0 : random.nextInt(Math.min(max, 4) + 1);
          for (int i = 0; i < count; i++) {
            array.add(value(schema.get("items"), depth + 1));
          }
          return array;
        case "string":
          return NODES.stringNode(string(schema));
        case "integer":
          return integer(schema);
        case "number":
          return number(schema);
        case "boolean":
          return NODES.booleanNode(random.nextBoolean());
        default:
          return NODES.nullNode();
      }
    }

    private JsonNode object(JsonNode schema, int depth) {
      ObjectNode object = NODES.objectNode();
      JsonNode properties = schema.get("properties");
      List<String> required = new ArrayList<>();
      if (schema.has("required")) {
        schema.get("required").forEach(name -> required.add(name.asString()));
      }
      if (properties != null) {
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
          boolean must = required.contains(property.getKey());
          if (must || (depth < 5 && random.nextInt(10) < 7)) {
            object.set(property.getKey(), value(property.getValue(), depth + 1));
          }
        }
      }
      JsonNode additional = schema.get("additionalProperties");
      if (additional != null && additional.isObject()) {
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
          object.set("k" + random.nextInt(5), value(additional, depth + 1));
        }
      }
      return object;
    }

    private String string(JsonNode schema) {
      if (schema.has("enum")) {
        JsonNode values = schema.get("enum");
        return values.get(random.nextInt(values.size())).asString();
      }
      String format = schema.has("format") ? schema.get("format").asString() : null;
      if ("date".equals(format)) {
        return String.format("%04d-%02d-%02d", 1990 + random.nextInt(40), 1 + random.nextInt(12),
            1 + random.nextInt(28));
      }
      if ("date-time".equals(format)) {
        String[] forms = {
          "2024-05-01T13:45:07Z", "2024-05-01T13:45:07.5+02:00", "2024-05-01T13:45:07-05:30",
          "2024-05-01t13:45:07z", "2024-05-01T13:45Z", "2024-05-01 13:45:07Z",
          "2024-02-30T10:00:00Z", "2024-05-01T23:59:60Z", "2024-05-01T13:45:07.123456789+14:00"
        };
        return forms[random.nextInt(forms.length)];
      }
      if ("duration".equals(format)) {
        String[] forms = {
          "PT1H", "P2D", "PT30M5S", "P1DT12H", "PT0S", "pt1h", "P1dT2h", "P1W", "P1Y2M", "PT1.5S",
          "-PT1S", "P", "PT", "pt", "p", "P1DT", "PT99999999999999999999H", "abc", "P1D "
        };
        return forms[random.nextInt(forms.length)];
      }
      if ("uri".equals(format)) {
        String[] forms = {
          "https://example.com/a?b=c#d", "http://localhost:8080/x/y", "https://api.ex-ample.org",
          "ftp://files.example.com/pub/file.txt", "mailto:jane@example.com", "urn:isbn:0451450523",
          "relative/path", "http://exa mple.com", "http://[::1]/", "https://ex.com/%41",
          "https://ex.com/a%zz", "https://ex..com/", "https://ex.com/ä", "//example.com/x", ""
        };
        return forms[random.nextInt(forms.length)];
      }
      if ("email".equals(format)) {
        // Plain addresses (the reader's own check) and invalid ones; a valid address outside the
        // plain form (a quoted local part, a host without a top-level domain such as jane@localhost, which networknt accepts) is left to the general path,
        // so it is not drawn here.
        String[] forms = {
          "jane@example.com", "a.b+c@mail.example.org", "x_y-z@ex-ample.io",
          "no-at", "a..b@example.com", "Jane Doe <j@x.com>", ".a@b.com", "jane@exa_mple.com",
          "jane@-ex.com", "@x.com", "jane@example.com.", "jane@@example.com"
        };
        return forms[random.nextInt(forms.length)];
      }
      if ("uuid".equals(format)) {
        return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
      }
      List<String> fitting = new ArrayList<>();
      for (String candidate : STRINGS) {
        if (fits(schema, candidate)) {
          fitting.add(candidate);
        }
      }
      if (fitting.isEmpty()) {
        return STRINGS[random.nextInt(STRINGS.length)];
      }
      return fitting.get(random.nextInt(fitting.size()));
    }

    private static boolean fits(JsonNode schema, String candidate) {
      int length = candidate.codePointCount(0, candidate.length());
      if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
        return false;
      }
      if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
        return false;
      }
      return !schema.has("pattern")
          || Pattern.compile(schema.get("pattern").asString()).matcher(candidate).find();
    }

    private JsonNode integer(JsonNode schema) {
      long low = schema.has("minimum") ? schema.get("minimum").asLong() : -5;
      if (schema.has("exclusiveMinimum")) {
        low = schema.get("exclusiveMinimum").asLong() + 1;
      }
      long high = schema.has("maximum") ? schema.get("maximum").asLong() : low + 200;
      long value = low + (long) (random.nextDouble() * (high - low + 1));
      value = Math.min(value, high);
      return random.nextInt(8) == 0
          ? NODES.numberNode(new java.math.BigDecimal(value + ".0"))
          : NODES.numberNode(value);
    }

    private JsonNode number(JsonNode schema) {
      double low = schema.has("minimum") ? schema.get("minimum").asDouble() : -10;
      if (schema.has("exclusiveMinimum")) {
        low = schema.get("exclusiveMinimum").asDouble() + 0.25;
      }
      java.math.BigDecimal value =
          java.math.BigDecimal.valueOf(low + random.nextInt(4000) / 8.0);
      return random.nextInt(5) == 0
          ? NODES.numberNode(value.toBigInteger().max(java.math.BigInteger.valueOf((long) Math.ceil(low))))
          : NODES.numberNode(value);
    }

    /** A value that probably breaks {@code schema}. */
    private JsonNode wrong(JsonNode schema, int depth) {
      switch (random.nextInt(12)) {
        case 0:
          return NODES.stringNode(STRINGS[random.nextInt(STRINGS.length)]);
        case 1:
          return NODES.numberNode(random.nextInt(21) - 10);
        case 2:
          return NODES.numberNode(new java.math.BigDecimal("4.5"));
        case 3:
          return NODES.booleanNode(true);
        case 4:
          return NODES.nullNode();
        case 5:
          return NODES.arrayNode().add(1);
        case 6:
          return NODES.objectNode();
        case 7:
          return NODES.numberNode(new java.math.BigInteger("98765432109876543210"));
        case 8:
          if (schema.has("properties")) {
            ObjectNode object = (ObjectNode) object(schema, depth);
            object.put("unexpected", 1);
            return object;
          }
          return NODES.stringNode("2024-02-30");
        case 9:
          if (schema.has("properties")) {
            ObjectNode object = (ObjectNode) object(schema, depth);
            Iterator<String> names = object.propertyNames().iterator();
            if (names.hasNext()) {
              object.remove(names.next());
            }
            return object;
          }
          return NODES.numberNode(3_000_000_000L);
        case 10:
          return NODES.stringNode("");
        default:
          ObjectNode tagged = NODES.objectNode();
          tagged.put("type", random.nextBoolean() ? "Triangle" : "Circle");
          tagged.put("radius", random.nextInt(3) - 1);
          return tagged;
      }
    }

    private JsonNode resolve(JsonNode schema) {
      JsonNode ref = schema.get("$ref");
      if (ref == null) {
        return schema;
      }
      String target = ref.asString();
      if (target.equals("#")) {
        return root;
      }
      return resolve(root.get("$defs").get(target.substring("#/$defs/".length())));
    }
  }

}
