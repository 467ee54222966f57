package dev.quarry.provider;

import dev.quarry.read.StrictJson;
import dev.quarry.spi.Mapper;
import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The parts of a provider's reply that its reader looks at, read by a strict JSON scanner of our
 * own into a tree of just those parts: everything else (ids, timestamps, log probabilities,
 * annotations, fingerprints, the other choices) is checked and skipped character by character
 * without being turned into strings or nodes. The provider then reads the small tree with the same
 * code as the whole one, so the two paths cannot disagree on what they extract.
 *
 * <p>A shape is a list of paths: names separated by {@code /}, where {@code 0} is an array's first
 * element, {@code *} every element, and the last name of a path keeps that value whole (a scalar,
 * or an object such as tool-call arguments, read as a tree). {@link #read} gives up (returns {@code
 * null}) on anything it does not expect, so the caller parses the body whole with Jackson as
 * before: a body that is not one JSON object, an array where the shape names fields, an object
 * where it names elements, a repeated field it keeps, trailing content, anything that is not
 * strict JSON (RFC 8259, as Jackson reads it by default), or anything near Jackson's limits (deep
 * nesting, long numbers and names). So it never accepts a body that Jackson would refuse, and
 * what it keeps is what Jackson's {@code readTree} builds (property test: {@code
 * ReplyShapeProperties}). Immutable and thread-safe.
 *
 * <p>Why not Jackson's streaming parser: each parser costs about 650 bytes before it reads a
 * token (its context, symbol table and buffers) and canonicalises every property name, kept or
 * not; a reply is read once per call, and only a dozen of its names matter.
 */
public final class ReplyShape {
  // Mapper.JSON's own factory, without initialising Wire (its mapper) on the caller's thread
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Deeper than this, the whole parse decides (Jackson's own limit is 500). */
  private static final int MAX_DEPTH = 256;
  /** Longer numbers are left to the whole parse (Jackson refuses those over 1,000 digits). */
  private static final int MAX_NUMBER = 1_000;
  /** Longer property names are left to the whole parse (Jackson's limit is 50,000). */
  private static final int MAX_NAME = 50_000;
  /** Longer strings are left to the whole parse (Jackson's limit is 100,000,000). */
  private static final int MAX_STRING = 100_000_000;
  /** Where an escaped string is decoded, one per thread; not kept when it grew past this. */
  private static final int KEPT_BUFFER = 1 << 16;
  private static final ThreadLocal<StringBuilder> DECODED =
      ThreadLocal.withInitial(() -> new StringBuilder(256));

  /**
   * Unescaped strings at most this long are taken from {@link #SHORT} when the same text was
   * kept before: the model's name, a finish reason, a tool's name recur in every reply.
   */
  private static final int SHORT_STRING = 32;
  /**
   * Recent short strings, as the immutable nodes the tree holds, by hash. Shared by all threads
   * without locks: a slot holds one whole node or another (a node's value is a final field, so a
   * node read from here is never seen half made), and a miss only costs the node it makes.
   */
  private static final StringNode[] SHORT = new StringNode[256];

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
    root.freeze();
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
    Scan scan = new Scan(body);
    if (scan.space() != '{') {
      return null;
    }
    JsonNode tree = scan.value(root, 0);
    return tree != null && scan.space() == -1 ? tree : null;
  }

  /**
   * {@link #read} when {@code fast}, falling back to the whole tree ({@link Wire#parseOrNull})
   * when the shape gives up or {@code fast} is false.
   */
  public JsonNode readOrParse(String body, boolean fast) {
    JsonNode tree = fast ? read(body) : null;
    return tree != null ? tree : Wire.parseOrNull(body);
  }

  /**
   * One pass over one body. Each method starts at the first character of a value (after white
   * space) and leaves {@link #at} just after it; {@code null} or {@code false} means give up.
   */
  private static final class Scan {
    private final String text;
    private final int end;
    private int at;
    /** Whether the string {@link #stringEnd} last found has an escape in it. */
    private boolean escaped;

    Scan(String text) {
      this.text = text;
      this.end = text.length();
    }

    /** Skips JSON white space; the next character, or -1 at the end. */
    int space() {
      while (at < end) {
        char c = text.charAt(at);
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
          return c;
        }
        at++;
      }
      return -1;
    }

