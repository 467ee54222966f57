package dev.quarry.parse;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Valid JSON that already fits the schema takes no repairs, so it need not go through the
 * lenient reader and the aligner: it is read with Jackson (strict: no duplicate keys, nothing
 * after the value, nesting within {@value LenientReader#MAX_DEPTH}) and checked against the
 * schema in one walk. The walk answers "exact" only where the aligner would return this very
 * value at no cost; whenever it cannot be sure (a union it cannot settle, an enum spelled
 * another way, an absent required field, a number out of range) it gives up and the full parse
 * runs, so the fast path never changes a result, it only skips work.
 */
final class FastPath {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final JsonMapper STRICT = JsonMapper.builder(JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(LenientReader.MAX_DEPTH)
              .maxNumberLength(Numbers.MAX_DIGITS + 2)
              .build())
          .build())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** Thrown inside the walk: not sure, let the full parse decide. */
  private static final class Unsure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Unsure INSTANCE = new Unsure();

    private Unsure() {
      super(null, null, false, false);
    }
  }

  private FastPath() {}

  /** The value when {@code output} is valid JSON that fits {@code root} as written, else null. */
  static JsonNode read(String output, Schema root) {
    int p = 0;
    int n = output.length();
    while (p < n && Character.isWhitespace(output.charAt(p))) {
      p++;
    }
    if (p >= n || (output.charAt(p) != '{' && output.charAt(p) != '[')) {
      return null;
    }
    JsonNode value;
    try {
      value = STRICT.readTree(output);
    } catch (JacksonException | NumberFormatException | ArithmeticException e) {
      return null;
    }
    if (value == null || !value.isContainer()) {
      return null;
    }
    try {
      JsonNode normal = normalise(value);
      return fits(normal, root, false, 0) ? normal : null;
    } catch (Unsure | StackOverflowError e) {
      return null;
    }
  }

  /**
   * Numbers as the lenient reader writes them: a decimal that a double holds exactly becomes a
   * double; numbers out of range make the walk unsure (the full parse refuses them with a
   * message).
   */
  private static JsonNode normalise(JsonNode v) {
    if (v.isObject()) {
      ObjectNode o = (ObjectNode) v;
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        JsonNode c = e.getValue();
        if (c.isContainer() || c.isNumber()) {
          JsonNode m = normalise(c);
          if (m != c) {
            e.setValue(m);
          }
        }
      }
      return o;
    }
    if (v.isArray()) {
      ArrayNode a = (ArrayNode) v;
      for (int i = 0; i < a.size(); i++) {
        JsonNode c = a.get(i);
        if (c.isContainer() || c.isNumber()) {
          JsonNode m = normalise(c);
          if (m != c) {
            a.set(i, m);
          }
        }
      }
      return a;
    }
    if (v.isBigDecimal()) {
      BigDecimal d = v.decimalValue();
      if (d.signum() != 0) {
        long magnitude = (long) d.precision() - d.scale() - 1;
        if (magnitude > Numbers.MAX_MAGNITUDE || magnitude < -Numbers.MAX_MAGNITUDE) {
          throw Unsure.INSTANCE;
        }
      }
      double x = d.doubleValue();
      if (Double.isFinite(x) && new BigDecimal(Double.toString(x)).compareTo(d) == 0) {
        return F.numberNode(x);
      }
      return v;
    }
    return v;
  }

  /**
   * True when the aligner would return {@code v} unchanged at no cost for {@code s}; false when
   * it would certainly not do so at no cost (a type that does not match); {@link Unsure} when
   * it might return something else at no cost.
   */
  private static boolean fits(JsonNode v, Schema s, boolean inUnion, int hops) {
    if (hops > 64) {
      throw Unsure.INSTANCE;
    }
    if (s.isAny()) {
      return true;
    }
    if (s.types.contains("never")) {
      return false;
    }
    if (s.ref != null && s.anyOf.isEmpty() && s.types.isEmpty() && s.enumValues == null
        && s.constValue == null) {
      return fits(v, s.ref, inUnion, hops + 1);
    }
    if (!s.anyOf.isEmpty()) {
      boolean any = false;
      for (Schema alt : s.anyOf) {
        if (fits(v, alt, true, hops + 1)) {
          any = true;
          break; // the aligner stops at the first alternative that costs nothing
        }
      }
      if (!any) {
        throw Unsure.INSTANCE;
      }
      return true;
    }
    if (s.constValue != null || s.enumValues != null) {
      return choice(v, s);
    }
    if (s.untyped() && s.ref == null) {
      return true;
    }
    if (s.ref != null) {
      return fits(v, s.ref, inUnion, hops + 1);
    }
    for (String type : s.types) {
      if (fitsType(v, type, s, inUnion)) {
        return true;
      }
    }
    return false;
  }

  private static boolean choice(JsonNode v, Schema s) {
    if (!v.isString() || s.constValue != null) {
      throw Unsure.INSTANCE;
    }
    List<JsonNode> values = s.enumValues;
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i).equals(v) && s.enumNames.get(i).contains(v.asString())) {
        return true;
      }
    }
    throw Unsure.INSTANCE; // an alias, another spelling, or no value: the aligner says which
  }

  private static boolean fitsType(JsonNode v, String type, Schema s, boolean inUnion) {
    switch (type) {
      case "object":
        return v.isObject() && fields((ObjectNode) v, s, inUnion);
      case "array":
        if (!v.isArray()) {
          return false;
        }
        if (s.items != null) {
          for (JsonNode item : v) {
            if (!fits(item, s.items, false, 0)) {
              throw Unsure.INSTANCE; // a coercion inside: the aligner decides
            }
          }
        }
        if (s.minItems != null && v.size() < s.minItems) {
          throw Unsure.INSTANCE;
        }
        return true;
      case "string":
        if (!v.isString()) {
          return false;
        }
        String text = v.asString();
        if ((s.minLength != null && text.codePointCount(0, text.length()) < s.minLength)
            || (s.maxLength != null && text.codePointCount(0, text.length()) > s.maxLength)
            || (s.pattern != null && !s.pattern.matcher(text).find())) {
          throw Unsure.INSTANCE;
        }
        return true;
      case "integer":
        if (!v.isIntegralNumber()) {
          return false;
        }
        bounds(v, s);
        return true;
      case "number":
        if (!v.isNumber()) {
          return false;
        }
        bounds(v, s);
        return true;
      case "boolean":
        return v.isBoolean();
      case "null":
        return v.isNull();
      default:
        throw Unsure.INSTANCE;
    }
  }

  private static void bounds(JsonNode v, Schema s) {
    double d = v.decimalValue().doubleValue(); // as the aligner compares (never throws)
    if ((s.minimum != null && d < s.minimum) || (s.maximum != null && d > s.maximum)
        || (s.exclusiveMinimum != null && d <= s.exclusiveMinimum)
        || (s.exclusiveMaximum != null && d >= s.exclusiveMaximum)) {
      throw Unsure.INSTANCE;
    }
  }

  private static boolean fields(ObjectNode o, Schema s, boolean inUnion) {
    boolean declared = !s.properties.isEmpty() || !s.patternProperties.isEmpty();
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      String key = e.getKey();
      Schema valueSchema = s.properties.get(key);
      if (valueSchema != null) {
        List<String> names = s.propertyNames.get(key);
        if (!names.get(0).equals(key) || !Boolean.TRUE.equals(s.declaredNameAccepted.get(key))) {
          throw Unsure.INSTANCE; // the property goes by an alias
        }
      } else if (declared || s.additionalForbidden) {
        throw Unsure.INSTANCE; // an undeclared field: the aligner may match it to a name
      } else {
        valueSchema = s.additional;
      }
      if (valueSchema != null && !fits(e.getValue(), valueSchema, false, 0)) {
        throw Unsure.INSTANCE;
      }
    }
    List<String> fill = null;
    for (Map.Entry<String, Schema> p : s.properties.entrySet()) {
      if (o.has(p.getKey())) {
        continue;
      }
      if (s.required.contains(p.getKey()) || p.getValue().defaultValue != null) {
        throw Unsure.INSTANCE; // the aligner fills in the default, with a repair to report
      }
      if (p.getValue().nullable()) {
        if (fill == null) {
          fill = new java.util.ArrayList<>();
        }
        fill.add(p.getKey()); // the aligner writes null for an absent optional nullable field
      }
    }
    if (fill != null) {
      for (Iterator<String> it = fill.iterator(); it.hasNext(); ) {
        o.putNull(it.next());
      }
    }
    return true;
  }
}
