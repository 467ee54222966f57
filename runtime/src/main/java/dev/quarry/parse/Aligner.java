package dev.quarry.parse;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stage two: walks a value the reader found together with the schema and produces the JSON
 * value the model meant, or says why there is none. Every change is a repair with a cost; where
 * the schema offers choices ({@code anyOf}, a union of types, several candidate values) the
 * cheapest fit wins and ties go to the first. Results are memoised per (value, schema) pair
 * where they took further alignments, so the work is bounded by the size of the value times the
 * size of the schema.
 */
final class Aligner {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final JsonMapper STRICT_JSON = JsonMapper.builder().build();
  private static final int NO_WRAP = 1;
  private static final int NO_UNWRAP = 2;

  private final boolean coerce;
  private final boolean partial;
  private final String source;
  private final Work work;
  /** Calls of {@link #align(Node, Schema, int)} so far, memo hits included. */
  private long calls;
  /** The alignments in progress, outermost first. */
  private Node[] activeNodes = new Node[16];
  private Schema[] activeSchemas = new Schema[16];
  private int[] activeFlags = new int[16];
  private int active;
  private final Map<String, String> segments = new HashMap<>();
  private static final Outcome IN_PROGRESS = Outcome.fail("", "the schema refers to itself "
      + "without consuming any of the value");

  /**
   * The memo of one node for one aligner: the outcome per (schema, flags) pair, kept on the node
   * itself rather than in one table of every pair, so that text with many values ({@code {}{}...})
   * costs no table as large as the input and a look-up stays next to the node. Most nodes meet
   * one pair, kept inline; a node met by many schemas (a large {@code anyOf}) gets a table.
   */
  static final class Memo {
    /** Beyond this many pairs on one node, the pairs go into a table. */
    private static final int CHAIN = 8;
    final Aligner owner;
    private Schema schema;
    private int flags;
    private Outcome out;
    /** The pairs after the first, newest first; null once they are in {@link #table}. */
    private Entry more;
    private int size;
    private Map<Key, Outcome> table;

    Memo(Aligner owner) {
      this.owner = owner;
    }

    Outcome get(Schema s, int f) {
      if (size > 0 && schema == s && flags == f) {
        return out;
      }
      if (table != null) {
        return table.get(new Key(s, f));
      }
      for (Entry e = more; e != null; e = e.next) {
        if (e.schema == s && e.flags == f) {
          return e.out;
        }
      }
      return null;
    }

    void put(Schema s, int f, Outcome o) {
      if (size == 0 || (schema == s && flags == f)) {
        schema = s;
        flags = f;
        out = o;
        size = Math.max(size, 1);
        return;
      }
      if (table != null) {
        if (table.put(new Key(s, f), o) == null) {
          size++;
        }
        return;
      }
      for (Entry e = more; e != null; e = e.next) {
        if (e.schema == s && e.flags == f) {
          e.out = o;
          return;
        }
      }
      more = new Entry(s, f, o, more);
      if (++size > CHAIN) {
        table = new HashMap<>();
        for (Entry e = more; e != null; e = e.next) {
          table.put(new Key(e.schema, e.flags), e.out);
        }
        more = null;
      }
    }
  }

  private static final class Entry {
    final Schema schema;
    final int flags;
    Outcome out;
    final Entry next;

    Entry(Schema schema, int flags, Outcome out, Entry next) {
      this.schema = schema;
      this.flags = flags;
      this.out = out;
      this.next = next;
    }
  }

  private record Key(Schema schema, int flags) {}

  /** A repair log shaped like the value, flattened to pointers at the end. */
  static final class Log {
    final String segment;
    final List<String> notes;
    final List<Log> children;

    Log(String segment, List<String> notes, List<Log> children) {
      this.segment = segment;
      this.notes = notes;
      this.children = children;
    }

    Log at(String seg) {
      return new Log(seg, List.of(), List.of(this));
    }

    void flatten(String prefix, List<SchemaAlignedParser.Repair> out) {
      String pointer = prefix + segment;
      for (String n : notes) {
        out.add(new SchemaAlignedParser.Repair(pointer, n));
      }
      for (Log c : children) {
        c.flatten(pointer, out);
      }
    }
  }

  /**
   * Either a value with its cost and repairs, or a failure with a pointer and a reason. A reason
   * may be given as a {@link Supplier}, built only when a message is asked for: most failures
   * are one reading among many ruled out, and their text is never shown.
   */
  static final class Outcome {
    final JsonNode value;
    final int cost;
    final Log log;
    final String errorPointer;
    /** Null when the outcome is a value; a String, or a Supplier of one, when it is a failure. */
    private Object reason;

    private Outcome(JsonNode value, int cost, Log log, String errorPointer, Object reason) {
      this.value = value;
      this.cost = cost;
      this.log = log;
      this.errorPointer = errorPointer;
      this.reason = reason;
    }

    static Outcome ok(JsonNode value, int cost, Log log) {
      return new Outcome(value, cost, log, null, null);
    }

    static Outcome fail(String pointer, String error) {
      return new Outcome(null, Integer.MAX_VALUE, null, pointer, Objects.requireNonNull(error));
    }

    /** A failure whose reason is written only if it is shown. */
    static Outcome fail(String pointer, Supplier<String> error) {
      return new Outcome(null, Integer.MAX_VALUE, null, pointer, Objects.requireNonNull(error));
    }

    boolean ok() {
      return reason == null;
    }

    /** The reason of a failure, without its pointer. */
    String error() {
      if (reason instanceof Supplier<?> lazy) {
        reason = Objects.requireNonNull((String) lazy.get());
      }
      return (String) reason;
    }

    Outcome under(String seg) {
      return ok() ? this : new Outcome(null, Integer.MAX_VALUE, null, seg + errorPointer, reason);
    }

