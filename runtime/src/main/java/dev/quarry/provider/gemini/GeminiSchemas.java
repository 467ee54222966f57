package dev.quarry.provider.gemini;

import static dev.quarry.spi.Mapper.JSON;
import static java.util.Objects.requireNonNull;

import dev.quarry.ConfigurationException;
import dev.quarry.provider.PreparedSchema;
import dev.quarry.provider.Wire;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rewrites a JSON Schema (draft 2020-12, as the processor writes it) into the subset Gemini
 * documents for {@code responseJsonSchema} and {@code parametersJsonSchema}.
 *
 * <p>The documented subset: {@code type} (a name or an array of names, {@code null} included),
 * {@code title}, {@code description}, {@code enum}, {@code format}, {@code minimum}, {@code
 * maximum}, {@code items}, {@code prefixItems}, {@code minItems}, {@code maxItems}, {@code
 * properties}, {@code required}, {@code additionalProperties}, {@code propertyOrdering}, {@code
 * anyOf}, and {@code $ref} into {@code $defs} (for recursive schemas).
 *
 * <p>The rewrite, on a copy:
 *
 * <ul>
 *   <li>{@code $ref}s to definitions that are not recursive are inlined (older models and
 *       function declarations handle plain trees best); recursive definitions stay in {@code
 *       $defs} and are referred to, which Gemini supports since November 2025.
 *   <li>{@code oneOf} becomes {@code anyOf} and {@code const} a one-value {@code enum}.
 *   <li>Every other keyword, e.g. {@code pattern}, {@code minLength}, {@code uniqueItems}, an
 *       unknown {@code format}, is moved into {@code description} as JSON, so the model still
 *       reads the rule; nothing is silently dropped. Only {@code $schema}, {@code $id}, {@code
 *       $comment}, {@code $anchor} and vendor {@code x-} keywords (e.g. Quarry's aliases, read by
 *       the local parser), which constrain no value, are left out.
 * </ul>
 *
 * <p>Quarry still validates every answer locally against the full original schema, so what the
 * rewrite loosens is caught and re-asked.
 */
public final class GeminiSchemas {

  /** Keywords Gemini takes as they are (their subschemas are rewritten where they have any). */
  private static final Set<String> KEPT = Set.of(
      "type", "title", "description", "enum", "minimum", "maximum", "minItems", "maxItems",
      "required", "propertyOrdering");
  /** Metadata that constrains no value. */
  private static final Set<String> DROPPED = Set.of("$schema", "$id", "$comment", "$anchor");
  /** Formats Gemini documents: dates and times for strings, widths for numbers. */
  private static final Set<String> FORMATS = Set.of(
      "date-time", "date", "time", "int32", "int64", "float", "double");

  private GeminiSchemas() {}

  /** A method's schema in Gemini's dialect ({@link #forGemini}), serialised once per method. */
  public static final PreparedSchema GEMINI = new PreparedSchema(
      method -> forGemini(method.schemaNode(), method.displayName()));

  /**
   * A copy of {@code schema} that Gemini accepts.
   *
   * @param schema a JSON Schema object; it is not changed
   * @param owner what the schema belongs to, for messages (e.g. {@code ReceiptReader.read})
   * @throws ConfigurationException when a {@code $ref} points outside the schema's {@code $defs}
   *     or at the root itself
   */
  public static ObjectNode forGemini(JsonNode schema, String owner) {
    requireNonNull(schema, "schema == null");
    requireNonNull(owner, "owner == null");
    if (!schema.isObject()) {
      throw new ConfigurationException(owner + ": a schema for Gemini must be a JSON object, got "
          + schema.getNodeType() + "; regenerate it with the quarry-processor.");
    }
    return new Rewrite(schema, owner).run();
  }

  private static final class Rewrite {
    private final JsonNode root;
    private final String owner;
    /** Definitions by the pointer that refers to them, e.g. {@code #/$defs/Node}. */
    private final Map<String, JsonNode> definitions = new LinkedHashMap<>();
    private final Set<String> recursive = new LinkedHashSet<>();
    /** The recursive definitions referred to, in the order first seen. */
    private final Set<String> kept = new LinkedHashSet<>();

    Rewrite(JsonNode root, String owner) {
      this.root = root;
      this.owner = owner;
      for (String container : new String[] {"$defs", "definitions"}) {
        JsonNode defs = root.get(container);
        if (defs != null && defs.isObject()) {
          defs.properties().forEach(e ->
              definitions.put("#/" + container + "/" + escape(e.getKey()), e.getValue()));
        }
      }
      for (String pointer : definitions.keySet()) {
        if (reaches(pointer, pointer, new LinkedHashSet<>())) {
          recursive.add(pointer);
        }
      }
    }

    ObjectNode run() {
      ObjectNode out = schema(root, new ArrayDeque<>(), true);
      if (!kept.isEmpty()) {
        ObjectNode defs = JSON.createObjectNode();
        // Rewriting one kept definition can refer to further ones; loop until none is new.
        Set<String> written = new LinkedHashSet<>();
        while (written.size() < kept.size()) {
          for (String pointer : Set.copyOf(kept)) {
            if (written.add(pointer)) {
              defs.set(name(pointer), schema(definitions.get(pointer), new ArrayDeque<>(), false));
            }
          }
        }
        out.set("$defs", defs);
      }
      return out;
    }

