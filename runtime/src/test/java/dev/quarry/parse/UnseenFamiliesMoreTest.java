package dev.quarry.parse;

import static dev.quarry.parse.FamilyRulesTest.AB;
import static dev.quarry.parse.FamilyRulesTest.CONFIG;
import static dev.quarry.parse.FamilyRulesTest.DEFAULTS;
import static dev.quarry.parse.FamilyRulesTest.ITEMS;
import static dev.quarry.parse.FamilyRulesTest.NOTE;
import static dev.quarry.parse.FamilyRulesTest.PRODUCT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A further batch of hand-written cases of the four families of issue 13, written from the
 * family rules (see {@link FamilyRulesTest} for the rules themselves) and not from any other
 * project's tests. They vary what the earlier batches hold fixed: the defect inside a nested
 * object or an array of objects, unicode text, numbers, booleans and null around it, prose
 * before and after, and the defect at the start, middle or end of the answer.
 *
 * <p>Where a careful reader could not tell what the model meant, the case expects a refusal
 * and says why.
 *
 * <p>The rules these cases added to those of {@link FamilyRulesTest}:
 * <ul>
 *   <li><b>Where a string ends</b>: a value or name whose quotes are backslash-escaped in text
 *       that is not itself a string ({@code {"a": \"x\"}}) is a string ending at the next
 *       unescaped {@code \"}, read one level down; an answer whose every quote is doubled
 *       ({@code {""a"": ""x""}}) is read one level down. A quote closes the string when a new
 *       line follows that opens a bare field ({@code "Tea"<nl> qty: 2}). A string that never
 *       closes ends before a new line that opens a field, quoted or bare, and drops a trailing
 *       comma before a closer; a string holding a raw newline ends there too when a later line
 *       names a field whose quoted value ends as a member does ({@code <nl> city: "Rome"}).
 *       After a comma, a bare name whose bare value runs into a quote is words of the string.
 *       An escaped quote before the next member closes a string whose text keeps other
 *       backslashes as written ({@code "C:\Users\", "n": 1}): the last backslash is text.
 *   <li><b>Truncation</b>: a Python literal cut at the end ({@code Tru}, {@code Fals},
 *       {@code Non}, not the word {@code No}) is completed; a unicode escape cut after a high
 *       surrogate drops the half character.
 *   <li><b>Schema-guided choices</b>: an unquoted {@code True}, {@code None}, {@code NULL}
 *       inside an object or array reads as the boolean or null it stands for where the schema
 *       allows both that and a string; a whole answer of the one word keeps the text.
 * </ul>
 */
class UnseenFamiliesMoreTest {
  private static final String REFUSE = "refuse";
  private static final List<FamilyRulesTest.Case> CASES = new ArrayList<>();

  private static void ok(String family, String text, String schema, String expected) {
    CASES.add(new FamilyRulesTest.Case(family, text, schema, expected));
  }

  private static void refuse(String family, String text, String schema) {
    CASES.add(new FamilyRulesTest.Case(family, text, schema, REFUSE));
  }

  private static String obj(String props, String required) {
    return "{\"type\":\"object\",\"properties\":{" + props + "},\"required\":[" + required + "]}";
  }

  private static final String STR = "{\"type\":\"string\"}";
  private static final String INT = "{\"type\":\"integer\"}";
  private static final String NUM = "{\"type\":\"number\"}";
  private static final String BOOL = "{\"type\":\"boolean\"}";

  static final String USER = obj("\"user\":" + obj("\"name\":" + STR + ",\"age\":" + INT,
      "\"name\"") + ",\"ok\":" + BOOL, "\"user\"");
  static final String NAME_AGE = obj("\"name\":" + STR + ",\"age\":" + INT, "\"name\",\"age\"");
  static final String ROWS = "{\"type\":\"array\",\"items\":" + obj("\"t\":" + STR + ",\"n\":"
      + INT, "\"t\"") + "}";
  static final String SCORES = obj("\"scores\":{\"type\":\"array\",\"items\":" + NUM + "}",
      "\"scores\"");
  static final String CITY_NOTE = obj("\"city\":" + STR + ",\"note\":" + STR, "\"city\"");
  static final String OK_NOTE = obj("\"ok\":" + BOOL + ",\"note\":{\"type\":[\"string\",\"null\"]}",
      "\"ok\"");
  static final String PROFILE = obj("\"name\":" + STR + ",\"opts\":" + obj("\"lang\":"
      + "{\"type\":\"string\",\"default\":\"en\"},\"beta\":{\"type\":\"boolean\",\"default\":false}",
      ""), "\"name\",\"opts\"");
  static final String LISTED = obj("\"name\":" + STR + ",\"tags\":{\"type\":\"array\",\"items\":"
      + STR + ",\"default\":[]}", "\"name\"");
  static final String FLAG_CONST = obj("\"ok\":{\"const\":true},\"n\":" + INT, "\"ok\"");
  static final String OPT_KIND = obj("\"kind\":{\"type\":\"string\",\"const\":\"invoice\"},"
      + "\"total\":" + NUM, "\"total\"");
  static final String SKUS = obj("\"skus\":{\"type\":\"array\",\"items\":{\"type\":\"string\","
      + "\"pattern\":\"^[A-Z]{2}[0-9]{2}$\"}}", "\"skus\"");
  static final String SLUG = obj("\"slug\":{\"type\":\"string\",\"pattern\":\"^[a-z]+$\"}",
      "\"slug\"");
  static final String ACCOUNT = obj("\"user\":" + obj("\"name\":" + STR, "\"name\"") + ",\"id\":"
      + INT, "\"user\",\"id\"");
  static final String SETTINGS = obj("\"a\":" + STR + ",\"b\":" + obj("\"c\":" + INT, "\"c\""),
      "\"a\",\"b\"");

  static final String FLAGS = obj("\"flags\":{\"type\":\"array\",\"items\":" + BOOL + "}",
      "\"flags\"");
  static final String IDS = obj("\"ids\":{\"type\":\"array\",\"items\":" + INT + "}", "\"ids\"");
  static final String LEVEL = obj("\"level\":{\"enum\":[1,2,3]}", "\"level\"");
  static final String LABELLED = obj("\"items\":{\"type\":\"array\",\"items\":" + obj("\"id\":"
      + INT + ",\"label\":{\"type\":\"string\",\"default\":\"none\"}", "\"id\"") + "}",
      "\"items\"");
  static final String NAME_ONLY = obj("\"name\":" + STR, "\"name\"");
  static final String CODE_TEXT = obj("\"code\":" + STR + ",\"n\":" + INT, "\"code\"");

  static final String PATH = obj("\"path\":" + STR + ",\"n\":" + INT, "\"path\"");
  static final String NOTE_DEFAULT = obj("\"name\":" + STR + ",\"note\":{\"type\":[\"string\","
      + "\"null\"],\"default\":\"n/a\"}", "\"name\"");
  static final String CAFE = obj("\"place\":{\"type\":\"string\",\"enum\":[\"caf\u00e9\","
      + "\"bar\"]}", "\"place\"");
  static final String NON_EMPTY = obj("\"name\":{\"type\":\"string\",\"minLength\":1}",
      "\"name\"");
  static final String BOTH = "{\"allOf\":[" + obj("\"a\":" + STR, "\"a\"") + ","
      + obj("\"b\":" + INT, "\"b\"") + "]}";

  static {
    stringEnds();
    truncation();
    fences();
    schemaChoices();
    secondBatch();
    thirdBatch();
    fourthBatch();
    fifthBatch();
    combined();
  }

  // ------------------------------------------------------------------ defects together

  private static void combined() {
    String f = "combined";
    // an unclosed fence, single quotes, a quote mark inside a value, and a cut at the end
    ok(f, "Here:\n```json\n{'name': 'TV', 'size': '40\" wide', 'price': 3", PRODUCT,
        "{\"name\":\"TV\",\"size\":\"40\\\" wide\",\"price\":3}");
    // an escaped answer in a fence, cut before its end
    ok(f, "```json\n{\\\"a\\\": \\\"x\\\", \\\"b\\\": 2", AB, "{\"a\":\"x\",\"b\":2}");
    // a lost closing quote and a trailing comma and Python literals
    ok(f, "{\"ok\": True, \"note\": \"fine, }", OK_NOTE, "{\"ok\":true,\"note\":\"fine\"}");
    // unquoted names, a missing comma between lines, a default to fill
    ok(f, "{\n  name: \"Tea\"\n  qty: 2\n}", DEFAULTS,
        "{\"name\":\"Tea\",\"currency\":\"EUR\",\"qty\":2,\"active\":true}");
    // stringified nested JSON, itself in a fenced answer with prose, one level escaped
    ok(f, "Result:\n```\n{\"config\": \"{\\\"a\\\": 9}\", \"name\": \"n\"}\n```", CONFIG,
        "{\"config\":{\"a\":9},\"name\":\"n\"}");
    // a wrapper field around a cut answer
    ok(f, "{\"result\": {\"a\": \"x\", \"b\": 2", AB, "{\"a\":\"x\",\"b\":2}");
    // a cut that leaves a required field half-written inside a fence: refused
    refuse(f, "```json\n{\"a\": \"x\", \"b\"", AB);
    // ... but a quote before a new line of prose that names something is text
    ok(f, "{\"code\": \"He said \"hi\"\nNote: more\", \"n\": 1}", CODE_TEXT,
        "{\"code\":\"He said \\\"hi\\\"\\nNote: more\",\"n\":1}");
    // doubled quotes and prose after
    ok(f, "{\"\"a\"\": \"\"x\"\", \"\"b\"\": 2} is the answer", AB, "{\"a\":\"x\",\"b\":2}");
  }

  // ------------------------------------------------------------------ a fifth batch

  private static void fifthBatch() {
    String f = "string-end";
    // quoted words, then a comma and words with a colon: prose, not the next field, for the
    // bare "field" would hold a value ending in a quote
    ok(f, "{\"a\": \"Note \"x\", see: y\", \"b\": 1}", AB,
        "{\"a\":\"Note \\\"x\\\", see: y\",\"b\":1}");
    ok(f, "{\"code\": \"Use \"k\", then: run\"}", CODE_TEXT,
        "{\"code\":\"Use \\\"k\\\", then: run\"}");
    // ... while a bare field after a closed string is one
    ok(f, "{\"a\": \"x\", b: 2}", AB, "{\"a\":\"x\",\"b\":2}");
    // spaces around every delimiter
    ok(f, "{ \"a\" : \"x\" , \"b\" : 2 }", AB, "{\"a\":\"x\",\"b\":2}");

    f = "truncation";
    ok(f, "{\"a\": [1, 2, 3], \"b\": {\"c\": [true, false, nu", null,
        "{\"a\":[1,2,3],\"b\":{\"c\":[true,false,null]}}");
    ok(f, "[{\"t\": \"x\"}, {\"t\": \"y\"}, {\"t\": \"z", ROWS,
        "[{\"t\":\"x\"},{\"t\":\"y\"},{\"t\":\"z\"}]");
    ok(f, "{\"user\": {\"name\": \"Bo\", \"age\": 1", USER, "{\"user\":{\"name\":\"Bo\",\"age\":1}}");

    f = "fences";
    String ab = "{\"a\": \"x\", \"b\": 2}";
    String want = "{\"a\":\"x\",\"b\":2}";
    ok(f, "json\n" + ab, AB, want);
    ok(f, "```json\n" + ab + "\n```   \n", AB, want);
    ok(f, "The result is below.\n\n```json\n{\n  \"a\": \"x\",\n  \"b\": 2\n", AB, want);

    f = "schema";
    ok(f, "{\"CODE\": \"ABC-123\"}", FamilyRulesTest.CODE, "{\"code\":\"ABC-123\"}");
    refuse(f, "{\"Code\": \"abc-123\"}", FamilyRulesTest.CODE);
  }

  // ------------------------------------------------------------------ a fourth batch

  private static void fourthBatch() {
    String f = "string-end";
    // objects in an array with the comma between them lost
    ok(f, "[{\"t\": \"a\", \"n\": 1} {\"t\": \"b\", \"n\": 2}]", ROWS,
        "[{\"t\":\"a\",\"n\":1},{\"t\":\"b\",\"n\":2}]");
    // members on their own lines with the commas lost, one value holding a quote mark
    ok(f, "{\n  \"name\": \"TV\"\n  \"size\": \"32\" wide\"\n  \"price\": 120\n}", PRODUCT,
        "{\"name\":\"TV\",\"size\":\"32\\\" wide\",\"price\":120}");
    // a surrogate pair written as two escapes
    ok(f, "{\"a\": \"ok \\ud83d\\ude00\", \"b\": 1}", AB, "{\"a\":\"ok \ud83d\ude00\",\"b\":1}");
    // a comment after a value, before the comma
    ok(f, "{\"a\": \"x\" /* the name */, \"b\": 2}", AB, "{\"a\":\"x\",\"b\":2}");
    // single-quoted names around a value holding double quotes and a comma
    ok(f, "{'a': 'she said \"yes, sure\"', 'b': 3}", AB, "{\"a\":\"she said \\\"yes, sure\\\"\",\"b\":3}");

    f = "truncation";
    // cut inside a comment after a finished member
    ok(f, "{\"a\": \"x\", \"b\": 2, // and the re", AB, "{\"a\":\"x\",\"b\":2}");
    // cut inside the second of two objects in an array, after its key
    ok(f, "[{\"t\": \"a\"}, {\"t\"", ROWS, "[{\"t\":\"a\"}]");
    // cut after a value's opening single quote
    ok(f, "{'a': 'x', 'b': 2, 'c': '", null, "{\"a\":\"x\",\"b\":2,\"c\":\"\"}");
    // a cut answer with prose before it
    ok(f, "Sure, here it is: {\"name\": \"Ann\", \"age\": 4", NAME_AGE,
        "{\"name\":\"Ann\",\"age\":4}");

    f = "schema";
    // numbers in other spellings where the schema wants them
    ok(f, "{\"a\": \"x\", \"b\": 007}", AB, "{\"a\":\"x\",\"b\":7}");
    ok(f, "{\"a\": \"x\", \"b\": \"1e3\"}", AB, "{\"a\":\"x\",\"b\":1000}");
    ok(f, "{\"scores\": [\"1.5\", 2, \"-3\"]}", SCORES, "{\"scores\":[1.5,2,-3]}");
    // NaN is no number a schema accepts
    refuse(f, "{\"scores\": [NaN]}", SCORES);
    // a field written twice: the later one is the model's last word
    ok(f, "{\"a\": \"x\", \"b\": 1, \"b\": 2}", AB, "{\"a\":\"x\",\"b\":2}");
  }

  // ------------------------------------------------------------------ a third batch

  private static void thirdBatch() {
    String f = "string-end";
    // a Windows path whose last backslash stands before the closing quote: what follows the
    // quote (a comma and the next field) says it closes, so the backslash is text
    // (a backslash before U or D is no JSON escape, so it is kept as written)
    ok(f, "{\"path\": \"C:\\Users\\\", \"n\": 1}", PATH, "{\"path\":\"C:\\\\Users\\\\\",\"n\":1}");
    ok(f, "{\"n\": 1, \"path\": \"D:\\Data\\\"}", PATH, "{\"n\":1,\"path\":\"D:\\\\Data\\\\\"}");
    // an apostrophe escaped inside single quotes
    ok(f, "{'a': 'it\\'s', 'b': 2}", AB, "{\"a\":\"it's\",\"b\":2}");
    // a value that lost its closing quote, then the next field on a new line without quotes,
    // and a later quoted value
    ok(f, "{\"name\": \"Ann\n  age: 3,\n  city: \"Rome\"}", obj("\"name\":" + STR + ",\"age\":"
        + INT + ",\"city\":" + STR, "\"name\""), "{\"name\":\"Ann\",\"age\":3,\"city\":\"Rome\"}");
    // ... but a line of prose that names something and quotes words inside a closed multi-line
    // string is text: the quoted words are not followed as a member's value would be
    ok(f, "{\"code\": \"Intro\nSummary: \"short\" and done\", \"n\": 1}", CODE_TEXT,
        "{\"code\":\"Intro\\nSummary: \\\"short\\\" and done\",\"n\":1}");

    f = "truncation";
    // a fence never closed around a cut array of numbers
    ok(f, "```json\n[1, 2, 3", FamilyRulesTest.INTS, "[1,2,3]");
    // a nested object with defaults cut inside its string
    ok(f, "{\"name\": \"x\", \"opts\": {\"lang\": \"f", PROFILE,
        "{\"name\":\"x\",\"opts\":{\"lang\":\"f\",\"beta\":false}}");
    // a cut unicode key after a finished member
    ok(f, "{\"\u540d\u524d\": \"x\", \"\u5e74", null, "{\"\u540d\u524d\":\"x\"}");
    // a string cut right after its opening quote: its (empty) prefix
    ok(f, "{\"a\": 1, \"b\": \"", null, "{\"a\":1,\"b\":\"\"}");
    // a negative number cut after its point
    ok(f, "{\"scores\": [-1.", SCORES, "{\"scores\":[-1]}");
    // a dangling comma with defaults still to fill
    ok(f, "{\"name\": \"Tea\", \"qty\": 2,", DEFAULTS,
        "{\"name\":\"Tea\",\"currency\":\"EUR\",\"qty\":2,\"active\":true}");

    f = "fences";
    String ab = "{\"a\": \"x\", \"b\": 2}";
    String want = "{\"a\":\"x\",\"b\":2}";
    // the language tag on a line of its own after the opening fence
    ok(f, "```\njson\n" + ab + "\n```", AB, want);
    // HTML code tags around the answer
    ok(f, "<pre><code>" + ab + "</code></pre>", AB, want);
    // valid JSON with a newline inside a string value where an object is wanted
    ok(f, "{\"config\": \"{\\\"a\\\": 1}\\n\"}", CONFIG, "{\"config\":{\"a\":1}}");
    // an explanation after the fence mentions braces
    ok(f, "```json\n" + ab + "\n```\nThe object {a, b} holds both.", AB, want);

    f = "schema";
    // a written null is a value, though the field has a default
    ok(f, "{\"name\": \"a\", \"note\": null}", NOTE_DEFAULT, "{\"name\":\"a\",\"note\":null}");
    ok(f, "{\"name\": \"a\"}", NOTE_DEFAULT, "{\"name\":\"a\",\"note\":\"n/a\"}");
    // an enum value in another case, with an accent
    ok(f, "{\"place\": \"CAF\u00c9\"}", CAFE, "{\"place\":\"caf\u00e9\"}");
    refuse(f, "{\"place\": \"pub\"}", CAFE);
    // an empty string where minLength wants one character: refused
    refuse(f, "{\"name\": \"\"}", NON_EMPTY);
    // allOf: the fields of both parts are required
    ok(f, "{\"a\": \"x\", \"b\": 2}", BOTH, want);
    refuse(f, "{\"a\": \"x\"}", BOTH);
  }

  // ------------------------------------------------------------------ a second batch

  private static void secondBatch() {
    String f = "string-end";
    // code inside a value: quotes followed by ';' and words are text
    ok(f, "{\"code\": \"if (a) { return \"x\"; }\", \"n\": 1}", CODE_TEXT,
        "{\"code\":\"if (a) { return \\\"x\\\"; }\",\"n\":1}");
    // quoted words holding a colon
    ok(f, "{\"a\": \"ratio \"16:9\" wide\", \"b\": 1}", AB,
        "{\"a\":\"ratio \\\"16:9\\\" wide\",\"b\":1}");
    // two values in a row lost their closing quotes
    ok(f, "{\"a\": \"x, \"b\": \"y, \"c\": 3}", null, "{\"a\":\"x\",\"b\":\"y\",\"c\":3}");
    // keys escaped one level too many, values plain
    ok(f, "{\\\"a\\\": \"x\", \\\"b\\\": 2}", AB, "{\"a\":\"x\",\"b\":2}");
    // smart quotes inside a plain string are text
    ok(f, "{\"a\": \"the \u201cbest\u201d one\", \"b\": 2}", AB,
        "{\"a\":\"the \u201cbest\u201d one\",\"b\":2}");
    // every quote doubled, as CSV escapes them
    ok(f, "{\"\"a\"\": \"\"x\"\", \"\"b\"\": 2}", AB, "{\"a\":\"x\",\"b\":2}");
    // the last value lost its closing quote inside a closed fence
    ok(f, "```json\n{\"a\": \"x\", \"b\": \"y}\n```", null, "{\"a\":\"x\",\"b\":\"y\"}");
    // the closing quote on a line of its own after a multi-line value
    ok(f, "{\"note\": \"line1\nline2\n\", \"city\": \"Rome\"}", CITY_NOTE,
        "{\"note\":\"line1\\nline2\",\"city\":\"Rome\"}");

    f = "truncation";
    // an escaped whole answer cut before its end
    ok(f, "{\\\"a\\\": \\\"x\\\", \\\"b\\\": 2", AB, "{\"a\":\"x\",\"b\":2}");
    // a half-written exponent of an integer
    ok(f, "{\"name\": \"Ann\", \"age\": 3e", NAME_AGE, "{\"name\":\"Ann\",\"age\":3}");
    // a required string cut inside: the prefix, after a finished array
    ok(f, "{\"ids\": [1, 2, 3], \"name\": \"te", obj("\"ids\":{\"type\":\"array\",\"items\":"
        + INT + "},\"name\":" + STR, "\"ids\",\"name\""), "{\"ids\":[1,2,3],\"name\":\"te\"}");
    // the only key cut inside, and it was required: refused
    refuse(f, "{\"na", NAME_ONLY);
    // a unicode escape cut after its high surrogate: the half character is dropped
    ok(f, "{\"a\": \"smile \\ud83d", null, "{\"a\":\"smile \"}");
    // a half-written boolean as the last item of a typed array
    ok(f, "{\"flags\": [true, fal", FLAGS, "{\"flags\":[true,false]}");
    // an array item cut after its colon keeps its finished fields
    ok(f, "[{\"t\": \"a\", \"n\":", ROWS, "[{\"t\":\"a\"}]");
    // a half-written null where the schema wants an integer: no reading, refused
    refuse(f, "{\"a\": \"x\", \"b\": nul", AB);

    f = "fences";
    String ab = "{\"a\": \"x\", \"b\": 2}";
    String want = "{\"a\":\"x\",\"b\":2}";
    // a fence never closed, with prose after the value
    ok(f, "```json\n" + ab + "\nHope this helps!", AB, want);
    // an indented fence inside a list item
    ok(f, "1. Result:\n   ```json\n   " + ab + "\n   ```\n2. Done", AB, want);
    // the tag glued to the value and no closing fence
    ok(f, "```JSON" + ab, AB, want);
    // valid JSON inside a string where the schema wants an array of integers
    ok(f, "{\"ids\": \"[1, 2, 3]\"}", IDS, "{\"ids\":[1,2,3]}");
    // malformed JSON inside a string, no schema: the string as written
    ok(f, "{\"a\": \"{\\\"b\\\": 1\"}", null, "{\"a\":\"{\\\"b\\\": 1\"}");
    // JSON followed by prose inside a string is not JSON alone: no object to read
    refuse(f, "{\"config\": \"{\\\"a\\\": 1} (as requested)\"}", CONFIG);

    f = "schema";
    // a default inside the items of an array
    ok(f, "{\"items\": [{\"id\": 1}, {\"id\": 2, \"label\": \"b\"}]}", LABELLED,
        "{\"items\":[{\"id\":1,\"label\":\"none\"},{\"id\":2,\"label\":\"b\"}]}");
    // an integer enum: the value as written, a numeric string, and a misfit
    ok(f, "{\"level\": 2}", LEVEL, "{\"level\":2}");
    ok(f, "{\"level\": \"2\"}", LEVEL, "{\"level\":2}");
    refuse(f, "{\"level\": 4}", LEVEL);
    // a field name in another style, its value breaking the pattern: refused
    refuse(f, "{\"Slug\": \"Not A Slug\"}", SLUG);
    // a list too short for minItems
    refuse(f, "{\"tags\": []}", obj("\"tags\":{\"type\":\"array\",\"items\":" + STR
        + ",\"minItems\":1}", "\"tags\""));
  }

  // ------------------------------------------------------------------ where a string ends

  private static void stringEnds() {
    String f = "string-end";
    // a quote inside a value of a nested object: what follows it (words) cannot end a string
    ok(f, "{\"user\": {\"name\": \"27\" monitor\", \"age\": 2}, \"ok\": true}", USER,
        "{\"user\":{\"name\":\"27\\\" monitor\",\"age\":2},\"ok\":true}");
    // the same in an array of objects, the quote at the start of the text
    ok(f, "[{\"t\": \"5\" pipe\", \"n\": 1}, {\"t\": \"b\", \"n\": 2}]", ROWS,
        "[{\"t\":\"5\\\" pipe\",\"n\":1},{\"t\":\"b\",\"n\":2}]");
    // unicode text around the quoted words
    ok(f, "{\"name\": \"caf\u00e9 \"le bon\" \u00e0 Paris\", \"price\": 4.5}", PRODUCT,
        "{\"name\":\"caf\u00e9 \\\"le bon\\\" \u00e0 Paris\",\"price\":4.5}");
    // the value ends with quoted words: the doubled quote before } closes it
    ok(f, "{\"user\": {\"name\": \"say \"hi\"\"}, \"ok\": false}", USER,
        "{\"user\":{\"name\":\"say \\\"hi\\\"\"},\"ok\":false}");
    // a closing quote lost inside a nested object swallows the next key: it ends before it
    ok(f, "{\"user\": {\"name\": \"Ann, \"age\": 3}, \"ok\": true}", USER,
        "{\"user\":{\"name\":\"Ann\",\"age\":3},\"ok\":true}");
    // ... and before the next key when that key is unquoted on a new line
    ok(f, "{\"name\": \"Ann\n  age: 3}", NAME_AGE, "{\"name\":\"Ann\",\"age\":3}");
    // ... with single quotes
    ok(f, "{'name': 'Ann, 'age': 41}", NAME_AGE, "{\"name\":\"Ann\",\"age\":41}");
    // the last string of an array of unicode strings lost its closing quote
    ok(f, "{\"tags\": [\"\u03b1\", \"\u03b2]}", FamilyRulesTest.TAGS,
        "{\"tags\":[\"\u03b1\",\"\u03b2\"]}");
    // the whole answer escaped one level too many, with a unicode escape and a list inside
    ok(f, "{\\\"name\\\": \\\"Jos\\\\u00e9\\\", \\\"age\\\": 7}", NAME_AGE,
        "{\"name\":\"Jos\u00e9\",\"age\":7}");
    // an escaped answer holding a boolean and a null, in its outer quotes
    ok(f, "\"{\\\"ok\\\": true, \\\"note\\\": null}\"", OK_NOTE, "{\"ok\":true,\"note\":null}");
    // an escaped answer in prose, with prose after it too
    ok(f, "Output: \"{\\\"a\\\": \\\"x\\\", \\\"b\\\": 2}\" (escaped, sorry)", AB,
        "{\"a\":\"x\",\"b\":2}");
    // an escaped answer inside a fence
    ok(f, "```json\n\"{\\\"a\\\": \\\"x\\\", \\\"b\\\": 2}\"\n```", AB, "{\"a\":\"x\",\"b\":2}");
    // one value over-escaped in an otherwise plain object: its quotes are the value's quotes
    ok(f, "{\"a\": \\\"x\\\", \"b\": 2}", AB, "{\"a\":\"x\",\"b\":2}");
    // a comma inside quoted words is not the end: what follows it is no member
    ok(f, "{\"user\": {\"name\": \"he said \"wait, no\" and left\"}, \"ok\": true}", USER,
        "{\"user\":{\"name\":\"he said \\\"wait, no\\\" and left\"},\"ok\":true}");
    // a quote mark for inches in the middle of an array of plain strings
    ok(f, "[\"a\", \"12\" ruler\", \"c\"]", null, "[\"a\",\"12\\\" ruler\",\"c\"]");
    // no closing quote and text after the object: the string ends at the object's end
    ok(f, "Here: {\"city\": \"Z\u00fcrich} - that is all.", CITY_NOTE, "{\"city\":\"Z\u00fcrich\"}");
  }

  // ------------------------------------------------------------------ truncation

  private static void truncation() {
    String f = "truncation";
    // a dangling comma inside an array inside an object inside an array
    ok(f, "[{\"a\": 1, \"b\": [1, 2,", null, "[{\"a\":1,\"b\":[1,2]}]");
    // a half-written number as the last item of a typed array
    ok(f, "{\"scores\": [1.5, 2.25, 3.", SCORES, "{\"scores\":[1.5,2.25,3]}");
    ok(f, "{\"scores\": [0.5, -1.", SCORES, "{\"scores\":[0.5,-1]}");
    ok(f, "{\"scores\": [1.5e+", SCORES, "{\"scores\":[1.5]}");
    // a key cut inside a unicode escape
    ok(f, "{\"a\": 1, \"\\u00", null, "{\"a\":1}");
    // a unicode string cut at the end keeps what was written
    ok(f, "{\"city\": \"Z\u00fcrich\", \"note\": \"tr\u00e8s bi", CITY_NOTE,
        "{\"city\":\"Z\u00fcrich\",\"note\":\"tr\u00e8s bi\"}");
    // an optional nested field cut after its colon is dropped, the rest kept
    ok(f, "{\"user\": {\"name\": \"Ann\", \"age\":", USER, "{\"user\":{\"name\":\"Ann\"}}");
    // a required field cut after its colon after a finished nested object: refused
    refuse(f, "{\"user\": {\"name\": \"Ann\"}, \"id\":", ACCOUNT);
    // a half-written null where null fits
    ok(f, "{\"ok\": true, \"note\": nu", OK_NOTE, "{\"ok\":true,\"note\":null}");
    // a half-written Python literal: only True starts that way (the absent nullable field is
    // null, as FamilyRulesTest holds)
    ok(f, "{\"ok\": Tru", OK_NOTE, "{\"ok\":true,\"note\":null}");
    // a dangling key of an optional field with a default: the default stands
    ok(f, "{\"name\": \"Tea\", \"curr", DEFAULTS,
        "{\"name\":\"Tea\",\"currency\":\"EUR\",\"qty\":1,\"active\":true}");
    // an array field cut right after it opened is an empty array
    ok(f, "{\"name\": \"Ann\", \"age\": 3, \"tags\": [", FamilyRulesTest.PERSON,
        "{\"name\":\"Ann\",\"age\":3,\"tags\":[]}");
    // a required nested object cut before its required field: refused, not invented
    refuse(f, "{\"a\": \"x\", \"b\": {", SETTINGS);
    // the cut answer sits in a fence that was closed after it
    ok(f, "```json\n{\"a\": \"x\", \"b\": 2,\n```", AB, "{\"a\":\"x\",\"b\":2}");
    // a cut with a dangling comma after a boolean in a nested object
    ok(f, "{\"user\": {\"name\": \"Bo\", \"age\": 5}, \"ok\": false,", USER,
        "{\"user\":{\"name\":\"Bo\",\"age\":5},\"ok\":false}");
    // cut inside the second string of an array of objects: the short item keeps its prefix
    ok(f, "[{\"t\": \"one\", \"n\": 1}, {\"t\": \"tw", ROWS,
        "[{\"t\":\"one\",\"n\":1},{\"t\":\"tw\"}]");
  }

  // ------------------------------------------------------------------ fences, JSON in strings

  private static void fences() {
    String f = "fences";
    String ab = "{\"a\": \"x\", \"b\": 2}";
    String want = "{\"a\":\"x\",\"b\":2}";
    // an info string after the language tag
    ok(f, "```json title=\"answer\"\n" + ab + "\n```", AB, want);
    // a fence inside a longer fence, the outer one never closed
    ok(f, "````markdown\n```json\n" + ab + "\n```\n", AB, want);
    // CRLF line ends and no closing fence
    ok(f, "```json\r\n" + ab + "\r\n", AB, want);
    // sloppy JSON closed by the other kind of fence
    ok(f, "```json\n{'a': 'x', 'b': 2,}\n~~~", AB, want);
    // a comment line after the value inside the fence
    ok(f, "```json\n" + ab + "\n// done\n```", AB, want);
    // the answer, then a code block in another language
    ok(f, "```json\n" + ab + "\n```\nTo load it:\n```python\nprint(json.loads(s))\n```", AB, want);
    // opened with four backticks, closed with three
    ok(f, "````json\n" + ab + "\n```", AB, want);
    // the value starts on the fence line and goes on to the next lines
    ok(f, "```json {\"a\": \"x\",\n\"b\": 2}\n```", AB, want);
    // malformed JSON inside a string where the schema wants a string: kept as written
    ok(f, "{\"a\": \"{'x': 1,}\", \"b\": 2}", AB, "{\"a\":\"{'x': 1,}\",\"b\":2}");
    // valid JSON inside a string where the schema wants an array of objects
    ok(f, "{\"items\": \"[{\\\"id\\\": 1}, {\\\"id\\\": 2}]\"}", ITEMS,
        "{\"items\":[{\"id\":1},{\"id\":2}]}");
    // malformed JSON inside a string where the schema wants an array of objects: no reading
    refuse(f, "{\"items\": \"[{id: 1}]\"}", ITEMS);
    // valid JSON inside a string inside a fence, with prose after
    ok(f, "```json\n{\"config\": \"{\\\"a\\\": 4}\"}\n```\nDone.", CONFIG, "{\"config\":{\"a\":4}}");
  }

  // ------------------------------------------------------------------ schema-guided choices

  private static void schemaChoices() {
    String f = "schema";
    // defaults of a nested object's absent optional fields
    ok(f, "{\"name\": \"x\", \"opts\": {}}", PROFILE,
        "{\"name\":\"x\",\"opts\":{\"lang\":\"en\",\"beta\":false}}");
    ok(f, "{\"name\": \"x\", \"opts\": {\"beta\": true}}", PROFILE,
        "{\"name\":\"x\",\"opts\":{\"lang\":\"en\",\"beta\":true}}");
    // an array default
    ok(f, "{\"name\": \"x\"}", LISTED, "{\"name\":\"x\",\"tags\":[]}");
    // a present 0 and false are values, not absences: no default replaces them
    ok(f, "{\"name\": \"Tea\", \"qty\": 0, \"active\": false}", DEFAULTS,
        "{\"name\":\"Tea\",\"currency\":\"EUR\",\"qty\":0,\"active\":false}");
    // a value left out mid-object, under a schema with a default: the default
    ok(f, "{\"name\": \"Tea\", \"qty\": , \"active\": true}", DEFAULTS,
        "{\"name\":\"Tea\",\"currency\":\"EUR\",\"qty\":1,\"active\":true}");
    // a boolean const that the answer contradicts
    refuse(f, "{\"ok\": false, \"n\": 1}", FLAG_CONST);
    ok(f, "{\"ok\": true, \"n\": 1}", FLAG_CONST, "{\"ok\":true,\"n\":1}");
    // an optional const field the model left out stays out: nothing is invented
    ok(f, "{\"total\": 5}", OPT_KIND, "{\"total\":5}");
    // one item of an array breaks its pattern: refused (no item is silently dropped)
    refuse(f, "{\"skus\": [\"AB12\", \"ab12\"]}", SKUS);
    ok(f, "{\"skus\": [\"AB12\", \"CD34\"]}", SKUS, "{\"skus\":[\"AB12\",\"CD34\"]}");
    // a pattern the unicode text breaks
    refuse(f, "{\"slug\": \"caf\u00e9\"}", SLUG);
    // two candidates in prose, neither meeting the pattern: refused, not the nearer one
    refuse(f, "First {\"slug\": \"Bad One\"} then {\"slug\": \"also-bad\"}", SLUG);
    // a required field of a nested object missing from an otherwise whole answer
    refuse(f, "Sure! {\"user\": {\"age\": 3}, \"id\": 1}", ACCOUNT);
    // a schema choice inside a nullable field: null where the model wrote None
    ok(f, "{\"name\": \"Ann\", \"note\": None}", NOTE, "{\"name\":\"Ann\",\"note\":null}");
  }

  // ------------------------------------------------------------------ running

  @TestFactory
  Stream<DynamicTest> eachCase() {
    return CASES.stream().map(c -> DynamicTest.dynamicTest(c.family() + ": " + c.text(), () -> {
      String problem = FamilyRulesTest.check(c);
      assertThat(problem).as(c.text()).isNull();
    }));
  }

  @Test
  void scorePerFamily() {
    Map<String, int[]> score = new LinkedHashMap<>();
    StringBuilder failures = new StringBuilder();
    for (FamilyRulesTest.Case c : CASES) {
      int[] t = score.computeIfAbsent(c.family(), k -> new int[2]);
      t[1]++;
      String problem = FamilyRulesTest.check(c);
      if (problem == null) {
        t[0]++;
      } else {
        failures.append("  FAIL [").append(c.family()).append("] ")
            .append(c.text().replace("\n", "\\n")).append("\n      ").append(problem).append('\n');
      }
    }
    int passed = 0;
    StringBuilder report = new StringBuilder("unseen families, more\n");
    for (Map.Entry<String, int[]> e : score.entrySet()) {
      passed += e.getValue()[0];
      report.append(String.format("  %-12s %3d/%-3d%n", e.getKey(), e.getValue()[0],
          e.getValue()[1]));
    }
    report.append(String.format("  %-12s %3d/%-3d%n", "overall", passed, CASES.size()));
    System.out.print(report);
    System.out.print(failures);
    assertThat(CASES).hasSizeGreaterThanOrEqualTo(40);
  }
}
