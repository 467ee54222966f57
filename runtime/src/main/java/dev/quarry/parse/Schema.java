package dev.quarry.parse;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * The parts of a JSON schema the aligner acts on, read once per schema node. {@code $ref}
 * (local pointers into {@code $defs}/{@code definitions}) is followed, {@code allOf} is merged,
 * and the alias keywords are collected: {@code x-baml-alias} (a property's one alternative name,
 * used instead of the declared name), {@code x-quarry-aliases} (extra accepted names, on a
 * property an array, on an enum an object {@code {"VALUE": ["alias", ...]}}) and
 * {@code x-baml-aliases} (on an enum: {@code {"VALUE": "alias"}}, used instead of the value).
 */
final class Schema {
  /** Shared by every schema node of one root. */
  static final class Registry {
    private final JsonNode root;
    private final IdentityHashMap<JsonNode, Schema> cache = new IdentityHashMap<>();
    final Schema any = new Schema(null, this);

    Registry(JsonNode root) {
      this.root = root;
    }

    Schema of(JsonNode node) {
      if (node == null || node.isNull() || node.isMissingNode()
          || (node.isBoolean() && node.booleanValue())
          || (node.isObject() && node.isEmpty())) {
        return any;
      }
      Schema s = cache.get(node);
      if (s == null) {
        s = new Schema(node, this);
        cache.put(node, s);
        s.read();
      }
      return s;
    }

    JsonNode resolve(String ref) {
      if (!ref.startsWith("#")) {
        throw new ParseException("the schema refers to '" + ref
            + "': only local references (#/$defs/...) are supported");
      }
      JsonNode target = ref.equals("#") ? root : root.at(ref.substring(1));
      if (target == null || target.isMissingNode()) {
        throw new ParseException("the schema refers to '" + ref + "', which it does not define");
      }
      return target;
    }
  }

  final JsonNode raw;
  private final Registry registry;
  /** Where a $ref leads (the aligner follows it), or null. */
  Schema ref;
  Set<String> types = new LinkedHashSet<>();
  private String[] typeArray;
  final Map<String, Schema> properties = new LinkedHashMap<>();
  final Map<String, List<String>> propertyNames = new LinkedHashMap<>();
  /** Whether a property's declared name is accepted (false when an x-baml-alias replaces it). */
  final Map<String, Boolean> declaredNameAccepted = new LinkedHashMap<>();
  final Set<String> required = new LinkedHashSet<>();
  /** null: not declared; any: allowed; otherwise the schema of extra values. */
  Schema additional;
  boolean additionalForbidden;
  final List<Map.Entry<Pattern, Schema>> patternProperties = new ArrayList<>();
  Schema items;
  final List<Schema> anyOf = new ArrayList<>();
  List<JsonNode> enumValues;
  /** For each enum value (by index): the names a model may use for it. */
  List<List<String>> enumNames;
  JsonNode constValue;
  Double minimum;
  Double maximum;
  Double exclusiveMinimum;
  Double exclusiveMaximum;
  Integer minLength;
  Integer maxLength;
  Integer minItems;
  /** {@code pattern}: a string must contain a match; null when absent or unreadable in Java. */
  Pattern pattern;
  /** {@code default}: the value of an optional field the output leaves out. */
  JsonNode defaultValue;

  private Schema(JsonNode raw, Registry registry) {
    this.raw = raw;
    this.registry = registry;
  }

  /** {@link #types} in order, as an array (iterating the set would allocate on every call). */
  String[] typeArray() {
    String[] a = typeArray;
    if (a == null || a.length != types.size()) {
      a = types.toArray(new String[0]);
      typeArray = a;
    }
    return a;
  }

  boolean isAny() {
    return raw == null;
  }

  private void read() {
    if (!raw.isObject()) {
      if (raw.isBoolean()) {
        types.add("never");
      }
      return;
    }
    JsonNode merged = raw;
    if (raw.has("allOf")) {
      merged = mergeAllOf(raw);
    }
    readFrom(merged);
  }