    /** The value here, kept as {@code step} says. */
    JsonNode value(Step step, int depth) {
      if (depth > MAX_DEPTH || at >= end) {
        return null;
      }
      if (step.isLeaf()) {
        return whole(depth);
      }
      char c = text.charAt(at);
      if (c == '{') {
        return step.names == null ? null : object(step, depth);
      }
      if (c == '[') {
        return step.element == null ? null : array(step, depth);
      }
      // A scalar where the shape expected a container: the reader asks it what it asks any node.
      return whole(depth);
    }

    private JsonNode object(Step step, int depth) {
      Fields fields = new Fields(step.names.length);
      if (opened('}')) {
        return new ObjectNode(NODES, fields);
      }
      int next;
      do {
        int nameStart = at + 1;
        int nameEnd = propertyName();
        if (nameEnd < 0) {
          return null;
        }
        int index = escaped
            ? step.indexOf(decode(nameStart, nameEnd))
            : step.indexOf(text, nameStart, nameEnd - nameStart);
        if (index < 0) {
          if (!skip(depth + 1)) {
            return null;
          }
        } else {
          String name = step.names[index];
          JsonNode child = value(step.steps[index], depth + 1);
          if (child == null || fields.containsKey(name)) {
            return null;
          }
          fields.put(name, child);
        }
      } while ((next = afterItem('}')) == 0);
      return next > 0 ? new ObjectNode(NODES, fields) : null;
    }

    private JsonNode array(Step step, int depth) {
      ArrayNode array = new ArrayNode(NODES, step.firstOnly ? 1 : 10);
      if (opened(']')) {
        return array;
      }
      int next;
      int index = 0;
      do {
        if (index++ > 0 && step.firstOnly) {
          if (!skip(depth + 1)) {
            return null;
          }
        } else {
          JsonNode child = value(step.element, depth + 1);
          if (child == null) {
            return null;
          }
          array.add(child);
        }
      } while ((next = afterItem(']')) == 0);
      return next > 0 ? array : null;
    }

    /**
     * The value here, whole, as {@link dev.quarry.spi.Mapper#JSON}'s {@code readTree} builds it
     * (integers as the smallest of int, long and BigInteger; decimals as doubles; a repeated
     * property keeps its last value).
     */
    private JsonNode whole(int depth) {
      if (depth > MAX_DEPTH || at >= end) {
        return null;
      }
      char c = text.charAt(at);
      switch (c) {
        case '"': {
          int close = stringEnd(MAX_STRING, false);
          if (close < 0) {
            return null;
          }
          JsonNode value = escaped
              ? NODES.stringNode(decode(at + 1, close))
              : close - at - 1 <= SHORT_STRING ? shortString(text, at + 1, close)
              : NODES.stringNode(text.substring(at + 1, close));
          at = close + 1;
          return value;
        }
        case 't':
          return literal("true") ? NODES.booleanNode(true) : null;
        case 'f':
          return literal("false") ? NODES.booleanNode(false) : null;
        case 'n':
          return literal("null") ? NODES.nullNode() : null;
        case '{': {
          ObjectNode object = NODES.objectNode();
          if (opened('}')) {
            return object;
          }
          int next;
          do {
            int nameStart = at + 1;
            int nameEnd = propertyName();
            if (nameEnd < 0) {
              return null;
            }
            String name =
                escaped ? decode(nameStart, nameEnd) : text.substring(nameStart, nameEnd);
            JsonNode child = whole(depth + 1);
            if (child == null) {
              return null;
            }
            object.set(name, child);
          } while ((next = afterItem('}')) == 0);
          return next > 0 ? object : null;
        }
        case '[': {
          ArrayNode array = NODES.arrayNode();
          if (opened(']')) {
            return array;
          }
          int next;
          do {
            JsonNode child = whole(depth + 1);
            if (child == null) {
              return null;
            }
            array.add(child);
          } while ((next = afterItem(']')) == 0);
          return next > 0 ? array : null;
        }
        default:
          return c == '-' || c >= '0' && c <= '9' ? number() : null;
      }
    }

