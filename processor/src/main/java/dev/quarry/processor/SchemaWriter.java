package dev.quarry.processor;

import dev.quarry.processor.NamedType.EnumType;
import dev.quarry.processor.NamedType.ObjectType;
import dev.quarry.processor.NamedType.Property;
import dev.quarry.processor.NamedType.UnionType;
import dev.quarry.processor.TypeUse.ArrayOf;
import dev.quarry.processor.TypeUse.Constraint;
import dev.quarry.processor.TypeUse.MapOf;
import dev.quarry.processor.TypeUse.Named;
import dev.quarry.processor.TypeUse.Scalar;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the JSON schema (draft 2020-12) of one method's answer, in the standard dialect or in
 * OpenAI's strict one. Types used more than once, and recursive ones, go to {@code $defs}; a
 * recursive root refers to itself with {@code "#"}. Properties that may be absent accept
 * {@code null} in both dialects, so that an answer written under the strict schema also passes
 * the standard one.
 */
final class SchemaWriter {
  /** The property that wraps answers that are not objects. */
  static final String WRAPPER = "value";

  /**
   * The vendor keyword that lists a property's {@code @Alias} names, or maps enum constants to
   * theirs, for the runtime's parser. Validators ignore unknown keywords; it is left out of the
   * OpenAI strict dialect, which accepts only the keywords it documents.
   */
  static final String ALIASES = "x-quarry-aliases";

  enum Dialect {
    STANDARD,
    OPENAI_STRICT
  }

  /** The schema, and why it cannot be written in the dialect ({@code null} when it can). */
  record Result(JsonObject schema, String inexpressible) {}

  private static final Set<String> STRICT_FORMATS =
      Set.of(
          "date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid");
  private static final Set<String> SIMPLE_TYPES = Set.of("string", "integer", "number", "boolean");

  private final Map<String, NamedType> registry;
  private final Dialect dialect;
  private final String rootKey;
  private final Map<String, Integer> uses;
  private final Set<String> cyclic;
  private final LinkedHashMap<String, JsonObject> defs = new LinkedHashMap<>();
  private String inexpressible;

  private SchemaWriter(Map<String, NamedType> registry, Dialect dialect, String rootKey,
      TypeUse result) {
    this.registry = registry;
    this.dialect = dialect;
    this.rootKey = rootKey;
    this.uses = countUses(registry, result);
    this.cyclic = cyclic(registry, uses.keySet());
  }

  /**
   * The schema of an answer of type {@code result}; wrapped in {@code {"value": ...}} when
   * {@code wrapped}, and then nullable when {@code nullable}.
   */
  static Result write(
      Map<String, NamedType> registry,
      TypeUse result,
      boolean wrapped,
      boolean nullable,
      Dialect dialect) {
    String rootKey = wrapped ? null : ((Named) result).key();
    SchemaWriter writer = new SchemaWriter(registry, dialect, rootKey, result);
    JsonObject root;
    if (wrapped) {
      JsonObject value = writer.schema(result);
      if (nullable) {
        value = nullable(value);
      }
      root =
          new JsonObject()
              .put("type", "object")
              .put("properties", new JsonObject().put(WRAPPER, value))
              .put("required", List.of(WRAPPER))
              .put("additionalProperties", false);
    } else {
      root = writer.objectSchema((ObjectType) registry.get(rootKey), null);
    }
    if (!writer.defs.isEmpty()) {
      JsonObject defs = new JsonObject();
      writer.defs.forEach(defs::put);
      root.put("$defs", defs);
    }
    return new Result(root, writer.inexpressible);
  }

  /** The keys of the sealed interfaces reachable from {@code result}, in the order first met. */
  static List<String> unions(Map<String, NamedType> registry, TypeUse result) {
    List<String> unions = new ArrayList<>();
    for (String key : countUses(registry, result).keySet()) {
      if (registry.get(key) instanceof UnionType) {
        unions.add(key);
      }
    }
    return unions;
  }

  private static void namedIn(TypeUse use, List<String> out) {
    if (use instanceof Named) {
      out.add(((Named) use).key());
    } else if (use instanceof ArrayOf) {
      namedIn(((ArrayOf) use).items(), out);
    } else if (use instanceof MapOf) {
      namedIn(((MapOf) use).values(), out);
    }
  }

  private static List<String> uses(NamedType type) {
    List<String> out = new ArrayList<>();
    if (type instanceof ObjectType) {
      for (Property property : ((ObjectType) type).properties()) {
        namedIn(property.type(), out);
      }
    }
    return out;
  }

  private static List<String> successors(NamedType type) {
    List<String> out = uses(type);
    if (type instanceof UnionType) {
      // Variants are always written inline, inside their union: they are not counted as uses.
      out.addAll(((UnionType) type).variants());
    }
    return out;
  }