  private JsonNode mergeAllOf(JsonNode node) {
    tools.jackson.databind.node.ObjectNode out =
        tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    List<JsonNode> parts = new ArrayList<>();
    parts.add(node);
    int hops = 0;
    for (int i = 0; i < parts.size() && hops < 64; i++, hops++) {
      JsonNode part = parts.get(i);
      if (part.has("$ref") && part != node) {
        part = registry.resolve(part.get("$ref").asString());
        parts.set(i, part);
      }
      if (part.has("allOf")) {
        for (JsonNode sub : part.get("allOf")) {
          parts.add(sub);
        }
      }
    }
    for (JsonNode part : parts) {
      for (Map.Entry<String, JsonNode> e : part.properties()) {
        String k = e.getKey();
        if (k.equals("allOf")) {
          continue;
        }
        if (k.equals("properties") && out.has("properties") && e.getValue().isObject()) {
          tools.jackson.databind.node.ObjectNode props =
              ((tools.jackson.databind.node.ObjectNode) out.get("properties")).deepCopy();
          for (Map.Entry<String, JsonNode> p : e.getValue().properties()) {
            JsonNode prev = props.get(p.getKey());
            if (prev != null && prev.isObject() && p.getValue().isObject()) {
              tools.jackson.databind.node.ObjectNode both = ((tools.jackson.databind.node.ObjectNode) prev).deepCopy();
              both.setAll((tools.jackson.databind.node.ObjectNode) p.getValue());
              props.set(p.getKey(), both);
            } else {
              props.set(p.getKey(), p.getValue());
            }
          }
          out.set("properties", props);
        } else if (k.equals("required") && out.has("required")) {
          tools.jackson.databind.node.ArrayNode req =
              ((tools.jackson.databind.node.ArrayNode) out.get("required")).deepCopy();
          req.addAll((tools.jackson.databind.node.ArrayNode) e.getValue());
          out.set("required", req);
        } else {
          out.set(k, e.getValue());
        }
      }
    }
    return out;
  }

  private void readFrom(JsonNode n) {
    if (n.has("$ref")) {
      JsonNode target = registry.resolve(n.get("$ref").asString());
      ref = registry.of(target);
    }
    JsonNode type = n.get("type");
    if (type != null) {
      if (type.isArray()) {
        for (JsonNode t : type) {
          types.add(t.asString());
        }
      } else {
        types.add(type.asString());
      }
    }
    JsonNode props = n.get("properties");
    if (props != null && props.isObject()) {
      for (Map.Entry<String, JsonNode> e : props.properties()) {
        String name = e.getKey();
        JsonNode p = e.getValue();
        properties.put(name, registry.of(p));
        List<String> names = new ArrayList<>();
        boolean declared = true;
        if (p.isObject()) {
          JsonNode baml = p.get("x-baml-alias");
          if (baml != null && baml.isString()) {
            names.add(baml.asString());
            declared = baml.asString().equals(name);
          }
          JsonNode quarry = p.get("x-quarry-aliases");
          if (quarry != null) {
            if (quarry.isArray()) {
              quarry.forEach(a -> names.add(a.asString()));
            } else if (quarry.isString()) {
              names.add(quarry.asString());
            }
          }
        }
        if (declared) {
          names.add(0, name);
        }
        propertyNames.put(name, names);
        declaredNameAccepted.put(name, declared);
      }
    }
    JsonNode req = n.get("required");
    if (req != null && req.isArray()) {
      req.forEach(r -> required.add(r.asString()));
    }
    JsonNode add = n.get("additionalProperties");
    if (add != null) {
      if (add.isBoolean() && !add.booleanValue()) {
        additionalForbidden = true;
      } else {
        additional = registry.of(add);
      }
    }
    JsonNode pats = n.get("patternProperties");
    if (pats != null && pats.isObject()) {
      for (Map.Entry<String, JsonNode> e : pats.properties()) {
        try {
          patternProperties.add(Map.entry(Pattern.compile(e.getKey()), registry.of(e.getValue())));
        } catch (PatternSyntaxException ex) {
          // a pattern Java cannot read cannot match either
        }
      }
    }
    JsonNode it = n.get("items");
    if (it != null && (it.isObject() || it.isBoolean())) {
      items = registry.of(it);
    }
    for (String key : new String[] {"anyOf", "oneOf"}) {
      JsonNode alts = n.get(key);
      if (alts != null && alts.isArray()) {
        alts.forEach(a -> anyOf.add(registry.of(a)));
      }
    }
    JsonNode en = n.get("enum");
    if (en != null && en.isArray()) {
      enumValues = new ArrayList<>();
      en.forEach(enumValues::add);
      enumNames = new ArrayList<>();
      JsonNode baml = n.get("x-baml-aliases");
      JsonNode quarry = n.get("x-quarry-aliases");
      for (JsonNode v : enumValues) {
        List<String> names = new ArrayList<>();
        String text = v.isString() ? v.asString() : v.toString();
        JsonNode b = baml != null && baml.isObject() ? baml.get(text) : null;
        if (b != null && b.isString()) {
          names.add(b.asString());
        } else {
          names.add(text);
        }
        JsonNode q = quarry != null && quarry.isObject() ? quarry.get(text) : null;
        if (q != null) {
          if (q.isArray()) {
            q.forEach(a -> names.add(a.asString()));
          } else if (q.isString()) {
            names.add(q.asString());
          }
        }
        enumNames.add(names);
      }
    }
    if (n.has("const")) {
      constValue = n.get("const");
    }
    minimum = number(n, "minimum");
    maximum = number(n, "maximum");
    exclusiveMinimum = number(n, "exclusiveMinimum");
    exclusiveMaximum = number(n, "exclusiveMaximum");
    minLength = n.has("minLength") ? n.get("minLength").asInt() : null;
    maxLength = n.has("maxLength") ? n.get("maxLength").asInt() : null;
    minItems = n.has("minItems") ? n.get("minItems").asInt() : null;
    if (n.has("pattern") && n.get("pattern").isString()) {
      try {
        pattern = Pattern.compile(n.get("pattern").asString());
      } catch (PatternSyntaxException e) {
        pattern = null; // the validator reports it; the parser does not guess
      }
    }
    if (n.has("default")) {
      defaultValue = n.get("default");
    }
    if (types.isEmpty()) {
      if (!properties.isEmpty() || additional != null || additionalForbidden
          || !patternProperties.isEmpty() || !required.isEmpty()) {
        types.add("object");
      } else if (items != null) {
        types.add("array");
      }
    }
  }