    /** Checks and passes the value here, keeping nothing. */
    private boolean skip(int depth) {
      if (depth > MAX_DEPTH || at >= end) {
        return false;
      }
      char c = text.charAt(at);
      switch (c) {
        case '"': {
          int close = stringEnd(MAX_STRING, false);
          at = close + 1;
          return close >= 0;
        }
        case 't':
          return literal("true");
        case 'f':
          return literal("false");
        case 'n':
          return literal("null");
        case '{':
        case '[': {
          char closer = c == '{' ? '}' : ']';
          if (opened(closer)) {
            return true;
          }
          int next;
          do {
            if (c == '{' && propertyName() < 0 || !skip(depth + 1)) {
              return false;
            }
          } while ((next = afterItem(closer)) == 0);
          return next > 0;
        }
        default:
          return (c == '-' || c >= '0' && c <= '9') && numberEnd() >= 0;
      }
    }

    /**
     * At a container's opening bracket: passes it and the space after it; true (and past the
     * closer too) when the container is empty.
     */
    private boolean opened(char closer) {
      at++;
      if (space() == closer) {
        at++;
        return true;
      }
      return false;
    }

    /**
     * After a member or element: 1 past the container's {@code closer}, 0 past a comma (at the
     * next value's start), -1 for anything else (give up).
     */
    private int afterItem(char closer) {
      int c = space();
      if (c == closer) {
        at++;
        return 1;
      }
      if (c != ',') {
        return -1;
      }
      at++;
      space();
      return 0;
    }

    /**
     * At a property name's opening quote: the index of its closing quote, with {@link #at} moved
     * past the colon to the value (and {@link #escaped} saying whether the name has escapes); -1
     * when this is not a name and a colon.
     */
    private int propertyName() {
      if (at >= end || text.charAt(at) != '"') {
        return -1;
      }
      int close = nameEnd();
      if (close < 0) {
        return -1;
      }
      at = close + 1;
      if (space() != ':') {
        return -1;
      }
      at++;
      space();
      return close;
    }

    /**
     * {@link #stringEnd} of a property name. Jackson refuses an escaped surrogate in a name
     * unless it is an escaped high one followed at once by an escaped low one (values and raw
     * surrogates it does not check); so do we.
     */
    private int nameEnd() {
      return stringEnd(MAX_NAME, true);
    }

    /**
     * At an opening quote: the index of the closing one ({@link StrictJson#stringEnd}: every
     * escape checked, raw control characters refused), setting {@link #escaped}; -1 when the
     * string is not strict JSON or longer than {@code limit}.
     */
    private int stringEnd(int limit, boolean name) {
      int found = StrictJson.stringEnd(text, at, limit, name);
      if (found == StrictJson.REFUSED) {
        return -1;
      }
      escaped = StrictJson.escaped(found);
      return StrictJson.close(found);
    }

    /** The characters between {@code from} and {@code to}, escapes decoded (checked before). */
    private String decode(int from, int to) {
      StringBuilder out = DECODED.get();
      out.setLength(0);
      String decoded = StrictJson.decode(text, from, to, out).toString();
      if (out.capacity() > KEPT_BUFFER) {
        DECODED.remove();
      }
      return decoded;
    }

    private boolean literal(String word) {
      if (!text.startsWith(word, at)) {
        return false;
      }
      at += word.length();
      return true;
    }

    /**
     * At a number's first character: the index just after it, checked against JSON's grammar
     * ({@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}); -1 when it is not one, or too long.
     * {@link #fraction} says whether it had a fraction or an exponent.
     */
    private int numberEnd() {
      int i = at;
      fraction = false;
      if (i < end && text.charAt(i) == '-') {
        i++;
      }
      if (i >= end) {
        return -1;
      }
      if (text.charAt(i) == '0') {
        i++;
      } else {
        int digits = digits(i);
        if (digits == i) {
          return -1;
        }
        i = digits;
      }
      if (i < end && text.charAt(i) == '.') {
        fraction = true;
        int digits = digits(i + 1);
        if (digits == i + 1) {
          return -1;
        }
        i = digits;
      }
      if (i < end && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
        fraction = true;
        i++;
        if (i < end && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
          i++;
        }
        int digits = digits(i);
        if (digits == i) {
          return -1;
        }
        i = digits;
      }
      if (i - at > MAX_NUMBER) {
        return -1;
      }
      // Jackson refuses a number run straight into a letter or digit ("01", "1x"); so do we.
      if (i < end && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.')) {
        return -1;
      }
      at = i;
      return i;
    }

    private boolean fraction;

    private int digits(int from) {
      int i = from;
      while (i < end && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        i++;
      }
      return i;
    }

