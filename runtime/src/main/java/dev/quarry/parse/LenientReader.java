package dev.quarry.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Stage one: reads JSON-like values out of text the way a person would, never giving up on a
 * syntax slip. It accepts comments, single, back and smart quotes, unquoted keys and values,
 * missing or extra commas, Python and JavaScript literals, unescaped quotes and newlines inside
 * strings, function-call wrappers such as {@code callback({...})}, and text that stops early.
 *
 * <p>Every decision looks ahead a bounded distance, and the one rescan (cutting an unterminated
 * string back to where it most likely ended) draws on a budget proportional to the input, so
 * reading is linear in the input size. Nesting is capped at {@link #MAX_DEPTH}; deeper input is
 * refused with a {@link ParseException} rather than risking the stack.
 */
final class LenientReader {
  static final int MAX_DEPTH = 400;
  private static final int LOOKAHEAD = 80;
  private static final String RAW_CONTROL =
      "escaped raw control characters (such as newlines) inside the string";

  enum Ctx { TOP, ARRAY, TUPLE, VALUE, KEY }

  private final String s;
  private final int limit;
  private final boolean partial;
  private int pos;
  private int depth;
  /** Shared by every reader of one parse, so that the rescans of all of them stay linear. */
  private final long[] budget;
  private int from;
  private int furthest;
  private long rescanned;
  /** The closers of the containers open at this point, innermost last. */
  private final StringBuilder open = new StringBuilder();

  /** Nesting beyond {@link #MAX_DEPTH}: fatal for the whole parse, never retried elsewhere. */
  static final class TooDeep extends ParseException {
    private static final long serialVersionUID = 1L;

    TooDeep(String message) {
      super(message);
    }
  }

  LenientReader(String s, int from, int limit, boolean partial) {
    this(s, from, limit, partial, new long[] {2L * (limit - from) + 1024});
  }

  /** A reader drawing on {@code budget} for rescans, shared with other readers of the text. */
  LenientReader(String s, int from, int limit, boolean partial, long[] budget) {
    this.s = s;
    this.pos = from;
    this.from = from;
    this.furthest = from;
    this.limit = limit;
    this.partial = partial;
    this.budget = budget;
  }

  int position() {
    return pos;
  }

  /**
   * Starts this reader afresh at {@code p} (same text, limit and rescan budget), so that a scan
   * for many values reads them all with one reader. Its {@link #work()} counts from here on.
   */
  void restart(int p) {
    pos = p;
    from = p;
    furthest = p;
    rescanned = 0;
    depth = 0;
    open.setLength(0);
  }

  /** Characters examined so far: up to the furthest position reached, plus every rescan. */
  long work() {
    return Math.max(pos, furthest) - from + rescanned;
  }

  void position(int p) {
    pos = p;
  }

  // ---------------------------------------------------------------- document level

  /**
   * Reads the values that follow one another from the current position: one value, or several
   * separated by whitespace, commas or newlines ({@code 1\n2\n3}, {@code {..} {..}}). Stops at
   * prose that follows a value, or at a fence.
   */
  List<Node> readSequence() {
    List<Node> values = new ArrayList<>();
    while (true) {
      skipSpaceAndComments();
      if (pos >= limit || s.startsWith("```", pos)) {
        break;
      }
      char c = s.charAt(pos);
      if (c == '}' || c == ']' || c == ')') {
        pos++;
        if (!values.isEmpty()) {
          values.get(values.size() - 1).repair("removed a redundant '" + c + "' after the value");
        }
        continue;
      }
      if (c == ',' || c == ';') {
        pos++;
        continue;
      }
      if (!values.isEmpty() && isWordStart(c)) {
        break;
      }
      int before = pos;
      Node v = readValue(Ctx.TOP);
      if (v == null) {
        if (pos == before) {
          break;
        }
        continue;
      }
      if (v.kind == Node.Kind.OBJECT && v.complete) {
        continueClosedObject(v);
      }
      values.add(v);
    }
    return values;
  }

  /** {@code {"a": 1}, "b": 2}}: an object closed too early goes on with its next member. */
  private void continueClosedObject(Node obj) {
    int save = pos;
    skipSpaceAndComments();
    if (pos < limit && s.charAt(pos) == ',') {
      pos++;
      skipSpaceAndComments();
      if (pos < limit && isQuote(s.charAt(pos)) && quotedKeyFollows(pos)) {
        obj.repair("joined members written after the object's closing brace");
        obj.joined = true;
        depth++;
        open.append('}');
        readMembers(obj);
        open.setLength(open.length() - 1);
        depth--;
        return;
      }
    }
    pos = save;
  }

  // ---------------------------------------------------------------- values

  /** Reads one value at the current position, or returns null when none starts here. */
  Node readValue(Ctx ctx) {
    skipSpaceAndComments();
    if (pos >= limit) {
      return null;
    }
    char c = s.charAt(pos);
    switch (c) {
      case '{':
        return readObject();
      case '[':
        return readArray();
      case '(':
        return readTuple();
      case ',': case ':': case '}': case ']': case ')':
        return null;
      default:
        break;
    }
    if (c == '`' && s.startsWith("```", pos)) {
      return readFencedString();
    }
    if (isQuote(c)) {
      return readStringValue(ctx);
    }
    if (c == '\\' && pos + 1 < limit && isQuote(s.charAt(pos + 1))) {
      Node escaped = readEscapedQuoted();
      if (escaped != null) {
        return escaped;
      }
      pos++; // no escaped quote closes it: the backslash is a slip before a plain quote
      return readStringValue(ctx);
    }
    if (c == '.' && s.startsWith("...", pos)) {
      return null;
    }
    if (isDigit(c) || c == '-' || c == '+' || c == '.') {
      return readNumberOrWord(ctx);
    }
    return readWord(ctx);
  }

  private void enter(char closer) {
    if (++depth > MAX_DEPTH) {
      throw new TooDeep("the output nests deeper than " + MAX_DEPTH
          + " levels at offset " + pos + "; no value is read from input this deep");
    }
    open.append(closer);
  }

  private void leave() {
    open.setLength(open.length() - 1);
    depth--;
  }

  /** True when a container further out (not the innermost) closes with {@code c}. */
  private boolean outerCloses(char c) {
    for (int i = open.length() - 2; i >= 0; i--) {
      if (open.charAt(i) == c) {
        return true;
      }
    }
    return false;
  }

  private Node readObject() {
    Node obj = new Node(Node.Kind.OBJECT, pos);
    pos++;
    enter('}');
    readMembers(obj);
    leave();
    return obj;
  }

  private void readMembers(Node obj) {
    while (true) {
      skipSpaceAndComments();
      if (pos >= limit) {
        obj.complete = false;
        obj.repair("closed an object the output left open");
        break;
      }
      char c = s.charAt(pos);
      if (c == '}') {
        pos++;
        break;
      }
      if (c == ']' || c == ')') {
        obj.repair("closed the object at a mismatched '" + c + "'");
        if (!outerCloses(c)) {
          pos++;
        }
        break;
      }
      if (c == ',' || c == ';') {
        pos++;
        continue;
      }
      if (s.startsWith("...", pos)) {
        pos += 3;
        obj.repair("removed an ellipsis");
        continue;
      }
      if (s.startsWith("```", pos)) {
        obj.complete = false;
        obj.repair("closed an object the output left open");
        break;
      }
      if (c == '{' && outerCloses(']')) {
        obj.repair("closed an object the output left open before the next one");
        break;
      }
      int memberStart = pos;
      String key = readKey();
      if (key == null) {
        Node stray = readValue(Ctx.VALUE);
        if (stray != null) {
          obj.repair("dropped a value written where a field name belongs");
        } else if (pos == memberStart) {
          pos++;
        }
        continue;
      }
      skipSpaceAndComments();
      boolean colon = pos < limit && (s.charAt(pos) == ':' || s.charAt(pos) == '=');
      if (colon) {
        pos++;
      } else if (key.length() > 1 && key.endsWith(":")) {
        key = key.substring(0, key.length() - 1); // {"key:"value"}: the quote came late
        colon = true;
        obj.repair("moved a closing quote written after the colon of '" + key + "'");
      }
      skipSpaceAndComments();
      if (pos >= limit || (!colon && s.startsWith("```", pos))) {
        if (colon || partial) {
          obj.repair("dropped field '" + key + "': the output ended before its value");
        } else {
          obj.repair("dropped '" + key + "': the output ended after it");
        }
        obj.complete = false;
        continue;
      }
      char next = s.charAt(pos);
      if (!colon && (next == ']' || next == ')') && !outerCloses(next) && obj.children.isEmpty()) {
        throw new ParseException("the object at offset " + obj.start + " holds only the name '"
            + key + "' (no ':' and no value) and is closed by '" + next + "', which opens"
            + " nothing: there is no value to read; write the object as {\"" + key + "\": value}");
      }
      if (!colon && (next == '}' || next == ',' || next == ']')) {
        obj.repair("dropped the word '" + key + "' which has no value");
        continue;
      }
      if (!colon && !isQuote(s.charAt(memberStart)) && isQuote(next) && quotedKeyFollows(pos)) {
        obj.repair("dropped the stray word '" + key + "' before a field");
        continue;
      }
      if (!colon) {
        obj.repair("inserted a missing ':' after '" + key + "'");
      }
      Node value = readValue(Ctx.VALUE);
      if (value == null && key.isEmpty()) {
        obj.repair("dropped an empty member");
        continue;
      }
      if (value == null) {
        if (pos >= limit) {
          obj.repair("dropped field '" + key + "': the output ended before its value");
          obj.complete = false;
          continue;
        }
        value = new Node(Node.Kind.NULL, pos);
        value.missing = true;
        value.repair("the value was missing");
      }
      obj.add(key, value);
      obj.end = pos;
      skipSpaceAndComments();
      if (pos < limit && s.charAt(pos) == ',') {
        pos++;
      } else if (pos < limit && s.charAt(pos) != '}' && s.charAt(pos) != ']'
          && s.charAt(pos) != ')' && !s.startsWith("```", pos)) {
        obj.repair("inserted a missing ',' after field '" + key + "'");
      }
    }
    obj.end = pos;
  }

  /** A field name: quoted in any style, or bare text up to the colon. */
  private String readKey() {
    skipSpaceAndComments();
    if (pos >= limit) {
      return null;
    }
    char c = s.charAt(pos);
    if (c == '\\' && pos + 1 < limit && isQuote(s.charAt(pos + 1))) {
      Node escaped = readEscapedQuoted();
      if (escaped != null) {
        return escaped.text;
      }
      pos++;
      c = s.charAt(pos);
    }
    if (isQuote(c)) {
      int start = pos;
      Node k = readQuoted(Ctx.KEY, limit);
      int colon = k.text.indexOf(':');
      if (!k.complete && colon > 0) {
        pos = start + 1 + colon; // `key:value with no closing quote: the key ends at the colon
        return k.text.substring(0, colon);
      }
      return k.text;
    }
    if (c == '{' || c == '[' || c == '(' || c == '}' || c == ']' || c == ',') {
      return null;
    }
    int start = pos;
    while (pos < limit) {
      char d = s.charAt(pos);
      if (d == ':' || d == ',' || d == '{' || d == '}' || d == '[' || d == ']' || d == '\n'
          || d == '"' || d == '=' || (isQuote(d) && pos > start && isSpace(s.charAt(pos - 1)))
          || (d == '/' && pos + 1 < limit
              && (s.charAt(pos + 1) == '/' || s.charAt(pos + 1) == '*'))) {
        break;
      }
      pos++;
    }
    String key = s.substring(start, pos).trim();
    if (key.isEmpty()) {
      if (pos == start && pos < limit && s.charAt(pos) == ':') {
        return "";
      }
      return null;
    }
    return key;
  }

  private Node readArray() {
    Node arr = new Node(Node.Kind.ARRAY, pos);
    pos++;
    enter(']');
    readItems(arr, ']');
    leave();
    return arr;
  }

  private void readItems(Node arr, char closer) {
    while (true) {
      skipSpaceAndComments();
      if (pos >= limit || s.startsWith("```", pos)) {
        arr.complete = false;
        arr.repair("closed an array the output left open");
        break;
      }
      char c = s.charAt(pos);
      if (c == closer) {
        pos++;
        break;
      }
      if (c == ']' || c == '}' || c == ')') {
        arr.repair("closed the array at a mismatched '" + c + "'");
        if (!outerCloses(c)) {
          pos++;
        }
        break;
      }
      if (c == ',') {
        pos++;
        continue;
      }
      if (s.startsWith("...", pos)) {
        pos += 3;
        arr.repair("removed an ellipsis");
        continue;
      }
      int before = pos;
      Node v = readValue(closer == ')' ? Ctx.TUPLE : Ctx.ARRAY);
      if (v == null) {
        if (pos == before) {
          pos++;
        }
        continue;
      }
      if (closer == ']' && v.kind == Node.Kind.STRING && !v.bare && nextIs(pos, ':')) {
        v = objectFromMember(v);
      }
      arr.add(v);
      arr.end = pos;
      skipSpaceAndComments();
      if (pos < limit) {
        char d = s.charAt(pos);
        if (d == ',') {
          pos++;
        } else if (d != closer && d != ']' && d != '}' && d != ')' && !s.startsWith("```", pos)) {
          arr.repair("inserted a missing ',' after item " + (arr.children.size() - 1));
        }
      }
    }
    arr.end = pos;
  }

  /**
   * {@code ["a": 1, "b": 2]}: members written in an array without their braces form one
   * object; it ends where the array does.
   */
  private Node objectFromMember(Node key) {
    Node obj = new Node(Node.Kind.OBJECT, key.start);
    pos = skipSpaceAhead(pos) + 1; // the ':'
    enter('}');
    Node value = readValue(Ctx.VALUE);
    if (value == null) {
      value = new Node(Node.Kind.NULL, pos);
      value.missing = true;
    }
    obj.add(key.text, value);
    readMembers(obj);
    leave();
    obj.repairs = null;
    obj.repair("added the braces of an object written as members inside an array");
    if (pos >= limit) {
      obj.complete = false;
    }
    return obj;
  }

  /** Python tuples: {@code (1, 2)} is an array, {@code (1)} is just 1. */
  private Node readTuple() {
    int start = pos;
    Node arr = new Node(Node.Kind.ARRAY, pos);
    pos++;
    enter(')');
    readItems(arr, ')');
    leave();
    boolean comma = s.indexOf(',', start) >= 0 && s.indexOf(',', start) < pos;
    if (arr.children.size() == 1 && !comma) {
      return arr.children.get(0);
    }
    arr.repair("read a parenthesised tuple as an array");
    return arr;
  }

  // ---------------------------------------------------------------- strings

  private Node readStringValue(Ctx ctx) {
    Node str = readQuoted(ctx, limit);
    // "a" + "b": string concatenation as written in JavaScript or Python
    while (true) {
      int save = pos;
      skipSpaceAndComments();
      boolean plus = str.concatenated;
      if (!plus && pos < limit && s.charAt(pos) == '+') {
        pos++;
        plus = true;
      }
      if (plus) {
        skipSpaceAndComments();
        if (pos < limit && isQuote(s.charAt(pos))) {
          List<String> before = str.repairs;
          Node more = readQuoted(ctx, limit);
          str = Node.string(str.text + more.text, false, str.start, more.end);
          if (before != null && before.get(0).startsWith("added the missing closing quote")) {
            str.repair(before.get(0));
          }
          str.concatenated = more.concatenated;
          str.complete = more.complete;
          str.repair("joined strings concatenated with '+'");
          continue;
        }
      }
      pos = save;
      return str;
    }
  }

  /**
   * At {@code \"}: a string whose quotes were escaped one level too many in text that is not
   * itself a string ({@code {"a": \"x\", "b": 2}}). It ends at the next {@code \"} that is not
   * itself escaped ({@code \\\"} is a quote inside it, one level down), and its escapes are
   * read one level down. Returns null, having moved nothing, when no such quote ends it on its
   * line; the scan draws on the shared rescan budget, so reading stays linear.
   */
  private Node readEscapedQuoted() {
    int start = pos;
    char q = closerOf(s.charAt(pos + 1));
    if (budget[0] <= 0) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    int i = pos + 2;
    while (i < limit) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r') {
        break;
      }
      if (c != '\\' || i + 1 >= limit) {
        sb.append(c);
        i++;
        continue;
      }
      char e = s.charAt(i + 1);
      if (e == q) {
        budget[0] -= i - start;
        furthest = Math.max(furthest, i + 2);
        pos = i + 2;
        Node str = Node.string(sb.toString(), false, start, pos);
        str.repair("read a string whose quotes were escaped one level too many");
        return str;
      }
      if (e == '\\' && i + 3 < limit && s.charAt(i + 2) == '\\'
          && (s.charAt(i + 3) == q || s.charAt(i + 3) == '\\')) {
        sb.append(s.charAt(i + 3)); // \\\" and \\\\: a quote or a backslash, one level down
        i += 4;
        continue;
      }
      if (e == '\\' && i + 2 < limit) {
        i++; // \\n: the escape \n one level down
        e = s.charAt(i + 1);
      }
      switch (e) {
        case 'n': sb.append('\n'); break;
        case 't': sb.append('\t'); break;
        case 'r': sb.append('\r'); break;
        case 'b': sb.append('\b'); break;
        case 'f': sb.append('\f'); break;
        case 'u':
          if (i + 6 <= limit && isHex(s, i + 2, i + 6)) {
            sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
            i += 6;
            continue;
          }
          sb.append('u');
          break;
        default: sb.append(e);
      }
      i += 2;
    }
    budget[0] -= i - start;
    rescanned += i - start; // read again as written by the caller
    return null;
  }

  private static boolean isHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static char closerOf(char open) {
    switch (open) {
      case '\u201c': return '\u201d';
      case '\u2018': return '\u2019';
      case '\u201e': return '\u201d';
      case '\u201a': return '\u2019';
      case '`': return '`';
      default: return open;
    }
  }

  /** Reads a quoted string starting at {@code pos}, ending at or before {@code stop}. */
  private Node readQuoted(Ctx ctx, int stop) {
    int start = pos;
    char openQ = s.charAt(pos);
    boolean triple = (openQ == '"' || openQ == '\'') && s.startsWith(String.valueOf(openQ).repeat(3), pos);
    char closeQ = closerOf(openQ);
    pos += triple ? 3 : 1;
    StringBuilder sb = new StringBuilder();
    boolean closed = false;
    boolean keptQuote = false;
    boolean strayQuote = false;
    boolean rawControl = false;
    int nest = 0;
    int rawTrailStart = -1; // where a run of raw whitespace ending in a newline began in sb
    boolean sawNewline = false; // a raw newline inside the string so far
    while (pos < stop) {
      char c = s.charAt(pos);
      if (c == 0) {
        throw new ParseException("the output has a NUL character inside a string at offset " + pos
            + "; that is not text a model meant to write");
      }
      if (c == '\\' && openQ != '`') {
        rawTrailStart = -1;
        if (pos + 1 >= stop) {
          pos = stop;
          break;
        }
        char e = s.charAt(pos + 1);
        switch (e) {
          case 'n': sb.append('\n'); pos += 2; break;
          case 't': sb.append('\t'); pos += 2; break;
          case 'r': sb.append('\r'); pos += 2; break;
          case 'b': sb.append('\b'); pos += 2; break;
          case 'f': sb.append('\f'); pos += 2; break;
          case 'u': {
            int hex = 0;
            int n = 0;
            while (n < 4 && pos + 2 + n < stop && Character.digit(s.charAt(pos + 2 + n), 16) >= 0) {
              hex = hex * 16 + Character.digit(s.charAt(pos + 2 + n), 16);
              n++;
            }
            if (n == 4 && Character.isHighSurrogate((char) hex) && pos + 6 >= stop) {
              pos = stop; // cut off after the first half of a character: the half is dropped
            } else if (n == 4) {
              sb.append((char) hex);
              pos += 6;
            } else if (pos + 2 + n >= stop) {
              pos = stop; // cut off mid-escape: the text simply ended
            } else {
              throw new ParseException("invalid unicode escape '\\u" + s.substring(pos + 2,
                  Math.min(stop, pos + 6)) + "' at offset " + pos
                  + ": \\u must be followed by four hex digits");
            }
            break;
          }
          default:
            if (e == '"' || e == '\\' || e == '/' || e == '\'' || e == '`' || isQuote(e)) {
              sb.append(e);
            } else {
              sb.append('\\').append(e); // \s, \d, \( in regexes: keep as written
            }
            pos += 2;
        }
        continue;
      }
      if (c == closeQ || (openQ == '`' && c == '\u00b4')
          || (closeQ == '\u201d' && c == '\u201c' && openQ == '\u201c')) {
        if (triple) {
          if (s.startsWith(String.valueOf(c).repeat(3), pos)) {
            pos += 3;
            closed = true;
            break;
          }
        } else if (ctx != Ctx.KEY && ctx != Ctx.TOP && loneQuoteFollows(pos + 1)) {
          // "text" ", : a second quote alone before the delimiter. When the next member
          // follows, that lone quote is the one that ends the string and this one is part of
          // the text; when only the container's end follows, this quote ends the string and
          // the lone one is a stray.
          if (memberAfterLoneQuote(pos + 1, ctx)) {
            keptQuote = true;
            sb.append(c);
            pos++;
            rawTrailStart = -1;
            continue;
          }
          if (rawTrailStart >= 0) {
            sb.setLength(rawTrailStart);
          }
          pos = skipSpaceAhead(pos + 1) + 1;
          closed = true;
          strayQuote = true;
          break;
        } else if (!keptQuote && ctx != Ctx.KEY && ctx != Ctx.TOP && strayWordsFollow(pos + 1, ctx)) {
          // "consectetur" comment] : a string that held no other quote closes here, and the
          // words up to the delimiter are read on their own
          pos++;
          closed = true;
          break;
        } else if (!(keptQuote && nest > 0 && ctx == Ctx.VALUE && nextIs(pos + 1, '}'))
            && !(ctx == Ctx.TOP && nest > 0 && pos + 1 < limit
                && (s.charAt(pos + 1) == ']' || s.charAt(pos + 1) == '}'))
            && closes(pos + 1, ctx)) {
          // (a string that already holds stray quotes and an open brace is quoting JSON:
          // its '}' belongs to the quoted text)
          pos++;
          closed = true;
          if (rawTrailStart >= 0 && ctx != Ctx.KEY) {
            sb.setLength(rawTrailStart); // the closing quote was put on a line of its own
          }
          break;
        } else if ((ctx == Ctx.VALUE || ctx == Ctx.ARRAY) && !keptQuote && quotedKeyFollows(pos)
            && closersBeforeComma(pos) >= 0) {
          int closers = closersBeforeComma(pos);
          sb.setLength(Math.max(0, sb.length() - (pos - closers)));
          Node str = Node.string(sb.toString().stripTrailing(), false, start, closers);
          str.repair("added the missing closing quote of a string before the '"
              + s.charAt(closers) + "' that closes its container");
          pos = closers;
          return str;
        } else if (endsBeforeNextMember(sb, ctx, rawTrailStart >= 0)) {
          int cut = sb.length();
          while (cut > 0 && isSpace(sb.charAt(cut - 1))) {
            cut--;
          }
          sb.setLength(cut > 0 && sb.charAt(cut - 1) == ',' ? cut - 1 : cut);
          Node str = Node.string(backslashBeforeLostQuote(withoutOtherCloser(
              sb.toString().stripTrailing(), openQ), pos, closeQ), false, start, pos);
          str.repair("added the missing closing quote of a string");
          return str;
        } else if (!keptQuote && ctx != Ctx.KEY && quotedThenDelimiter(pos)
            && concatenationBefore(sb)) {
          // ["abc + "def"]: the first string lost its closing quote before a '+'; the quote
          // opens the next string, which the caller joins to this one
          Node str = Node.string(sb.toString(), false, start, pos);
          str.repair("added the missing closing quote of a string before '+'");
          str.concatenated = true;
          return str;
        } else if (ctx == Ctx.VALUE && !keptQuote && sawNewline && keyLineBefore(pos)
            && memberValueAt(pos) && budget[0] > 0 && cutsAtLine(start + 1, pos, ctx)) {
          // "name": "Ann<nl>  age: 3,<nl>  city: "Rome"}: this quote opens the value of a field
          // named at the start of its line, and that value ends as a member does, so the string
          // ended before the first line that starts with a field (and nothing earlier, such as
          // a brace, says it ended sooner)
          int cut = cutPoint(start + 1, pos, ctx);
          budget[0] -= pos - start;
          rescanned += pos - start;
          pos = start;
          Node shorter = readQuoted(ctx, cut);
          shorter.text = shorter.text.stripTrailing();
          shorter.repairs = null;
          shorter.repair("ended a string that had no closing quote at offset " + cut);
          pos = cut;
          return shorter;
        } else {
          keptQuote = true;
        }
      } else if (c < 0x20 && c != '\t') {
        rawControl = true;
      }
      if (c == '{' || c == '[') {
        nest++;
      } else if ((c == '}' || c == ']') && nest > 0) {
        nest--;
      }
      if (c == '\n' || c == '\r') {
        sawNewline = true;
        if (rawTrailStart < 0) {
          int k = sb.length();
          while (k > 0 && (sb.charAt(k - 1) == ' ' || sb.charAt(k - 1) == '\t')) {
            k--;
          }
          rawTrailStart = k;
        }
      } else if (!(c == ' ' || c == '\t')) {
        rawTrailStart = -1;
      }
      sb.append(c);
      pos++;
    }
    Node str;
    if (!closed && ctx != Ctx.KEY && !partial && budget[0] > 0
        && (ctx == Ctx.VALUE || ctx == Ctx.ARRAY)) {
      int cut = cutPoint(start + 1, stop, ctx);
      budget[0] -= (stop - start);
      furthest = Math.max(furthest, pos);
      rescanned += (stop - start) + Math.max(0, cut - start);
      if (cut > 0) {
        pos = start;
        Node shorter = readQuoted(ctx, cut);
        String text = shorter.text.stripTrailing();
        if (text.length() > 1 && text.endsWith(",")) {
          text = text.substring(0, text.length() - 1).stripTrailing(); // "fine, }: a trailing comma
        }
        shorter.text = backslashBeforeLostQuote(withoutOtherCloser(text, openQ), cut, closeQ);
        shorter.repairs = null;
        shorter.repair("ended a string that had no closing quote at offset " + cut);
        pos = cut;
        return shorter;
      }
    }
    if (!closed && pos >= limit && ctx != Ctx.KEY && concatenationBefore(sb)) {
      // "hello + at the end of the text: the string closed before a '+' whose second operand
      // never came
      Node cut = Node.string(sb.toString().stripTrailing(), false, start, pos);
      cut.complete = false;
      cut.repair("dropped a '+' left at the end of the text after a string");
      return cut;
    }
    String value = sb.toString();
    if (!closed && !partial) {
      int k = value.length();
      while (k > 0 && (value.charAt(k - 1) == '\n' || value.charAt(k - 1) == '\r')) {
        k--;
      }
      value = value.substring(0, k);
    }
    str = Node.string(value, false, start, pos);
    if (!closed) {
      str.complete = false;
      str.repair("closed a string the output left open");
    }
    if (openQ != '"') {
      str.repair("read a string quoted with " + openQ + " as a JSON string");
    }
    if (keptQuote) {
      str.repair("kept unescaped quotes inside the string");
    }
    if (strayQuote) {
      str.repair("removed a stray quote after the string");
    }
    if (rawControl) {
      str.repair(RAW_CONTROL);
    }
    return str;
  }

  /**
   * A string opened with one quote that never closed, cut where the next member begins: a quote
   * of another kind at its end ({@code "mixed'}) was meant to close it.
   */
  private static String withoutOtherCloser(String text, char openQ) {
    int n = text.length();
    if (n > 1 && isQuote(text.charAt(n - 1)) && text.charAt(n - 1) != closerOf(openQ)
        && text.indexOf(text.charAt(n - 1)) == n - 1) {
      return text.substring(0, n - 1);
    }
    return text;
  }

  /**
   * A string cut where the next member or its container's end begins, whose text ends with a
   * quote that was written escaped ({@code "C:\Users\", "n": 1}): when the text keeps another
   * backslash as written (so its writer did not escape backslashes), that quote was the closing
   * one and the backslash before it is text. {@code end} is where the cut value's source ends,
   * before any spaces and one comma.
   */
  private String backslashBeforeLostQuote(String text, int end, char closeQ) {
    int k = Math.min(end, limit) - 1;
    int floor = Math.max(from, end - LOOKAHEAD);
    while (k > floor && isSpace(s.charAt(k))) {
      k--;
    }
    if (k > floor && s.charAt(k) == ',') {
      k--;
      while (k > floor && isSpace(s.charAt(k))) {
        k--;
      }
    }
    int n = text.length();
    if (k - 2 >= from && s.charAt(k) == closeQ && s.charAt(k - 1) == '\\'
        && s.charAt(k - 2) != '\\' && n > 1 && text.charAt(n - 1) == closeQ
        && text.lastIndexOf('\\', n - 2) >= 0) {
      return text.substring(0, n - 1) + '\\';
    }
    return text;
  }

  /**
   * After a quote: whitespace, then a quote standing alone before a delimiter
   * ({@code "text" ",} or a closing quote put on a line of its own twice).
   */
  private boolean loneQuoteFollows(int after) {
    if (after >= limit || !isSpace(s.charAt(after))) {
      return false;
    }
    int q = skipSpaceAhead(after);
    if (q >= limit || s.charAt(q) != s.charAt(after - 1)) {
      return false;
    }
    int d = skipSpaceAhead(q + 1);
    if (d >= limit) {
      return true;
    }
    char c = s.charAt(d);
    return c == ',' || c == '}' || c == ']' || c == ')';
  }

  /** After {@link #loneQuoteFollows}: does a ',' and then the next member follow the lone quote? */
  private boolean memberAfterLoneQuote(int after, Ctx ctx) {
    int q = skipSpaceAhead(after);
    int d = skipSpaceAhead(q + 1);
    if (d >= limit || s.charAt(d) != ',') {
      return false;
    }
    if (ctx == Ctx.VALUE) {
      return keyFollows(d + 1);
    }
    int e = skipSpaceAhead(d + 1);
    return e < limit && s.charAt(e) != ']' && s.charAt(e) != ')' && s.charAt(e) != '}';
  }

  /**
   * After a quote: whitespace, then bare words running to the delimiter that ends the value
   * ({@code ,} {@code ]} or, in an object, {@code }}) without another quote on the way.
   */
  private boolean strayWordsFollow(int after, Ctx ctx) {
    if (after >= limit || (s.charAt(after) != ' ' && s.charAt(after) != '\t')) {
      return false;
    }
    int p = skipInlineSpace(after);
    if (p >= limit || !isWordStart(s.charAt(p))) {
      return false;
    }
    int end = Math.min(limit, p + LOOKAHEAD);
    for (int i = p; i < end; i++) {
      char c = s.charAt(i);
      if (isQuote(c) || c == '\n' || c == ':' || c == '{' || c == '[') {
        return false;
      }
      if (c == ',' || c == ']' || c == ')' || (c == '}' && ctx == Ctx.VALUE)) {
        return true;
      }
    }
    // "New York" and more text here<end>: the words run to the end of the text with no other
    // quote, so they are prose after a value the output never closed
    return end == limit;
  }

  /**
   * At a quote: does a short string start here that is followed by the end of the value (a
   * delimiter, another '+', or the end of the text)?
   */
  private boolean quotedThenDelimiter(int p) {
    int close = shortLineStringEnd(p, s.charAt(p));
    if (close < 0) {
      return false;
    }
    int d = skipSpaceAhead(close + 1);
    if (d >= limit) {
      return true;
    }
    char x = s.charAt(d);
    return x == ',' || x == ']' || x == '}' || x == ')' || x == '+';
  }

  /**
   * At a quote: the index of the quote {@code q} that closes a short string on this line
   * (escapes skipped), or -1 when the line or the look-ahead ends first.
   */
  private int shortLineStringEnd(int p, char q) {
    int end = Math.min(limit, p + 1 + LOOKAHEAD);
    for (int i = p + 1; i < end; i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '\n') {
        return -1;
      } else if (c == q) {
        return i;
      }
    }
    return -1;
  }

  /**
   * At a quote inside a string: does the text so far end with a '+' (comments and spaces
   * around it allowed)? Then this quote opens a second string to concatenate.
   */
  private static boolean concatenationBefore(StringBuilder sb) {
    int k = sb.length();
    int floor = Math.max(0, k - LOOKAHEAD);
    int plusAt = -1;
    boolean comment = false; // a comment next to the '+', or a space before it: an operator,
                             // not text such as "A+ "
    while (k > floor) {
      char c = sb.charAt(k - 1);
      if (isSpace(c)) {
        k--;
      } else if (c == '/' && k >= 2 && sb.charAt(k - 2) == '*') {
        int open = k - 3;
        while (open >= floor && !(sb.charAt(open) == '/' && open + 1 < k - 2
            && sb.charAt(open + 1) == '*')) {
          open--; // bounded: never further back than LOOKAHEAD characters
        }
        if (open < floor) {
          return false;
        }
        k = open;
        comment = true;
      } else if (c == '+' && plusAt < 0) {
        plusAt = k - 1;
        k--;
        if (k > 0 && sb.charAt(k - 1) == '+') {
          return false; // C++
        }
        if (!comment && !(k > 0 && (isSpace(sb.charAt(k - 1)) || sb.charAt(k - 1) == '/'))) {
          return false;
        }
      } else {
        break;
      }
    }
    if (plusAt < 0 || k == 0) {
      return false;
    }
    sb.setLength(k);
    return true;
  }

  private boolean nextIs(int p, char c) {
    int q = skipSpaceAhead(p);
    return q < limit && s.charAt(q) == c;
  }

  /**
   * At a quote that does not close the string: did the string really end at a comma just before,
   * with this quote opening the next member? {@code "a":"b,"c":"d"} and, in an array, a comma at
   * the end of a line followed by a line that starts with a quote.
   */
  private boolean endsBeforeNextMember(StringBuilder sb, Ctx ctx, boolean newline) {
    int k = sb.length();
    while (k > 0 && isSpace(sb.charAt(k - 1))) {
      k--;
    }
    if (k > 0 && newline && ctx == Ctx.VALUE && sb.charAt(k - 1) != ',') {
      // "a": "Desk<newline>"b": ...: a quoted name and a colon open the next line, so the
      // value ended with its line (its closing quote and comma both lost)
      return quotedKeyFollows(pos);
    }
    if (k == 0 || sb.charAt(k - 1) != ',') {
      return false;
    }
    if (ctx == Ctx.VALUE) {
      return quotedKeyFollows(pos);
    }
    // ["a", "b, "c"]: after the comma a whole quoted item that ends at a delimiter, so the
    // quote opens the next item and the string lost its closing quote before the comma
    return (ctx == Ctx.ARRAY || ctx == Ctx.TUPLE) && (newline || quotedThenDelimiter(pos));
  }

  /**
   * At the quote that opens the next member after a string lost its closing quote: where the
   * containers closed just before the comma begin ({@code {"b": "x}, "c": 2}: the '}' closes the
   * object the string was in), or -1 when none was closed there. The closers must close the
   * innermost open containers in order and leave an object open for the member that follows.
   */
  private int closersBeforeComma(int quote) {
    int k = quote - 1;
    int floor = Math.max(from, quote - LOOKAHEAD);
    while (k > floor && isSpace(s.charAt(k))) {
      k--;
    }
    if (k <= floor || s.charAt(k) != ',') {
      return -1;
    }
    k--;
    while (k > floor && isSpace(s.charAt(k))) {
      k--;
    }
    int end = k + 1;
    while (k > floor && (s.charAt(k) == '}' || s.charAt(k) == ']')) {
      k--;
    }
    int first = k + 1;
    int count = end - first;
    if (count == 0 || count >= open.length()) {
      return -1;
    }
    for (int j = 0; j < count; j++) {
      if (s.charAt(first + j) != open.charAt(open.length() - 1 - j)) {
        return -1;
      }
    }
    return open.charAt(open.length() - 1 - count) == '}' ? first : -1;
  }

  /**
   * For a string that never closed: where it most likely ended. Inside an object that is the
   * first '}' or the first comma followed by something shaped like the next field; inside an
   * array the first ']'. Returns -1 when nothing suggests an earlier end.
   */
  private int cutPoint(int from, int stop, Ctx ctx) {
    for (int i = from; i < stop; i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
        continue;
      }
      if (ctx == Ctx.VALUE) {
        if (c == '}') {
          return i;
        }
        if (c == ',' && keyFollows(i + 1)) {
          return i;
        }
        if (c == '\n' && keyFollows(i + 1)) {
          return i; // "name": "Ann<newline>  age: 3}: the next field opens the next line
        }
      } else if (c == ']') {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether a quote at {@code pos - 1} closes the string, judged by what follows it. A quote
   * followed by something that cannot continue the surrounding structure is taken as a literal
   * quote inside the string, which is how models write code and dialogue into strings.
   */
  private boolean closes(int after, Ctx ctx) {
    if (after >= limit) {
      return true;
    }
    char first = s.charAt(after);
    if (ctx == Ctx.KEY) {
      return true;
    }
    if (ctx == Ctx.TOP) {
      return !(Character.isLetterOrDigit(first) || isQuote(first));
    }
    int p = skipSpaceAhead(after);
    if (p >= limit || s.startsWith("```", p)) {
      return true;
    }
    char c = s.charAt(p);
    if (ctx == Ctx.VALUE) {
      if (c == '}') {
        return true;
      }
      if (c == ']' && outerCloses(']')) {
        int q = skipSpaceAhead(p + 1);
        return q >= limit || s.charAt(q) == ',' || s.charAt(q) == '}' || s.charAt(q) == ']';
      }
      if (c == ']' || c == ')') {
        // {"key": "value"] : a closer that opens nothing, where only the end or the closing
        // brace follows, is a slip for the object's '}'
        int q = skipSpaceAhead(p + 1);
        return q >= limit || s.charAt(q) == '}';
      }
      if (c == ',') {
        int comma = p;
        int q = skipSpaceAhead(p + 1);
        while (q < limit && s.charAt(q) == ',') {
          comma = q; // "b",,, "c": a run of commas ends the value like one
          q = skipSpaceAhead(q + 1);
        }
        return q >= limit || s.charAt(q) == '}' || fieldFollows(comma + 1) || danglingKeyAtEnd(q)
            || strayValueThenMember(q);
      }
      if (isQuote(c)) {
        return quotedKeyFollows(p);
      }
      // "name": "Tea"<newline>  qty: 2: the comma was lost at the line's end and a bare field
      // opens the next line
      return newlineBetween(after, p) && fieldFollows(after);
    }
    // ARRAY / TUPLE
    char closer = ctx == Ctx.TUPLE ? ')' : ']';
    if (c == ',' || c == closer || (c == ':' && ctx == Ctx.ARRAY && p == after)) {
      return true;
    }
    if (c == '}' && ctx == Ctx.ARRAY && outerCloses('}')) {
      // {"tags": ["x", "y"} : the array was left open and the brace closes the object around
      // it, when what follows the brace could follow that object
      int q = skipSpaceAhead(p + 1);
      if (q >= limit || s.charAt(q) == ',' || s.charAt(q) == '}' || s.charAt(q) == ']') {
        return true;
      }
    }
    if ((c == '}' || c == ')' || c == ']') && !outerCloses(c)) {
      // ["a", "b"} : a closer that opens nothing, where only the end follows, is a slip for
      // the array's own
      int q = skipSpaceAhead(p + 1);
      if (q >= limit) {
        return true;
      }
    }
    return c == '{' || c == '[' || isDigit(c) || (isQuote(c) && p > after);
  }

  /**
   * After a comma in an object: a lone value written where a field name belongs ({@code "green"}
   * or {@code 5}), followed by a comma and the next field or by the object's end. The comma
   * before it ends the member, as a comma before a field would.
   */
  private boolean strayValueThenMember(int p) {
    if (p >= limit) {
      return false;
    }
    char c = s.charAt(p);
    int end = Math.min(limit, p + LOOKAHEAD);
    int i;
    if (isQuote(c)) {
      char q = closerOf(c);
      i = p + 1;
      while (i < end && s.charAt(i) != q && s.charAt(i) != '\n' && s.charAt(i) != '\\'
          && s.charAt(i) != ':') {
        i++;
      }
      if (i >= end || s.charAt(i) != q) {
        return false;
      }
      i++;
    } else if (isDigit(c) || c == '-') {
      i = p + 1;
      while (i < end && (isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
    } else {
      return false;
    }
    int d = skipSpaceAhead(i);
    if (d >= limit) {
      return false;
    }
    return s.charAt(d) == '}' || (s.charAt(d) == ',' && keyFollows(d + 1));
  }

  /**
   * After a comma that may end a string: {@link #keyFollows}, except that a bare name whose bare
   * value runs into a quote ({@code "Note "x", see: y", "b": 1}) is words of the string, and
   * that quote its end.
   */
  private boolean fieldFollows(int from) {
    if (!keyFollows(from)) {
      return false;
    }
    int p = skipSpaceAhead(from);
    if (isQuote(s.charAt(p)) || s.charAt(p) == '\\') {
      return true;
    }
    int end = Math.min(limit, p + LOOKAHEAD);
    int colon = p;
    while (colon < end && s.charAt(colon) != ':') {
      colon++;
    }
    int v = skipInlineSpace(colon + 1);
    if (v >= end || !isWordStart(s.charAt(v))) {
      return true;
    }
    for (int j = v; j < end; j++) {
      char c = s.charAt(j);
      if (c == ',' || c == '}' || c == ']' || c == '\n') {
        return true;
      }
      if (isQuote(c)) {
        return false;
      }
    }
    return true;
  }

  /** After a comma: is the next thing a field ({@code "name":}, {@code name:})? */
  private boolean keyFollows(int from) {
    int p = skipSpaceAhead(from);
    if (p >= limit) {
      return false;
    }
    char c = s.charAt(p);
    if (c == '\\' && p + 1 < limit && isQuote(s.charAt(p + 1))) {
      c = s.charAt(++p); // \"b\": a name whose quotes were escaped one level too many
    }
    if (isQuote(c)) {
      if (quotedKeyFollows(p)) {
        return true;
      }
      p++;
    }
    int end = Math.min(limit, p + LOOKAHEAD);
    int i = p;
    while (i < end && isWordChar(s.charAt(i))) {
      i++;
    }
    if (i == p) {
      return false;
    }
    while (i < end && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i < end && s.charAt(i) == ':';
  }

  /**
   * At a quote after a comma: is this a field name the text was cut off in ({@code , "nex} or
   * {@code , "next"} or {@code , "next":} and then nothing)? What follows the comma can only be
   * the next member, so the quote before the comma ended the value.
   */
  private boolean danglingKeyAtEnd(int p) {
    if (p >= limit || !isQuote(s.charAt(p)) || limit - p > LOOKAHEAD) {
      return false;
    }
    char q = closerOf(s.charAt(p));
    for (int i = p + 1; i < limit; i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == '\n') {
        return false;
      }
      if (c == q) {
        int k = skipSpaceAhead(i + 1);
        if (k < limit && s.charAt(k) == ':') {
          k = skipSpaceAhead(k + 1);
        }
        return k >= limit;
      }
    }
    return true;
  }

  /** A newline in the space from {@code from} to {@code to} (a span already skipped once). */
  private boolean newlineBetween(int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == '\n') {
        return true;
      }
    }
    return false;
  }

  /** Whether the string from {@code from} was cut by {@link #cutPoint} at a line's end. */
  private boolean cutsAtLine(int from, int stop, Ctx ctx) {
    int cut = cutPoint(from, stop, ctx);
    return cut > 0 && (s.charAt(cut) == '\n' || s.charAt(cut) == '\r');
  }

  /**
   * At a quote: a short string on one line, closed by a quote that the object's end or a comma
   * and the next field follow, as a member's value is.
   */
  private boolean memberValueAt(int p) {
    int close = shortLineStringEnd(p, closerOf(s.charAt(p)));
    if (close < 0) {
      return false;
    }
    int d = skipSpaceAhead(close + 1);
    return d >= limit || s.charAt(d) == '}' || (s.charAt(d) == ',' && keyFollows(d + 1));
  }

  /**
   * At a quote inside a string: does its line start with a bare field name and a colon just
   * before it ({@code <newline>  city: "})? Looks back no further than the line's start.
   */
  private boolean keyLineBefore(int quote) {
    int floor = Math.max(from, quote - LOOKAHEAD);
    int k = quote - 1;
    while (k > floor && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
      k--;
    }
    if (k <= floor || s.charAt(k) != ':') {
      return false;
    }
    k--;
    while (k > floor && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
      k--;
    }
    int wordEnd = k;
    while (k > floor && isWordChar(s.charAt(k))) {
      k--;
    }
    if (k == wordEnd) {
      return false;
    }
    while (k > floor && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
      k--;
    }
    return s.charAt(k) == '\n' || s.charAt(k) == '\r';
  }

  /** At a quote: is this a quoted field name followed by a colon? */
  private boolean quotedKeyFollows(int p) {
    char q = closerOf(s.charAt(p));
    int end = Math.min(limit, p + LOOKAHEAD);
    for (int i = p + 1; i < end; i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        return false;
      }
      if (c == q || (q == '\u201d' && c == '\u201c')) {
        int k = i + 1;
        while (k < end && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
          k++;
        }
        return k < end && s.charAt(k) == ':';
      }
    }
    return false;
  }

  /** ```lang ... ``` used as a string value: the code inside, without the language line. */
  private Node readFencedString() {
    int start = pos;
    int bodyStart = pos + 3;
    int nl = bodyStart;
    while (nl < limit && nl - bodyStart < 40 && isWordChar(s.charAt(nl))) {
      nl++;
    }
    if (nl < limit && s.charAt(nl) == '\n') {
      bodyStart = nl + 1;
    }
    int close = s.indexOf("```", bodyStart);
    Node str;
    if (close < 0 || close >= limit) {
      str = Node.string(s.substring(bodyStart, limit).strip(), false, start, limit);
      str.complete = false;
      pos = limit;
    } else {
      str = Node.string(s.substring(bodyStart, close).strip(), false, start, close + 3);
      pos = close + 3;
    }
    str.repair("read a ``` block as a string");
    return str;
  }

  // ---------------------------------------------------------------- numbers and words

  private Node readNumberOrWord(Ctx ctx) {
    int start = pos;
    int p = pos;
    if (s.charAt(p) == '-' || s.charAt(p) == '+') {
      p++;
    }
    int digitsStart = p;
    int intDigits = 0;
    while (p < limit && (isDigit(s.charAt(p)) || (s.charAt(p) == '_' && p > digitsStart
        && p + 1 < limit && isDigit(s.charAt(p + 1))))) {
      if (s.charAt(p) != '_') {
        intDigits++;
      }
      p++;
    }
    boolean grouped = false;
    if ((ctx == Ctx.VALUE || ctx == Ctx.TOP) && intDigits >= 1 && intDigits <= 3) {
      // 2,000.00 as written by people: groups of exactly three digits
      while (p + 3 < limit + 0 && s.charAt(p) == ',' && p + 4 <= limit
          && isDigit(s.charAt(p + 1)) && isDigit(s.charAt(p + 2)) && isDigit(s.charAt(p + 3))
          && (p + 4 == limit || !isDigit(s.charAt(p + 4)))) {
        p += 4;
        grouped = true;
      }
    }
    int fracDigits = 0;
    boolean dot = false;
    if (p < limit && s.charAt(p) == '.' && !s.startsWith("...", p)) {
      dot = true;
      p++;
      while (p < limit && (isDigit(s.charAt(p)) || (s.charAt(p) == '_' && fracDigits > 0
          && p + 1 < limit && isDigit(s.charAt(p + 1))))) {
        if (s.charAt(p) != '_') {
          fracDigits++;
        }
        p++;
      }
    }
    boolean exp = false;
    int expDigits = 0;
    if ((intDigits + fracDigits) > 0 && p < limit && (s.charAt(p) == 'e' || s.charAt(p) == 'E')) {
      int q = p + 1;
      if (q < limit && (s.charAt(q) == '+' || s.charAt(q) == '-')) {
        q++;
      }
      int d = q;
      while (d < limit && isDigit(s.charAt(d))) {
        d++;
      }
      if (d > q || d >= limit || isNumberEnd(d, ctx)) {
        exp = true;
        expDigits = d - q;
        p = d;
      }
    }
    boolean ends = p >= limit || isNumberEnd(p, ctx);
    int mantissa = intDigits + fracDigits;
    if (mantissa == 0) {
      if (ends && p == start + 1 && (s.charAt(start) == '-' || s.charAt(start) == '+')) {
        pos = p;
        return null; // a lone sign: the number never got written
      }
      return readWord(ctx);
    }
    if (!ends) {
      // "12345"," : a stray quote straight after a number
      if (s.charAt(p) == '"' && (p + 1 >= limit || isNumberEnd(p + 1, ctx))) {
        Node n = number(start, p, grouped);
        pos = p + 1;
        n.repair("removed a stray quote after the number");
        return n;
      }
      return readWord(ctx);
    }
    String digits = s.substring(digitsStart, p).replace("_", "");
    if (intDigits > 1 && digits.charAt(0) == '0' && !grouped) {
      pos = p; // 0789: a leading zero means this is a code, not a number
      Node str = Node.string(s.substring(start, p), true, start, p);
      str.repair("read a number with leading zeros as text");
      return str;
    }
    Node n = number(start, p, grouped);
    pos = p;
    if ((dot && fracDigits == 0) || (exp && expDigits == 0)) {
      n.repair("completed the truncated number '" + s.substring(start, p) + "'");
      if (p >= limit) {
        n.complete = false;
      }
    }
    return n;
  }

  private Node number(int start, int end, boolean grouped) {
    String lit = s.substring(start, end).replace("_", "");
    if (grouped) {
      lit = lit.replace(",", "");
    }
    if (lit.startsWith("+")) {
      lit = lit.substring(1);
    }
    if (lit.startsWith(".") || lit.startsWith("-.")) {
      lit = lit.replace(".", "0.");
    }
    if (lit.endsWith("e") || lit.endsWith("E")) {
      lit = lit.substring(0, lit.length() - 1);
    } else if (lit.endsWith("e-") || lit.endsWith("e+") || lit.endsWith("E-") || lit.endsWith("E+")) {
      lit = lit.substring(0, lit.length() - 2);
    }
    if (lit.endsWith(".")) {
      lit = lit + "0";
    }
    Node n = new Node(Node.Kind.NUMBER, start);
    n.text = lit;
    n.end = end;
    if (grouped) {
      n.repair("removed thousands separators from " + s.substring(start, end));
    }
    return n;
  }

  private boolean isNumberEnd(int p, Ctx ctx) {
    if (p >= limit) {
      return true;
    }
    char c = s.charAt(p);
    if (isSpace(c) || c == ',' || c == ']' || c == '}' || c == ')' || c == ';') {
      return true;
    }
    if (c == ':' && ctx == Ctx.KEY) {
      return true;
    }
    return c == '/' && p + 1 < limit && (s.charAt(p + 1) == '/' || s.charAt(p + 1) == '*');
  }

  /** A bare word: a literal, a function-call wrapper, or unquoted text. */
  private Node readWord(Ctx ctx) {
    int start = pos;
    int p = pos;
    while (p < limit && isWordChar(s.charAt(p))) {
      p++;
    }
    String word = s.substring(start, p);
    if (!word.isEmpty()) {
      int q = skipInlineSpace(p);
      if (q < limit && s.charAt(q) == '(' && isIdentifier(word)) {
        return readCall(word, q);
      }
      if (p >= limit || !isWordChar(s.charAt(p))) {
        Node literal = literal(word, start, p, ctx);
        if (literal != null) {
          pos = p;
          return literal;
        }
      }
    }
    int end = unquotedEnd(start, ctx);
    if (end <= start) {
      pos = Math.max(pos, start + 1);
      return null;
    }
    String text = s.substring(start, end).strip();
    pos = end;
    boolean missingOpen = false;
    if (text.length() > 1 && isQuote(text.charAt(text.length() - 1))) {
      text = text.substring(0, text.length() - 1);
      missingOpen = true;
    }
    Node str = Node.string(text, true, start, end);
    if (end >= limit && ctx != Ctx.TOP) {
      str.complete = false;
    }
    str.repair(missingOpen ? "added the missing opening quote of a string"
        : "read unquoted text as a string");
    return str;
  }

  private Node literal(String word, int start, int end, Ctx ctx) {
    Node n;
    switch (word) {
      case "true":
      case "false":
        if (ctx == Ctx.TOP && isWordStart(charAt(skipInlineSpace(end)))) {
          return null; // "true or false": a sentence, not a literal
        }
        n = new Node(Node.Kind.BOOLEAN, start);
        n.bool = word.equals("true");
        break;
      case "null":
        n = new Node(Node.Kind.NULL, start);
        break;
      case "True": case "False": case "None": case "undefined": case "NaN": case "Infinity":
      case "TRUE": case "FALSE": case "NULL": case "Null": case "nil":
        if (ctx == Ctx.TOP && isWordStart(charAt(skipInlineSpace(end)))) {
          return null; // a capitalised word starting a sentence, not a literal
        }
        n = Node.string(word, true, start, end);
        n.literal = true;
        n.literalInContainer = ctx != Ctx.TOP;
        break;
      default:
        if (end >= limit && end > start && (("true".startsWith(word) || "false".startsWith(word)
            || "null".startsWith(word)))) {
          Node cut = word.charAt(0) == 'n' ? new Node(Node.Kind.NULL, start)
              : new Node(Node.Kind.BOOLEAN, start);
          cut.bool = word.charAt(0) == 't';
          cut.end = end;
          cut.complete = false;
          cut.repair("completed the truncated literal '" + word + "'");
          return cut;
        }
        String python = pythonLiteralStartingWith(word);
        if (end >= limit && ctx != Ctx.TOP && python != null) {
          // {"ok": Tru<end>: Python's literal cut off; only one literal starts that way ("No"
          // is a word of its own, so it is not taken for None)
          Node cut = Node.string(python, true, start, end);
          cut.literal = true;
          cut.literalInContainer = true;
          cut.complete = false;
          cut.repair("completed the truncated literal '" + word + "'");
          return cut;
        }
        return null;
    }
    n.end = end;
    return n;
  }

  /** The Python literal that {@code word} (two letters or more, not "No") begins, or null. */
  private static String pythonLiteralStartingWith(String word) {
    if (word.length() < 2 || word.equals("No")) {
      return null;
    }
    for (String literal : new String[] {"True", "False", "None"}) {
      if (literal.startsWith(word) && !literal.equals(word)) {
        return literal;
      }
    }
    return null;
  }

  /** {@code callback({...});}, {@code ObjectId("x")}, {@code NumberLong(2)}: keep the argument. */
  private Node readCall(String name, int paren) {
    pos = paren + 1;
    enter(')');
    Node arg = readValue(Ctx.TUPLE);
    skipSpaceAndComments();
    if (pos < limit && s.charAt(pos) == ')') {
      pos++;
    }
    leave();
    int q = skipInlineSpace(pos);
    if (q < limit && s.charAt(q) == ';') {
      pos = q + 1;
    }
    if (arg == null) {
      arg = new Node(Node.Kind.NULL, paren);
    }
    arg.repair("removed the wrapper " + name + "(...)");
    return arg;
  }

  /** Where unquoted text written in context {@code ctx} ends. */
  private int unquotedEnd(int start, Ctx ctx) {
    if (ctx == Ctx.TOP) {
      return limit;
    }
    int nest = 0;
    int p = start;
    while (p < limit) {
      char c = s.charAt(p);
      if (c == '(' || c == '[' || c == '{') {
        nest++;
      } else if (c == ')' || c == ']' || c == '}') {
        if (nest == 0) {
          if (c == '}' && ctx == Ctx.VALUE) {
            return p;
          }
          if (c == ']' && ctx == Ctx.ARRAY || c == ')' && ctx == Ctx.TUPLE) {
            return p;
          }
          if (c == '}' || c == ']') {
            return p;
          }
        } else {
          nest--;
        }
      } else if (nest == 0 && c == ',') {
        if (ctx != Ctx.VALUE) {
          return p;
        }
        int q = skipSpaceAhead(p + 1);
        if (q >= limit || s.charAt(q) == '}' || keyFollows(p + 1)) {
          return p;
        }
      } else if (nest == 0 && c == '\n') {
        if (ctx != Ctx.VALUE) {
          return p;
        }
        int q = skipSpaceAhead(p + 1);
        if (q >= limit || s.charAt(q) == '}' || keyFollows(p + 1)) {
          return p;
        }
      } else if (nest == 0 && c == '/' && p + 1 < limit
          && (s.charAt(p + 1) == '*' || (s.charAt(p + 1) == '/' && p > start
              && isSpace(s.charAt(p - 1))))) {
        return p;
      } else if (c == '`' && s.startsWith("```", p)) {
        return p;
      }
      p++;
    }
    return p;
  }

  // ---------------------------------------------------------------- characters

  void skipSpaceAndComments() {
    while (pos < limit) {
      char c = s.charAt(pos);
      if (isSpace(c)) {
        pos++;
      } else if (c == '/' && pos + 1 < limit && s.charAt(pos + 1) == '/') {
        int nl = s.indexOf('\n', pos);
        pos = nl < 0 || nl >= limit ? limit : nl + 1;
      } else if (c == '/' && pos + 1 < limit && s.charAt(pos + 1) == '*') {
        int close = s.indexOf("*/", pos + 2);
        pos = close < 0 || close >= limit ? limit : close + 2;
      } else if (c == '#' && open.length() > 0) {
        int nl = s.indexOf('\n', pos);
        pos = nl < 0 || nl >= limit ? limit : nl + 1;
      } else {
        break;
      }
    }
  }

  private int skipSpaceAhead(int p) {
    int end = Math.min(limit, p + LOOKAHEAD);
    while (p < end) {
      char c = s.charAt(p);
      if (isSpace(c)) {
        p++;
      } else if (c == '/' && p + 1 < end && s.charAt(p + 1) == '*') {
        int close = s.indexOf("*/", p + 2);
        if (close < 0 || close >= end) {
          return end;
        }
        p = close + 2;
      } else if (c == '/' && p + 1 < end && s.charAt(p + 1) == '/') {
        int nl = s.indexOf('\n', p);
        if (nl < 0 || nl >= end) {
          return end;
        }
        p = nl + 1;
      } else {
        return p;
      }
    }
    return p >= limit ? limit : p;
  }

  private char charAt(int p) {
    return p < limit ? s.charAt(p) : '\0';
  }

  private int skipInlineSpace(int p) {
    while (p < limit && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
      p++;
    }
    return p;
  }

  static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\ufeff';
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isQuote(char c) {
    return c == '"' || c == '\'' || c == '`' || c == '\u201c' || c == '\u201d' || c == '\u2018'
        || c == '\u2019' || c == '\u201e' || c == '\u201a';
  }

  static boolean isWordStart(char c) {
    return Character.isLetter(c) || c == '_' || c == '$';
  }

  static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '-' || c == '.';
  }

  private static boolean isIdentifier(String w) {
    if (w.isEmpty() || !isWordStart(w.charAt(0))) {
      return false;
    }
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.')) {
        return false;
      }
    }
    return true;
  }
}