    String message() {
      return (errorPointer.isEmpty() ? "at the root" : "at " + errorPointer) + ": " + error();
    }
  }

  Aligner(boolean coerce, boolean partial, String source) {
    this(coerce, partial, source, new Work());
  }

  Aligner(boolean coerce, boolean partial, String source, Work work) {
    this.work = work;
    this.coerce = coerce;
    this.partial = partial;
    this.source = source;
  }

  Outcome align(Node n, Schema s) {
    return align(n, s, 0);
  }

  private Outcome align(Node n, Schema s, int flags) {
    calls++;
    Memo memo = n.memo;
    if (memo != null && memo.owner == this) {
      Outcome cached = memo.get(s, flags);
      if (cached != null) {
        return cached;
      }
    }
    // the pairs being aligned on this node, innermost first: a schema that comes back to itself
    // on the same value (no child consumed) is refused rather than followed forever. The same
    // node's calls are the top of the stack, since the values form no cycle through other nodes
    for (int i = active - 1; i >= 0 && activeNodes[i] == n; i--) {
      if (activeSchemas[i] == s && activeFlags[i] == flags) {
        return IN_PROGRESS;
      }
    }
    push(n, s, flags);
    long callsBefore = calls;
    work.alignSteps++;
    Outcome out;
    try {
      out = withNodeRepairs(n, alignUncached(n, s, flags));
    } catch (Numbers.OutOfRange e) {
      // a number too large to read, met while building a value: a misfit like any other
      out = Outcome.fail(e.pointer, e.getMessage());
    } finally {
      active--;
    }
    if (calls > callsBefore) {
      // kept only when the alignment went on to others (children, alternatives, a wrapped or
      // unwrapped value): one that did not costs no more to redo than to look up, and keeping
      // it would hold an outcome for every leaf of the text until the parse ends
      if (memo == null || memo.owner != this) {
        memo = new Memo(this);
        n.memo = memo;
      }
      memo.put(s, flags, out);
      work.memoKept++;
    }
    return out;
  }

  private void push(Node n, Schema s, int flags) {
    if (active == activeNodes.length) {
      int size = active * 2;
      activeNodes = java.util.Arrays.copyOf(activeNodes, size);
      activeSchemas = java.util.Arrays.copyOf(activeSchemas, size);
      activeFlags = java.util.Arrays.copyOf(activeFlags, size);
    }
    activeNodes[active] = n;
    activeSchemas[active] = s;
    activeFlags[active] = flags;
    active++;
  }

  private static Outcome withNodeRepairs(Node n, Outcome o) {
    if (!o.ok() || n.repairs == null) {
      return o;
    }
    return Outcome.ok(o.value, o.cost, new Log("", List.copyOf(n.repairs), List.of(o.log)));
  }

  private static Log note(String note) {
    return new Log("", List.of(note), List.of());
  }

  private static Log note(String note, Log inner) {
    return new Log("", List.of(note), List.of(inner));
  }

  private static final Log NONE = new Log("", List.of(), List.of());

  private Outcome alignUncached(Node n, Schema s, int flags) {
    if (s.isAny()) {
      return Outcome.ok(plain(n), 0, innerRepairs(n));
    }
    if (s.types.contains("never")) {
      return Outcome.fail("", "the schema allows no value here");
    }
    if (s.ref != null && s.anyOf.isEmpty() && s.types.isEmpty() && s.enumValues == null
        && s.constValue == null) {
      return align(n, s.ref, flags);
    }
    if (!s.anyOf.isEmpty()) {
      return alignUnion(n, s, flags);
    }
    Outcome direct;
    if (s.constValue != null || s.enumValues != null) {
      direct = alignChoice(n, s);
    } else if (s.untyped() && s.ref == null) {
      return Outcome.ok(plain(n), 0, innerRepairs(n));
    } else if (s.ref != null) {
      direct = align(n, s.ref, flags);
    } else {
      direct = alignTypes(n, s, flags);
    }
    if (direct.ok() && direct.cost == 0) {
      return direct;
    }
    Outcome unwrapped = unwrap(n, s, flags);
    return better(direct, unwrapped);
  }

  private static Outcome better(Outcome a, Outcome b) {
    if (b == null || !b.ok()) {
      return a;
    }
    if (!a.ok() || b.cost < a.cost) {
      return b;
    }
    return a;
  }

  /**
   * The best alternative for {@code n}. Each alternative reads {@code n} as it is; taking a value
   * out of a container of the wrong kind ({@link #unwrap}) is decided for the union as a whole,
   * after them: an array whose items fit different alternatives holds no single meant item, though
   * each alternative alone would find its "only item that fits".
   */
  private Outcome alignUnion(Node n, Schema s, int flags) {
    Outcome best = null;
    List<String> why = new ArrayList<>();
    for (int i = 0; i < s.anyOf.size(); i++) {
      Outcome o = align(n, s.anyOf.get(i), flags | NO_UNWRAP);
      if (o.ok()) {
        if (best == null || o.cost < best.cost) {
          best = o;
        }
        if (o.cost == 0) {
          break;
        }
      } else if (why.size() < 4) {
        why.add("(" + (i + 1) + ") " + o.message());
      }
    }
    if (best == null || best.cost > 0) {
      Outcome unwrapped = unwrap(n, s, flags);
      if (best == null && unwrapped != null && unwrapped.ok()) {
        return unwrapped;
      }
      best = best == null ? null : better(best, unwrapped);
    }
    if (best != null) {
      return best;
    }
    return Outcome.fail("", "found " + n.describe() + ", which fits none of the "
        + s.anyOf.size() + " alternatives: " + String.join("; ", why));
  }

  /** Whether {@code s} lets a value of {@code type} stand as it is (a union: any alternative). */
  private static boolean allowsAsIs(Schema s, String type) {
    return allowsAsIs(s, type, 0);
  }

