package dev.quarry.provider.anthropic;

import static dev.quarry.spi.Mapper.JSON;

import dev.quarry.ConfigurationException;
import dev.quarry.provider.PreparedSchema;
import dev.quarry.provider.Wire;
import dev.quarry.spi.ExtractMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Rewrites a method's JSON schema into the subset that Anthropic's structured outputs ({@code
 * output_config.format}) accept.
 *
 * <p>Anthropic documents these limits: every object needs {@code additionalProperties: false};
 * no numeric bounds ({@code minimum}, {@code maximum}, {@code exclusiveMinimum}, {@code
 * exclusiveMaximum}, {@code multipleOf}), no string lengths, {@code minItems} only as 0 or 1, no
 * other array bounds, only some string {@code format}s, no recursive schemas, no external
 * {@code $ref}. A constraint the API cannot take is never dropped: it moves into the {@code
 * description} (as JSON) so the model still reads it, and Quarry's own validation of the answer
 * against the original schema still enforces it. {@code pattern} moves too, because the API
 * accepts only a subset of regular expressions and a rejected one fails the whole request.
 *
 * <p>What cannot be expressed at all fails with a {@link ConfigurationException} that points to
 * {@link dev.quarry.Mode#TOOLS}: a map ({@code additionalProperties} with a schema), a free-form
 * object or value, a recursive schema.
 */
final class AnthropicSchemas {

  /** The string formats Anthropic's structured outputs accept. */
  static final Set<String> FORMATS = Set.of(
      "date-time", "time", "date", "duration", "email", "hostname", "uri", "ipv4", "ipv6", "uuid");

  /** Metadata that constrains nothing and that the API does not need. */
  /** Keywords that constrain no value; vendor keywords ({@code x-quarry-aliases}) too. */
  private static final Set<String> DROPPED = Set.of("$schema", "$comment");

  /** A schema needs one of these to say what it allows; without them it allows anything. */
  private static final List<String> ANCHORS =
      List.of("type", "enum", "const", "$ref", "anyOf", "oneOf", "allOf", "properties");

  /** Keywords handled one by one below; everything else moves into the description. */
  private static final Set<String> HANDLED = Set.of(
      "type", "description", "title", "enum", "const", "$ref", "$defs", "definitions", "anyOf",
      "oneOf", "allOf", "properties", "required", "additionalProperties", "items", "minItems",
      "format");

  /** {@link #structuredOutputSchema}, serialised once per method. */
  static final PreparedSchema STRUCTURED_OUTPUT =
      new PreparedSchema(AnthropicSchemas::structuredOutputSchema);

  private AnthropicSchemas() {}

  /** A rewritten copy of {@code method}'s schema; the method's own schema is not touched. */
  static ObjectNode structuredOutputSchema(ExtractMethod<?> method) {
    JsonNode schema = method.schemaNode();
    rejectRecursion(schema, method);
    return (ObjectNode) new Rewrite(method).schema(schema, "");
  }

  private static final class Rewrite {
    private final ExtractMethod<?> method;

    Rewrite(ExtractMethod<?> method) {
      this.method = method;
    }

    JsonNode schema(JsonNode node, String pointer) {
      if (!node.isObject() || node.isEmpty()) {
        if (node.isBoolean() && !node.asBoolean()) {
          return node; // "false" (nothing allowed) is expressible as is
        }
        throw unsupported(pointer, "allows any JSON value (" + node + ")",
            "give it a type");
      }
      if (!ANCHORS.stream().anyMatch(node::has)) {
        throw unsupported(pointer, "allows any JSON value (" + node + ")", "give it a type");
      }
      JsonNode type = node.get("type");
      if (type != null && type.isArray()) {
        return typeUnion(node, (ArrayNode) type, pointer);
      }
      ObjectNode out = JSON.createObjectNode();
      Map<String, JsonNode> moved = new LinkedHashMap<>();
      String typeName = type != null && type.isString() ? type.stringValue() : null;

      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String key = field.getKey();
        JsonNode value = field.getValue();
        if (DROPPED.contains(key) || key.startsWith("x-")) {
          continue;
        }
        if (!HANDLED.contains(key)) {
          moved.put(key, value);
          continue;
        }
        switch (key) {
          case "type", "description", "title", "const", "required" -> out.set(key, value);
          case "enum" -> {
            if (allScalars(value)) {
              out.set(key, value);
            } else {
              moved.put(key, value); // the API takes enums of scalars only
            }
          }
          case "$ref" -> {
            String ref = value.asString("");
            if (!ref.startsWith("#")) {
              throw unsupported(pointer, "refers to another document (" + ref + ")",
                  "inline the referenced schema");
            }
            out.set(key, value);
          }
          case "$defs", "definitions" -> {
            ObjectNode defs = out.putObject(key);
            for (Map.Entry<String, JsonNode> def : value.properties()) {
              defs.set(def.getKey(),
                  schema(def.getValue(), pointer + "/" + key + "/" + escape(def.getKey())));
            }
          }
          case "anyOf", "allOf" -> out.set(key, each(value, pointer + "/" + key));
          case "oneOf" -> {
            // Structured outputs have no oneOf; anyOf is the nearest, and "exactly one" is kept
            // for the model in the description.
            out.set("anyOf", each(value, pointer + "/oneOf"));
            moved.put("oneOf", StringNode.valueOf("exactly one alternative applies"));
          }
          case "properties" -> {
            ObjectNode properties = out.putObject(key);
            for (Map.Entry<String, JsonNode> property : value.properties()) {
              properties.set(property.getKey(), schema(property.getValue(),
                  pointer + "/properties/" + escape(property.getKey())));
            }
          }
          case "additionalProperties" -> {
            if (value.isObject() && !value.isEmpty()) {
              throw unsupported(pointer, "is a map (additionalProperties " + value + ")",
                  "use a record with named components");
            }
            // true, {} and false all become false below; the first two only when properties
            // are declared, which the binder reads anyway.
          }
          case "items" -> out.set(key, schema(value, pointer + "/items"));
          case "minItems" -> {
            if (value.isIntegralNumber() && (value.asInt() == 0 || value.asInt() == 1)) {
              out.set(key, value);
            } else {
              moved.put(key, value);
            }
          }
          case "format" -> {
            if (value.isString() && FORMATS.contains(value.stringValue())) {
              out.set(key, value);
            } else {
              moved.put(key, value);
            }
          }
          default -> throw new AssertionError(key);
        }
      }

      boolean object = "object".equals(typeName) || node.has("properties");
      if (object) {
        JsonNode additional = node.get("additionalProperties");
        boolean closed = additional != null && additional.isBoolean() && !additional.asBoolean();
        if (!closed && !node.has("properties")) {
          throw unsupported(pointer, "is an object with no declared properties",
              "declare its properties (a record) instead of a free-form object");
        }
        out.put("additionalProperties", false);
      }
      if (!moved.isEmpty()) {
        ObjectNode rules = JSON.createObjectNode();
        moved.forEach(rules::set);
        String note = "Additional JSON Schema rules: " + JSON.writeValueAsString(rules);
        JsonNode description = out.get("description");
        out.put("description", description != null && description.isString()
            ? description.stringValue() + "\n\n" + note : note);
      }
      return out;
    }

    /** {@code "type": ["string", "null"]} as an {@code anyOf} of one branch per type. */
    private JsonNode typeUnion(JsonNode node, ArrayNode types, String pointer) {
      if (types.size() == 1) {
        ObjectNode single = ((ObjectNode) node).deepCopy();
        single.set("type", types.get(0));
        return schema(single, pointer);
      }
      ObjectNode out = JSON.createObjectNode();
      ArrayNode branches = out.putArray("anyOf");
      for (JsonNode type : types) {
        ObjectNode branch = JSON.createObjectNode();
        if (!"null".equals(type.asString(""))) {
          branch = ((ObjectNode) node).deepCopy();
          branch.remove("description");
          branch.remove("title");
        }
        branch.set("type", type);
        branches.add(schema(branch, pointer));
      }
      for (String annotation : List.of("description", "title")) {
        if (node.has(annotation)) {
          out.set(annotation, node.get(annotation));
        }
      }
      return out;
    }

    private ArrayNode each(JsonNode schemas, String pointer) {
      ArrayNode out = JSON.createArrayNode();
      for (int i = 0; i < schemas.size(); i++) {
        out.add(schema(schemas.get(i), pointer + "/" + i));
      }
      return out;
    }

    private ConfigurationException unsupported(String pointer, String what, String fix) {
      return new ConfigurationException(
          method.displayName() + ": Anthropic structured outputs (Mode.JSON_SCHEMA) cannot express"
              + " the schema at '" + (pointer.isEmpty() ? "/" : pointer) + "', which " + what
              + ". Use Mode.TOOLS (the Anthropic default) for this method, or " + fix + ".");
    }
  }

  /** Structured outputs reject recursive schemas: a {@code $defs} entry that reaches itself. */
  private static void rejectRecursion(JsonNode schema, ExtractMethod<?> method) {
    Map<String, Set<String>> edges = new HashMap<>();
    Set<String> fromRoot = new HashSet<>();
    refs(schema, fromRoot, true);
    if (fromRoot.contains("#")) {
      throw recursive(method, "the root");
    }
    for (String container : List.of("$defs", "definitions")) {
      for (Map.Entry<String, JsonNode> def : schema.path(container).properties()) {
        Set<String> targets = new HashSet<>();
        refs(def.getValue(), targets, false);
        edges.put("#/" + container + "/" + escape(def.getKey()), targets);
      }
    }
    for (String start : edges.keySet()) {
      List<String> stack = new ArrayList<>(edges.get(start));
      Set<String> seen = new HashSet<>();
      while (!stack.isEmpty()) {
        String next = stack.remove(stack.size() - 1);
        if (next.equals(start) || next.equals("#")) {
          throw recursive(method, start.substring(2));
        }
        if (seen.add(next) && edges.containsKey(next)) {
          stack.addAll(edges.get(next));
        }
      }
    }
  }

  private static void refs(JsonNode node, Set<String> into, boolean root) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && ref.isString()) {
        into.add(ref.stringValue());
      }
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        // The root's own definitions are walked one by one by the caller.
        if (!(root && (field.getKey().equals("$defs") || field.getKey().equals("definitions")))) {
          refs(field.getValue(), into, false);
        }
      }
    } else if (node.isArray()) {
      for (JsonNode child : node) {
        refs(child, into, false);
      }
    }
  }

  private static ConfigurationException recursive(ExtractMethod<?> method, String where) {
    return new ConfigurationException(
        method.displayName() + ": Anthropic structured outputs (Mode.JSON_SCHEMA) do not support"
            + " recursive schemas, and " + where + " refers back to itself. Use Mode.TOOLS (the"
            + " Anthropic default) for this method.");
  }

  private static boolean allScalars(JsonNode values) {
    if (!values.isArray()) {
      return false;
    }
    for (JsonNode value : values) {
      if (value.isContainer()) {
        return false;
      }
    }
    return true;
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
