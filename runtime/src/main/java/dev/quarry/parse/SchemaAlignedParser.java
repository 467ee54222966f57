package dev.quarry.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Recovers the JSON value a model meant from what it actually wrote, guided by the target JSON
 * schema, and reports every repair it made.
 *
 * <p>Two stages. The reader finds JSON-like values anywhere in the text (Markdown fences with
 * any language tag, prose before and after, comments, single/back/smart quotes, unquoted keys
 * and values, missing or trailing commas, Python and JavaScript literals, unescaped quotes and
 * newlines in strings, truncated output). The aligner then takes the candidate that fits the
 * schema best and, unless {@link #strict()}, coerces what is unambiguous: numbers and booleans
 * written as strings and back, JSON encoded inside a string, a single value where a list
 * belongs, a one-field wrapper around the value, enum values and field names written with other
 * case, accents, spacing or punctuation (or as a declared alias), absent optional fields
 * (null where the schema allows null, otherwise left out: never a value the model did not
 * write). It refuses to guess: when two enum values fit, when the text says both true and
 * false, when a required field is missing or a value does not fit, it throws
 * {@link ParseException} saying what it found and where.
 *
 * <p>When the whole target is {@code {"type": "string"}}, the output text (trimmed) is the
 * answer. A {@code null} or empty schema accepts any JSON value.
 *
 * <p>Instances are immutable and thread-safe. Time and memory are linear in the size of the
 * output; nesting deeper than {@value LenientReader#MAX_DEPTH} levels is refused. Valid JSON that
 * fits the schema as written takes a fast path (a strict Jackson read and one walk of the
 * schema). Numbers are judged from their text before any conversion: more than 1000 digits, or
 * a value beyond 10^1000, is refused as out of range. Answers longer than {@link
 * Builder#maxAnswerLength} are refused before reading.
 */
public final class SchemaAlignedParser {
  /**
   * The default ceiling on the length of an answer, in characters: 64 Mi, far beyond any model's
   * output limit, so that only a runaway or hostile answer meets it.
   */
  public static final int DEFAULT_MAX_ANSWER_LENGTH = 64 * 1024 * 1024;

  private static final SchemaAlignedParser LENIENT =
      new SchemaAlignedParser(true, DEFAULT_MAX_ANSWER_LENGTH);
  private static final SchemaAlignedParser STRICT =
      new SchemaAlignedParser(false, DEFAULT_MAX_ANSWER_LENGTH);

  private static final JsonMapper LITERAL = JsonMapper.builder().build();

  private final boolean coerce;
  private final int maxAnswerLength;

  private SchemaAlignedParser(boolean coerce, int maxAnswerLength) {
    this.coerce = coerce;
    this.maxAnswerLength = maxAnswerLength;
  }

  /** The default parser: repairs syntax and coerces values where the intent is unambiguous. */
  public static SchemaAlignedParser lenient() {
    return LENIENT;
  }

  /**
   * Repairs syntax (fences, prose, quotes, commas, truncation) but never changes a value's type
   * or spelling: no string-to-number or number-to-string, no wrapping or unwrapping, no JSON
   * inside strings, enum values only as declared.
   */
  public static SchemaAlignedParser strict() {
    return STRICT;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a parser: whether values may be coerced, and the longest answer it reads. */
  public static final class Builder {
    private boolean coerce = true;
    private int maxAnswerLength = DEFAULT_MAX_ANSWER_LENGTH;

    private Builder() {}

    public Builder coercions(boolean enabled) {
      this.coerce = enabled;
      return this;
    }

    /**
     * The longest answer read, in characters (default {@value #DEFAULT_MAX_ANSWER_LENGTH}); a
     * longer one is refused with a {@link ParseException} before any reading.
     */
    public Builder maxAnswerLength(int characters) {
      if (characters < 1) {
        throw new IllegalArgumentException("maxAnswerLength must be at least 1, was " + characters);
      }
      this.maxAnswerLength = characters;
      return this;
    }

    public SchemaAlignedParser build() {
      if (maxAnswerLength == DEFAULT_MAX_ANSWER_LENGTH) {
        return coerce ? LENIENT : STRICT;
      }
      return new SchemaAlignedParser(coerce, maxAnswerLength);
    }
  }

  /** One change made to recover the value: where (a JSON pointer into the result) and what. */
  public record Repair(String pointer, String description) {
    public Repair {
      Objects.requireNonNull(pointer, "pointer == null");
      Objects.requireNonNull(description, "description == null");
    }
  }

  /** The recovered value and the repairs that produced it (empty when the output was clean). */
  public record Result(JsonNode value, List<Repair> repairs) {
    public Result {
      Objects.requireNonNull(value, "value == null");
      repairs = List.copyOf(repairs);
    }
  }

  /** Parses with the lenient parser. */
  public static JsonNode parseLenient(String modelOutput, JsonNode schema) {
    return LENIENT.parse(modelOutput, schema);
  }

  /**
   * The value the model meant.
   *
   * @throws ParseException when no value that fits the schema can honestly be recovered
   */
  public JsonNode parse(String modelOutput, JsonNode schema) {
    return parseWithRepairs(modelOutput, schema).value();
  }

  /** The value so far in an unfinished stream: every property is optional. */
  public JsonNode parsePartial(String prefix, JsonNode schema) {
    return run(prefix, schema, true).value();
  }

  /** Like {@link #parsePartial} and with the repairs made. */
  public Result parsePartialWithRepairs(String prefix, JsonNode schema) {
    return run(prefix, schema, true);
  }

  /** The value the model meant and every repair made to get it. */
  public Result parseWithRepairs(String modelOutput, JsonNode schema) {
    return run(modelOutput, schema, false);
  }

  private Result run(String output, JsonNode schemaNode, boolean partial) {
    return run(output, schemaNode, partial, new Work(), true);
  }

  /** The full lenient parse, skipping the fast path; tests compare the two. */
  Result parseWithoutFastPath(String output, JsonNode schemaNode) {
    return run(output, schemaNode, false, new Work(), false);
  }

  /** What parsing {@code output} costs, counted; for tests that bound the work by the input. */
  Work work(String output, JsonNode schemaNode, boolean partial) {
    Work work = new Work();
    try {
      run(output, schemaNode, partial, work, true);
    } catch (ParseException e) {
      // the cost of refusing counts the same
    }
    return work;
  }

  private Result run(String output, JsonNode schemaNode, boolean partial, Work work,
      boolean fastPath) {
    Objects.requireNonNull(output, "modelOutput == null");
    if (output.length() > maxAnswerLength) {
      throw new ParseException("the model's answer is " + output.length() + " characters long,"
          + " more than the " + maxAnswerLength + " this parser reads; ask for a shorter answer"
          + " or raise SchemaAlignedParser.builder().maxAnswerLength(...)");
    }
    Schema.Registry registry = new Schema.Registry(schemaNode);
    Schema root = registry.of(schemaNode);
    if (isPlainString(root)) {
      String text = output.strip();
      List<Repair> repairs = text.equals(output) ? List.of()
          : List.of(new Repair("", "trimmed surrounding whitespace"));
      return new Result(JsonNodeFactory.instance.stringNode(text), repairs);
    }
    if (!partial && fastPath) {
      JsonNode exact = FastPath.read(output, root);
      if (exact != null) {
        return new Result(exact, List.of()); // valid JSON that fits as written
      }
    }
    // The answer one level down, read first and as written only when that reading fails:
    // - every quote written \" (the JSON of a string, without its own quotes): no field name or
    //   string of JSON starts with a backslash;
    // - prose around one JSON string literal that holds the answer ("{\"a\": 1}"): its content
    //   is the answer, rather than the prose around it.
    // - every quote doubled ({""a"": ""x""}, as CSV escapes them): no JSON has a quote
    //   directly after a closing one, so none of them is a quote as written.
    String unescaped = partial ? null : escapedOneLevelTooMany(output);
    String inside = partial || unescaped != null ? null : quotedJson(output);
    String undoubled = partial || unescaped != null || inside != null ? null
        : quotesAllDoubled(output);
    String lower = unescaped != null ? unescaped : inside != null ? inside : undoubled;
    if (lower != null) {
      try {
        return oneLevelDown(run(lower, schemaNode, false, work, fastPath), unescaped != null
            ? "read an answer whose quotes were all backslash-escaped"
            : inside != null ? "read the JSON written inside a quoted string of the answer"
            : "read an answer whose quotes were all doubled");
      } catch (LenientReader.TooDeep e) {
        throw e;
      } catch (ParseException e) {
        // read as written below
      }
    }
    List<Candidate> candidates = CandidateFinder.find(output, partial, !root.isAny(), work);
    Aligner aligner = new Aligner(coerce, partial, output, work);
    Aligner.Outcome best = null;
    int bestScore = Integer.MAX_VALUE;
    List<String> failures = new ArrayList<>();
    for (Candidate c : candidates) {
      if (root.isAny() && isForeignLiteral(c.node())) {
        // a lone NULL, Null, TRUE, nil, ...: neither JSON's nor Python's spelling, so without a
        // schema nothing says whether the literal or the word is meant
        if (failures.isEmpty()) {
          failures.add(c.origin() + ": the word " + Node.quote(c.node().text) + " alone is no"
              + " JSON value; give a schema to read it as a literal or as text");
        }
        continue;
      }
      Aligner.Outcome o = aligner.align(c.node(), root);
      if (o.ok()) {
        long score = (long) o.cost + 2L * c.penalty();
        if (score < bestScore) {
          best = o;
          bestScore = (int) Math.min(Integer.MAX_VALUE - 1, score);
        }
        if (score == 0) {
          break; // a clean fit of the best-placed reading: no later candidate can beat it
        }
      } else if (failures.size() < 3 && failures.stream().noneMatch(f -> f.endsWith(o.message()))) {
        failures.add(c.origin() + " (offset " + c.node().start + "): " + o.message());
      }
    }
    if (best == null) {
      throw new ParseException(
          noValueMessage(output, candidates, failures), closest(candidates, aligner, registry));
    }
    List<Repair> repairs = new ArrayList<>();
    best.log.flatten("", repairs);
    return new Result(best.value, repairs);
  }

  private static Result oneLevelDown(Result inner, String repair) {
    List<Repair> repairs = new ArrayList<>();
    repairs.add(new Repair("", repair));
    repairs.addAll(inner.repairs());
    return new Result(inner.value(), repairs);
  }

  /**
   * The text of the one JSON string literal in the answer, with only prose around it, that opens
   * with a brace or bracket and holds escaped quotes ({@code The answer: "{\"a\": 1}"}), decoded;
   * null when there is none.
   */
  static String quotedJson(String output) {
    int open = -1;
    for (int i = 0; i + 1 < output.length(); i++) {
      char c = output.charAt(i);
      char d = output.charAt(i + 1);
      if (c == '"' && (d == '{' || d == '[')) {
        open = i;
        break;
      }
      if (c == '{' || c == '[' || c == '"') {
        return null; // JSON before the literal: the literal is a value inside it, not the answer
      }
    }
    if (open < 0) {
      return null;
    }
    boolean escapedQuote = false;
    for (int j = open + 1; j < output.length(); j++) {
      char c = output.charAt(j);
      if (c == '\\' && j + 1 < output.length()) {
        escapedQuote |= output.charAt(j + 1) == '"';
        j++;
      } else if (c == '"') {
        if (!escapedQuote) {
          return null;
        }
        for (int k = j + 1; k < output.length(); k++) {
          char c2 = output.charAt(k);
          if (c2 == '{' || c2 == '[' || c2 == '"') {
            return null; // more JSON after it: the literal is not the whole answer
          }
        }
        try {
          JsonNode text = LITERAL.readTree(output.substring(open, j + 1));
          return text.isString() ? text.asString() : null;
        } catch (JacksonException e) {
          return null;
        }
      }
    }
    return null;
  }

  /**
   * The answer with one level of backslash escapes removed, when every quote in it is escaped
   * ({@code {\"a\": 1}}) and there is at least one; otherwise null.
   */
  static String escapedOneLevelTooMany(String output) {
    if (output.indexOf("\\\"") < 0) {
      return null;
    }
    StringBuilder out = new StringBuilder(output.length());
    for (int i = 0; i < output.length(); i++) {
      char c = output.charAt(i);
      if (c == '"') {
        return null; // a quote not escaped: the escapes are the strings' own
      }
      if (c == '\\' && i + 1 < output.length()) {
        char next = output.charAt(++i);
        switch (next) {
          case '"': case '\\': case '/': out.append(next); break;
          case 'n': out.append('\n'); break;
          case 't': out.append('\t'); break;
          case 'r': out.append('\r'); break;
          default: out.append(c).append(next);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * The answer with each doubled quote made one, when every double quote in it is doubled
   * (runs of even length), at least one pair stands next to a letter or digit (a name or a
   * word quoted, not only empty strings), and a brace or bracket opens before the first quote;
   * otherwise null.
   */
  static String quotesAllDoubled(String output) {
    int first = output.indexOf("\"\"");
    if (first < 0) {
      return null;
    }
    boolean opened = false;
    for (int i = 0; i < first && !opened; i++) {
      opened = output.charAt(i) == '{' || output.charAt(i) == '[';
    }
    if (!opened) {
      return null;
    }
    StringBuilder out = new StringBuilder(output.length());
    boolean word = false;
    for (int i = 0; i < output.length(); i++) {
      char c = output.charAt(i);
      if (c != '"') {
        out.append(c);
        continue;
      }
      int run = i;
      while (run < output.length() && output.charAt(run) == '"') {
        run++;
      }
      if ((run - i) % 2 != 0) {
        return null; // a quote alone: the quotes are JSON's own
      }
      word |= (i > 0 && Character.isLetterOrDigit(output.charAt(i - 1)))
          || (run < output.length() && Character.isLetterOrDigit(output.charAt(run)));
      out.append("\"".repeat((run - i) / 2));
      i = run - 1;
    }
    return word ? out.toString() : null;
  }

  /** The candidate the output most plainly is, read without a schema. */
  private static JsonNode closest(List<Candidate> candidates, Aligner aligner, Schema.Registry registry) {
    Candidate closest = null;
    for (Candidate c : candidates) {
      Node n = c.node();
      if (n.kind == Node.Kind.STRING && n.bare && !n.literal) {
        continue; // prose, not a JSON value: the parser's own message says more
      }
      if (closest == null || c.penalty() < closest.penalty()) {
        closest = c;
      }
    }
    if (closest == null) {
      return null;
    }
    Aligner.Outcome o = aligner.align(closest.node(), registry.any);
    return o.ok() ? o.value : null;
  }

  private static boolean isForeignLiteral(Node n) {
    if (n.kind != Node.Kind.STRING || !n.literal) {
      return false;
    }
    switch (n.text) {
      case "True": case "False": case "None":
        return false; // Python's constants: a well-known spelling of JSON's
      default:
        return true;
    }
  }

  private static boolean isPlainString(Schema s) {
    int hops = 0;
    while (s.ref != null && s.types.isEmpty() && s.anyOf.isEmpty() && hops++ < 64) {
      s = s.ref;
    }
    return s.types.size() == 1 && s.types.contains("string") && s.enumValues == null
        && s.constValue == null && s.anyOf.isEmpty();
  }

  private static String noValueMessage(String output, List<Candidate> candidates,
      List<String> failures) {
    if (output.isBlank()) {
      return "the model's output is empty, so there is no value to read; ask the model again";
    }
    if (candidates.isEmpty()) {
      return "found no JSON-like value in the model's output (" + output.length()
          + " characters starting " + Node.quote(output.strip()) + ")";
    }
    return "no value in the model's output fits the schema; " + candidates.size()
        + " candidate(s) tried, e.g. " + String.join(" | ", failures);
  }
}