  private static boolean allowsAsIs(Schema s, String type, int depth) {
    if (depth > 16) {
      return true; // references going round: assume it does, and unwrap nothing
    }
    if (!s.anyOf.isEmpty()) {
      for (Schema alternative : s.anyOf) {
        if (allowsAsIs(alternative, type, depth + 1)) {
          return true;
        }
      }
      return false;
    }
    if (s.ref != null && s.types.isEmpty()) {
      return allowsAsIs(s.ref, type, depth + 1);
    }
    return s.isAny() || s.untyped() || s.allows(type);
  }

  /** A container of the wrong kind around the value the schema wants. */
  private Outcome unwrap(Node n, Schema s, int flags) {
    if (!coerce || (flags & NO_UNWRAP) != 0) {
      return null;
    }
    if (n.kind == Node.Kind.OBJECT && n.children.size() == 1 && !allowsAsIs(s, "object")) {
      Outcome inner = align(n.children.get(0), s, NO_UNWRAP | NO_WRAP);
      if (inner.ok()) {
        return Outcome.ok(inner.value, inner.cost + 2, note("took the value of the only field '"
            + n.keys.get(0) + "' of a wrapper object", inner.log));
      }
    }
    if (n.kind == Node.Kind.OBJECT && n.children.size() == 1 && s.allows("object")
        && !s.properties.isEmpty() && n.children.get(0).kind == Node.Kind.OBJECT
        && !declares(s, n.keys.get(0))) {
      // {"result": {...}}: an object schema's fields are missing because one field the schema
      // does not declare wraps them; the wrapper may itself be wrapped
      Outcome inner = align(n.children.get(0), s, NO_WRAP);
      if (inner.ok()) {
        return Outcome.ok(inner.value, inner.cost + 2, note("took the value of the only field '"
            + n.keys.get(0) + "' of a wrapper object", inner.log));
      }
    }
    if (n.kind == Node.Kind.ARRAY && !n.children.isEmpty() && !allowsAsIs(s, "array")) {
      Outcome only = null;
      int fits = 0;
      for (Node item : n.children) {
        Outcome o = align(item, s, NO_UNWRAP | NO_WRAP);
        if (o.ok()) {
          fits++;
          if (only == null) {
            only = o;
          } else {
            break; // two fit: no single item is meant
          }
        }
      }
      if (fits == 1) {
        String what = n.children.size() == 1 ? "took the only item of a one-item array"
            : "took the only item of the array that fits the schema";
        return Outcome.ok(only.value, only.cost + 2, note(what, only.log));
      }
    }
    return null;
  }

  /** Whether {@code key} names one of the object schema's fields (in any spelling). */
  private static boolean declares(Schema s, String key) {
    String folded = Text.foldName(key);
    for (List<String> names : s.propertyNames.values()) {
      for (String name : names) {
        if (name.equals(key) || Text.foldName(name).equals(folded)) {
          return true;
        }
      }
    }
    return false;
  }

  private Outcome alignTypes(Node n, Schema s, int flags) {
    Outcome best = null;
    Outcome firstError = null;
    for (String type : s.typeArray()) {
      Outcome o;
      switch (type) {
        case "object": o = alignObject(n, s, flags); break;
        case "array": o = alignArray(n, s, flags); break;
        case "string": o = alignString(n, s); break;
        case "integer": o = alignNumber(n, s, true); break;
        case "number": o = alignNumber(n, s, false); break;
        case "boolean": o = alignBoolean(n); break;
        case "null": o = alignNull(n); break;
        default: o = Outcome.fail("", "the schema type '" + type + "' is not supported");
      }
      if (o.ok()) {
        if (best == null || o.cost < best.cost) {
          best = o;
        }
        if (o.cost == 0) {
          break;
        }
      } else if (firstError == null) {
        firstError = o;
      }
    }
    if (best != null) {
      return best;
    }
    if (s.types.size() == 1) {
      return firstError;
    }
    return Outcome.fail("", "expected " + String.join(" or ", s.types) + ", found "
        + n.describe());
  }

  // ---------------------------------------------------------------- objects

  private Outcome alignObject(Node n, Schema s, int flags) {
    if (n.kind == Node.Kind.OBJECT) {
      return alignFields(n, s);
    }
    if (coerce && n.kind == Node.Kind.STRING && !n.bare) {
      Node parsed = jsonInside(n.text, '{');
      if (parsed != null) {
        Outcome o = alignFields(parsed, s);
        if (o.ok()) {
          return Outcome.ok(o.value, o.cost + 1,
              note("parsed the JSON object encoded in a string", o.log));
        }
      }
    }
    if (coerce && (flags & NO_WRAP) == 0 && n.kind != Node.Kind.ARRAY
        && n.kind != Node.Kind.OBJECT && s.properties.size() == 1 && !looksStructured(n)) {
      Map.Entry<String, Schema> only = s.properties.entrySet().iterator().next();
      Outcome o = align(n, only.getValue(), NO_WRAP | NO_UNWRAP);
      if (o.ok()) {
        ObjectNode obj = F.objectNode();
        obj.set(only.getKey(), o.value);
        return Outcome.ok(obj, o.cost + 2, note("wrapped " + n.describe()
            + " into the object's only field '" + only.getKey() + "'", o.log.at("/" + esc(only.getKey()))));
      }
    }
    return Outcome.fail("", () -> "expected an object, found " + n.describe());
  }

