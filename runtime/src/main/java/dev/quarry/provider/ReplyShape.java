package dev.quarry.provider;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The parts of a provider's reply that its reader looks at, read with Jackson's streaming {@link
 * JsonParser} into a tree of just those parts: everything else (ids, timestamps, log
 * probabilities, annotations, fingerprints, the other choices) is skipped token by token without
 * being turned into nodes. The provider then reads the small tree with the same code as the whole
 * one, so the two paths cannot disagree on what they extract.
 *
 * <p>A shape is a list of paths: names separated by {@code /}, where {@code 0} is an array's first
 * element, {@code *} every element, and the last name of a path keeps that value whole (a scalar,
 * or an object such as tool-call arguments, read as a tree). {@link #read} gives up (returns {@code
 * null}) on anything it does not expect, so the caller parses the body whole as before: a body
 * that is not one JSON object, an array where the shape names fields, an object where it names
 * elements, a repeated field it keeps, trailing content, or any parse error. Immutable and
 * thread-safe.
 */
public final class ReplyShape {
  // Wire.JSON's own factory, without initialising Wire (its mapper) on the caller's thread
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Streaming only: no databind context per parser. */
  private static final JsonFactory FACTORY = new JsonFactory();

  private final Step root;

  private ReplyShape(Step root) {
    this.root = root;
  }

  /** A shape keeping the values at {@code paths} (see the class comment for their syntax). */
  public static ReplyShape of(String... paths) {
    Step root = new Step();
    for (String path : paths) {
      Step step = root;
      for (String name : path.split("/")) {
        step = step.child(name);
      }
    }
    return new ReplyShape(root);
  }

  /**
   * The parts of {@code body} this shape keeps, as a tree that answers every question the shape
   * covers exactly as the whole tree would; {@code null} when the body is anything but what the
   * shape expects (then parse it whole).
   */
  public JsonNode read(String body) {
    if (body == null || body.isEmpty()) {
      return null;
    }
    try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      JsonNode tree = value(parser, root);
      return tree != null && parser.nextToken() == null ? tree : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  /**
   * {@link #read} when {@code fast}, falling back to the whole tree ({@link Wire#parseOrNull})
   * when the shape gives up or {@code fast} is false.
   */
  public JsonNode readOrParse(String body, boolean fast) {
    JsonNode tree = fast ? read(body) : null;
    return tree != null ? tree : Wire.parseOrNull(body);
  }

  /** The value at the parser's current token, kept as {@code step} says; null to give up. */
  private static JsonNode value(JsonParser parser, Step step) {
    JsonToken token = parser.currentToken();
    if (step.isLeaf()) {
      return whole(parser, token);
    }
    if (token == JsonToken.START_OBJECT) {
      if (step.fields == null) {
        return null;
      }
      Fields fields = new Fields(step.fields.size());
      for (JsonToken t = parser.nextToken(); t == JsonToken.PROPERTY_NAME; t = parser.nextToken()) {
        String name = parser.currentName();
        Step next = step.fields.get(name);
        parser.nextToken();
        if (next == null) {
          parser.skipChildren();
          continue;
        }
        JsonNode child = value(parser, next);
        if (child == null || fields.containsKey(name)) {
          return null;
        }
        fields.put(name, child);
      }
      return new ObjectNode(NODES, fields);
    }
    if (token == JsonToken.START_ARRAY) {
      if (step.element == null) {
        return null;
      }
      ArrayNode array = new ArrayNode(NODES, step.firstOnly ? 1 : 10);
      int index = 0;
      for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
        if (index > 0 && step.firstOnly) {
          parser.skipChildren();
          continue;
        }
        JsonNode child = value(parser, step.element);
        if (child == null) {
          return null;
        }
        array.add(child);
        index++;
      }
      return array;
    }
    // A scalar where the shape expected a container: the reader asks it what it asks any node.
    return whole(parser, token);
  }

