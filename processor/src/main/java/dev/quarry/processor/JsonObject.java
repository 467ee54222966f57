package dev.quarry.processor;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON object whose members keep their insertion order, so that generated schemas are the same
 * on every build. Values are {@code String}, {@code Number}, {@code Boolean}, {@code List} of
 * values, or {@code JsonObject}.
 */
final class JsonObject {
  private final LinkedHashMap<String, Object> members = new LinkedHashMap<>();

  JsonObject put(String name, Object value) {
    members.put(name, value);
    return this;
  }

  Object get(String name) {
    return members.get(name);
  }

  boolean has(String name) {
    return members.containsKey(name);
  }

  Object remove(String name) {
    return members.remove(name);
  }

  Map<String, Object> members() {
    return members;
  }

  /**
   * Sets {@code description} right after the member that says what the schema is ({@code type},
   * {@code $ref}, {@code anyOf}, {@code const}), which is where a reader looks for it.
   */
  JsonObject putDescription(String description) {
    if (description == null || description.isEmpty()) {
      return this;
    }
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(members);
    copy.remove("description");
    members.clear();
    boolean placed = false;
    for (Map.Entry<String, Object> member : copy.entrySet()) {
      members.put(member.getKey(), member.getValue());
      if (!placed && isLeadingKey(member.getKey())) {
        members.put("description", description);
        placed = true;
      }
    }
    if (!placed) {
      LinkedHashMap<String, Object> rest = new LinkedHashMap<>(members);
      members.clear();
      members.put("description", description);
      members.putAll(rest);
    }
    return this;
  }

  private static boolean isLeadingKey(String key) {
    return key.equals("type") || key.equals("$ref") || key.equals("anyOf") || key.equals("const");
  }

  String toJson() {
    StringBuilder out = new StringBuilder();
    write(this, out);
    return out.toString();
  }

  @Override
  public String toString() {
    return toJson();
  }

  private static void write(Object value, StringBuilder out) {
    if (value instanceof JsonObject) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> member : ((JsonObject) value).members.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        writeString(member.getKey(), out);
        out.append(':');
        write(member.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof List) {
      out.append('[');
      boolean first = true;
      for (Object element : (List<?>) value) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(element, out);
      }
      out.append(']');
    } else if (value instanceof String) {
      writeString((String) value, out);
    } else if (value instanceof BigDecimal) {
      out.append(((BigDecimal) value).toPlainString());
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value == null) {
      out.append("null");
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass());
    }
  }

  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
