package dev.quarry.read;

import dev.quarry.Violation;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The cursor a generated reader moves through one answer: a strict JSON cursor of our own
 * ({@code JsonCursor}, the tokens Jackson's streaming parser gives, without its per-parser
 * buffers and contexts), plus the schema checks, each reporting what networknt reports for the
 * same keyword (pointer, message, the value found). Generated code calls these methods; a reader
 * stops at the first violation. Jackson is used only to write the value a violation quotes.
 *
 * <p>Conventions: every read works on the <em>current</em> token, which {@link #nextName} and
 * {@link #nextElement} move to; {@code expected} is the schema's {@code type} as networknt names
 * it in messages ({@code "string"}, {@code "[integer, null]"}, ...). Nothing here uses
 * reflection or Jackson databind.
 */
public final class JsonIn {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final int MAX_QUOTED = 80;
  private static final Pattern UUID_FORM =
      Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  /** networknt's strict {@code duration} form (its default), case-insensitive as there. */
  private static final Pattern DURATION_FORM =
      Pattern.compile(
          "^(?:P\\d+W)|(?:P(?:\\d+Y)?(?:\\d+M)?(?:\\d+D)?(?:T(?:\\d+H)?(?:\\d+M)?(?:\\d+S)?)?)$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern EMAIL_FORM =
      Pattern.compile(
          "^[A-Za-z0-9_+-]+(\\.[A-Za-z0-9_+-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+"
              + "(com|org|net|edu|gov|io|dev|info|de|fr|uk|ch|nl|it|es|at|se)$");
  private static final Pattern DATE_FORM = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");
  private static final Pattern DATE_TIME_FORM =
      Pattern.compile(
          "^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})$");

  /** Stops a reader: carries the violation (or none: undecided) to {@link #read}; no stack. */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Violation violation;

    Stop(Violation violation) {
      super(null, null, false, false);
      this.violation = violation;
    }
  }

  private static final Stop UNDECIDED = new Stop(null);
  private static final Object[] NO_ITEMS = {};

  /**
   * This thread's reader state after its last call, reused by its next: the cursor, its stack and
   * this object were most of what a small call still cost. Taken while in use ({@link #busy}), so
   * that a read inside a read (a constructor that reads) gets a state of its own.
   */
  private static final ThreadLocal<JsonIn> SPARE = new ThreadLocal<>();
  /** An item stack longer than this is not kept for the thread's next call. */
  private static final int KEPT_ITEMS = 1024;

  private final JsonCursor cursor = new JsonCursor("");
  /** The answer {@link #cursor} reads; null between calls. */
  private String text;
  private boolean busy;
  /**
   * Where the object {@link #tag} looked through (and so checked to its end) starts, for {@link
   * #variant} not to check it again; -1 when none.
   */
  private int checkedObject = -1;
  /**
   * The items of the arrays being read, the innermost array's last: one stack for the whole
   * answer, so each list is made once at its array's end with exactly its items' room (a list
   * grown item by item starts at ten slots and copies itself as it grows).
   */
  private Object[] items = NO_ITEMS;
  private int itemCount;

  private JsonIn() {}

  private static JsonIn take(String text) {
    JsonIn spare = SPARE.get();
    JsonIn in;
    if (spare != null && !spare.busy) {
      in = spare;
    } else {
      in = new JsonIn();
      if (spare == null) {
        SPARE.set(in);
      }
    }
    in.busy = true;
    in.text = text;
    in.cursor.reset(text);
    in.checkedObject = -1;
    return in;
  }

  /** Clears what the call left (items of a read a violation stopped too) and frees the state. */
  private void giveBack() {
    Arrays.fill(items, 0, itemCount, null);
    itemCount = 0;
    if (items.length > KEPT_ITEMS) {
      items = NO_ITEMS;
    }
    text = null;
    cursor.release();
    busy = false;
  }

  /**
   * Reads {@code text} with {@code root}: the value when the text is one JSON value that passes
   * the schema, the first violation when it does not, undecided when the reader cannot tell.
   */
  public static <T> Read<T> read(String text, AnswerReader<T> root) {
    JsonIn in = take(text);
    try {
      if (in.cursor.next() == JsonCursor.END) {
        return Read.cannotDecide();
      }
      T value = root.read(in);
      if (in.cursor.next() != JsonCursor.END) {
        return Read.cannotDecide(); // something after the value: the lenient path's business
      }
      return Read.valid(value);
    } catch (Stop stop) {
      return stop.violation == null ? Read.cannotDecide() : Read.invalid(stop.violation);
    } catch (RuntimeException e) {
      // Not plain JSON, or a record's constructor rejected the values: the general path says how.
      return Read.cannotDecide();
    } finally {
      in.giveBack();
    }
  }

  // ---- structure -------------------------------------------------------------------------------

  /** The current token must start an object; {@code expected} names the schema's type. */
  public void beginObject(String expected) {
    if (cursor.token() != JsonCursor.START_OBJECT) {
      throw typeMismatch(expected);
    }
  }

  /**
   * Moves to the next property's value and returns its name, or returns {@code null} at the end
   * of the object (the current token is then its end).
   */
  public String nextName() {
    if (cursor.next() == JsonCursor.END_OBJECT) {
      return null;
    }
    String name = cursor.name();
    cursor.next();
    return name;
  }

  /** Marks property {@code bit} as seen; a property given twice is left to the general path. */
  public long once(long seen, long bit) {
    if ((seen & bit) != 0) {
      throw UNDECIDED;
    }
    return seen | bit;
  }

  /** A property the schema does not define ({@code additionalProperties: false}). */
  public void unknown(String name) {
    throw new Stop(
        new Violation(
            objectPointerFromValue(),
            "additionalProperties",
            "property '"
                + name
                + "' is not defined in the schema and the schema does not allow additional"
                + " properties"));
  }

  /** After the object's end: every bit of {@code required} must be in {@code seen}. */
  public void required(long seen, long required, String[] names) {
    long missing = required & ~seen;
    if (missing == 0) {
      return;
    }
    String name = names[Long.numberOfTrailingZeros(missing)];
    throw new Stop(
        new Violation(pointer(cursor.depth()), "required",
            "required property '" + name + "' not found"));
  }

  /** The current token must start an array. */
  public void beginArray(String expected) {
    if (cursor.token() != JsonCursor.START_ARRAY) {
      throw typeMismatch(expected);
    }
  }

  /** Moves to the next element; {@code false} at the end of the array. */
  public boolean nextElement() {
    return cursor.next() != JsonCursor.END_ARRAY;
  }

  /**
   * Where the items of the array about to be read start: pass it to {@link #list} at the array's
   * end. Between the two, each item is given to {@link #item}.
   */
  public int items() {
    return itemCount;
  }

  /** One item of the innermost array being read. */
  public void item(Object value) {
    if (itemCount == items.length) {
      items = Arrays.copyOf(items, Math.max(16, itemCount * 2));
    }
    items[itemCount++] = value;
  }

  /**
   * The items given to {@link #item} since {@link #items} returned {@code from}, in order, as a
   * new list of exactly their number (a caller may still add to it); they leave the stack.
   */
  @SuppressWarnings("unchecked")
  public <T> ArrayList<T> list(int from) {
    ArrayList<T> list = new ArrayList<>(itemCount - from);
    for (int i = from; i < itemCount; i++) {
      list.add((T) items[i]);
      items[i] = null;
    }
    itemCount = from;
    return list;
  }

  /** Whether the current token is {@code null}. */
  public boolean isNull() {
    return cursor.token() == JsonCursor.NULL;
  }

  // ---- scalars ---------------------------------------------------------------------------------

  public String string(String expected) {
    if (cursor.token() != JsonCursor.STRING) {
      throw typeMismatch(expected);
    }
    return cursor.string();
  }

  public boolean bool(String expected) {
    int token = cursor.token();
    if (token == JsonCursor.TRUE) {
      return true;
    }
    if (token == JsonCursor.FALSE) {
      return false;
    }
    throw typeMismatch(expected);
  }

  /** An integer as JSON schema means it (so {@code 5.0} too) within {@code long}'s range. */
  public long int64(String expected) {
    int token = cursor.token();
    if (token == JsonCursor.INT) {
      if (cursor.big()) {
        throw UNDECIDED; // valid JSON, but not for a long: binding says so
      }
      return cursor.longValue();
    }
    if (token == JsonCursor.FLOAT) {
      BigDecimal value = cursor.decimalValue();
      if (!integral(value)) {
        throw typeMismatch(expected);
      }
      try {
        return value.longValueExact();
      } catch (ArithmeticException e) {
        throw UNDECIDED;
      }
    }
    throw typeMismatch(expected);
  }

  public int int32(String expected) {
    return (int) range(int64(expected), Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  public short int16(String expected) {
    return (short) range(int64(expected), Short.MIN_VALUE, Short.MAX_VALUE);
  }

  public byte int8(String expected) {
    return (byte) range(int64(expected), Byte.MIN_VALUE, Byte.MAX_VALUE);
  }

  public BigInteger bigInteger(String expected) {
    int token = cursor.token();
    if (token == JsonCursor.INT) {
      return cursor.bigIntegerValue();
    }
    if (token == JsonCursor.FLOAT) {
      BigDecimal value = cursor.decimalValue();
      if (!integral(value)) {
        throw typeMismatch(expected);
      }
      return value.toBigIntegerExact();
    }
    throw typeMismatch(expected);
  }

  public double float64(String expected) {
    number(expected);
    double value = cursor.doubleValue();
    if (Double.isInfinite(value)) {
      throw UNDECIDED;
    }
    return value;
  }

  public float float32(String expected) {
    number(expected);
    float value = cursor.floatValue();
    if (Float.isInfinite(value)) {
      throw UNDECIDED;
    }
    return value;
  }

  public BigDecimal decimal(String expected) {
    number(expected);
    return cursor.decimalValue();
  }

  private void number(String expected) {
    int token = cursor.token();
    if (token != JsonCursor.INT && token != JsonCursor.FLOAT) {
      throw typeMismatch(expected);
    }
  }

  /** A string with {@code format: date}, as a {@link LocalDate}. */
  public LocalDate date(String expected) {
    String value = string(expected);
    if (DATE_FORM.matcher(value).matches()) {
      try {
        return LocalDate.parse(value);
      } catch (DateTimeException e) {
        // reported below
      }
    }
    throw formatMismatch("date", "RFC 3339 full-date");
  }

  /**
   * A {@link LocalDateTime} written as the schema's {@code pattern} says (JSON Schema's {@code
   * date-time} needs an offset, which a local date-time has none of).
   */
  public LocalDateTime localDateTime(String expected, Pattern pattern, String source) {
    matching(string(expected), pattern, source);
    try {
      return LocalDateTime.parse(cursor.text());
    } catch (DateTimeException e) {
      throw UNDECIDED; // the pattern allows 2024-02-30T10:00; binding says what is wrong
    }
  }

  /** A {@link LocalTime} written as the schema's {@code pattern} says. */
  public LocalTime localTime(String expected, Pattern pattern, String source) {
    matching(string(expected), pattern, source);
    try {
      return LocalTime.parse(cursor.text());
    } catch (DateTimeException e) {
      throw UNDECIDED;
    }
  }

  private void matching(String value, Pattern pattern, String source) {
    if (!pattern.matcher(value).find()) {
      throw violation("pattern", "does not match the regex pattern " + source);
    }
  }

  /** A string of exactly one character ({@code minLength} and {@code maxLength} 1). */
  public char character(String expected) {
    String value = string(expected);
    minLength(1);
    maxLength(1);
    if (value.length() != 1) {
      throw UNDECIDED; // one code point outside the BMP: a Java char cannot hold it
    }
    return value.charAt(0);
  }

  /**
   * A string with {@code format: date-time} in its plain RFC 3339 form (seconds, optional
   * fraction, {@code Z} or {@code ±hh:mm}; {@code t} and {@code z} in either case), as an {@link
   * OffsetDateTime}; any other form (a leap second, a space for {@code T}) is left to the
   * general path.
   */
  private OffsetDateTime dateTime(String expected) {
    String value = string(expected);
    if (!DATE_TIME_FORM.matcher(value).matches()) {
      throw UNDECIDED;
    }
    try {
      return OffsetDateTime.parse(value.toUpperCase(java.util.Locale.ROOT));
    } catch (DateTimeException e) {
      throw UNDECIDED;
    }
  }

  /** {@code format: date-time} as an {@link Instant}. */
  public Instant instant(String expected) {
    return dateTime(expected).toInstant();
  }

  /**
   * {@code format: date-time} as an {@link OffsetDateTime} in UTC, as Jackson binds it (it adjusts
   * to the context time zone, UTC by default).
   */
  public OffsetDateTime offsetDateTime(String expected) {
    return dateTime(expected).withOffsetSameInstant(ZoneOffset.UTC);
  }

  /** A string with {@code format: uuid}, as a {@link UUID}. */
  public UUID uuid(String expected) {
    String value = string(expected);
    if (!UUID_FORM.matcher(value).matches()) {
      throw formatMismatch("uuid", "RFC 4122 UUID");
    }
    return UUID.fromString(value);
  }

  /**
   * {@code format: date-time} as a {@link ZonedDateTime} in UTC, as Jackson binds it (adjusted
   * to the context time zone, UTC by default, and the zone normalised to the offset).
   */
  public ZonedDateTime zonedDateTime(String expected) {
    return dateTime(expected).atZoneSameInstant(ZoneOffset.UTC);
  }

  /**
   * A string with {@code format: duration}, as a {@link Duration}: valid when networknt's strict
   * {@code duration} form (weeks, years, months, days, hours, minutes, whole seconds) matches and
   * {@link Duration#parse} (Jackson's binding) reads it; anything else is left to the general path,
   * which says whether and how it breaks the schema (a form Java cannot hold, e.g. {@code P1Y},
   * fails binding there).
   */
  public Duration duration(String expected) {
    String value = string(expected);
    if (value.endsWith("P") || value.endsWith("T") || !DURATION_FORM.matcher(value).matches()) {
      throw UNDECIDED; // networknt reports the format violation
    }
    try {
      return Duration.parse(value);
    } catch (DateTimeException | ArithmeticException e) {
      throw UNDECIDED;
    }
  }

  /**
   * A string with {@code format: uri}, as a {@link URI}: valid when it parses as a URI that is
   * absolute, plain ASCII and has no bracket in its query, which is networknt's rule for {@code
   * uri}, and then binds as Jackson binds it ({@link URI#create}); anything else is left to the
   * general path.
   */
  public URI uri(String expected) {
    String value = string(expected);
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw UNDECIDED;
    }
    String query = uri.getRawQuery();
    if (!uri.isAbsolute() || !ascii(value)
        || query != null && (query.indexOf('[') >= 0 || query.indexOf(']') >= 0)) {
      throw UNDECIDED;
    }
    return uri;
  }

  private static boolean ascii(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) >= 127) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code format: email} on the current string: accepted here when it is a plain {@code
   * local@domain} (letters, digits, {@code _ + -} and inner dots; a common top-level domain)
   * that networknt's validator accepts too; any other form is left to the general path.
   */
  public void email() {
    String value = cursor.text();
    int at = value.indexOf('@');
    if (at < 1 || at > 64 || value.length() > 254 || !EMAIL_FORM.matcher(value).matches()) {
      throw UNDECIDED;
    }
  }

  /** The index in {@code names} of the current string ({@code enum}). */
  public int enumIndex(String[] names, String expected) {
    String value = string(expected);
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(value)) {
        return i;
      }
    }
    StringBuilder list = new StringBuilder("[");
    for (int i = 0; i < names.length; i++) {
      list.append(i == 0 ? "\"" : ", \"").append(names[i]).append('"');
    }
    throw violation("enum", "does not have a value in the enumeration " + list.append(']'));
  }

  /** The current value must be the string {@code tag} ({@code const}). */
  public void constant(String tag) {
    if (cursor.token() != JsonCursor.STRING || !tag.equals(cursor.string())) {
      throw violation("const", "must be the constant value '" + tag + "'");
    }
  }

  // ---- keywords on the current value -----------------------------------------------------------

  public void minimum(BigDecimal limit, String shown) {
    if (cursor.decimalValue().compareTo(limit) < 0) {
      throw violation("minimum", "must have a minimum value of " + shown);
    }
  }

  public void maximum(BigDecimal limit, String shown) {
    if (cursor.decimalValue().compareTo(limit) > 0) {
      throw violation("maximum", "must have a maximum value of " + shown);
    }
  }

  public void exclusiveMinimum(BigDecimal limit, String shown) {
    if (cursor.decimalValue().compareTo(limit) <= 0) {
      throw violation("exclusiveMinimum", "must have an exclusive minimum value of " + shown);
    }
  }

  public void exclusiveMaximum(BigDecimal limit, String shown) {
    if (cursor.decimalValue().compareTo(limit) >= 0) {
      throw violation("exclusiveMaximum", "must have an exclusive maximum value of " + shown);
    }
  }

  public void minLength(int limit) {
    String value = cursor.text();
    if (value.length() < limit || value.codePointCount(0, value.length()) < limit) {
      throw violation("minLength", "must be at least " + limit + " characters long");
    }
  }

  public void maxLength(int limit) {
    String value = cursor.text();
    if (value.length() > limit && value.codePointCount(0, value.length()) > limit) {
      throw violation("maxLength", "must be at most " + limit + " characters long");
    }
  }

  /** {@code pattern}: found anywhere in the string, as ECMA-262 and networknt read it. */
  public void pattern(Pattern pattern, String source) {
    if (!pattern.matcher(cursor.text()).find()) {
      throw violation("pattern", "does not match the regex pattern " + source);
    }
  }

  /** After an array's end: {@code minItems}. */
  public void minItems(int limit, int count) {
    if (count < limit) {
      throw containerViolation(
          "minItems", "must have at least " + limit + " items but found " + count);
    }
  }

  public void maxItems(int limit, int count) {
    if (count > limit) {
      throw containerViolation(
          "maxItems", "must have at most " + limit + " items but found " + count);
    }
  }

  /**
   * After an array's end: {@code uniqueItems}, on the bound values. Values equal in Java but
   * perhaps not in JSON ({@code 1} and {@code 1.0}) are left to the general path.
   */
  public void uniqueItems(Collection<?> values) {
    if (new HashSet<>(values).size() != values.size()) {
      throw UNDECIDED;
    }
  }

  /** After an object's end: {@code minProperties}. */
  public void minProperties(int limit, int count) {
    if (count < limit) {
      throw containerViolation("minProperties", "must have at least " + limit + " properties");
    }
  }

  public void maxProperties(int limit, int count) {
    if (count > limit) {
      throw containerViolation("maxProperties", "must have at most " + limit + " properties");
    }
  }

  // ---- unions ----------------------------------------------------------------------------------

  /**
   * The index in {@code tags} of the variant the current object names in its {@code
   * tagProperty}; the object is then read again, from its start, by the variant's reader,
   * through {@link #variant}.
   */
  public int tag(String tagProperty, String[] tags, String expected) {
    beginObject(expected);
    String found = null;
    String quoted = null;
    boolean present = false;
    // The tag may come anywhere in the object: look for it without moving the reader (which then
    // reads the object from its start, through variant).
    int from = cursor.tokenStart();
    JsonCursor look = new JsonCursor(text, from);
    look.next();
    while (look.next() != JsonCursor.END_OBJECT) {
      String name = look.name();
      int value = look.next();
      if (tagProperty.equals(name)) {
        present = true;
        found = value == JsonCursor.STRING ? look.string() : null;
        quoted = quote(look);
      }
      look.skipChildren();
    }
    checkedObject = from;
    if (!present) {
      throw new Stop(new Violation(pointer(cursor.depth() - 1), "required",
          "required property '" + tagProperty + "' not found"));
    }
    for (int i = 0; i < tags.length; i++) {
      if (tags[i].equals(found)) {
        return i;
      }
    }
    String at = pointer(cursor.depth() - 1) + "/" + JsonCursor.escape(tagProperty);
    throw new Stop(new Violation(at, "const",
        "must be the constant value '" + tags[0] + "' (found: " + quoted + ")"));
  }

  /**
   * Reads the current object (whose tag {@link #tag} found) with {@code reader}, in place: its
   * pointers are the answer's. The whole object is checked first, as a parser of its own text
   * would before reading it.
   */
  public <V> V variant(AnswerReader<V> reader) {
    if (cursor.token() != JsonCursor.START_OBJECT) {
      throw UNDECIDED;
    }
    if (checkedObject != cursor.tokenStart()) {
      JsonCursor look = new JsonCursor(text, cursor.tokenStart());
      look.next();
      look.skipChildren();
    }
    checkedObject = -1;
    return reader.read(this);
  }

  // ---- violations ------------------------------------------------------------------------------

  private Stop typeMismatch(String expected) {
    return violation("type", nodeType() + " found, " + expected + " expected");
  }

  private Stop formatMismatch(String format, String rule) {
    return violation("format", "does not match the " + format + " pattern must be a valid " + rule);
  }

  /** A violation of the current value, quoting it as networknt does. */
  private Stop violation(String rule, String message) {
    return new Stop(new Violation(valuePointer(), rule, message + " (found: " + quoteCurrent() + ")"));
  }

  /** A violation of the array or object that just ended. */
  private Stop containerViolation(String rule, String message) {
    return new Stop(new Violation(pointer(cursor.depth()), rule, message));
  }

  private String nodeType() {
    switch (cursor.token()) {
      case JsonCursor.START_OBJECT:
        return "object";
      case JsonCursor.START_ARRAY:
        return "array";
      case JsonCursor.STRING:
        return "string";
      case JsonCursor.INT:
        return "integer";
      case JsonCursor.FLOAT:
        return integral(cursor.decimalValue()) ? "integer" : "number";
      case JsonCursor.TRUE:
      case JsonCursor.FALSE:
        return "boolean";
      case JsonCursor.NULL:
        return "null";
      default:
        throw UNDECIDED;
    }
  }

  private static boolean integral(BigDecimal value) {
    return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
  }

  private String quoteCurrent() {
    return quote(cursor);
  }

  /**
   * The current value of {@code at} as networknt quotes it; a container is read to its end (and
   * written as Jackson's generator copies it, from a parser of its text).
   */
  private String quote(JsonCursor at) {
    int token = at.token();
    String quoted;
    if (token == JsonCursor.STRING) {
      quoted = quoteString(at.string());
    } else if (token == JsonCursor.START_OBJECT || token == JsonCursor.START_ARRAY) {
      int from = at.tokenStart();
      at.skipChildren();
      String container = text.substring(from, at.tokenStart() + 1);
      StringWriter out = new StringWriter();
      try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), container);
          JsonGenerator generator = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
        parser.nextToken();
        generator.copyCurrentStructure(parser);
      }
      quoted = out.toString();
    } else if (token == JsonCursor.FLOAT) {
      quoted = at.decimalValue().toString();
    } else {
      quoted = at.text();
    }
    return quoted.length() <= MAX_QUOTED ? quoted : quoted.substring(0, MAX_QUOTED) + "…";
  }

  private static String quoteString(String value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
      generator.writeString(value);
    }
    return out.toString();
  }

  /** The pointer of the current value. */
  private String valuePointer() {
    return pointer(valueLevels());
  }

  /** Called on a property's value: the pointer of the object holding it. */
  private String objectPointerFromValue() {
    return pointer(valueLevels() - 1);
  }

  /** The open containers around the current value (a container's own not counted). */
  private int valueLevels() {
    int token = cursor.token();
    return token == JsonCursor.START_OBJECT || token == JsonCursor.START_ARRAY
        ? cursor.depth() - 1
        : cursor.depth();
  }

  private String pointer(int levels) {
    return cursor.pointer(levels);
  }

  private static long range(long value, long min, long max) {
    if (value < min || value > max) {
      throw UNDECIDED; // the schema allows it, the Java type cannot hold it: binding says so
    }
    return value;
  }
}