  private static Double number(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v != null && v.isNumber() ? v.asDouble() : null;
  }

  boolean allows(String type) {
    return types.contains(type) || (type.equals("number") && types.contains("integer"));
  }

  /** No type constraint at this level (after $ref and unions are handled). */
  boolean untyped() {
    return types.isEmpty() && enumValues == null && constValue == null;
  }

  /** An object schema that is only a map: no declared properties. */
  boolean isMap() {
    return properties.isEmpty();
  }

  private Boolean nullable;

  /** True when null is an acceptable value here. */
  boolean nullable() {
    if (nullable == null) {
      nullable = computeNullable();
    }
    return nullable;
  }

  private boolean computeNullable() {
    IdentityHashMap<Schema, Boolean> seen = new IdentityHashMap<>();
    List<Schema> todo = new ArrayList<>();
    todo.add(this);
    while (!todo.isEmpty()) {
      Schema s = todo.remove(todo.size() - 1);
      if (seen.put(s, Boolean.TRUE) != null) {
        continue;
      }
      if (s.isAny() || s.types.contains("null")) {
        return true;
      }
      if (s.enumValues != null && s.enumValues.stream().anyMatch(JsonNode::isNull)) {
        return true;
      }
      if (s.constValue != null && s.constValue.isNull()) {
        return true;
      }
      if (s.ref != null) {
        todo.add(s.ref);
      }
      todo.addAll(s.anyOf);
    }
    return false;
  }

  /** What an absent field holds in a partial (streaming) value: [] for lists, {} for maps. */
  String emptyShape() {
    IdentityHashMap<Schema, Boolean> seen = new IdentityHashMap<>();
    List<Schema> todo = new ArrayList<>();
    todo.add(this);
    while (!todo.isEmpty()) {
      Schema s = todo.remove(0);
      if (seen.put(s, Boolean.TRUE) != null) {
        continue;
      }
      if (s.types.contains("array")) {
        return "array";
      }
      if (s.types.contains("object") && s.isMap() && s.additional != null) {
        return "map";
      }
      if (s.ref != null) {
        todo.add(s.ref);
      }
      todo.addAll(s.anyOf);
    }
    return "null";
  }
}