  /** How often each reachable type is used as a property, item or value; keys in order met. */
  private static Map<String, Integer> countUses(Map<String, NamedType> registry, TypeUse result) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    Deque<String> pending = new ArrayDeque<>();
    List<String> rootUses = new ArrayList<>();
    namedIn(result, rootUses);
    for (String key : rootUses) {
      counts.merge(key, 1, Integer::sum);
      pending.add(key);
    }
    Set<String> visited = new HashSet<>();
    while (!pending.isEmpty()) {
      String key = pending.poll();
      if (!visited.add(key)) {
        continue;
      }
      NamedType type = registry.get(key);
      for (String used : uses(type)) {
        counts.merge(used, 1, Integer::sum);
        pending.add(used);
      }
      if (type instanceof UnionType) {
        for (String variant : ((UnionType) type).variants()) {
          counts.putIfAbsent(variant, 0);
          pending.add(variant);
        }
      }
    }
    return counts;
  }

  /** The types that can reach themselves. */
  private static Set<String> cyclic(Map<String, NamedType> registry, Set<String> keys) {
    Set<String> cyclic = new HashSet<>();
    for (String key : keys) {
      Deque<String> pending = new ArrayDeque<>(successors(registry.get(key)));
      Set<String> seen = new HashSet<>();
      while (!pending.isEmpty()) {
        String next = pending.poll();
        if (next.equals(key)) {
          cyclic.add(key);
          break;
        }
        if (seen.add(next)) {
          pending.addAll(successors(registry.get(next)));
        }
      }
    }
    return cyclic;
  }

  private boolean strict() {
    return dialect == Dialect.OPENAI_STRICT;
  }

  private JsonObject schema(TypeUse use) {
    JsonObject schema;
    if (use instanceof Scalar) {
      schema = scalarSchema(((Scalar) use).kind());
    } else if (use instanceof ArrayOf) {
      ArrayOf array = (ArrayOf) use;
      schema = new JsonObject().put("type", "array").put("items", schema(array.items()));
      if (array.unique()) {
        schema.put("uniqueItems", true);
      }
    } else if (use instanceof MapOf) {
      if (inexpressible == null) {
        inexpressible = "a Map";
      }
      schema =
          new JsonObject()
              .put("type", "object")
              .put("additionalProperties", schema(((MapOf) use).values()));
    } else {
      schema = named(((Named) use).key());
    }
    for (Constraint constraint : use.constraints()) {
      schema.put(constraint.keyword(), constraint.value());
    }
    return strict() ? restateUnsupported(schema) : schema;
  }

  private static JsonObject scalarSchema(ScalarKind kind) {
    JsonObject schema = new JsonObject().put("type", kind.jsonType);
    schema.putDescription(kind.hint);
    if (kind.format != null) {
      schema.put("format", kind.format);
    }
    if (kind.pattern != null) {
      schema.put("pattern", kind.pattern);
    }
    if (kind == ScalarKind.CHARACTER) {
      schema.put("minLength", 1).put("maxLength", 1);
    }
    return schema;
  }

  private JsonObject named(String key) {
    if (key.equals(rootKey)) {
      return new JsonObject().put("$ref", "#");
    }
    NamedType type = registry.get(key);
    if (uses.getOrDefault(key, 0) > 1 || cyclic.contains(key)) {
      if (!defs.containsKey(type.name())) {
        defs.put(type.name(), null); // reserves the place: a recursive type refers to itself
        defs.put(type.name(), inline(type));
      }
      return new JsonObject().put("$ref", "#/$defs/" + type.name());
    }
    return inline(type);
  }

  private JsonObject inline(NamedType type) {
    if (type instanceof ObjectType) {
      return objectSchema((ObjectType) type, null);
    }
    if (type instanceof EnumType) {
      return enumSchema((EnumType) type, strict());
    }
    UnionType union = (UnionType) type;
    List<Object> variants = new ArrayList<>();
    for (String variant : union.variants()) {
      ObjectType record = (ObjectType) registry.get(variant);
      variants.add(objectSchema(record, record.className().simpleName()));
    }
    return new JsonObject().put("anyOf", variants).putDescription(union.description());
  }

  private static JsonObject enumSchema(EnumType type, boolean strict) {
    List<String> described = new ArrayList<>();
    for (int i = 0; i < type.constants().size(); i++) {
      String description = type.constantDescriptions().get(i);
      if (description != null) {
        described.add(type.constants().get(i) + ": " + description);
      }
    }
    String constants = described.isEmpty() ? null : String.join("; ", described);
    JsonObject schema =
        new JsonObject()
            .put("type", "string")
            .putDescription(Descriptions.join(type.description(), constants))
            .put("enum", List.copyOf(type.constants()));
    JsonObject aliases = new JsonObject();
    for (int i = 0; i < type.constants().size(); i++) {
      if (!type.constantAliases().get(i).isEmpty()) {
        aliases.put(type.constants().get(i), type.constantAliases().get(i));
      }
    }
    if (!strict && !aliases.members().isEmpty()) {
      schema.put(ALIASES, aliases);
    }
    return schema;
  }

  private JsonObject objectSchema(ObjectType type, String tag) {
    JsonObject properties = new JsonObject();
    List<String> required = new ArrayList<>();
    if (tag != null) {
      // OpenAI's strict validator refuses a const without its type.
      properties.put(
          UnionType.TAG,
          strict()
              ? new JsonObject().put("type", "string").put("const", tag)
              : new JsonObject().put("const", tag));
      required.add(UnionType.TAG);
    }
    for (Property property : type.properties()) {
      JsonObject schema = schema(property.type());
      if (!property.required()) {
        schema = nullable(schema);
      }
      if (strict() && schema.has("$ref") && property.description() != null) {
        schema = dereference(schema);
      }
      schema.putDescription(
          Descriptions.join(property.description(), (String) schema.get("description")));
      if (!strict() && !property.aliases().isEmpty()) {
        schema.put(ALIASES, property.aliases());
      }
      properties.put(property.name(), schema);
      if (property.required() || strict()) {
        required.add(property.name());
      }
    }
    return new JsonObject()
        .put("type", "object")
        .putDescription(type.description())
        .put("properties", properties)
        .put("required", required)
        .put("additionalProperties", false);
  }

  /**
   * OpenAI's strict mode rejects {@code $ref} with sibling keywords, such as a description: a
   * copy of the definition takes its place, or, while the definition is still being written (a
   * recursive type), an {@code anyOf} of the one reference.
   */
  private JsonObject dereference(JsonObject reference) {
    String ref = (String) reference.get("$ref");
    JsonObject definition =
        ref.startsWith("#/$defs/") ? defs.get(ref.substring("#/$defs/".length())) : null;
    if (definition == null) {
      return new JsonObject().put("anyOf", List.of(reference));
    }
    JsonObject copy = new JsonObject();
    definition.members().forEach(copy::put);
    return copy;
  }

  /** {@code schema} or null: a type list for simple types, else {@code anyOf}. */
  private static JsonObject nullable(JsonObject schema) {
    Object type = schema.get("type");
    if (type instanceof String && SIMPLE_TYPES.contains(type) && !schema.has("enum")) {
      schema.put("type", List.of(type, "null"));
      return schema;
    }
    if (schema.has("anyOf") && schema.members().size() == (schema.has("description") ? 2 : 1)) {
      List<Object> variants = new ArrayList<>((List<?>) schema.get("anyOf"));
      variants.add(new JsonObject().put("type", "null"));
      schema.put("anyOf", variants);
      return schema;
    }
    String description = (String) schema.remove("description");
    return new JsonObject()
        .put("anyOf", List.of(schema, new JsonObject().put("type", "null")))
        .putDescription(description);
  }

  /**
   * Removes the keywords OpenAI's strict mode rejects and says in the description what they
   * required, so that the model still knows (and the runtime still checks the full schema).
   */
  private static JsonObject restateUnsupported(JsonObject schema) {
    List<String> sentences = new ArrayList<>();
    Object minLength = schema.remove("minLength");
    Object maxLength = schema.remove("maxLength");
    if (minLength != null && minLength.equals(maxLength)) {
      sentences.add("Must be exactly " + characters(minLength) + ".");
    } else {
      if (minLength != null) {
        sentences.add(
            minLength.equals(1)
                ? "Must not be empty."
                : "Must be at least " + characters(minLength) + ".");
      }
      if (maxLength != null) {
        sentences.add("Must be at most " + characters(maxLength) + ".");
      }
    }
    if (Boolean.TRUE.equals(schema.remove("uniqueItems"))) {
      sentences.add("Items must be unique.");
    }
    Object minProperties = schema.remove("minProperties");
    if (minProperties != null) {
      sentences.add("Must have at least " + minProperties + " entries.");
    }
    Object maxProperties = schema.remove("maxProperties");
    if (maxProperties != null) {
      sentences.add("Must have at most " + maxProperties + " entries.");
    }
    Object format = schema.get("format");
    if (format != null && !STRICT_FORMATS.contains(format)) {
      schema.remove("format");
      sentences.add("Must be a valid " + format + ".");
    }
    if (!sentences.isEmpty()) {
      schema.putDescription(
          Descriptions.join((String) schema.get("description"), String.join(" ", sentences)));
    }
    return schema;
  }

  private static String characters(Object count) {
    return count + (count.equals(1) ? " character" : " characters");
  }

  /** The limits OpenAI documents for strict schemas, checked on a written strict schema. */
  static final class StrictLimits {
    static final int MAX_PROPERTIES = 5000;
    static final int MAX_NESTING = 10;
    static final int MAX_ENUM_VALUES = 1000;
    static final int MAX_STRING_LENGTH = 120_000;
    static final int LARGE_ENUM = 250;
    static final int MAX_LARGE_ENUM_STRING_LENGTH = 15_000;

    /** One exceeded limit: what OpenAI allows and what the schema has. */
    record Violation(String limit, long found) {}

    private final JsonObject root;
    private int properties;
    private int enumValues;
    private long stringLength;
    private long enumStringLength;
    private boolean largeEnum;

    private StrictLimits(JsonObject root) {
      this.root = root;
    }

    static List<Violation> check(JsonObject root) {
      StrictLimits limits = new StrictLimits(root);
      limits.count(root);
      List<Violation> violations = new ArrayList<>();
      int nesting = limits.nesting(root, new LinkedHashSet<>());
      if (nesting > MAX_NESTING) {
        violations.add(
            new Violation("at most " + MAX_NESTING + " levels of nested objects", nesting));
      }
      if (limits.properties > MAX_PROPERTIES) {
        violations.add(
            new Violation("at most " + MAX_PROPERTIES + " object properties", limits.properties));
      }
      if (limits.enumValues > MAX_ENUM_VALUES) {
        violations.add(
            new Violation("at most " + MAX_ENUM_VALUES + " enum values", limits.enumValues));
      }
      if (limits.stringLength > MAX_STRING_LENGTH) {
        violations.add(
            new Violation(
                "at most "
                    + MAX_STRING_LENGTH
                    + " characters of property names, definition names, enum and const values",
                limits.stringLength));
      }
      if (limits.largeEnum && limits.enumStringLength > MAX_LARGE_ENUM_STRING_LENGTH) {
        violations.add(
            new Violation(
                "at most "
                    + MAX_LARGE_ENUM_STRING_LENGTH
                    + " characters of enum values when an enum has more than "
                    + LARGE_ENUM
                    + " values",
                limits.enumStringLength));
      }
      return violations;
    }

    private void count(Object value) {
      if (value instanceof List) {
        for (Object element : (List<?>) value) {
          count(element);
        }
        return;
      }
      if (!(value instanceof JsonObject)) {
        return;
      }
      JsonObject schema = (JsonObject) value;
      for (Map.Entry<String, Object> member : schema.members().entrySet()) {
        switch (member.getKey()) {
          case "properties":
            JsonObject props = (JsonObject) member.getValue();
            properties += props.members().size();
            for (String name : props.members().keySet()) {
              stringLength += name.length();
            }
            count(props.members().values().stream().toList());
            break;
          case "$defs":
            JsonObject defs = (JsonObject) member.getValue();
            for (String name : defs.members().keySet()) {
              stringLength += name.length();
            }
            count(defs.members().values().stream().toList());
            break;
          case "enum":
            List<?> values = (List<?>) member.getValue();
            enumValues += values.size();
            largeEnum |= values.size() > LARGE_ENUM;
            for (Object v : values) {
              stringLength += v.toString().length();
              enumStringLength += v.toString().length();
            }
            break;
          case "const":
            stringLength += member.getValue().toString().length();
            break;
          default:
            count(member.getValue());
        }
      }
    }

    /** The deepest chain of nested objects, following references once each. */
    private int nesting(Object value, Set<String> expanding) {
      if (value instanceof List) {
        int max = 0;
        for (Object element : (List<?>) value) {
          max = Math.max(max, nesting(element, expanding));
        }
        return max;
      }
      if (!(value instanceof JsonObject)) {
        return 0;
      }
      JsonObject schema = (JsonObject) value;
      Object ref = schema.get("$ref");
      if (ref instanceof String && ((String) ref).startsWith("#/$defs/")) {
        String name = ((String) ref).substring("#/$defs/".length());
        if (!expanding.add(name)) {
          return 0;
        }
        int depth = nesting(((JsonObject) root.get("$defs")).get(name), expanding);
        expanding.remove(name);
        return depth;
      }
      Object type = schema.get("type");
      boolean object =
          "object".equals(type) || (type instanceof List && ((List<?>) type).contains("object"));
      int inner = 0;
      for (String key : List.of("properties", "items", "anyOf", "additionalProperties")) {
        Object child = schema.get(key);
        if (key.equals("properties") && child instanceof JsonObject) {
          child = ((JsonObject) child).members().values().stream().toList();
        }
        inner = Math.max(inner, nesting(child, expanding));
      }
      return (object ? 1 : 0) + inner;
    }
  }
}