    /** The number here as {@code readTree} makes it. */
    private JsonNode number() {
      int start = at;
      int after = numberEnd();
      if (after < 0) {
        return null;
      }
      if (fraction) {
        return NODES.numberNode(Double.parseDouble(text.substring(start, after)));
      }
      boolean negative = text.charAt(start) == '-';
      int first = negative ? start + 1 : start;
      if (after - first <= 18) {
        long value = 0;
        for (int i = first; i < after; i++) {
          value = value * 10 + (text.charAt(i) - '0');
        }
        value = negative ? -value : value;
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
      }
      BigInteger big = new BigInteger(text.substring(start, after));
      return big.bitLength() < 64 ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
    }
  }

  /** The node of {@code text}'s characters {@code from} to {@code to}, unescaped and short. */
  private static StringNode shortString(String text, int from, int to) {
    int slot = StrictJson.slot(text, from, to, SHORT.length);
    StringNode cached = SHORT[slot];
    if (cached != null && StrictJson.sameText(cached.stringValue(), text, from, to)) {
      return cached;
    }
    StringNode made = NODES.stringNode(text.substring(from, to));
    SHORT[slot] = made;
    return made;
  }

  /**
   * The properties of an object of the shape: the few it keeps, in the order read, in one small
   * array of name and value pairs (a {@code LinkedHashMap} costs a table and an entry object per
   * property; two arrays, a second header). Looked up by scanning, which beats hashing at these
   * sizes.
   */
  private static final class Fields extends AbstractMap<String, JsonNode> {
    /** Name {@code i} at {@code 2 i}, its value at {@code 2 i + 1}. */
    private Object[] pairs;
    private int size;

    Fields(int capacity) {
      pairs = new Object[2 * capacity];
    }

    private String name(int i) {
      return (String) pairs[2 * i];
    }

    private JsonNode value(int i) {
      return (JsonNode) pairs[2 * i + 1];
    }

    private int indexOf(Object name) {
      for (int i = 0; i < size; i++) {
        if (name(i).equals(name)) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public JsonNode get(Object name) {
      int i = indexOf(name);
      return i < 0 ? null : value(i);
    }

    @Override
    public boolean containsKey(Object name) {
      return indexOf(name) >= 0;
    }

    @Override
    public JsonNode put(String name, JsonNode value) {
      int i = indexOf(name);
      if (i >= 0) {
        JsonNode old = value(i);
        pairs[2 * i + 1] = value;
        return old;
      }
      if (2 * size == pairs.length) {
        pairs = Arrays.copyOf(pairs, 4 * size + 2);
      }
      pairs[2 * size] = name;
      pairs[2 * size++ + 1] = value;
      return null;
    }

    @Override
    public JsonNode remove(Object name) {
      int i = indexOf(name);
      if (i < 0) {
        return null;
      }
      JsonNode old = value(i);
      System.arraycopy(pairs, 2 * i + 2, pairs, 2 * i, 2 * (size - i - 1));
      size--;
      pairs[2 * size] = null;
      pairs[2 * size + 1] = null;
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
              return new SimpleEntry<>(name(at), value(at)) {
                private static final long serialVersionUID = 1L;

                @Override
                public JsonNode setValue(JsonNode value) {
                  pairs[2 * at + 1] = value;
                  return super.setValue(value);
                }
              };
            }

            @Override
            public void remove() {
              if (current < 0) {
                throw new IllegalStateException();
              }
              Fields.this.remove(name(current));
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
    /** {@link #fields} as two arrays, for a scan without a name string ({@link #freeze}). */
    String[] names;
    Step[] steps;

    /** Fixes the arrays the scanner looks names up in, here and below. */
    void freeze() {
      if (fields != null) {
        names = fields.keySet().toArray(new String[0]);
        steps = new Step[names.length];
        for (int i = 0; i < names.length; i++) {
          steps[i] = fields.get(names[i]);
          steps[i].freeze();
        }
      }
      if (element != null) {
        element.freeze();
      }
    }

    /** The index of the field named by {@code text}'s {@code length} characters from {@code from}. */
    int indexOf(String text, int from, int length) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].length() == length && text.startsWith(names[i], from)) {
          return i;
        }
      }
      return -1;
    }

    int indexOf(String name) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(name)) {
          return i;
        }
      }
      return -1;
    }

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
        fields = new LinkedHashMap<>();
      }
      return fields.computeIfAbsent(name, n -> new Step());
    }
  }
}
