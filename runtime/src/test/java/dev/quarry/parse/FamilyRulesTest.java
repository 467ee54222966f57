package dev.quarry.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hand-written cases of the four families of issue 13, each written from the rule it names (not
 * taken from any test suite): the text a model wrote, the schema (or none), and the value it
 * meant, or a refusal ({@link ParseException}) where no reading honestly satisfies the schema.
 *
 * <p>The rules these cases hold, where a choice had to be made:
 * <ul>
 *   <li><b>Where a string ends</b> is decided by what can legally follow a quote: a quote followed
 *       by the container's end, or by a comma and the next member, closes the string; any other
 *       quote is part of the text. A value that never closes ends before the next field name
 *       ({@code , "key":}) or the container's end. A whole answer whose every quote is escaped
 *       ({@code {\"a\": 1}}, with or without the outer quotes) is read one level down.
 *   <li><b>Truncation</b>: what was written completely is kept; a dangling key, colon or comma is
 *       dropped; a half-written number keeps its written digits ({@code 12.} is 12, {@code 1e}
 *       is 1) and a lone {@code -} is dropped; a half-written literal is completed only when one
 *       literal starts that way. A string cut off by the end of the text keeps the characters
 *       written (its prefix). Under a schema, a required field that the cut dropped is a refusal;
 *       the last item of an array that the cut left short of its item schema's required fields is
 *       dropped (it was never finished), while a finished item that breaks the schema is refused.
 *   <li><b>Fences</b>: {@code ```} or {@code ~~~} with any language tag (any case), closed or
 *       not; a fence closes only at the start of a line, so backticks inside a string are text.
 *       JSON inside a JSON string is read where the schema wants an object or array and the
 *       string holds valid JSON of that kind (alone, or alone in a closed fence); malformed
 *       JSON inside a string stays a string (the sources refuse to salvage it): refused for an
 *       object field, the single string of a list for an array field.
 *   <li><b>Schema-guided choices</b>: an absent optional field with a {@code default} takes it;
 *       a value that breaks {@code pattern}, {@code const} or {@code enum}, a missing required
 *       field, and a value of the wrong type that no unambiguous coercion fixes are refused;
 *       {@code anyOf} takes the branch that fits; field names match across case and
 *       snake/camel/kebab spelling; a lone wrapper field ({@code result}, {@code data}, ...)
 *       around the wanted value is removed. Where a number is wanted and the model wrote prose
 *       (unquoted text) around it, the one number written as a word of its own is read
 *       ({@code Answer: 42}); several different numbers, or digits inside a word or joined to
 *       another number ({@code 3rd}, {@code 10:30}, a date), are refused, never a pick. A quoted
 *       string is the model's value as written: {@code "12 dollars"} stays refused.
 * </ul>
 */
class FamilyRulesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String REFUSE = "refuse";

  /** One case: the family, the model's text, the schema (null: none), the value or REFUSE. */
  record Case(String family, String text, String schema, String expected) {}

  private static final List<Case> CASES = new ArrayList<>();

  private static void ok(String family, String text, String schema, String expected) {
    CASES.add(new Case(family, text, schema, expected));
  }

  private static void refuse(String family, String text, String schema) {
    CASES.add(new Case(family, text, schema, REFUSE));
  }

  private static String obj(String props, String required) {
    return "{\"type\":\"object\",\"properties\":{" + props + "},\"required\":[" + required + "]}";
  }

  private static final String STR = "{\"type\":\"string\"}";
  private static final String INT = "{\"type\":\"integer\"}";
  private static final String NUM = "{\"type\":\"number\"}";
  private static final String BOOL = "{\"type\":\"boolean\"}";

  static final String PRODUCT = obj("\"name\":" + STR + ",\"size\":" + STR + ",\"price\":" + NUM,
      "\"name\"");
  static final String AB = obj("\"a\":" + STR + ",\"b\":" + INT, "\"a\",\"b\"");
  static final String PERSON = obj("\"name\":" + STR + ",\"age\":" + INT + ",\"email\":" + STR
      + ",\"tags\":{\"type\":\"array\",\"items\":" + STR + "}", "\"name\",\"age\"");
  static final String FLAG = obj("\"ok\":" + BOOL, "\"ok\"");
  static final String ITEM = obj("\"id\":" + INT + ",\"label\":" + STR, "\"id\"");
  static final String ITEMS = obj("\"items\":{\"type\":\"array\",\"items\":" + ITEM + "}",
      "\"items\"");
  static final String CONFIG = obj("\"config\":" + obj("\"a\":" + INT, "\"a\"") + ",\"name\":"
      + STR, "\"config\"");
  static final String TAGS = obj("\"tags\":{\"type\":\"array\",\"items\":" + STR + "}", "\"tags\"");
  static final String INTS = "{\"type\":\"array\",\"items\":" + INT + "}";
  static final String DEFAULTS = obj("\"name\":" + STR
      + ",\"currency\":{\"type\":\"string\",\"default\":\"EUR\"}"
      + ",\"qty\":{\"type\":\"integer\",\"default\":1}"
      + ",\"active\":{\"type\":\"boolean\",\"default\":true}", "\"name\"");
  static final String CODE = obj("\"code\":{\"type\":\"string\",\"pattern\":\"^[A-Z]{3}-[0-9]{3}$\"}",
      "\"code\"");
  static final String OPT_CODE = obj("\"name\":" + STR
      + ",\"code\":{\"type\":\"string\",\"pattern\":\"^[A-Z]{3}$\"}", "\"name\"");
  static final String KIND = obj("\"kind\":{\"type\":\"string\",\"const\":\"invoice\"},\"total\":"
      + NUM, "\"kind\",\"total\"");
  static final String STATUS = obj("\"status\":{\"type\":\"string\",\"enum\":[\"open\",\"closed\","
      + "\"pending\"]}", "\"status\"");
  static final String MEDIA = obj("\"item\":{\"anyOf\":["
      + obj("\"kind\":{\"type\":\"string\",\"const\":\"book\"},\"title\":" + STR, "\"kind\",\"title\"")
      + "," + obj("\"kind\":{\"type\":\"string\",\"const\":\"film\"},\"minutes\":" + INT,
          "\"kind\",\"minutes\"") + "]}", "\"item\"");
  static final String NUM_OR_TEXT = obj("\"v\":{\"anyOf\":[" + INT + "," + STR + "]}", "\"v\"");
  static final String CAMEL = obj("\"firstName\":" + STR + ",\"lastName\":" + STR,
      "\"firstName\",\"lastName\"");
  static final String SNAKE = obj("\"first_name\":" + STR + ",\"zip_code\":" + STR,
      "\"first_name\",\"zip_code\"");
  static final String NOTE = obj("\"name\":" + STR + ",\"note\":{\"type\":[\"string\",\"null\"]}",
      "\"name\"");

  static final String RANGE = obj("\"n\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":10},"
      + "\"word\":{\"type\":\"string\",\"minLength\":2,\"maxLength\":5}", "\"n\"");
  static final String STATUSES = obj("\"statuses\":{\"type\":\"array\",\"items\":"
      + "{\"type\":\"string\",\"enum\":[\"in_progress\",\"done\"]}}", "\"statuses\"");
  static final String CLOSED = "{\"type\":\"object\",\"properties\":{\"a\":" + STR + "},"
      + "\"required\":[\"a\"],\"additionalProperties\":false}";
  static final String NULLABLE_UNION = obj("\"v\":{\"anyOf\":[" + STR + ",{\"type\":\"null\"}]}",
      "\"v\"");
  static final String PRICE = obj("\"price\":" + NUM + ",\"count\":" + INT, "\"price\"");
  static final String DEEP = obj("\"order\":" + obj("\"customer\":" + obj("\"id\":" + INT
      + ",\"name\":" + STR, "\"id\",\"name\""), "\"customer\""), "\"order\"");

  static {
    stringEnds();
    truncation();
    fences();
    schemaChoices();
    moreStringEnds();
    moreTruncation();
    moreFences();
    moreSchemaChoices();
    proseNumbers();
  }

  // ------------------------------------------------------------------ where a string ends

  private static void stringEnds() {
    String f = "string-end";
    // a quote followed by words is text; the quote before ", next-key" or "}" closes
    ok(f, "{\"name\": \"TV\", \"size\": \"24\" screen\", \"price\": 99}", PRODUCT,
        "{\"name\":\"TV\",\"size\":\"24\\\" screen\",\"price\":99}");
    ok(f, "{\"name\": \"TV\", \"size\": \"24\" screen\"}", PRODUCT,
        "{\"name\":\"TV\",\"size\":\"24\\\" screen\"}");
    ok(f, "{\"name\": \"He said \"hi\" to me\", \"price\": 1}", PRODUCT,
        "{\"name\":\"He said \\\"hi\\\" to me\",\"price\":1}");
    ok(f, "{\"name\": \"the \"big, red\" box\", \"price\": 1}", PRODUCT,
        "{\"name\":\"the \\\"big, red\\\" box\",\"price\":1}");
    ok(f, "{\"name\": \"12\" TV\"}", PRODUCT, "{\"name\":\"12\\\" TV\"}");
    ok(f, "{\"name\": \"x\", \"size\": \"5'11\"\", \"price\": 3}", PRODUCT,
        "{\"name\":\"x\",\"size\":\"5'11\\\"\",\"price\":3}");
    ok(f, "[\"24\" monitor\", \"b\"]", null, "[\"24\\\" monitor\",\"b\"]");
    ok(f, "{\"name\": \"a \"quoted\" word\"}", null, "{\"name\":\"a \\\"quoted\\\" word\"}");
    ok(f, "{\"name\": \"say \"yes\"\", \"price\": 2}", PRODUCT,
        "{\"name\":\"say \\\"yes\\\"\",\"price\":2}");
    // doubled quotes around a value
    ok(f, "{\"name\": \"\"quoted\"\", \"price\": 1}", PRODUCT,
        "{\"name\":\"\\\"quoted\\\"\",\"price\":1}");
    ok(f, "{\"name\": \"\"Lamp\"\"}", PRODUCT, "{\"name\":\"\\\"Lamp\\\"\"}");
    // a value that lost its closing quote ends before the next key
    ok(f, "{\"name\": \"Lamp, \"price\": 20}", PRODUCT, "{\"name\":\"Lamp\",\"price\":20}");
    ok(f, "{\"a\": \"x, \"b\": 2}", AB, "{\"a\":\"x\",\"b\":2}");
    ok(f, "{\"a\": \"x, \"b\": 2}", null, "{\"a\":\"x\",\"b\":2}");
    ok(f, "{\"name\": \"Desk\n\"price\": 5}", PRODUCT, "{\"name\":\"Desk\",\"price\":5}");
    ok(f, "{\"name\": \"Lamp}", PRODUCT, "{\"name\":\"Lamp\"}");
    ok(f, "{\"name\": \"Lamp\", \"size\": \"XL}", PRODUCT, "{\"name\":\"Lamp\",\"size\":\"XL\"}");
    ok(f, "{\"a\": {\"b\": \"x}, \"c\": 2}", null, "{\"a\":{\"b\":\"x\"},\"c\":2}");
    ok(f, "[\"a\", \"b, \"c\"]", null, "[\"a\",\"b\",\"c\"]");
    ok(f, "{\"tags\": [\"red\", \"blue, \"green\"]}", TAGS, "{\"tags\":[\"red\",\"blue\",\"green\"]}");
    ok(f, "{\"a\": \"x\", \"b\": 2, \"c\": \"open}", null, "{\"a\":\"x\",\"b\":2,\"c\":\"open\"}");
    // a missing opening quote, or none at all
    ok(f, "{\"name\": Lamp\", \"price\": 2}", PRODUCT, "{\"name\":\"Lamp\",\"price\":2}");
    ok(f, "{name: Lamp, price: 2}", PRODUCT, "{\"name\":\"Lamp\",\"price\":2}");
    ok(f, "{\"name\": Blue lamp, \"price\": 2}", PRODUCT, "{\"name\":\"Blue lamp\",\"price\":2}");
    ok(f, "{\"name: \"Lamp\", \"price\": 2}", PRODUCT, "{\"name\":\"Lamp\",\"price\":2}");
    // escapes as JSON has them, and escapes one level too many
    ok(f, "{\"name\": \"a \\\"b\\\" c\"}", PRODUCT, "{\"name\":\"a \\\"b\\\" c\"}");
    ok(f, "\"{\\\"a\\\": \\\"x\\\", \\\"b\\\": 2}\"", AB, "{\"a\":\"x\",\"b\":2}");
    ok(f, "{\\\"a\\\": \\\"x\\\", \\\"b\\\": 2}", AB, "{\"a\":\"x\",\"b\":2}");
    ok(f, "{\\\"a\\\": \\\"x\\\", \\\"b\\\": 2}", null, "{\"a\":\"x\",\"b\":2}");
    ok(f, "```json\n{\\\"a\\\": \\\"x\\\", \\\"b\\\": 2}\n```", AB, "{\"a\":\"x\",\"b\":2}");
    ok(f, "The answer: \"{\\\"a\\\": \\\"x\\\", \\\"b\\\": 2}\"", AB, "{\"a\":\"x\",\"b\":2}");
    ok(f, "The answer: \"{\\\"a\\\": \\\"x\\\"}\"", obj("\"a\":" + STR, "\"a\""), "{\"a\":\"x\"}");
    ok(f, "{\\\"a\\\": \\\"line1\\\\nline2\\\", \\\"b\\\": 1}", AB,
        "{\"a\":\"line1\\nline2\",\"b\":1}");
    ok(f, "\"[1, 2, 3]\"", INTS, "[1,2,3]");
    ok(f, "\"[\\\"a\\\", \\\"b\\\"]\"", "{\"type\":\"array\",\"items\":" + STR + "}",
        "[\"a\",\"b\"]");
    ok(f, "\"{\\\"tags\\\": [\\\"x\\\"]}\"", TAGS, "{\"tags\":[\"x\"]}");
    // single quotes with apostrophes inside
    ok(f, "{'name': 'Bob's lamp', 'price': 3}", PRODUCT, "{\"name\":\"Bob's lamp\",\"price\":3}");
    ok(f, "{'name': 'O'Brien', 'size': 'M'}", PRODUCT, "{\"name\":\"O'Brien\",\"size\":\"M\"}");
    ok(f, "{'name': 'rock 'n' roll', 'price': 1}", PRODUCT,
        "{\"name\":\"rock 'n' roll\",\"price\":1}");
    ok(f, "{'name': 'it's'}", PRODUCT, "{\"name\":\"it's\"}");
    ok(f, "{'name': 'the \"best\"', 'price': 1}", PRODUCT,
        "{\"name\":\"the \\\"best\\\"\",\"price\":1}");
    ok(f, "[ 'don't', 'can't' ]", null, "[\"don't\",\"can't\"]");
    ok(f, "{\"name\": 'Lamp', \"price\": 2}", PRODUCT, "{\"name\":\"Lamp\",\"price\":2}");
    ok(f, "{\u201cname\u201d: \u201cLamp\u201d, \u201cprice\u201d: 2}", PRODUCT,
        "{\"name\":\"Lamp\",\"price\":2}");
    ok(f, "{\"name\": \"a, b: c\", \"price\": 1}", PRODUCT, "{\"name\":\"a, b: c\",\"price\":1}");
    ok(f, "{\"name\": \"two\nlines\"}", PRODUCT, "{\"name\":\"two\\nlines\"}");
  }

  // ------------------------------------------------------------------ truncation

  private static void truncation() {
    String f = "truncation";
    ok(f, "{\"a\": 1, \"b\"", null, "{\"a\":1}");
    ok(f, "{\"a\": 1, \"b\":", null, "{\"a\":1}");
    ok(f, "{\"a\": 1, \"b\": ", null, "{\"a\":1}");
    ok(f, "{\"a\": 1,", null, "{\"a\":1}");
    ok(f, "{\"a\": 1, \"bc", null, "{\"a\":1}");
    ok(f, "[1, 2,", null, "[1,2]");
    ok(f, "[1, 2, 3", null, "[1,2,3]");
    ok(f, "{\"a\": 12.", null, "{\"a\":12}");
    ok(f, "{\"a\": -", null, "{}");
    ok(f, "{\"a\": 1e", null, "{\"a\":1}");
    ok(f, "{\"a\": 1e-", null, "{\"a\":1}");
    ok(f, "{\"a\": 2.5E+", null, "{\"a\":2.5}");
    ok(f, "[1, -", null, "[1]");
    ok(f, "[1, 2.", null, "[1,2]");
    ok(f, "{\"a\": tr", null, "{\"a\":true}");
    ok(f, "{\"a\": nul", null, "{\"a\":null}");
    ok(f, "{\"a\": f", null, "{\"a\":false}");
    ok(f, "{\"a\": fals", null, "{\"a\":false}");
    ok(f, "[tr", null, "[true]");
    ok(f, "[true, fa", null, "[true,false]");
    ok(f, "{\"a\": \"hel", null, "{\"a\":\"hel\"}");
    ok(f, "{\"a\": \"x\\", null, "{\"a\":\"x\"}");
    ok(f, "{\"a\": \"x\\u00", null, "{\"a\":\"x\"}");
    ok(f, "[\"a\", \"b", null, "[\"a\",\"b\"]");
    ok(f, "{\"a\": {\"b\": {\"c\": [1, {\"d\": \"x", null, "{\"a\":{\"b\":{\"c\":[1,{\"d\":\"x\"}]}}}");
    ok(f, "[[[1, 2], [3", null, "[[[1,2],[3]]]");
    ok(f, "{\"a\": [", null, "{\"a\":[]}");
    ok(f, "{\"a\": {", null, "{\"a\":{}}");
    ok(f, "{\"", null, "{}");
    ok(f, "{\"a\":", null, "{}");
    ok(f, "{\"a\": \"x\", \"b\": {\"c\": 1, \"d\"", null, "{\"a\":\"x\",\"b\":{\"c\":1}}");
    ok(f, "{\"a\": 1, \"b\": [1, 2], \"c\": {\"d\": tr", null,
        "{\"a\":1,\"b\":[1,2],\"c\":{\"d\":true}}");
    ok(f, "[{\"a\": 1}, {\"a\": 2}, {\"a\"", null, "[{\"a\":1},{\"a\":2},{}]");
    ok(f, "{\"a\": 1, \"b\": 2,}", null, "{\"a\":1,\"b\":2}");
    ok(f, "[1, 2, ]", null, "[1,2]");
    ok(f, "{\"a\": [1, 2,], }", null, "{\"a\":[1,2]}");
    ok(f, "{\"a\": [\"x\", \"y\"", null, "{\"a\":[\"x\",\"y\"]}");
    ok(f, "{\"a\": [{\"b\": 1}, {\"b\":", null, "{\"a\":[{\"b\":1},{}]}");
    // with a schema: the parsed prefix, and a refusal where a required field was cut
    ok(f, "{\"name\": \"Ann\", \"age\": 30, \"email\": \"ann@", PERSON,
        "{\"name\":\"Ann\",\"age\":30,\"email\":\"ann@\"}");
    refuse(f, "{\"name\": \"Ann\", \"age\":", PERSON);
    refuse(f, "{\"name\": \"Ann\", \"age\": -", PERSON);
    refuse(f, "{\"name\": \"Ann\"", PERSON);
    refuse(f, "{\"name\": \"Ann\", \"ag", PERSON);
    ok(f, "{\"name\": \"Ann\", \"age\": 30, \"tags\": [\"a\", \"b", PERSON,
        "{\"name\":\"Ann\",\"age\":30,\"tags\":[\"a\",\"b\"]}");
    ok(f, "{\"name\": \"Ann\", \"age\": 30, \"tags\": [", PERSON,
        "{\"name\":\"Ann\",\"age\":30,\"tags\":[]}");
    ok(f, "{\"name\": \"Ann\", \"age\": 30,", PERSON, "{\"name\":\"Ann\",\"age\":30}");
    ok(f, "{\"name\": \"Ann\", \"age\": 30, \"em", PERSON, "{\"name\":\"Ann\",\"age\":30}");
    ok(f, "{\"name\": \"Ann\", \"age\": 30, \"email\":", PERSON, "{\"name\":\"Ann\",\"age\":30}");
    ok(f, "{\"name\": \"Ann\", \"age\": 30.", PERSON, "{\"name\":\"Ann\",\"age\":30}");
    ok(f, "{\"age\": 30, \"name\": \"An", PERSON, "{\"age\":30,\"name\":\"An\"}");
    ok(f, "{\"name\": \"Ann\", \"age\": 4e", PERSON, "{\"name\":\"Ann\",\"age\":4}");
    ok(f, "```json\n{\"name\": \"Ann\", \"age\": 30, \"tags\": [\"x\",", PERSON,
        "{\"name\":\"Ann\",\"age\":30,\"tags\":[\"x\"]}");
    ok(f, "{\"ok\": tr", FLAG, "{\"ok\":true}");
    ok(f, "{\"ok\": f", FLAG, "{\"ok\":false}");
    refuse(f, "{\"ok\": n", FLAG);
    ok(f, "{\"items\": [{\"id\": 1, \"label\": \"a\"}, {\"id\": 2, \"lab", ITEMS,
        "{\"items\":[{\"id\":1,\"label\":\"a\"},{\"id\":2}]}");
    ok(f, "{\"items\": [{\"id\": 1}, {\"label\": \"b\"", ITEMS, "{\"items\":[{\"id\":1}]}");
    ok(f, "{\"items\": [{\"id\": 1}, {\"id\": 2}, {\"id\": ", ITEMS,
        "{\"items\":[{\"id\":1},{\"id\":2}]}");
    refuse(f, "{\"items\": [{\"id\": 1}, {\"label\": \"b\"}, {\"id\": 3}", ITEMS);
    ok(f, "{\"items\": [{\"id\": 7, \"label\": \"x\"}", ITEMS,
        "{\"items\":[{\"id\":7,\"label\":\"x\"}]}");
  }

  // ------------------------------------------------------------------ fences, JSON in strings

  private static void fences() {
    String f = "fences";
    String ab = "{\"a\": \"x\", \"b\": 2}";
    String want = "{\"a\":\"x\",\"b\":2}";
    ok(f, "```json\n" + ab, AB, want);
    ok(f, "```json\n" + ab + "\n```", AB, want);
    ok(f, "~~~json\n" + ab + "\n~~~", AB, want);
    ok(f, "~~~\n" + ab + "\n~~~\nDone.", AB, want);
    // a ~~~ block is a fence like a ``` one, whatever prose follows it (a colon too), and it
    // closes only with ~~~
    String onlyA = obj("\"a\":" + STR, "\"a\"");
    ok(f, "\n~~~json\n{\"a\": \"x\"}\n~~~\nHere is the JSON you asked for:", onlyA,
        "{\"a\":\"x\"}");
    ok(f, "~~~\n{\"a\": \"```\"}\n~~~\nNote: the value is a fence.", onlyA, "{\"a\":\"```\"}");
    ok(f, "```JSON5\n{a: 'x', b: 2,}\n```", AB, want);
    ok(f, "```jsonc\n{\"a\": \"x\", // the name\n \"b\": 2}\n```", AB, want);
    ok(f, "```\n" + ab + "\n```", AB, want);
    ok(f, "``` json\n" + ab + "\n```", AB, want);
    ok(f, "```json" + ab + "```", AB, want);
    ok(f, "Here it is:\n```json\n" + ab + "\n``` and that is all.", AB, want);
    ok(f, "````json\n" + ab + "\n````", AB, want);
    ok(f, "```json\n" + ab + "\n``", AB, want);
    ok(f, "``json\n" + ab + "\n``", AB, want);
    ok(f, "`" + ab + "`", AB, want);
    ok(f, "```python\n{'a': 'x', 'b': 2}\n```", AB, want);
    ok(f, "```json\n[1, 2, 3]\n```", INTS, "[1,2,3]");
    ok(f, "```json\n{\"a\": \"x\", \"b\": 2\n```", AB, want);
    ok(f, "```json\n{\"a\": \"x, \"b\": 2}\n```", AB, want);
    ok(f, "  ```Json\n  " + ab + "\n  ```", AB, want);
    ok(f, "```markdown\n```json\n" + ab + "\n```\n```", AB, want);
    ok(f, "Example shape:\n```json\n{\"a\": \"...\"}\n```\nResult:\n```json\n" + ab + "\n```", AB,
        want);
    ok(f, "```json\n" + ab + "\n```\n```json\n{\"a\": \"y\", \"b\": 3}\n```", AB, want);
    ok(f, "```json\n{\"a\": \"run ```ls``` now\", \"b\": 2}\n```", AB,
        "{\"a\":\"run ```ls``` now\",\"b\":2}");
    ok(f, "{\"a\": \"use ```code``` here\", \"b\": 2}", AB, "{\"a\":\"use ```code``` here\",\"b\":2}");
    ok(f, "```json\n{\"a\": \"x\",\n \"b\": 2,\n}\n```\nLet me know!", AB, want);
    ok(f, "Sure! ```json\n" + ab + "\n```", AB, want);
    ok(f, "```json\n\n\n" + ab + "\n\n```", AB, want);
    ok(f, "```json\n// result\n" + ab + "\n```", AB, want);
    // JSON written inside a JSON string
    ok(f, "{\"config\": \"{\\\"a\\\": 1}\"}", CONFIG, "{\"config\":{\"a\":1}}");
    refuse(f, "{\"config\": \"{'a': 1,}\"}", CONFIG);
    refuse(f, "{\"config\": \"{a: 1}\"}", CONFIG);
    ok(f, "{\"config\": \"{\\\"a\\\": \\\"1\\\"}\"}", CONFIG, "{\"config\":{\"a\":1}}");
    ok(f, "{\"config\": \"```json\\n{\\\"a\\\": 1}\\n```\"}", CONFIG, "{\"config\":{\"a\":1}}");
    refuse(f, "{\"config\": \"{\\\"a\\\": 1\"}", CONFIG);
    refuse(f, "{\"config\": \"not json\"}", CONFIG);
    refuse(f, "{\"config\": \"{'b': 1}\"}", CONFIG);
    ok(f, "{\"tags\": \"[\\\"a\\\", \\\"b\\\"]\"}", TAGS, "{\"tags\":[\"a\",\"b\"]}");
    ok(f, "{\"tags\": \"['a', 'b']\"}", TAGS, "{\"tags\":[\"['a', 'b']\"]}");
    ok(f, "{\"tags\": \"['a', 'b',]\"}", TAGS, "{\"tags\":[\"['a', 'b',]\"]}");
    ok(f, "{\"config\": \"{'a': 1,}\"}", null, "{\"config\":\"{'a': 1,}\"}");
    ok(f, "{\"config\": {\"a\": 1}, \"name\": \"{\\\"x\\\": 1}\"}", CONFIG,
        "{\"config\":{\"a\":1},\"name\":\"{\\\"x\\\": 1}\"}");
  }

  // ------------------------------------------------------------------ schema-guided choices

  private static void schemaChoices() {
    String f = "schema";
    ok(f, "{\"name\": \"Tea\"}", DEFAULTS,
        "{\"name\":\"Tea\",\"currency\":\"EUR\",\"qty\":1,\"active\":true}");
    ok(f, "{\"name\": \"Tea\", \"qty\": 3}", DEFAULTS,
        "{\"name\":\"Tea\",\"currency\":\"EUR\",\"qty\":3,\"active\":true}");
    ok(f, "{\"name\": \"Tea\", \"active\": false, \"currency\": \"USD\"}", DEFAULTS,
        "{\"name\":\"Tea\",\"currency\":\"USD\",\"qty\":1,\"active\":false}");
    ok(f, "{\"name\": \"Tea\", \"qty\": null}", DEFAULTS,
        "{\"name\":\"Tea\",\"currency\":\"EUR\",\"qty\":1,\"active\":true}");
    ok(f, "{\"name\": \"Tea\", \"qty\": ", DEFAULTS,
        "{\"name\":\"Tea\",\"currency\":\"EUR\",\"qty\":1,\"active\":true}");
    refuse(f, "{\"qty\": 2}", DEFAULTS);
    refuse(f, "{\"name\": \"Tea\", \"qty\": \"many\"}", DEFAULTS);
    ok(f, "{\"name\": \"Ann\"}", NOTE, "{\"name\":\"Ann\",\"note\":null}");
    // pattern, const, enum: refused rather than invented
    ok(f, "{\"code\": \"ABC-123\"}", CODE, "{\"code\":\"ABC-123\"}");
    refuse(f, "{\"code\": \"abc-123\"}", CODE);
    refuse(f, "{\"code\": \"ABC123\"}", CODE);
    refuse(f, "{\"code\": 123}", CODE);
    refuse(f, "{}", CODE);
    refuse(f, "{\"name\": \"x\", \"code\": \"euro\"}", OPT_CODE);
    ok(f, "{\"name\": \"x\", \"code\": \"EUR\"}", OPT_CODE, "{\"name\":\"x\",\"code\":\"EUR\"}");
    ok(f, "{\"code\": \"abc\"} no wait: {\"code\": \"ABC-123\"}", CODE, "{\"code\":\"ABC-123\"}");
    ok(f, "{\"kind\": \"invoice\", \"total\": 5}", KIND, "{\"kind\":\"invoice\",\"total\":5}");
    refuse(f, "{\"kind\": \"receipt\", \"total\": 5}", KIND);
    refuse(f, "{\"total\": 5}", KIND);
    refuse(f, "{\"kind\": \"invoice\"}", KIND);
    ok(f, "{\"kind\": \"Invoice\", \"total\": 5}", KIND, "{\"kind\":\"invoice\",\"total\":5}");
    ok(f, "{\"kind\": \"invoice\", \"total\": \"5.50\"}", KIND, "{\"kind\":\"invoice\",\"total\":5.50}");
    ok(f, "{\"status\": \"open\"}", STATUS, "{\"status\":\"open\"}");
    ok(f, "{\"status\": \"Open\"}", STATUS, "{\"status\":\"open\"}");
    ok(f, "{\"status\": \"CLOSED\"}", STATUS, "{\"status\":\"closed\"}");
    ok(f, "{\"status\": \" pending \"}", STATUS, "{\"status\":\"pending\"}");
    refuse(f, "{\"status\": \"opened\"}", STATUS);
    refuse(f, "{\"status\": \"in progress\"}", STATUS);
    refuse(f, "{\"status\": null}", STATUS);
    // unions
    ok(f, "{\"item\": {\"kind\": \"film\", \"minutes\": 90}}", MEDIA,
        "{\"item\":{\"kind\":\"film\",\"minutes\":90}}");
    ok(f, "{\"item\": {\"kind\": \"book\", \"title\": \"X\"}}", MEDIA,
        "{\"item\":{\"kind\":\"book\",\"title\":\"X\"}}");
    ok(f, "{\"item\": {\"kind\": \"film\", \"minutes\": \"90\"}}", MEDIA,
        "{\"item\":{\"kind\":\"film\",\"minutes\":90}}");
    ok(f, "{\"item\": {\"minutes\": 90, \"kind\": \"film\"}}", MEDIA,
        "{\"item\":{\"kind\":\"film\",\"minutes\":90}}");
    refuse(f, "{\"item\": {\"kind\": \"song\"}}", MEDIA);
    refuse(f, "{\"item\": {\"title\": \"X\"}}", MEDIA);
    // An array where a union wants one value: its items are weighed against the whole union, so
    // items that fit different alternatives are not "the only item that fits" one of them.
    refuse(f, "{\"item\": [{\"kind\": \"book\", \"title\": \"X\"}, "
        + "{\"kind\": \"film\", \"minutes\": 90}]}", MEDIA);
    refuse(f, "{\"item\": [{\"kind\": \"film\", \"minutes\": 90}, "
        + "{\"kind\": \"book\", \"title\": \"X\"}]}", MEDIA);
    ok(f, "{\"item\": [{\"kind\": \"song\"}, {\"kind\": \"film\", \"minutes\": 90}]}", MEDIA,
        "{\"item\":{\"kind\":\"film\",\"minutes\":90}}");
    ok(f, "{\"item\": [{\"kind\": \"book\", \"title\": \"X\"}]}", MEDIA,
        "{\"item\":{\"kind\":\"book\",\"title\":\"X\"}}");
    ok(f, "{\"v\": 12}", NUM_OR_TEXT, "{\"v\":12}");
    ok(f, "{\"v\": \"12\"}", NUM_OR_TEXT, "{\"v\":\"12\"}");
    ok(f, "{\"v\": \"twelve\"}", NUM_OR_TEXT, "{\"v\":\"twelve\"}");
    // field names in another case or style
    ok(f, "{\"first_name\": \"A\", \"last_name\": \"B\"}", CAMEL, "{\"firstName\":\"A\",\"lastName\":\"B\"}");
    ok(f, "{\"FirstName\": \"A\", \"LastName\": \"B\"}", CAMEL, "{\"firstName\":\"A\",\"lastName\":\"B\"}");
    ok(f, "{\"first-name\": \"A\", \"last-name\": \"B\"}", CAMEL, "{\"firstName\":\"A\",\"lastName\":\"B\"}");
    ok(f, "{\"FIRST_NAME\": \"A\", \"LAST_NAME\": \"B\"}", CAMEL, "{\"firstName\":\"A\",\"lastName\":\"B\"}");
    ok(f, "{\"firstName\": \"A\", \"zipCode\": \"1000\"}", SNAKE, "{\"first_name\":\"A\",\"zip_code\":\"1000\"}");
    ok(f, "{\"First Name\": \"A\", \"Zip Code\": \"1000\"}", SNAKE, "{\"first_name\":\"A\",\"zip_code\":\"1000\"}");
    refuse(f, "{\"first\": \"A\", \"last\": \"B\"}", CAMEL);
    // a value where a key belongs
    ok(f, "{\"name\": \"Tea\", \"green\", \"qty\": 2}", DEFAULTS,
        "{\"name\":\"Tea\",\"currency\":\"EUR\",\"qty\":2,\"active\":true}");
    ok(f, "{\"a\": \"x\", 5, \"b\": 2}", AB, "{\"a\":\"x\",\"b\":2}");
    // wrappers around what the schema wants
    ok(f, "{\"result\": {\"a\": \"x\", \"b\": 2}}", AB, "{\"a\":\"x\",\"b\":2}");
    ok(f, "{\"data\": {\"a\": \"x\", \"b\": 2}}", AB, "{\"a\":\"x\",\"b\":2}");
    ok(f, "{\"data\": [1, 2, 3]}", INTS, "[1,2,3]");
    ok(f, "{\"output\": [4, 5]}", INTS, "[4,5]");
    ok(f, "{\"response\": {\"result\": {\"a\": \"x\", \"b\": 2}}}", AB, "{\"a\":\"x\",\"b\":2}");
    ok(f, "[{\"a\": \"x\", \"b\": 2}]", AB, "{\"a\":\"x\",\"b\":2}");
    refuse(f, "{\"result\": {\"a\": \"x\"}}", AB);
    // coercions that are unambiguous, and refusals where none is
    ok(f, "{\"a\": \"x\", \"b\": \"2\"}", AB, "{\"a\":\"x\",\"b\":2}");
    ok(f, "{\"a\": 5, \"b\": 2}", AB, "{\"a\":\"5\",\"b\":2}");
    ok(f, "{\"a\": [\"x\"], \"b\": 2}", AB, "{\"a\":\"x\",\"b\":2}");
    ok(f, "{\"tags\": \"solo\"}", TAGS, "{\"tags\":[\"solo\"]}");
    ok(f, "{\"ok\": \"true\"}", FLAG, "{\"ok\":true}");
    ok(f, "{\"a\": \"x\", \"b\": 2.0}", AB, "{\"a\":\"x\",\"b\":2}");
    refuse(f, "{\"a\": \"x\", \"b\": \"two\"}", AB);
    refuse(f, "{\"a\": \"x\", \"b\": 2.5}", AB);
    refuse(f, "{\"a\": \"x\"}", AB);
    refuse(f, "{\"a\": \"x\", \"b\": [1, 2]}", AB);
    refuse(f, "{\"ok\": \"maybe\"}", FLAG);
  }

  // ------------------------------------------------------------------ second batch

  private static void moreStringEnds() {
    String f = "string-end";
    ok(f, "{\"a\": \"b\",,, \"c\": 1}", null, "{\"a\":\"b\",\"c\":1}");
    ok(f, "{\"a\": [\"x\", \"y], \"b\": 1}", null, "{\"a\":[\"x\",\"y\"],\"b\":1}");
    ok(f, "[{\"a\": \"x}, {\"a\": \"y\"}]", null, "[{\"a\":\"x\"},{\"a\":\"y\"}]");
    ok(f, "{\"name\": \"John\", \"age\": 30, \"city\": \"New York\" and more text here", null,
        "{\"name\":\"John\",\"age\":30,\"city\":\"New York\"}");
    ok(f, "{\"text\": \"The word \"foo\" and \"bar\" appear\", \"n\": 1}", null,
        "{\"text\":\"The word \\\"foo\\\" and \\\"bar\\\" appear\",\"n\":1}");
    ok(f, "{\"a\": \"va\"lue, \"b\": 1}", null, "{\"a\":\"va\\\"lue\",\"b\":1}");
    ok(f, "{'key': \"mixed', 'k2': 'v'}", null, "{\"key\":\"mixed\",\"k2\":\"v\"}");
    ok(f, "{\"key\": \"v\"alue\"}", null, "{\"key\":\"v\\\"alue\"}");
    ok(f, "{\"a\": \"lorem \"ipsum\" dolor\", \"b\": \"x\"}", null,
        "{\"a\":\"lorem \\\"ipsum\\\" dolor\",\"b\":\"x\"}");
    ok(f, "{\"a\": \"b\", \"c\": \"d\" \"e\": \"f\"}", null, "{\"a\":\"b\",\"c\":\"d\",\"e\":\"f\"}");
    ok(f, "{\"a\" \"b\"}", null, "{\"a\":\"b\"}");
    ok(f, "{\"a\": \"b\"\"c\": \"d\"}", null, "{\"a\":\"b\",\"c\":\"d\"}");
    ok(f, "['a', \"b\", `c`]", null, "[\"a\",\"b\",\"c\"]");
    ok(f, "{\"text\": \"He said: \\\"yes\\\"\"}", null, "{\"text\":\"He said: \\\"yes\\\"\"}");
    ok(f, "{\"a\": \"tab\there\"}", null, "{\"a\":\"tab\\there\"}");
    ok(f, "{\"a\": \"x\"\n\"b\": \"y\"}", null, "{\"a\":\"x\",\"b\":\"y\"}");
    ok(f, "{\"a\": \"x\",\n\"b\": \"it's \"fine\"\"}", null,
        "{\"a\":\"x\",\"b\":\"it's \\\"fine\\\"\"}");
    ok(f, "{\"quote\": \"\"To be\" she said\", \"n\": 1}", null,
        "{\"quote\":\"\\\"To be\\\" she said\",\"n\":1}");
    ok(f, "{\"a\": \"x, y, and z\", \"b\": 1}", null, "{\"a\":\"x, y, and z\",\"b\":1}");
    ok(f, "{\"a\": \"1, \"b\": \"2\"}", null, "{\"a\":\"1\",\"b\":\"2\"}");
    ok(f, "{\"a\": \"one\n  \"b\": \"two\"}", null, "{\"a\":\"one\",\"b\":\"two\"}");
    ok(f, "{'a': 'x', 'b': 'y's'}", null, "{\"a\":\"x\",\"b\":\"y's\"}");
    ok(f, "{\"path\": \"C:\\\\Users\\\\me\"}", null, "{\"path\":\"C:\\\\Users\\\\me\"}");
    ok(f, "{\"re\": \"\\d+\\s\"}", null, "{\"re\":\"\\\\d+\\\\s\"}");
    ok(f, "\"{\\\"a\\\": {\\\"b\\\": [1, 2]}}\"", obj("\"a\":" + obj("\"b\":" + INTS, "\"b\""),
        "\"a\""), "{\"a\":{\"b\":[1,2]}}");
    ok(f, "{\\\"name\\\": \\\"Ann\\\", \\\"age\\\": 3}", PERSON, "{\"name\":\"Ann\",\"age\":3}");
  }

  private static void moreTruncation() {
    String f = "truncation";
    // a closer that opens nothing, where only the end follows, is a slip for the right one
    ok(f, "{\"key\": \"value\"]", null, "{\"key\":\"value\"}");
    ok(f, "[\"a\", \"b\"}", null, "[\"a\",\"b\"]");
    ok(f, "{\"a\": [1, 2}", null, "{\"a\":[1,2]}");
    ok(f, "{\"a\": {\"b\": 1]}", null, "{\"a\":{\"b\":1}}");
    ok(f, "{\"tags\": [\"x\", \"y\"}", null, "{\"tags\":[\"x\",\"y\"]}");
    ok(f, "{\"a\": {\"tags\": [\"x\", \"y\"}, \"b\": 1}", null,
        "{\"a\":{\"tags\":[\"x\",\"y\"]},\"b\":1}");
    ok(f, "{\"name\": \"Ann\", \"age\": 30, \"tags\": [\"x\", \"y\"}", PERSON,
        "{\"name\":\"Ann\",\"age\":30,\"tags\":[\"x\",\"y\"]}");
    ok(f, "{\"arr\": [{\"a\": 1}, {\"a\": 2}, ", null, "{\"arr\":[{\"a\":1},{\"a\":2}]}");
    ok(f, "{\"a\": [1, 2, {\"b\": \"c\"", null, "{\"a\":[1,2,{\"b\":\"c\"}]}");
    ok(f, "[{\"a\": 1, \"b\": [", null, "[{\"a\":1,\"b\":[]}]");
    ok(f, "{\"a\": \"b\"}}", null, "{\"a\":\"b\"}");
    ok(f, "{\"a\": 1}]", null, "{\"a\":1}");
    ok(f, "[1, 2]]", null, "[1,2]");
    ok(f, "{\"a\": .5}", null, "{\"a\":0.5}");
    ok(f, "{\"a\": 1., \"b\": 2}", null, "{\"a\":1,\"b\":2}");
    ok(f, "{\"a\": +1}", null, "{\"a\":1}");
    ok(f, "{\"a\": [tru", null, "{\"a\":[true]}");
    ok(f, "{\"a\": {\"b\": nu", null, "{\"a\":{\"b\":null}}");
    ok(f, "{\"a\": 1, \"b\": {\"c\":", null, "{\"a\":1,\"b\":{}}");
    ok(f, "{\"a\": 1, \"b\": [\"x\", {\"c\"", null, "{\"a\":1,\"b\":[\"x\",{}]}");
    ok(f, "[\"a\", ", null, "[\"a\"]");
    ok(f, "[", null, "[]");
    ok(f, "{", null, "{}");
    ok(f, "{\"name\": \"Ann\", \"age\": 30, \"tags\": [\"x\", \"y\"], \"email\": \"a@b.c\"", PERSON,
        "{\"name\":\"Ann\",\"age\":30,\"tags\":[\"x\",\"y\"],\"email\":\"a@b.c\"}");
    ok(f, "{\"order\": {\"customer\": {\"id\": 4, \"name\": \"Bo\"", DEEP,
        "{\"order\":{\"customer\":{\"id\":4,\"name\":\"Bo\"}}}");
    refuse(f, "{\"order\": {\"customer\": {\"id\": 4, \"na", DEEP);
    ok(f, "{\"price\": 9.99, \"count\": 1", PRICE, "{\"price\":9.99,\"count\":1}");
    ok(f, "{\"price\": 9.", PRICE, "{\"price\":9}");
    refuse(f, "{\"price\": ", PRICE);
    ok(f, "{\"items\": [{\"id\": 1}, {\"id\": 2}]", ITEMS, "{\"items\":[{\"id\":1},{\"id\":2}]}");
    ok(f, "{\"items\": [{\"id\": 1}, {", ITEMS, "{\"items\":[{\"id\":1}]}");
    ok(f, "{\"items\": [{\"id\": 1},", ITEMS, "{\"items\":[{\"id\":1}]}");
  }

  private static void moreFences() {
    String f = "fences";
    String ab = "{\"a\": \"x\", \"b\": 2}";
    String want = "{\"a\":\"x\",\"b\":2}";
    ok(f, "```json\n" + ab + "\n```\n\nNote: `b` is ```important```.", AB, want);
    ok(f, "<json>" + ab + "</json>", AB, want);
    ok(f, "```json\n{\"a\": \"x\"}\n```\n```json\n{\"a\": \"y\", \"b\": 3}\n```", AB,
        "{\"a\":\"y\",\"b\":3}");
    ok(f, "```JSON\n" + ab + "\n```", AB, want);
    ok(f, "```json5\n{a: 'x', b: 2}\n```", AB, want);
    ok(f, "```js\nconst result = " + ab + ";\n```", AB, want);
    ok(f, "Sure, here is the JSON:\n\n" + ab + "\n\nIt has a and b.", AB, want);
    ok(f, "```json\n" + ab + "\n```\nor, if you prefer:\n```json\n{\"a\": \"z\", \"b\": 9}\n```", AB,
        want);
    ok(f, "~~~ json\n" + ab + "\n~~~", AB, want);
    ok(f, "```json\r\n" + ab + "\r\n```", AB, want);
    ok(f, "{\"a\": \"```json\\n{}\\n```\", \"b\": 2}", AB, "{\"a\":\"```json\\n{}\\n```\",\"b\":2}");
    ok(f, "{\"config\": \"~~~\\n{\\\"a\\\": 2}\\n~~~\"}", CONFIG, "{\"config\":{\"a\":2}}");
    ok(f, "{\"config\": \" {\\\"a\\\": 3} \"}", CONFIG, "{\"config\":{\"a\":3}}");
  }

  private static void moreSchemaChoices() {
    String f = "schema";
    ok(f, "{\"n\": 5, \"word\": \"abc\"}", RANGE, "{\"n\":5,\"word\":\"abc\"}");
    refuse(f, "{\"n\": 0}", RANGE);
    refuse(f, "{\"n\": 11}", RANGE);
    refuse(f, "{\"n\": 5, \"word\": \"a\"}", RANGE);
    refuse(f, "{\"n\": 5, \"word\": \"abcdef\"}", RANGE);
    ok(f, "{\"n\": \"7\"}", RANGE, "{\"n\":7}");
    ok(f, "{\"statuses\": [\"in progress\", \"Done\"]}", STATUSES,
        "{\"statuses\":[\"in_progress\",\"done\"]}");
    ok(f, "{\"statuses\": [\"IN-PROGRESS\"]}", STATUSES, "{\"statuses\":[\"in_progress\"]}");
    refuse(f, "{\"statuses\": [\"started\"]}", STATUSES);
    ok(f, "{\"a\": \"x\", \"extra\": 1}", CLOSED, "{\"a\":\"x\"}");
    ok(f, "{\"v\": null}", NULLABLE_UNION, "{\"v\":null}");
    ok(f, "{\"v\": \"s\"}", NULLABLE_UNION, "{\"v\":\"s\"}");
    ok(f, "{\"price\": \"$12.50\"}", PRICE, "{\"price\":12.50}");
    ok(f, "{\"price\": \"1,299.00\"}", PRICE, "{\"price\":1299.00}");
    refuse(f, "{\"price\": \"12 dollars\"}", PRICE);
    refuse(f, "{\"price\": 1, \"count\": \"3 items\"}", PRICE);
    ok(f, "{\"price\": 1, \"count\": \"3\"}", PRICE, "{\"price\":1,\"count\":3}");
    refuse(f, "{\"order\": {\"customer\": {\"name\": \"Bo\"}}}", DEEP);
    ok(f, "{\"order\": {\"Customer\": {\"ID\": 4, \"Name\": \"Bo\"}}}", DEEP,
        "{\"order\":{\"customer\":{\"id\":4,\"name\":\"Bo\"}}}");
    ok(f, "{\"result\": {\"order\": {\"customer\": {\"id\": 4, \"name\": \"Bo\"}}}}", DEEP,
        "{\"order\":{\"customer\":{\"id\":4,\"name\":\"Bo\"}}}");
    ok(f, "{\"kind\": \"invoice\", \"total\": 5, \"note\": \"x\"}", KIND,
        "{\"kind\":\"invoice\",\"total\":5}");
    ok(f, "{\"item\": {\"kind\": \"Film\", \"minutes\": 90}}", MEDIA,
        "{\"item\":{\"kind\":\"film\",\"minutes\":90}}");
    refuse(f, "{\"item\": {\"kind\": \"film\", \"minutes\": \"ninety\"}}", MEDIA);
    ok(f, "{\"ok\": \"false\"}", FLAG, "{\"ok\":false}");
    ok(f, "{\"ok\": 1}", FLAG, "{\"ok\":true}");
    ok(f, "{\"name\": \"Tea\", \"qty\": \"2\"}", DEFAULTS,
        "{\"name\":\"Tea\",\"currency\":\"EUR\",\"qty\":2,\"active\":true}");
    refuse(f, "{\"name\": null}", DEFAULTS);
    ok(f, "{\"tags\": null}", obj("\"tags\":{\"type\":\"array\",\"items\":" + STR + "}", ""),
        "{}");
  }

  // ------------------------------------------------------------------ a number in prose

  private static void proseNumbers() {
    String f = "schema";
    ok(f, "Answer: 42", INT, "42");
    ok(f, "The answer is 42.", INT, "42");
    ok(f, "I count 7 of them - yes, 7.", INT, "7");
    ok(f, "Total: $1,234.50", NUM, "1234.50");
    ok(f, "The low will be -3.5 degrees tonight.", NUM, "-3.5");
    ok(f, "It costs about 12 euros", NUM, "12");
    ok(f, "Score: **8**", "{\"type\":\"integer\",\"minimum\":0,\"maximum\":10}", "8");
    ok(f, "{\"age\": about 42}", obj("\"age\":" + INT, "\"age\""), "{\"age\":42}");
  }

  @Test
  void proseWithNoSingleNumberIsRefusedSayingWhy() {
    String[][] cases = {
        {"Between 3 and 5", INT, "names several numbers (3, 5)"},
        {"I think it is 42, not 43", INT, "names several numbers (42, 43)"},
        {"The 3rd answer", INT, "\"3rd\" joins digits to other characters"},
        {"It was 2024-05-01", INT, "\"2024-05-01\" joins digits"},
        {"Meet at 10:30", NUM, "\"10:30\" joins digits"},
        {"The answer is 42.5", INT, "42.5, which has a fractional part"},
        {"Score: 42", "{\"type\":\"integer\",\"maximum\":10}", "42 is above the maximum"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> SchemaAlignedParser.lenient().parse(c[0], JSON.readTree(c[1])))
          .as(c[0]).isInstanceOf(ParseException.class).hasMessageContaining(c[2]);
    }
  }

  // ------------------------------------------------------------------ running

  private static JsonNode schema(Case c) {
    return c.schema() == null ? null : JSON.readTree(c.schema());
  }

  /** Null when the case passes, else what went wrong. */
  static String check(Case c) {
    JsonNode actual;
    try {
      actual = SchemaAlignedParser.lenient().parse(c.text(), schema(c));
    } catch (ParseException e) {
      return c.expected().equals(REFUSE) ? null : "refused: " + e.getMessage();
    } catch (RuntimeException | StackOverflowError e) {
      return "threw " + e;
    }
    if (c.expected().equals(REFUSE)) {
      return "expected a refusal, got " + actual;
    }
    JsonNode expected = JSON.readTree(c.expected());
    return CorpusTest.same(expected, actual) ? null : "expected " + expected + ", got " + actual;
  }

  @TestFactory
  Stream<DynamicTest> eachCase() {
    return CASES.stream().map(c -> DynamicTest.dynamicTest(c.family() + ": " + c.text(), () -> {
      String problem = check(c);
      assertThat(problem).as(c.text()).isNull();
    }));
  }

  @Test
  void scorePerFamily() {
    Map<String, int[]> score = new LinkedHashMap<>();
    StringBuilder failures = new StringBuilder();
    for (Case c : CASES) {
      int[] t = score.computeIfAbsent(c.family(), k -> new int[2]);
      t[1]++;
      String problem = check(c);
      if (problem == null) {
        t[0]++;
      } else {
        failures.append("  FAIL [").append(c.family()).append("] ").append(c.text().replace("\n", "\\n"))
            .append("\n      ").append(problem).append('\n');
      }
    }
    int passed = 0;
    StringBuilder report = new StringBuilder("family rules\n");
    for (Map.Entry<String, int[]> e : score.entrySet()) {
      passed += e.getValue()[0];
      report.append(String.format("  %-12s %3d/%-3d%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
    }
    report.append(String.format("  %-12s %3d/%-3d%n", "overall", passed, CASES.size()));
    System.out.print(report);
    System.out.print(failures);
    assertThat(CASES).hasSizeGreaterThanOrEqualTo(150);
  }
}
