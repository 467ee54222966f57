package dev.quarry.parse;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a JSON value that arrives in pieces (a model's streamed answer) and keeps its state
 * between pieces, so that each character is examined once: feeding an answer in any number of
 * chunks costs time linear in its length, where re-parsing the whole prefix on every chunk costs
 * time quadratic in it.
 *
 * <p>What it offers while the value is still arriving:
 *
 * <ul>
 *   <li>{@link #snapshot()}: the value so far, in which a property whose value has not started
 *       is absent, a string still being written is the text so far, and numbers, {@code
 *       true}/{@code false}/{@code null} and strings the schema restricts to an {@code enum} or
 *       {@code const} appear only once complete (never a half-written number or enum constant).
 *   <li>Element events: each element of one designated array (the root array, the {@code
 *       "value"} array of a wrapper object, or any array named by its path), passed to an {@link
 *       ElementListener} as soon as the element is complete.
 * </ul>
 *
 * <p>Text before the value (prose, a Markdown fence such as {@code ```json}) is skipped: the value
 * starts at the first <code>&#123;</code> or {@code [}; when what follows is not JSON (say {@code [Note]} in
 * the prose) the parser forgets it and looks for the next <code>&#123;</code> or {@code [}. Text after the
 * value is ignored. Trailing commas are accepted. Anything else that is not JSON stops the parser
 * ({@link #failed()}); the whole answer then goes to {@link SchemaAlignedParser}, which repairs
 * far more, as it does for every streamed answer once it is complete.
 *
 * <p>Cost: {@link #work()} counts the characters examined plus the characters copied into
 * finished strings and numbers; it never exceeds twice the input length, however the input is
 * cut. A snapshot shares every finished subtree with the parser and copies only the containers
 * still open (their direct children), so its cost does not depend on the size of the finished
 * strings and objects inside them.
 *
 * <p>Nesting is limited as in {@link SchemaAlignedParser}: a value that opens more than {@value
 * LenientReader#MAX_DEPTH} levels stops the parser ({@link #failed()}), so every snapshot can be
 * printed and compared. A number of more than {@value Numbers#MAX_DIGITS} digits or beyond
 * 10^{@value Numbers#MAX_MAGNITUDE} stops it too, before any conversion.
 *
 * <p>Not thread-safe: one parser per streamed answer. Snapshots and elements are shared with the
 * parser's state and must be treated as read-only.
 */
public final class IncrementalJsonParser {
  /** Receives each element of the designated array as soon as it is complete. */
  @FunctionalInterface
  public interface ElementListener {
    /**
     * @param index the element's position in the array, from 0
     * @param element the complete element; read-only
     */
    void element(int index, JsonNode element);
  }

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private enum Phase { SEEKING, IN_VALUE, DONE, FAILED }

  private enum Token { NONE, STRING, NUMBER, LITERAL }

  // Container states. Objects: EXPECT_KEY → EXPECT_COLON → EXPECT_VALUE → AFTER_VALUE;
  // arrays: EXPECT_VALUE → AFTER_VALUE.
  private static final int EXPECT_KEY = 0;
  private static final int EXPECT_COLON = 1;
  private static final int EXPECT_VALUE = 2;
  private static final int AFTER_VALUE = 3;

  private final List<String> elementPath;
  private final ElementListener listener;
  private final JsonNode schema;

  private Phase phase = Phase.SEEKING;
  private final ArrayList<Frame> stack = new ArrayList<>();
  private JsonNode root;

  private Token token = Token.NONE;
  private final StringBuilder text = new StringBuilder();
  private boolean tokenIsKey;
  private boolean stringHidden;
  private boolean escape;
  private int unicodeDigits = -1;
  private int unicodeValue;
  private String literal;
  private int literalPosition;

  private int elementsEmitted;
  private long consumed;
  private long dueVersion = -1;
  private long dueConsumed;
  private long copied;
  private long version;

  private IncrementalJsonParser(List<String> elementPath, JsonNode schema, ElementListener listener) {
    this.elementPath = elementPath;
    this.schema = schema;
    this.listener = listener;
  }

  /** A parser that offers snapshots only. */
  public static IncrementalJsonParser create() {
    return new IncrementalJsonParser(null, null, null);
  }

  /**
   * A parser that passes each element of the array at {@code elementPointer} to {@code listener}.
   *
   * @param elementPointer a JSON pointer: {@code ""} for a root array, {@code "/value"} for the
   *     array of a {@code {"value": [...]}} wrapper
   * @param schema the JSON schema of the whole value, used to hold back enum strings until they
   *     are complete, or {@code null}
   */
  public static IncrementalJsonParser create(
      String elementPointer, JsonNode schema, ElementListener listener) {
    requireNonNull(elementPointer, "elementPointer == null");
    requireNonNull(listener, "listener == null");
    return new IncrementalJsonParser(segments(elementPointer), schema, listener);
  }

  /**
   * A parser that offers snapshots only, holding back enum strings of {@code schema} (may be
   * {@code null}) until they are complete.
   */
  public static IncrementalJsonParser forSchema(JsonNode schema) {
    return new IncrementalJsonParser(null, schema, null);
  }

  private static List<String> segments(String pointer) {
    if (pointer.isEmpty()) {
      return List.of();
    }
    if (!pointer.startsWith("/")) {
      throw new IllegalArgumentException("not a JSON pointer: " + pointer);
    }
    List<String> segments = new ArrayList<>();
    for (String segment : pointer.substring(1).split("/", -1)) {
      segments.add(segment.replace("~1", "/").replace("~0", "~"));
    }
    return List.copyOf(segments);
  }

  /** Consumes the next piece of the answer. */
  public void feed(CharSequence chunk) {
    for (int i = 0, n = chunk.length(); i < n; i++) {
      consumed++;
      char c = chunk.charAt(i);
      switch (phase) {
        case SEEKING -> {
          if (c == '{' || c == '[') {
            phase = Phase.IN_VALUE;
            open(c == '{', null);
          }
        }
        case IN_VALUE -> step(c);
        default -> {} // DONE or FAILED: the rest is not ours
      }
    }
  }

  private void step(char c) {
    switch (token) {
      case STRING -> {
        stringChar(c);
        return;
      }
      case NUMBER -> {
        if (c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
          text.append(c);
          return;
        }
        completeNumber();
        if (phase != Phase.IN_VALUE) {
          return;
        }
      }
      case LITERAL -> {
        if (c != literal.charAt(literalPosition)) {
          fail();
          return;
        }
        literalPosition++;
        if (literalPosition == literal.length()) {
          token = Token.NONE;
          complete(switch (literal) {
            case "true" -> F.booleanNode(true);
            case "false" -> F.booleanNode(false);
            default -> F.nullNode();
          });
        }
        return;
      }
      case NONE -> {}
    }
    structural(c);
  }

  private void structural(char c) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      return;
    }
    Frame top = stack.get(stack.size() - 1);
    switch (top.state) {
      case EXPECT_KEY -> {
        if (c == '"') {
          startString(true);
        } else if (c == '}') {
          close();
        } else {
          fail();
        }
      }
      case EXPECT_COLON -> {
        if (c == ':') {
          top.state = EXPECT_VALUE;
        } else {
          fail();
        }
      }
      case EXPECT_VALUE -> {
        if (!top.object && c == ']') {
          close(); // empty array, or a trailing comma
        } else {
          startValue(c, top);
        }
      }
      case AFTER_VALUE -> {
        if (c == ',') {
          top.state = top.object ? EXPECT_KEY : EXPECT_VALUE;
        } else if (c == (top.object ? '}' : ']')) {
          close();
        } else {
          fail();
        }
      }
      default -> throw new AssertionError(top.state);
    }
  }

  private void startValue(char c, Frame parent) {
    if (c == '"') {
      startString(false);
      stringHidden = isEnum(parent.childSchema(this));
      if (!stringHidden) {
        version++; // the property now shows, as ""
      }
    } else if (c == '{' || c == '[') {
      open(c == '{', parent);
    } else if (c == '-' || c >= '0' && c <= '9') {
      token = Token.NUMBER;
      text.append(c);
    } else if (c == 't' || c == 'f' || c == 'n') {
      token = Token.LITERAL;
      literal = c == 't' ? "true" : c == 'f' ? "false" : "null";
      literalPosition = 1;
    } else {
      fail();
    }
  }

  private void startString(boolean key) {
    token = Token.STRING;
    tokenIsKey = key;
    escape = false;
    unicodeDigits = -1;
  }

  private void stringChar(char c) {
    if (unicodeDigits >= 0) {
      int digit = Character.digit(c, 16);
      if (digit < 0) {
        fail();
        return;
      }
      unicodeValue = unicodeValue * 16 + digit;
      if (++unicodeDigits == 4) {
        unicodeDigits = -1;
        appendToString((char) unicodeValue);
      }
    } else if (escape) {
      escape = false;
      switch (c) {
        case 'b' -> appendToString('\b');
        case 'f' -> appendToString('\f');
        case 'n' -> appendToString('\n');
        case 'r' -> appendToString('\r');
        case 't' -> appendToString('\t');
        case 'u' -> {
          unicodeDigits = 0;
          unicodeValue = 0;
        }
        default -> appendToString(c); // \" \\ \/ and, leniently, anything else
      }
    } else if (c == '\\') {
      escape = true;
    } else if (c == '"') {
      endString();
    } else {
      appendToString(c);
    }
  }

  private void appendToString(char c) {
    text.append(c);
    if (!tokenIsKey && !stringHidden) {
      version++;
    }
  }

  private void endString() {
    token = Token.NONE;
    String value = take();
    if (tokenIsKey) {
      Frame top = stack.get(stack.size() - 1);
      top.key = value;
      top.state = EXPECT_COLON;
    } else {
      complete(F.stringNode(value));
    }
  }

  private void completeNumber() {
    token = Token.NONE;
    String number = take();
    // one range check for both parsers: digit count and magnitude judged from the text
    BigDecimal exact = Numbers.parseOrNull(number);
    if (exact == null) {
      fail(); // too long or too large to read here; the whole parser says why
      return;
    }
    JsonNode node;
    if (number.indexOf('.') >= 0 || number.indexOf('e') >= 0 || number.indexOf('E') >= 0) {
      node = F.numberNode(exact); // exactly as written: digits and scale kept
    } else {
      BigInteger value = exact.toBigIntegerExact();
      node = value.bitLength() < 32 ? F.numberNode(value.intValue())
          : value.bitLength() < 64 ? F.numberNode(value.longValue())
          : F.numberNode(value);
    }
    complete(node);
  }

  private String take() {
    copied += text.length();
    String value = text.toString();
    text.setLength(0);
    return value;
  }

  private void open(boolean object, Frame parent) {
    if (stack.size() >= LenientReader.MAX_DEPTH) {
      // As deep as a whole parse allows: stop here, and offer no snapshot of it; the complete
      // answer goes to the lenient parser, which refuses it with a parse problem (a re-ask),
      // never a StackOverflowError.
      token = Token.NONE;
      text.setLength(0);
      stack.clear();
      phase = Phase.FAILED;
      version++;
      return;
    }
    Frame frame;
    if (parent == null) {
      frame = new Frame(object, 0, elementPath != null, schema == null ? null : resolve(schema));
    } else {
      String segment = parent.object ? parent.key : Integer.toString(parent.array.size());
      boolean onPath = parent.onPath && parent.depth < elementPath.size()
          && elementPath.get(parent.depth).equals(segment);
      frame = new Frame(object, parent.depth + 1, onPath, parent.childSchema(this));
    }
    frame.elements = !object && frame.onPath && frame.depth == elementPath.size();
    stack.add(frame);
    version++;
  }

  private void close() {
    Frame frame = stack.remove(stack.size() - 1);
    complete(frame.node());
  }

  private void complete(JsonNode value) {
    version++;
    if (stack.isEmpty()) {
      root = value;
      phase = Phase.DONE;
      return;
    }
    Frame top = stack.get(stack.size() - 1);
    top.state = AFTER_VALUE;
    if (top.object) {
      top.map.set(top.key, value);
      top.key = null;
    } else {
      int index = top.array.size();
      top.array.add(value);
      if (top.elements) {
        elementsEmitted++;
        listener.element(index, value);
      }
    }
  }

  private void fail() {
    token = Token.NONE;
    text.setLength(0);
    if (elementsEmitted > 0) {
      phase = Phase.FAILED; // elements were handed out; starting over would contradict them
      return;
    }
    // What looked like the start of the value was prose, e.g. "[Note]"; look for the next one.
    stack.clear();
    phase = Phase.SEEKING;
    version++;
  }

  /**
   * The value so far, or {@code null} before it starts; read-only. After {@link #isComplete()},
   * the whole value.
   */
  public JsonNode snapshot() {
    if (phase == Phase.DONE) {
      return root;
    }
    if (stack.isEmpty()) {
      return null;
    }
    JsonNode inner = token == Token.STRING && !tokenIsKey && !stringHidden
        ? F.stringNode(text.toString())
        : null;
    for (int i = stack.size() - 1; i >= 0; i--) {
      Frame frame = stack.get(i);
      JsonNode copy = frame.shallowCopy();
      if (inner != null) {
        if (frame.object) {
          ((ObjectNode) copy).set(frame.key, inner);
        } else {
          ((ArrayNode) copy).add(inner);
        }
      }
      inner = copy;
    }
    return inner;
  }

  /**
   * The snapshot when one is due, else {@code null}: the value changed since the last one this
   * method returned, and the input grew by at least 1/32 since then. A snapshot copies the
   * containers still open, so taking one per chunk is quadratic when a long list stays open; this
   * keeps snapshots frequent while the answer is short and their total cost near linear
   * (about 32 × ln(n) snapshots for n characters).
   */
  public JsonNode snapshotIfDue() {
    if (version == dueVersion || consumed - dueConsumed < dueConsumed / 32) {
      return null;
    }
    dueVersion = version;
    dueConsumed = consumed;
    return snapshot();
  }

  /**
   * Increases whenever {@link #snapshot()} may have changed; compare two readings to skip
   * publishing identical snapshots.
   */
  public long version() {
    return version;
  }

  /** Whether the whole value has arrived. */
  public boolean isComplete() {
    return phase == Phase.DONE;
  }

  /** Whether the input stopped being JSON this parser reads (see the class comment). */
  public boolean failed() {
    return phase == Phase.FAILED;
  }

  /** The complete value, or {@code null} when it has not (all) arrived. */
  public JsonNode value() {
    return root;
  }

  /** The number of characters fed so far. */
  public long consumed() {
    return consumed;
  }

  /**
   * Characters examined plus characters copied into finished strings and numbers: the parser's
   * work, at most twice {@link #consumed()}.
   */
  public long work() {
    return consumed + copied;
  }

  private static boolean isEnum(JsonNode schema) {
    return schema != null && (schema.has("enum") || schema.has("const"));
  }

  /** Follows {@code $ref} and picks the non-null branch of a nullable {@code anyOf}/{@code oneOf}. */
  private JsonNode resolve(JsonNode node) {
    for (int hops = 0; node != null && hops < 32; hops++) {
      JsonNode ref = node.get("$ref");
      if (ref != null && ref.isString() && ref.stringValue().startsWith("#")) {
        JsonNode target = schema.at(ref.stringValue().substring(1));
        node = target.isMissingNode() ? null : target;
        continue;
      }
      JsonNode branches = node.has("anyOf") ? node.get("anyOf") : node.get("oneOf");
      if (branches != null && branches.isArray()) {
        JsonNode chosen = null;
        for (JsonNode branch : branches) {
          if (!"null".equals(branch.path("type").asString(""))) {
            if (chosen != null) {
              return null; // a real union: nothing to say about one property
            }
            chosen = branch;
          }
        }
        node = chosen;
        continue;
      }
      return node;
    }
    return null;
  }

  private static final class Frame {
    final boolean object;
    final ObjectNode map;
    final ArrayNode array;
    final int depth;
    final boolean onPath;
    final JsonNode schema;
    boolean elements;
    int state;
    String key;

    Frame(boolean object, int depth, boolean onPath, JsonNode schema) {
      this.object = object;
      this.map = object ? F.objectNode() : null;
      this.array = object ? null : F.arrayNode();
      this.depth = depth;
      this.onPath = onPath;
      this.schema = schema;
      this.state = object ? EXPECT_KEY : EXPECT_VALUE;
    }

    JsonNode node() {
      return object ? map : array;
    }

    JsonNode childSchema(IncrementalJsonParser parser) {
      if (schema == null) {
        return null;
      }
      JsonNode child = object ? schema.path("properties").get(key) : schema.get("items");
      return child == null ? null : parser.resolve(child);
    }

    JsonNode shallowCopy() {
      if (object) {
        ObjectNode copy = F.objectNode();
        for (Map.Entry<String, JsonNode> property : map.properties()) {
          copy.set(property.getKey(), property.getValue());
        }
        return copy;
      }
      ArrayNode copy = F.arrayNode(array.size() + 1);
      for (JsonNode element : array) {
        copy.add(element);
      }
      return copy;
    }
  }
}