    /** Whether {@code pointer}'s definition refers, directly or not, to {@code target}. */
    private boolean reaches(String pointer, String target, Set<String> seen) {
      if (!seen.add(pointer)) {
        return false;
      }
      for (String ref : refs(definitions.get(pointer), new LinkedHashSet<>())) {
        if (ref.equals(target) || definitions.containsKey(ref) && reaches(ref, target, seen)) {
          return true;
        }
      }
      return false;
    }

    private static Set<String> refs(JsonNode node, Set<String> into) {
      if (node == null) {
        return into;
      }
      if (node.isObject()) {
        JsonNode ref = node.get("$ref");
        if (ref != null && ref.isString()) {
          into.add(ref.stringValue());
        }
      }
      for (JsonNode child : node) {
        refs(child, into);
      }
      return into;
    }

    private ObjectNode schema(JsonNode node, Deque<String> inlining, boolean atRoot) {
      if (node.isBoolean()) {
        if (node.booleanValue()) {
          return JSON.createObjectNode();
        }
        throw new ConfigurationException(owner + ": the schema contains the schema `false`"
            + " (nothing is valid), which Gemini cannot express; remove the property.");
      }
      if (!node.isObject()) {
        throw new ConfigurationException(owner + ": a subschema must be an object, found "
            + node + "; regenerate the schema with the quarry-processor.");
      }
      JsonNode ref = node.get("$ref");
      if (ref != null) {
        return reference(node, ref, inlining);
      }
      ObjectNode out = JSON.createObjectNode();
      ObjectNode moved = JSON.createObjectNode();
      boolean hasAnyOf = node.has("anyOf");
      boolean hasEnum = node.has("enum");
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String key = field.getKey();
        JsonNode value = field.getValue();
        if (KEPT.contains(key)) {
          out.set(key, value.deepCopy());
        } else if (DROPPED.contains(key) || key.startsWith("x-")) {
          // nothing to keep
        } else if (atRoot && (key.equals("$defs") || key.equals("definitions"))) {
          // inlined where used, or written back by run()
        } else if (key.equals("format") && value.isString() && FORMATS.contains(value.stringValue())) {
          out.set(key, value.deepCopy());
        } else if (key.equals("properties") && value.isObject()) {
          ObjectNode properties = out.putObject("properties");
          value.properties().forEach(p ->
              properties.set(p.getKey(), schema(p.getValue(), inlining, false)));
        } else if (key.equals("items") && (value.isObject() || value.isBoolean())) {
          out.set(key, schema(value, inlining, false));
        } else if (key.equals("additionalProperties") && value.isBoolean()) {
          out.set(key, value.deepCopy());
        } else if (key.equals("additionalProperties") && value.isObject()) {
          out.set(key, schema(value, inlining, false));
        } else if ((key.equals("anyOf") || key.equals("prefixItems")) && value.isArray()) {
          out.set(key, schemas(value, inlining));
        } else if (key.equals("oneOf") && value.isArray() && !hasAnyOf) {
          // Alternatives the processor writes are disjoint (tagged), so anyOf means the same.
          out.set("anyOf", schemas(value, inlining));
        } else if (key.equals("const") && !hasEnum && (value.isString() || value.isNumber())) {
          out.putArray("enum").add(value.deepCopy());
        } else {
          moved.set(key, value.deepCopy());
        }
      }
      if (!moved.isEmpty()) {
        String description = out.path("description").isString()
            ? out.get("description").stringValue() + "\n" : "";
        out.put("description", description + "Must also satisfy the JSON Schema " + moved + ".");
      }
      return out;
    }

    private ArrayNode schemas(JsonNode array, Deque<String> inlining) {
      ArrayNode out = JSON.createArrayNode();
      for (JsonNode element : array) {
        out.add(schema(element, inlining, false));
      }
      return out;
    }

    private ObjectNode reference(JsonNode node, JsonNode ref, Deque<String> inlining) {
      String pointer = ref.isString() ? ref.stringValue() : String.valueOf(ref);
      if (pointer.equals("#")) {
        throw new ConfigurationException(owner + ": the schema refers to its own root ($ref \"#\"),"
            + " which Gemini cannot express; move the recursive type into $defs and refer to it"
            + " as \"#/$defs/<Name>\".");
      }
      JsonNode target = definitions.get(pointer);
      if (target == null) {
        throw new ConfigurationException(owner + ": the schema refers to " + pointer + ", which is"
            + " not one of its $defs (" + definitions.keySet() + "); Gemini is sent the schema"
            + " with local definitions only. Regenerate it with the quarry-processor.");
      }
      ObjectNode siblings = (ObjectNode) node.deepCopy();
      siblings.remove("$ref");
      if (recursive.contains(pointer)) {
        kept.add(pointer);
        ObjectNode out = siblings.isEmpty() ? JSON.createObjectNode()
            : schema(siblings, inlining, false);
        ObjectNode result = JSON.createObjectNode().put("$ref", "#/$defs/" + escape(name(pointer)));
        result.setAll(out);
        return result;
      }
      if (inlining.contains(pointer)) {
        throw new AssertionError("a definition that is not recursive refers to itself: " + pointer);
      }
      // Words at the place of use (a description, say) win over those of the definition.
      ObjectNode merged = target.isObject() ? (ObjectNode) target.deepCopy() : JSON.createObjectNode();
      merged.setAll(siblings);
      inlining.push(pointer);
      try {
        return schema(merged, inlining, false);
      } finally {
        inlining.pop();
      }
    }

    private static String name(String pointer) {
      String last = pointer.substring(pointer.lastIndexOf('/') + 1);
      return last.replace("~1", "/").replace("~0", "~");
    }

    private static String escape(String name) {
      return name.replace("~", "~0").replace("/", "~1");
    }
  }
}