  /**
   * The value at the current token, whole, as {@link Wire#JSON}'s {@code readTree} builds it
   * (integers as the smallest of int, long and BigInteger; decimals as doubles; a repeated
   * property keeps its last value); {@code null} to give up on anything else.
   */
  private static JsonNode whole(JsonParser parser, JsonToken token) {
    switch (token) {
      case VALUE_STRING:
        return NODES.stringNode(parser.getString());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      case VALUE_NUMBER_INT:
        switch (parser.getNumberType()) {
          case INT:
            return NODES.numberNode(parser.getIntValue());
          case LONG:
            return NODES.numberNode(parser.getLongValue());
          default:
            return NODES.numberNode(parser.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(parser.getDoubleValue());
      case START_OBJECT: {
        ObjectNode object = NODES.objectNode();
        for (JsonToken t = parser.nextToken(); t == JsonToken.PROPERTY_NAME; t = parser.nextToken()) {
          String name = parser.currentName();
          JsonNode child = whole(parser, parser.nextToken());
          if (child == null) {
            return null;
          }
          object.set(name, child);
        }
        return object;
      }
      case START_ARRAY: {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          JsonNode child = whole(parser, t);
          if (child == null) {
            return null;
          }
          array.add(child);
        }
        return array;
      }
      default:
        return null;
    }
  }

  /**
   * The properties of an object of the shape: the few it keeps, in the order read, in two small
   * arrays (a {@code LinkedHashMap} costs a table and an entry object per property). Looked up
   * by scanning, which beats hashing at these sizes.
   */
  private static final class Fields extends AbstractMap<String, JsonNode> {
    private String[] names;
    private JsonNode[] values;
    private int size;

    Fields(int capacity) {
      names = new String[capacity];
      values = new JsonNode[capacity];
    }

    private int indexOf(Object name) {
      for (int i = 0; i < size; i++) {
        if (names[i].equals(name)) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public JsonNode get(Object name) {
      int i = indexOf(name);
      return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object name) {
      return indexOf(name) >= 0;
    }

    @Override
    public JsonNode put(String name, JsonNode value) {
      int i = indexOf(name);
      if (i >= 0) {
        JsonNode old = values[i];
        values[i] = value;
        return old;
      }
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2 + 1);
        values = Arrays.copyOf(values, size * 2 + 1);
      }
      names[size] = name;
      values[size++] = value;
      return null;
    }

    @Override
    public JsonNode remove(Object name) {
      int i = indexOf(name);
      if (i < 0) {
        return null;
      }
      JsonNode old = values[i];
      System.arraycopy(names, i + 1, names, i, size - i - 1);
      System.arraycopy(values, i + 1, values, i, size - i - 1);
      names[--size] = null;
      values[size] = null;
      return old;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public Set<Map.Entry<String, JsonNode>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public int size() {
          return size;
        }

        @Override
        public Iterator<Map.Entry<String, JsonNode>> iterator() {
          return new Iterator<>() {
            private int next;
            private int current = -1;

            @Override
            public boolean hasNext() {
              return next < size;
            }

            @Override
            public Map.Entry<String, JsonNode> next() {
              if (next >= size) {
                throw new NoSuchElementException();
              }
              current = next++;
              int at = current;
              return new SimpleEntry<>(names[at], values[at]) {
                private static final long serialVersionUID = 1L;

                @Override
                public JsonNode setValue(JsonNode value) {
                  values[at] = value;
                  return super.setValue(value);
                }
              };
            }

            @Override
            public void remove() {
              if (current < 0) {
                throw new IllegalStateException();
              }
              Fields.this.remove(names[current]);
              next = current;
              current = -1;
            }
          };
        }
      };
    }
  }

  /** One level of a shape: which fields or elements to keep, or (a leaf) the whole value. */
  private static final class Step {
    Map<String, Step> fields;
    Step element;
    boolean firstOnly;

    boolean isLeaf() {
      return fields == null && element == null;
    }

    Step child(String name) {
      if (name.equals("0") || name.equals("*")) {
        if (fields != null || element != null && firstOnly != name.equals("0")) {
          throw new IllegalArgumentException("a shape step is either fields, 0 or *: " + name);
        }
        if (element == null) {
          element = new Step();
          firstOnly = name.equals("0");
        }
        return element;
      }
      if (element != null) {
        throw new IllegalArgumentException("a shape step is either fields, 0 or *: " + name);
      }
      if (fields == null) {
        fields = new HashMap<>();
      }
      return fields.computeIfAbsent(name, n -> new Step());
    }
  }
}
