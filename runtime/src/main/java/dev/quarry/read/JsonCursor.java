package dev.quarry.read;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A strict JSON cursor over one answer {@code String}: the tokens Jackson's {@code JsonParser}
 * gives for the same text, at the same moments, with the same offsets, but without its context
 * objects, symbol table and buffers (most of what a small call cost). It accepts only strict JSON
 * as Jackson reads it by default and refuses ({@link #REFUSED}) wherever Jackson throws; near a
 * limit (nesting, a long number or name) it refuses where Jackson might still read on: it may be
 * stricter than Jackson, never more lenient, and its refusal sends the answer to the general path.
 *
 * <p>Jackson's timing is kept because a reader stops at the first violation: a property's value
 * is started (a number or literal checked) when its name is read, a string is checked only when
 * its text is asked for or the cursor moves past it, and anything after a value is looked at only
 * by the next move. The containers open around the current token are kept in one {@code int}
 * array (an array's index, or where an object's current property name starts), from which
 * {@link #pointer} builds a JSON pointer only when one is needed.
 */
final class JsonCursor {
  static final int NONE = 0;
  static final int START_OBJECT = 1;
  static final int END_OBJECT = 2;
  static final int START_ARRAY = 3;
  static final int END_ARRAY = 4;
  static final int NAME = 5;
  static final int STRING = 6;
  static final int INT = 7;
  static final int FLOAT = 8;
  static final int TRUE = 9;
  static final int FALSE = 10;
  static final int NULL = 11;
  /** The end of the text after the root value (Jackson's {@code null} token). */
  static final int END = 12;

  /** Deeper than this is refused (Jackson allows more; the general path decides). */
  static final int MAX_DEPTH = 256;
  /** A number longer than this (in chars) is refused: Jackson's limit counts fewer of them. */
  static final int MAX_NUMBER = 1_000;
  /** Jackson's {@code maxNameLength}. */
  static final int MAX_NAME = 50_000;
  /** Far below Jackson's {@code maxStringLength}. */
  static final int MAX_STRING = 20_000_000;

  /** Not strict JSON, or too near a limit: thrown without a stack, caught by {@link JsonIn}. */
  static final RuntimeException REFUSED = new Refused();

  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused() {
      super("not strict JSON", null, false, false);
    }
  }

  /** A stack slot of an object that has no current property yet. */
  private static final int NO_NAME = Integer.MIN_VALUE;

  private static final int INTERNED = 1024;
  private static final int MAX_INTERNED_LENGTH = 64;
  /**
   * Property names seen before, by their chars' hash: a name found here costs no String. Racy on
   * purpose: Strings are immutable, so a thread sees either a whole one or none.
   */
  private static final String[] NAMES = new String[INTERNED];

  private String text;
  /** Where the next move starts reading. */
  private int pos;
  private byte token = NONE;
  /** The current token's first char (on a name: its value's, see {@link #tokenStart}). */
  private int start;
  /**
   * Just after the current token's text: a number's or literal's end, a string's closing quote
   * (once {@link #stringDone}), past a bracket.
   */
  private int stop;
  /**
   * The value token read with a property name, given by the next move (Jackson's way); while on
   * the name, {@link #start} and {@link #stop} are already the value's.
   */
  private byte pending = NONE;
  /** Whether the current string has been scanned to its closing quote (and checked). */
  private boolean stringDone;
  /** Whether the current string (or name) has an escape. */
  private boolean escaped;
  private String name;
  private String value;
  private BigDecimal decimal;
  /**
   * The open containers, outermost first: an array's current index ({@code >= -1}), or an
   * object's current property as {@code -2 - } its name's opening quote ({@link #NO_NAME} before
   * the first).
   */
  private int[] stack = new int[8];
  private int depth;

  JsonCursor(String text) {
    this(text, 0);
  }

  /** A cursor whose first token starts at {@code from} (a container of {@code text}). */
  JsonCursor(String text, int from) {
    this.text = text;
    this.pos = from;
  }

  /** Makes this cursor a new one over {@code text} (its stack kept: a reused cursor's). */
  void reset(String text) {
    this.text = text;
    pos = 0;
    token = NONE;
    pending = NONE;
    start = 0;
    stop = 0;
    depth = 0;
    stringDone = false;
    escaped = false;
    name = null;
    value = null;
    decimal = null;
  }

  /** Lets go of the text and what was read from it. */
  void release() {
    reset(null);
  }

  int token() {
    return token;
  }

  /** The offset of the current token's first char, as Jackson's token location gives it. */
  int tokenStart() {
    return token == NAME ? -2 - stack[depth - 1] : start;
  }

  /** Open containers (the one the current start token opens included, an ended one not). */
  int depth() {
    return depth;
  }

  /** Moves to the next token and returns its kind; {@link #REFUSED} where Jackson throws. */
  int next() {
    if (token == NAME) {
      return valueAfterName();
    }
    if (token == STRING && !stringDone) {
      scanString(); // Jackson checks a string it skips
    }
    value = null;
    decimal = null;
    name = null;
    int c = space();
    if (c < 0) {
      if (depth > 0) {
        throw REFUSED;
      }
      start = text.length();
      return token = END;
    }
    if (c == '}' || c == ']') {
      int top = depth == 0 ? 0 : stack[depth - 1];
      if (depth == 0 || (c == '}') != (top < -1)) {
        throw REFUSED;
      }
      depth--;
      start = pos;
      stop = ++pos;
      return token = (byte) (c == '}' ? END_OBJECT : END_ARRAY);
    }
    if (depth == 0) {
      if (token != NONE) {
        throw REFUSED; // a second root value: Jackson reads it, JsonIn leaves it to the general
        // path either way
      }
      return token = (byte) value(c);
    }
    int top = stack[depth - 1];
    boolean inObject = top < -1;
    if (inObject ? top != NO_NAME : top >= 0) {
      if (c != ',') {
        throw REFUSED;
      }
      pos++;
      c = space();
      if (c < 0) {
        throw REFUSED;
      }
    }
    if (!inObject) {
      stack[depth - 1] = top + 1;
      return token = (byte) value(c);
    }
    if (c != '"') {
      throw REFUSED;
    }
    int quote = pos;
    stack[depth - 1] = -2 - quote;
    int close = nameEnd(quote);
    name = intern(quote + 1, close, escaped);
    pos = close + 1;
    if (space() != ':') {
      throw REFUSED;
    }
    pos++;
    c = space();
    if (c < 0) {
      throw REFUSED;
    }
    pending = (byte) value(c);
    return token = NAME;
  }

  private int valueAfterName() {
    byte kind = pending;
    pending = NONE;
    if (kind == START_OBJECT || kind == START_ARRAY) {
      open(kind);
    }
    return token = kind;
  }

  /**
   * Starts the value whose first char {@code c} is at {@link #pos}: a container is opened (unless
   * it follows a name: then {@link #valueAfterName} opens it), a number or literal checked, a
   * string only started.
   */
  private int value(int c) {
    start = pos;
    switch (c) {
      case '"':
        stringDone = false;
        pos++;
        return STRING;
      case '{':
      case '[': {
        stop = ++pos;
        int kind = c == '{' ? START_OBJECT : START_ARRAY;
        if (!inObjectTop()) {
          open(kind);
        }
        return kind;
      }
      case 't':
        return literal("true", TRUE);
      case 'f':
        return literal("false", FALSE);
      case 'n':
        return literal("null", NULL);
      default:
        if (c == '-' || c >= '0' && c <= '9') {
          return number();
        }
        throw REFUSED;
    }
  }

  /** Whether the value being started is a property's (its container opens after the name). */
  private boolean inObjectTop() {
    return depth > 0 && stack[depth - 1] < -1;
  }

  private void open(int kind) {
    if (depth == MAX_DEPTH) {
      throw REFUSED;
    }
    if (depth == stack.length) {
      int[] grown = new int[Math.min(MAX_DEPTH, depth * 2)];
      System.arraycopy(stack, 0, grown, 0, depth);
      stack = grown;
    }
    stack[depth++] = kind == START_OBJECT ? NO_NAME : -1;
  }

  /** The first char from {@link #pos} that is not JSON space, or -1 at the end; pos is on it. */
  private int space() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c > ' ') {
        return c;
      }
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        throw REFUSED;
      }
      pos++;
    }
    return -1;
  }

  private int literal(String word, int kind) {
    if (!text.startsWith(word, pos)) {
      throw REFUSED;
    }
    pos += word.length();
    // Jackson's check after a literal: "truex" and "true1" are refused, "true]" and "true," not.
    if (pos < text.length()) {
      char c = text.charAt(pos);
      if (c >= '0' && c != ']' && c != '}' && Character.isJavaIdentifierPart(c)) {
        throw REFUSED;
      }
    }
    stop = pos;
    return kind;
  }

  /**
   * A number by JSON's grammar ({@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}); a root
   * number must be followed by space or the end, as Jackson wants. Jackson 3 also refuses, with
   * the number itself, {@code 0x}/{@code 0X} and a second decimal point ({@code 1.5.}); any other
   * char after a number it refuses only at the next token.
   */
  private int number() {
    int i = pos;
    boolean fraction = false;
    if (text.charAt(i) == '-') {
      i++;
    }
    if (i >= text.length()) {
      throw REFUSED;
    }
    char first = text.charAt(i);
    if (first == '0') {
      i++;
      if (i < text.length() && (isDigit(text.charAt(i)) || (text.charAt(i) | 0x20) == 'x')) {
        throw REFUSED; // a leading zero, or what Jackson takes for a hexadecimal number
      }
    } else {
      int digits = digits(i);
      if (digits == i) {
        throw REFUSED;
      }
      i = digits;
    }
    if (i < text.length() && text.charAt(i) == '.') {
      fraction = true;
      int digits = digits(i + 1);
      if (digits == i + 1 || digits < text.length() && text.charAt(digits) == '.') {
        throw REFUSED; // Jackson refuses a second decimal point with the number, not after it
      }
      i = digits;
    }
    if (i < text.length() && (text.charAt(i) | 0x20) == 'e') {
      fraction = true;
      i++;
      if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
        i++;
      }
      int digits = digits(i);
      if (digits == i) {
        throw REFUSED;
      }
      i = digits;
    }
    if (i - pos > MAX_NUMBER) {
      throw REFUSED;
    }
    if (depth == 0 && i < text.length()) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        throw REFUSED; // Jackson wants space between root values
      }
    }
    pos = i;
    stop = i;
    return fraction ? FLOAT : INT;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private int digits(int from) {
    int i = from;
    while (i < text.length() && isDigit(text.charAt(i))) {
      i++;
    }
    return i;
  }

  // ---- strings and names ---------------------------------------------------------------------

  private void scanString() {
    int close = stringEnd(start, MAX_STRING, false);
    stringDone = true;
    stop = close;
    pos = close + 1;
  }

  /** At a name's opening quote: the index of its closing quote. */
  private int nameEnd(int quote) {
    return stringEnd(quote, MAX_NAME, true);
  }

  /**
   * From an opening quote: the index of the closing one ({@link StrictJson#stringEnd}, which
   * also says whether the string has an escape); {@link #REFUSED} where Jackson would throw.
   */
  private int stringEnd(int quote, int limit, boolean inName) {
    int found = StrictJson.stringEnd(text, quote, limit, inName);
    if (found == StrictJson.REFUSED) {
      throw REFUSED;
    }
    escaped = StrictJson.escaped(found);
    return StrictJson.close(found);
  }

  /** The current property's name (on a name or its value), as Jackson's {@code currentName}. */
  String name() {
    if (name == null) {
      int at = depth == 0 ? NO_NAME : stack[depth - 1];
      if (token == START_OBJECT || token == START_ARRAY) {
        at = depth < 2 ? NO_NAME : stack[depth - 2];
      }
      if (at >= -1 || at == NO_NAME) {
        return null;
      }
      name = nameAt(-2 - at);
    }
    return name;
  }

  /** The name whose opening quote is at {@code quote}, without a new String when seen before. */
  private String nameAt(int quote) {
    boolean valueEscaped = escaped; // the current string's, if any: keep it
    int close = nameEnd(quote);
    boolean nameEscaped = escaped;
    escaped = valueEscaped;
    return intern(quote + 1, close, nameEscaped);
  }

  private String intern(int from, int close, boolean nameEscaped) {
    if (nameEscaped) {
      return decode(from, close);
    }
    if (close - from > MAX_INTERNED_LENGTH) {
      return text.substring(from, close);
    }
    int slot = StrictJson.slot(text, from, close, INTERNED);
    String known = NAMES[slot];
    if (known != null && StrictJson.sameText(known, text, from, close)) {
      return known;
    }
    String fresh = text.substring(from, close);
    NAMES[slot] = fresh;
    return fresh;
  }

  /** The current string's text (checked now if not yet), as Jackson's {@code getText}. */
  String string() {
    if (value == null) {
      if (!stringDone) {
        scanString();
      }
      value = escaped ? decode(start + 1, stop) : text.substring(start + 1, stop);
    }
    return value;
  }

  /** The chars between {@code from} and {@code to}, escapes decoded (checked before). */
  private String decode(int from, int to) {
    return StrictJson.decode(text, from, to, new StringBuilder(to - from)).toString();
  }

  /** The current token's text as Jackson's {@code getText} gives it. */
  String text() {
    switch (token) {
      case STRING:
        return string();
      case NAME:
        return name();
      case INT:
      case FLOAT:
      case TRUE:
      case FALSE:
      case NULL:
        return text.substring(start, stop);
      case START_OBJECT:
        return "{";
      case END_OBJECT:
        return "}";
      case START_ARRAY:
        return "[";
      case END_ARRAY:
        return "]";
      default:
        return null;
    }
  }

  // ---- numbers -------------------------------------------------------------------------------

  /** Whether the current integer does not fit a {@code long} (Jackson's {@code BIG_INTEGER}). */
  boolean big() {
    return token == INT && !fitsLong();
  }

  private boolean fitsLong() {
    int digits = stop - start - (text.charAt(start) == '-' ? 1 : 0);
    if (digits < 19) {
      return true;
    }
    if (digits > 19) {
      return false;
    }
    String limit = text.charAt(start) == '-' ? "9223372036854775808" : "9223372036854775807";
    int first = stop - 19;
    for (int i = 0; i < 19; i++) {
      char c = text.charAt(first + i);
      char l = limit.charAt(i);
      if (c != l) {
        return c < l;
      }
    }
    return true;
  }

  /** The current integer, which must fit a {@code long}. */
  long longValue() {
    if (token != INT || !fitsLong()) {
      throw REFUSED;
    }
    boolean negative = text.charAt(start) == '-';
    long value = 0;
    for (int i = negative ? start + 1 : start; i < stop; i++) {
      value = value * 10 - (text.charAt(i) - '0'); // negative: Long.MIN_VALUE fits
    }
    return negative ? value : -value;
  }

  BigInteger bigIntegerValue() {
    if (token != INT) {
      throw REFUSED;
    }
    return fitsLong()
        ? BigInteger.valueOf(longValue())
        : new BigInteger(text.substring(start, stop));
  }

  /** The current number exactly, from its text (an exponent kept, never expanded). */
  BigDecimal decimalValue() {
    if (decimal == null) {
      if (token == INT && fitsLong()) {
        decimal = BigDecimal.valueOf(longValue());
      } else if (token == FLOAT && simple()) {
        // the unscaled value and scale new BigDecimal(text) gives
        decimal = BigDecimal.valueOf(negative() ? -digits : digits, -scale);
      } else if (token == INT) {
        decimal = new BigDecimal(text.substring(start, stop));
      } else if (token == FLOAT) {
        decimal = exactDecimal();
      } else {
        throw REFUSED;
      }
    }
    return decimal;
  }

  /**
   * The current number as {@code new BigDecimal(text)} defines it (all its digits unscaled, the
   * scale its fraction digits less its exponent), built here because the JDKs disagree at the
   * edges: JDK 17 refuses {@code 1.5e2147483648}, JDK 25 accepts {@code 1e2147483648}. Jackson
   * refuses exactly the numbers whose scale is outside {@code ±Integer.MAX_VALUE}, on every JDK,
   * and so does this; the exponent is never expanded.
   */
  private BigDecimal exactDecimal() {
    StringBuilder unscaled = new StringBuilder(stop - start);
    int i = start;
    if (text.charAt(i) == '-') {
      unscaled.append('-');
      i++;
    }
    long fraction = 0;
    boolean inFraction = false;
    for (; i < stop; i++) {
      char c = text.charAt(i);
      if (c == '.') {
        inFraction = true;
      } else if (isDigit(c)) {
        unscaled.append(c);
        if (inFraction) {
          fraction++;
        }
      } else {
        break; // the exponent
      }
    }
    long exponent = exponent(i, 12); // more digits: beyond any scale an int holds
    if (exponent == NO_EXPONENT) {
      throw REFUSED;
    }
    long scale = fraction - exponent;
    if (scale > Integer.MAX_VALUE || scale < -Integer.MAX_VALUE) {
      throw REFUSED;
    }
    return new BigDecimal(new BigInteger(unscaled.toString()), (int) scale);
  }

  /** Exact powers of ten as doubles (up to 1e22, the last a double holds exactly). */
  private static final double[] POWERS = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };
  private static final float[] FLOAT_POWERS = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f,
    1e9f, 1e10f};

  private boolean negative() {
    return text.charAt(start) == '-';
  }

  double doubleValue() {
    if (token == INT && fitsLong()) {
      return (double) longValue(); // rounded as Double.parseDouble rounds
    }
    // Clinger's fast path: digits and a power of ten both exact doubles, so one division (or
    // product) rounds once, exactly as Double.parseDouble would; no String for the usual prices.
    if (token == FLOAT && simple() && digits < 1L << 53 && scale >= -22 && scale <= 22) {
      double value = scale >= 0 ? digits * POWERS[scale] : digits / POWERS[-scale];
      return negative() ? -value : value;
    }
    if (token == INT || token == FLOAT) {
      return Double.parseDouble(text.substring(start, stop));
    }
    throw REFUSED;
  }

  float floatValue() {
    if (token == INT && fitsLong()) {
      return (float) longValue();
    }
    if (token == FLOAT && simple() && digits < 1L << 24 && scale >= -10 && scale <= 10) {
      float value = scale >= 0 ? digits * FLOAT_POWERS[scale] : digits / FLOAT_POWERS[-scale];
      return negative() ? -value : value;
    }
    if (token == INT || token == FLOAT) {
      return Float.parseFloat(text.substring(start, stop));
    }
    throw REFUSED;
  }

  /** Of the current decimal, when {@link #simple}: its digits and power of ten. */
  private long digits;
  private int scale;

  /**
   * Whether the current decimal's digits (all of them, the fraction's too) fit 18 decimal places
   * and its exponent 4: then {@link #digits} {@code * 10^}{@link #scale} is its exact value.
   */
  private boolean simple() {
    int i = start;
    if (text.charAt(i) == '-') {
      i++;
    }
    long value = 0;
    int count = 0;
    int fraction = 0;
    boolean inFraction = false;
    for (; i < stop; i++) {
      char c = text.charAt(i);
      if (c == '.') {
        inFraction = true;
      } else if (isDigit(c)) {
        if (value != 0 || c != '0') {
          if (++count > 18) {
            return false;
          }
        }
        value = value * 10 + (c - '0');
        if (inFraction) {
          fraction++;
        }
      } else {
        break; // the exponent
      }
    }
    long exponent = exponent(i, 4);
    if (exponent == NO_EXPONENT) {
      return false;
    }
    digits = value;
    scale = (int) exponent - fraction;
    return true;
  }

  /** What {@link #exponent} gives for an exponent with more significant digits than allowed. */
  private static final long NO_EXPONENT = Long.MIN_VALUE;

  /**
   * The exponent of the current number, whose significand ends at {@code mark} (its {@code e} or
   * {@code E}, or {@link #stop} when it has none: then 0); {@link #NO_EXPONENT} when it has more
   * than {@code maxDigits} digits after its leading zeros, so nothing is ever expanded.
   */
  private long exponent(int mark, int maxDigits) {
    if (mark >= stop) {
      return 0;
    }
    int i = mark + 1;
    boolean down = text.charAt(i) == '-';
    if (down || text.charAt(i) == '+') {
      i++;
    }
    while (i < stop && text.charAt(i) == '0') {
      i++;
    }
    if (stop - i > maxDigits) {
      return NO_EXPONENT;
    }
    long value = 0;
    for (; i < stop; i++) {
      value = value * 10 + (text.charAt(i) - '0');
    }
    return down ? -value : value;
  }

  // ---- containers ----------------------------------------------------------------------------

  /** On a container's start, moves to its end (checking all between); elsewhere does nothing. */
  void skipChildren() {
    if (token != START_OBJECT && token != START_ARRAY) {
      return;
    }
    int level = depth - 1;
    while (depth > level) {
      next();
    }
  }

  /**
   * The JSON pointer of the first {@code levels} open containers' current places: each object's
   * current property, each array's current index (0 before its first), as Jackson's contexts give
   * them.
   */
  String pointer(int levels) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < levels; i++) {
      int slot = stack[i];
      if (slot >= -1) {
        out.append('/').append(Math.max(slot, 0));
      } else if (slot != NO_NAME) {
        String property = nameAt(-2 - slot);
        out.append('/').append(escape(property));
      }
    }
    return out.toString();
  }

  static String escape(String name) {
    return name.indexOf('~') < 0 && name.indexOf('/') < 0
        ? name
        : name.replace("~", "~0").replace("/", "~1");
  }
}