  /**
   * Whether {@code n} is unquoted text that opens like a JSON object or array: such text is the
   * answer's own structure (read, or refused, as such), never the value of a field to wrap it in.
   * Without this, an object that breaks a constraint of its only field would be "repaired" by
   * reading the whole text as that field's string.
   */
  private static boolean looksStructured(Node n) {
    if (n.kind != Node.Kind.STRING || !n.bare) {
      return false;
    }
    String t = n.text;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c == '{' || c == '[';
      }
    }
    return false;
  }

  private Outcome alignFields(Node n, Schema s) {
    boolean none = n.keys.isEmpty();
    Map<String, Integer> assigned = none ? Map.of() : new LinkedHashMap<>();
    Map<String, Integer> matchQuality = none ? Map.of() : new HashMap<>();
    List<Integer> extra = none ? List.of() : new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int cost = 0;
    for (int i = 0; i < n.keys.size(); i++) {
      String key = n.keys.get(i);
      String prop = null;
      int quality = 0;
      for (Map.Entry<String, List<String>> e : s.propertyNames.entrySet()) {
        if (e.getValue().get(0).equals(key) && s.declaredNameAccepted.get(e.getKey())) {
          prop = e.getKey();
          quality = 3;
          break;
        }
      }
      if (prop == null) {
        for (Map.Entry<String, List<String>> e : s.propertyNames.entrySet()) {
          if (e.getValue().contains(key)) {
            prop = e.getKey();
            quality = 2;
            break;
          }
        }
      }
      if (prop == null && coerce) {
        String folded = Text.foldName(key);
        for (Map.Entry<String, List<String>> e : s.propertyNames.entrySet()) {
          for (String name : e.getValue()) {
            if (Text.foldName(name).equals(folded)) {
              prop = e.getKey();
              quality = 1;
              break;
            }
          }
          if (prop != null) {
            break;
          }
        }
      }
      if (prop == null) {
        extra.add(i);
        continue;
      }
      Integer prev = assigned.get(prop);
      if (prev == null || quality >= matchQuality.get(prop)) {
        if (prev != null) {
          notes.add("field '" + prop + "' appeared more than once; kept the last");
        }
        assigned.put(prop, i);
        matchQuality.put(prop, quality);
      }
      if (quality == 2 && !key.equals(prop)) {
        notes.add("read the alias '" + key + "' as field '" + prop + "'");
      } else if (quality == 1) {
        notes.add("read field '" + key + "' as '" + prop + "'");
        cost += 1;
      }
    }
    ObjectNode out = null; // made at the first field set: a refused object costs none
    List<Log> logs = new ArrayList<>();
    for (Map.Entry<String, Schema> e : s.properties.entrySet()) {
      String prop = e.getKey();
      Integer idx = assigned.get(prop);
      String seg = segment(prop);
      Node child = idx == null ? null : n.children.get(idx);
      if (child != null && child.missing && !e.getValue().nullable()) {
        // {"a": , ...}: the model wrote no value; where null does not fit, the field is absent
        notes.add("the field '" + prop + "' had no value; treated it as absent");
        child = null;
      } else if (child != null && coerce && child.kind == Node.Kind.NULL
          && !s.required.contains(prop) && !e.getValue().nullable() && !e.getValue().isAny()) {
        // {"qty": null} for an optional field that null does not fit: null is the model's
        // "no value", so the field is absent (and takes its default, if it has one)
        notes.add("the optional field '" + prop + "' was null, which its schema does not allow;"
            + " treated it as absent");
        child = null;
      }
      if (child == null) {
        boolean required = s.required.contains(prop);
        if (partial) {
          out = put(out, prop, emptyValue(e.getValue()));
        } else if (!required) {
          // absent and optional: the schema's default when it declares one, else null where
          // the schema allows it (the binder's "no value"), otherwise left out; never a value
          // that neither the model nor the schema wrote
          if (e.getValue().defaultValue != null) {
            out = put(out, prop, e.getValue().defaultValue.deepCopy());
            notes.add("the optional field '" + prop + "' was absent; used the schema's default "
                + e.getValue().defaultValue);
          } else if (e.getValue().nullable()) {
            out = put(out, prop, F.nullNode());
          }
        } else if (coerce && e.getValue().nullable()) {
          out = put(out, prop, F.nullNode());
          notes.add("the required field '" + prop + "' was missing; set it to null, which the"
              + " schema allows");
          cost += 1;
        } else {
          return Outcome.fail(seg, () -> "the required field '" + prop + "' is missing (found"
              + " fields " + n.keys + ")");
        }
        continue;
      }
      Outcome o = align(child, e.getValue(), 0);
      if (!o.ok()) {
        if (partial && !child.complete) {
          out = put(out, prop, emptyValue(e.getValue()));
          continue;
        }
        return o.under(seg);
      }
      out = put(out, prop, o.value);
      cost += o.cost;
      logs.add(o.log.at(seg));
    }
    for (int i : extra) {
      String key = n.keys.get(i);
      Node child = n.children.get(i);
      Schema valueSchema = null;
      for (Map.Entry<java.util.regex.Pattern, Schema> p : s.patternProperties) {
        if (p.getKey().matcher(key).find()) {
          valueSchema = p.getValue();
          break;
        }
      }
      if (valueSchema == null && s.additional != null) {
        valueSchema = s.additional;
      }
      if (valueSchema == null && (s.additionalForbidden || !s.properties.isEmpty()
          || !s.patternProperties.isEmpty())) {
        notes.add("dropped the field '" + key + "', which the schema does not declare");
        cost += 1;
        continue;
      }
      if (valueSchema == null) {
        valueSchema = s.additional == null ? anySchema() : s.additional;
      }
      String seg = segment(key);
      Outcome o = valueSchema == null ? Outcome.ok(plain(child), 0, repairsOf(child)) : align(child, valueSchema, 0);
      if (!o.ok()) {
        if (partial && !child.complete) {
          continue;
        }
        return o.under(seg);
      }
      if (out != null && out.has(key)) {
        notes.add("field '" + key + "' appeared more than once; kept the last");
      }
      out = put(out, key, o.value);
      cost += o.cost;
      logs.add(o.log.at(seg));
    }
    return Outcome.ok(out == null ? F.objectNode() : out, cost, new Log("", notes, logs));
  }

  private static ObjectNode put(ObjectNode out, String key, JsonNode value) {
    ObjectNode o = out == null ? F.objectNode() : out;
    o.set(key, value);
    return o;
  }

  /** The JSON pointer segment of a field name ({@code /a}), made once per name and parse. */
  private String segment(String name) {
    String seg = segments.get(name);
    if (seg == null) {
      seg = "/" + esc(name);
      if (segments.size() < 1024) {
        segments.put(name, seg);
      }
    }
    return seg;
  }

  private Schema anySchema() {
    return null;
  }

  private JsonNode emptyValue(Schema s) {
    switch (s.emptyShape()) {
      case "array": return F.arrayNode();
      case "map": return F.objectNode();
      default: return F.nullNode();
    }
  }

  // ---------------------------------------------------------------- arrays

  private Outcome alignArray(Node n, Schema s, int flags) {
    if (n.kind == Node.Kind.ARRAY) {
      return alignItems(n, s);
    }
    if (coerce && n.kind == Node.Kind.STRING && !n.bare) {
      Node parsed = jsonInside(n.text, '[');
      if (parsed != null) {
        Outcome o = alignItems(parsed, s);
        if (o.ok()) {
          return Outcome.ok(o.value, o.cost + 1,
              note("parsed the JSON array encoded in a string", o.log));
        }
      }
    }
    if (coerce && (flags & NO_WRAP) == 0) {
      Outcome o = s.items == null ? Outcome.ok(plain(n), 0, repairsOf(n)) : align(n, s.items, NO_WRAP);
      if (o.ok()) {
        ArrayNode arr = F.arrayNode();
        arr.add(o.value);
        return Outcome.ok(arr, o.cost + 1, note("wrapped a single value into a list",
            o.log.at("/0")));
      }
      return o.under("/0");
    }
    return Outcome.fail("", () -> "expected an array, found " + n.describe());
  }

  private Outcome alignItems(Node n, Schema s) {
    ArrayNode arr = F.arrayNode();
    List<Log> logs = new ArrayList<>();
    List<String> notes = List.of();
    int cost = 0;
    for (int i = 0; i < n.children.size(); i++) {
      Node item = n.children.get(i);
      Outcome o = s.items == null ? Outcome.ok(plain(item), 0, repairsOf(item)) : align(item, s.items, 0);
      if (!o.ok()) {
        if (!item.complete && i == n.children.size() - 1) {
          if (!partial) {
            // the text ended inside the last item, before it had what its schema requires:
            // it was never finished, so it is left out, not refused and not made up
            notes = List.of("dropped the last item, which the output cut off before it was"
                + " complete (" + o.message() + ")");
            cost += 1;
          }
          break;
        }
        return o.under("/" + i);
      }
      logs.add(o.log.at("/" + arr.size()));
      arr.add(o.value);
      cost += o.cost;
    }
    if (s.minItems != null && arr.size() < s.minItems && !partial) {
      return Outcome.fail("", "expected at least " + s.minItems + " items, found " + arr.size());
    }
    return Outcome.ok(arr, cost, new Log("", notes, logs));
  }

  // ---------------------------------------------------------------- scalars

  private Outcome alignString(Node n, Schema s) {
    String value;
    int cost = 0;
    Log log = NONE;
    switch (n.kind) {
      case STRING:
        value = n.text;
        if (n.literal && n.bare && n.literalInContainer) {
          // an unquoted True, None, NULL written as a value in an object or array is another
          // language's literal: where the schema also allows the boolean or null it stands for,
          // that reading wins; where only a string fits, the word as written stands (a whole
          // answer of the one word may be the text, and stays so)
          cost = 2;
        }
        break;
      case NUMBER:
      case BOOLEAN:
        if (!coerce) {
          return Outcome.fail("", () -> "expected a string, found " + n.describe());
        }
        value = n.kind == Node.Kind.NUMBER ? n.text : String.valueOf(n.bool);
        cost = 1;
        log = note("read " + n.describe() + " as a string");
        break;
      case OBJECT:
      case ARRAY:
        if (!coerce) {
          return Outcome.fail("", () -> "expected a string, found " + n.describe());
        }
        value = sourceOr(n, plain(n).toString());
        cost = 3;
        log = note("kept the text of " + n.describe() + " as the string");
        break;
      default:
        return Outcome.fail("", "expected a string, found null");
    }
    if (s.minLength != null && value.codePointCount(0, value.length()) < s.minLength) {
      return Outcome.fail("", "the string " + Node.quote(value) + " is shorter than the minimum"
          + " length " + s.minLength);
    }
    if (s.maxLength != null && value.codePointCount(0, value.length()) > s.maxLength) {
      return Outcome.fail("", "the string " + Node.quote(value) + " is longer than the maximum"
          + " length " + s.maxLength);
    }
    if (s.pattern != null && !(partial && !n.complete) && !s.pattern.matcher(value).find()) {
      // no reading is invented to satisfy a pattern: another candidate may, or the parse fails
      return Outcome.fail("", "the string " + Node.quote(value) + " does not match the pattern "
          + s.pattern.pattern());
    }
    return Outcome.ok(F.stringNode(value), cost, log);
  }

  private String sourceOr(Node n, String fallback) {
    if (source != null && n.end > n.start && n.end <= source.length()) {
      return source.substring(n.start, n.end).strip();
    }
    return fallback;
  }

  private Outcome alignNumber(Node n, Schema s, boolean integer) {
    BigDecimal value;
    int cost = 0;
    Log log = NONE;
    String kind = integer ? "an integer" : "a number";
    if (n.kind == Node.Kind.NUMBER) {
      String range = Numbers.outOfRange(n.text);
      if (range != null) {
        return Outcome.fail("", range);
      }
      value = Numbers.parse(n.text);
    } else if (n.kind == Node.Kind.STRING && coerce && (value = stringNumber(n)) != null) {
      cost = 1;
      log = note("read the string " + Node.quote(n.text) + " as " + kind);
    } else if (n.kind == Node.Kind.STRING && n.bare && coerce && !holdsStructure(n.text)) {
      // prose around the number ("Answer: 42", "The answer is 42."): the one number written
      // as a word of its own is meant; several, or digits inside words, are not a choice to make.
      // Text with brackets or a fence in it is JSON gone wrong, not prose: its numbers belong
      // to that structure
      Text.ProseNumbers found = Text.numbersInProse(n.text, 2);
      if (found.joined() != null && found.values().size() <= 1) {
        return Outcome.fail("", () -> "expected " + kind + ", found the text " + Node.quote(n.text)
            + ", where " + Node.quote(found.joined()) + " joins digits to other characters, so"
            + " no number stands on its own; answer with the number alone");
      }
      if (found.values().size() > 1 || found.joined() != null) {
        return Outcome.fail("", () -> "expected " + kind + ", found the text "
            + Node.quote(n.text) + ", which names several numbers (" + String.join(", ",
            found.values()) + (found.joined() != null ? ", " + found.joined() : "") + "), so"
            + " which one is meant is ambiguous; answer with the number alone");
      }
      if (found.values().isEmpty()) {
        return Outcome.fail("", () -> "expected " + kind + ", found " + n.describe());
      }
      String literal = found.values().get(0);
      String range = Numbers.outOfRange(literal);
      if (range != null) {
        return Outcome.fail("", range);
      }
      value = Numbers.parse(literal);
      cost = 2;
      log = note("found the number " + literal + " in the text " + Node.quote(n.text));
    } else {
      return Outcome.fail("", () -> "expected " + kind + ", found " + n.describe());
    }
    JsonNode out;
    if (integer) {
      BigInteger whole;
      try {
        whole = value.stripTrailingZeros().toBigIntegerExact();
      } catch (ArithmeticException e) {
        return Outcome.fail("", "expected an integer, found " + value.toPlainString()
            + ", which has a fractional part");
      }
      if (n.kind == Node.Kind.NUMBER && (n.text.contains(".") || n.text.contains("e")
          || n.text.contains("E"))) {
        if (!coerce) {
          return Outcome.fail("", "expected an integer, found " + n.text);
        }
        cost += 1;
        log = note("read " + n.text + " as the integer " + whole);
      }
      out = integerNode(whole);
    } else {
      out = numberNode(n.kind == Node.Kind.NUMBER ? n.text : value.toString(), value);
    }
    String bound = checkBounds(value, s);
    if (bound != null) {
      return Outcome.fail("", bound);
    }
    return Outcome.ok(out, cost, log);
  }

  /** Whether text holds an object, an array or a fence: structure, not prose around a value. */
  private static boolean holdsStructure(String t) {
    return t.indexOf('{') >= 0 || t.indexOf('[') >= 0 || t.contains("```") || t.contains("~~~");
  }

  /** The number a string spells, or null; out of range when it spells one too large to read. */
  private static BigDecimal stringNumber(Node n) {
    try {
      return Text.number(n.text);
    } catch (Numbers.OutOfRange e) {
      throw new Numbers.OutOfRange("", "the string " + e.getMessage());
    }
  }

  private static String checkBounds(BigDecimal v, Schema s) {
    double d = v.doubleValue();
    if (s.minimum != null && d < s.minimum) {
      return v.toPlainString() + " is below the minimum " + s.minimum;
    }
    if (s.maximum != null && d > s.maximum) {
      return v.toPlainString() + " is above the maximum " + s.maximum;
    }
    if (s.exclusiveMinimum != null && d <= s.exclusiveMinimum) {
      return v.toPlainString() + " is not above the exclusive minimum " + s.exclusiveMinimum;
    }
    if (s.exclusiveMaximum != null && d >= s.exclusiveMaximum) {
      return v.toPlainString() + " is not below the exclusive maximum " + s.exclusiveMaximum;
    }
    return null;
  }

  private static JsonNode integerNode(BigInteger v) {
    if (v.bitLength() < 32) {
      return F.numberNode(v.intValue());
    }
    if (v.bitLength() < 64) {
      return F.numberNode(v.longValue());
    }
    return F.numberNode(v);
  }

  private static JsonNode numberNode(String literal, BigDecimal v) {
    if (!literal.contains(".") && !literal.contains("e") && !literal.contains("E")) {
      try {
        return integerNode(v.toBigIntegerExact());
      } catch (ArithmeticException e) {
        // fall through to a decimal
      }
    }
    double d = v.doubleValue();
    if (Double.isFinite(d) && new BigDecimal(Double.toString(d)).compareTo(v) == 0) {
      return F.numberNode(d);
    }
    return F.numberNode(v);
  }

  private Outcome alignBoolean(Node n) {
    if (n.kind == Node.Kind.BOOLEAN) {
      return Outcome.ok(F.booleanNode(n.bool), 0, NONE);
    }
    if (!coerce) {
      return Outcome.fail("", () -> "expected a boolean, found " + n.describe());
    }
    if (n.kind == Node.Kind.NUMBER && Numbers.outOfRange(n.text) == null) {
      BigDecimal v = Numbers.parse(n.text);
      if (v.compareTo(BigDecimal.ZERO) == 0 || v.compareTo(BigDecimal.ONE) == 0) {
        boolean b = v.compareTo(BigDecimal.ONE) == 0;
        return Outcome.ok(F.booleanNode(b), 1, note("read " + n.text + " as " + b));
      }
    }
    if (n.kind == Node.Kind.STRING) {
      String f = Text.fold(n.text);
      switch (f) {
        case "true": case "yes": case "y": case "on":
          return Outcome.ok(F.booleanNode(true), 1, note("read " + n.describe() + " as true"));
        case "false": case "no": case "n": case "off":
          return Outcome.ok(F.booleanNode(false), 1, note("read " + n.describe() + " as false"));
        default:
          break;
      }
      boolean t = !Text.occurrences(f, "true").isEmpty();
      boolean fa = !Text.occurrences(f, "false").isEmpty();
      if (t && fa) {
        return Outcome.fail("", "the text mentions both true and false, so the boolean is"
            + " ambiguous: " + Node.quote(n.text));
      }
      if (t || fa) {
        return Outcome.ok(F.booleanNode(t), 2, note("found the boolean " + t + " in the text"));
      }
    }
    return Outcome.fail("", () -> "expected a boolean, found " + n.describe());
  }

  private Outcome alignNull(Node n) {
    if (n.kind == Node.Kind.NULL) {
      return Outcome.ok(F.nullNode(), 0, NONE);
    }
    if (coerce && n.kind == Node.Kind.STRING && isNullWord(n.text) && n.bare) {
      return Outcome.ok(F.nullNode(), 1, note("read " + n.text + " as null"));
    }
    return Outcome.fail("", () -> "expected null, found " + n.describe());
  }

  private static boolean isNullWord(String s) {
    switch (s) {
      case "None": case "null": case "Null": case "NULL": case "undefined": case "nil":
        return true;
      default:
        return false;
    }
  }

  // ---------------------------------------------------------------- enum and const

  private Outcome alignChoice(Node n, Schema s) {
    List<JsonNode> values = new ArrayList<>();
    List<List<String>> names = new ArrayList<>();
    if (s.constValue != null) {
      if (s.enumValues != null && !s.enumValues.contains(s.constValue)) {
        return Outcome.fail("", "the schema's const and enum exclude each other");
      }
      values.add(s.constValue);
      int idx = s.enumValues == null ? -1 : s.enumValues.indexOf(s.constValue);
      names.add(idx >= 0 ? s.enumNames.get(idx)
          : List.of(s.constValue.isString() ? s.constValue.asString() : s.constValue.toString()));
    } else {
      values.addAll(s.enumValues);
      names.addAll(s.enumNames);
    }
    if (n.isContainer()) {
      return Outcome.fail("", "expected one of " + describe(values) + ", found " + n.describe());
    }
    JsonNode plain = plain(n);
    for (int i = 0; i < values.size(); i++) {
      JsonNode v = values.get(i);
      String vText = v.isString() ? v.asString() : v.toString();
      if (sameValue(plain, v) && names.get(i).contains(vText) && !(n.bare && n.kind == Node.Kind.STRING
          && !v.isString())) {
        return Outcome.ok(v, 0, NONE);
      }
    }
    if (!coerce) {
      return Outcome.fail("", "expected one of " + describe(values) + ", found " + n.describe());
    }
    String text = n.kind == Node.Kind.STRING || n.kind == Node.Kind.NUMBER ? n.text
        : n.kind == Node.Kind.BOOLEAN ? String.valueOf(n.bool) : "null";
    // exact alias, then equal after folding case, accents and punctuation
    for (int pass = 0; pass < 2; pass++) {
      Set<Integer> hits = new LinkedHashSet<>();
      String folded = Text.fold(text);
      for (int i = 0; i < values.size(); i++) {
        for (String name : names.get(i)) {
          if (pass == 0 ? name.equals(text) : Text.fold(name).equals(folded)) {
            hits.add(i);
          }
        }
        JsonNode v = values.get(i);
        if (pass == 1 && v.isNumber() && n.kind == Node.Kind.STRING) {
          BigDecimal d = Text.numberOrNull(text);
          if (d != null && d.compareTo(v.decimalValue()) == 0) {
            hits.add(i);
          }
        }
        if (pass == 1 && v.isBoolean() && (folded.equals(String.valueOf(v.booleanValue())))) {
          hits.add(i);
        }
      }
      if (hits.size() == 1) {
        int i = hits.iterator().next();
        String how = pass == 0 ? "read the alias " : "matched ";
        return Outcome.ok(values.get(i), pass, note(how + Node.quote(text) + " as "
            + values.get(i)));
      }
      if (hits.size() > 1) {
        return Outcome.fail("", Node.quote(text) + " matches several allowed values: "
            + describe(pick(values, hits)));
      }
    }
    if (n.kind != Node.Kind.STRING) {
      return Outcome.fail("", "expected one of " + describe(values) + ", found " + n.describe());
    }
    // the value named somewhere in a sentence: only if exactly one value is named
    String folded = Text.fold(text);
    List<int[]> spans = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      if (!values.get(i).isString()) {
        continue;
      }
      for (String name : names.get(i)) {
        for (int[] sp : Text.occurrences(folded, Text.fold(name))) {
          spans.add(sp);
          owners.add(i);
        }
      }
    }
    Set<Integer> named = namedOutside(spans, owners);
    if (named.size() == 1) {
      int i = named.iterator().next();
      return Outcome.ok(values.get(i), 2, note("found " + values.get(i) + " named in the text "
          + Node.quote(text)));
    }
    if (named.size() > 1) {
      return Outcome.fail("", "the text names several allowed values (" + describe(pick(values, named))
          + "), so the choice is ambiguous: " + Node.quote(text));
    }
    return Outcome.fail("", "expected one of " + describe(values) + ", found " + n.describe());
  }

  /**
   * The values named by spans that are not inside a longer span naming another value ("car" in
   * "car-2"). One sweep over the spans sorted by start, longest first: O(k log k).
   */
  private static Set<Integer> namedOutside(List<int[]> spans, List<Integer> owners) {
    Integer[] order = new Integer[spans.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> {
      int c = Integer.compare(spans.get(x)[0], spans.get(y)[0]);
      return c != 0 ? c : Integer.compare(spans.get(y)[1], spans.get(x)[1]);
    });
    Set<Integer> named = new LinkedHashSet<>();
    int bestEnd = -1;
    int bestOwner = -1;
    int secondEnd = -1; // the furthest end among owners other than bestOwner
    for (int idx : order) {
      int start = spans.get(idx)[0];
      int end = spans.get(idx)[1];
      int owner = owners.get(idx);
      int otherEnd = owner == bestOwner ? secondEnd : bestEnd;
      boolean inside = otherEnd >= end && otherEnd - start > end - start;
      if (!inside) {
        named.add(owner);
      }
      if (owner == bestOwner) {
        bestEnd = Math.max(bestEnd, end);
      } else if (end > bestEnd) {
        secondEnd = bestEnd;
        bestEnd = end;
        bestOwner = owner;
      } else if (end > secondEnd) {
        secondEnd = end;
      }
    }
    return named;
  }

  private static List<JsonNode> pick(List<JsonNode> values, Set<Integer> idx) {
    List<JsonNode> out = new ArrayList<>();
    idx.forEach(i -> out.add(values.get(i)));
    return out;
  }

  private static String describe(List<JsonNode> values) {
    List<String> parts = new ArrayList<>();
    for (JsonNode v : values) {
      if (parts.size() == 8) {
        parts.add("...");
        break;
      }
      parts.add(v.toString());
    }
    return "[" + String.join(", ", parts) + "]";
  }

  private static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }

  // ---------------------------------------------------------------- helpers

  /** The repairs made to read {@code n} and everything inside it, shaped like the value. */
  private static Log repairsOf(Node n) {
    Log inner = innerRepairs(n);
    if (n.repairs == null) {
      return inner;
    }
    return new Log("", List.copyOf(n.repairs), inner == NONE ? List.of() : List.of(inner));
  }

  /**
   * The repairs made inside {@code n}, and a literal of another language read as JSON's (the
   * reader's own repairs of {@code n} are added by {@link #withNodeRepairs}).
   */
  private static Log innerRepairs(Node n) {
    if (n.literal) {
      return note("read " + n.text + " as the JSON literal it stands for");
    }
    if (!n.isContainer() || n.children.isEmpty()) {
      return NONE;
    }
    List<Log> logs = new ArrayList<>();
    for (int i = 0; i < n.children.size(); i++) {
      Log c = repairsOf(n.children.get(i));
      if (c != NONE) {
        logs.add(c.at("/" + (n.kind == Node.Kind.OBJECT ? esc(n.keys.get(i)) : String.valueOf(i))));
      }
    }
    return logs.isEmpty() ? NONE : new Log("", List.of(), logs);
  }

  /** The value as JSON with no schema to guide it. */
  JsonNode plain(Node n) {
    switch (n.kind) {
      case OBJECT: {
        ObjectNode o = F.objectNode();
        for (int i = 0; i < n.keys.size(); i++) {
          try {
            o.set(n.keys.get(i), plain(n.children.get(i)));
          } catch (Numbers.OutOfRange e) {
            throw e.under("/" + esc(n.keys.get(i)));
          }
        }
        return o;
      }
      case ARRAY: {
        ArrayNode a = F.arrayNode();
        for (int i = 0; i < n.children.size(); i++) {
          try {
            a.add(plain(n.children.get(i)));
          } catch (Numbers.OutOfRange e) {
            throw e.under("/" + i);
          }
        }
        return a;
      }
      case NUMBER:
        return numberNode(n.text, Numbers.parse(n.text));
      case BOOLEAN:
        return F.booleanNode(n.bool);
      case NULL:
        // {"a": , "b": 1} read without a schema: the member is kept with an empty value (with
        // a schema, the field is null where null fits and absent otherwise)
        return n.missing ? F.stringNode("") : F.nullNode();
      default:
        if (n.literal) {
          switch (n.text) {
            case "True": case "TRUE": return F.booleanNode(true);
            case "False": case "FALSE": return F.booleanNode(false);
            case "None": case "NULL": case "Null": case "undefined": case "nil": case "NaN":
            case "Infinity":
              return F.nullNode();
            default:
              break;
          }
        }
        return F.stringNode(n.text);
    }
  }

  /**
   * A string whose content is valid JSON of the wanted kind (alone, or alone in a closed ``` or
   * ~~~ fence), read as a value. Malformed JSON inside a string stays text: the sources agree on
   * refusing to salvage it, since the string was closed around exactly what the model meant.
   */
  private Node jsonInside(String text, char opener) {
    String t = unfenced(text.strip());
    if (t == null || t.isEmpty() || t.charAt(0) != opener) {
      return null;
    }
    try {
      STRICT_JSON.readTree(t);
    } catch (JacksonException e) {
      return null;
    }
    LenientReader r = new LenientReader(t, 0, t.length(), false);
    Node n = r.readValue(LenientReader.Ctx.TOP);
    if (n != null) {
      markDetached(n);
    }
    return n;
  }

  /** The body of a closed ``` or ~~~ fence that is the whole text; the text itself if none. */
  private static String unfenced(String t) {
    String mark = t.startsWith("```") ? "```" : t.startsWith("~~~") ? "~~~" : null;
    if (mark == null) {
      return t;
    }
    int nl = t.indexOf('\n');
    if (nl < 0 || !t.endsWith(mark) || t.length() - mark.length() <= nl) {
      return null;
    }
    return t.substring(nl + 1, t.length() - mark.length()).strip();
  }

  /** Spans of a value read from inside a string do not point into the output text. */
  private static void markDetached(Node root) {
    List<Node> todo = new ArrayList<>();
    todo.add(root);
    while (!todo.isEmpty()) {
      Node n = todo.remove(todo.size() - 1);
      n.end = n.start;
      todo.addAll(n.children);
    }
  }

  static String esc(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
