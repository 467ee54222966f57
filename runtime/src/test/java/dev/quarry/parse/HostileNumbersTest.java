package dev.quarry.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.quarry.Extraction;
import dev.quarry.Quarry;
import dev.quarry.QuarryException;
import dev.quarry.RetriesExhaustedException;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.testing.LocalServer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Numbers of any size and exponent: the parser ends in a value or a {@link ParseException}, never
 * expands a huge value, and a call ends in a value or a {@link QuarryException} whose re-ask names
 * the number that does not fit.
 */
class HostileNumbersTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final SchemaAlignedParser LENIENT = SchemaAlignedParser.lenient();

  private static final List<String> SCHEMAS = List.of(
      "null",
      "{\"type\":\"integer\"}",
      "{\"type\":\"number\"}",
      "{\"type\":\"number\",\"minimum\":0}",
      "{\"type\":\"boolean\"}",
      "{\"enum\":[1,2,3]}",
      "{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}",
      "{\"type\":\"object\",\"properties\":{\"age\":{\"type\":\"integer\"}},\"required\":[\"age\"]}",
      "{\"type\":\"object\",\"properties\":{\"age\":{\"type\":\"number\",\"maximum\":200}}}",
      "{\"type\":\"object\",\"properties\":{\"age\":{\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"string\"}]}}}");

  static JsonNode schema(String text) {
    return text.equals("null") ? null : JSON.readTree(text);
  }

  /** A value, or a ParseException: nothing else may leave the parser. */
  static void endsInValueOrParseException(String output, JsonNode schema, boolean partial) {
    Throwable t = catchThrowable(() -> {
      JsonNode v = partial ? LENIENT.parsePartial(output, schema) : LENIENT.parse(output, schema);
      assertThat(v).isNotNull();
      v.toString(); // the value can be printed
      SchemaAlignedParser.strict().parse(output, schema);
    });
    if (t != null) {
      assertThat(t).as("for %s", output.length() > 200 ? output.substring(0, 200) : output)
          .isInstanceOf(ParseException.class);
    }
  }

  @Provide
  Arbitrary<String> hostileNumbers() {
    Arbitrary<String> sign = Arbitraries.of("", "-", "+");
    Arbitrary<String> digits = Arbitraries.oneOf(
        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(30),
        Arbitraries.integers().between(900, 3000).map("9"::repeat),
        Arbitraries.integers().between(900, 3000).map(n -> "1" + "0".repeat(n)),
        Arbitraries.integers().between(900, 3000).map(n -> "0".repeat(n) + "1"));
    Arbitrary<String> fraction = Arbitraries.oneOf(
        Arbitraries.just(""), Arbitraries.just("."),
        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20).map(d -> "." + d),
        Arbitraries.integers().between(900, 3000).map(n -> "." + "0".repeat(n) + "5"));
    Arbitrary<String> exponent = Arbitraries.oneOf(
        Arbitraries.just(""), Arbitraries.of("e", "E", "e+", "e-"),
        Arbitraries.of("e2147483647", "E+2147483647", "e2147483648", "e-2147483648",
            "e-2147483649", "e999999", "e-999999", "e99999999999999999999", "e1000", "e-1000",
            "e1001", "e308", "e309", "e-324", "e2147483"),
        Arbitraries.longs().map(l -> "e" + l));
    return Combinators.combine(sign, digits, fraction, exponent).as((a, b, c, d) -> a + b + c + d);
  }

  @Property(tries = 400)
  void anyNumberInAnyContextEndsInAValueOrAParseException(
      @ForAll("hostileNumbers") String number,
      @ForAll("contexts") String context,
      @ForAll("schemaTexts") String schema) {
    String output = context.replace("N", number);
    endsInValueOrParseException(output, schema(schema), false);
    endsInValueOrParseException(output, schema(schema), true);
    // cut anywhere: a truncated number is still a number or nothing
    endsInValueOrParseException(output.substring(0, output.length() * 2 / 3), schema(schema), false);
  }

  @Provide
  Arbitrary<String> contexts() {
    return Arbitraries.of("N", "[N]", "{\"age\": N}", "{\"age\": \"N\"}", "{age: N,}",
        "The age is N.", "```json\n{\"age\": N}\n```", "[N, N, N]", "{\"age\": N", "{\"age\": [N]}");
  }

  @Provide
  Arbitrary<String> schemaTexts() {
    return Arbitraries.of(SCHEMAS);
  }

  @Test
  void exponentsBeyondIntAreRefusedWithAParseException() {
    for (String n : List.of("1e-2147483648", "1E+2147483647", "1e2147483648", "21e2147483",
        "1e99999999999999999999")) {
      for (String schema : SCHEMAS) {
        endsInValueOrParseException(n, schema(schema), false);
        endsInValueOrParseException("[" + n + "]", schema(schema), false);
      }
    }
    assertThatThrownBy(() -> LENIENT.parse("[1e2147483648]", null))
        .isInstanceOf(ParseException.class).hasMessageContaining("out of range");
  }

  @Test
  void anIntegerFieldGivenAHugeNumberNamesItWithoutExpandingIt() {
    JsonNode schema = schema(SCHEMAS.get(7));
    for (String written : List.of("{\"age\": 1e999999}", "{\"age\": \"1e999999\"}",
        "{\"age\": 21e2147483", "{\"age\": " + "7".repeat(5000) + "}")) {
      assertThatThrownBy(() -> LENIENT.parse(written, schema))
          .as(written)
          .isInstanceOf(ParseException.class)
          .hasMessageContaining("at /age: ")
          .hasMessageContaining("out of range");
    }
  }

  @Test
  void numbersWithinRangeAreStillReadExactly() {
    assertThat(LENIENT.parse("{\"age\": 1e3}", schema(SCHEMAS.get(7))).get("age").asInt())
        .isEqualTo(1000);
    JsonNode big = LENIENT.parse("[1e999]", schema(SCHEMAS.get(6)));
    assertThat(big.get(0).bigIntegerValue().toString()).hasSize(1000);
    assertThat(LENIENT.parse("0e99999999999", schema(SCHEMAS.get(2))).asDouble()).isZero();
    assertThat(LENIENT.parse("1e-5", schema(SCHEMAS.get(2))).asDouble()).isEqualTo(1e-5);
  }

  @Test
  void tooLargeWithoutASchemaIsAParseExceptionNamingThePlace() {
    assertThatThrownBy(() -> LENIENT.parse("{\"a\": [1, 1e5000]}", null))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("/a/1")
        .hasMessageContaining("1e5000 is out of range");
  }

  @Test
  void theNumbersHelperJudgesMagnitudeFromTheText() {
    assertThat(Numbers.outOfRange("1e1000")).isNull();
    assertThat(Numbers.outOfRange("123.5e998")).isNull();
    assertThat(Numbers.outOfRange("1e1001")).contains("out of range");
    assertThat(Numbers.outOfRange("123.5e999")).contains("out of range");
    assertThat(Numbers.outOfRange("0.001e-997")).isNull();
    assertThat(Numbers.outOfRange("0.001e-998")).contains("out of range");
    assertThat(Numbers.outOfRange("0e-99999999999999")).isNull();
    assertThat(Numbers.outOfRange("9".repeat(1001))).contains("1001 digits");
    assertThat(Numbers.parse("-0.5e2")).isEqualByComparingTo("-50");
  }

  // ------------------------------------------------------------ through a call

  record Person(String name, int age) {}

  record Reading(double value) {}

  private static final ExtractMethod<Person> PERSON =
      ExtractMethod.builder(HostileNumbersTest.class, "person", new TypeReference<Person>() {})
          .toolName("Person")
          .schema("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
              + "\"age\":{\"type\":\"integer\",\"minimum\":0}},\"required\":[\"name\",\"age\"],"
              + "\"additionalProperties\":false}")
          .build();

  private static final ExtractMethod<Reading> READING =
      ExtractMethod.builder(HostileNumbersTest.class, "reading", new TypeReference<Reading>() {})
          .toolName("Reading")
          .schema("{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"number\"}},"
              + "\"required\":[\"value\"],\"additionalProperties\":false}")
          .build();

  private static String toolCompletion(String name, String arguments) {
    return JSON.createObjectNode()
        .put("id", "chatcmpl-test")
        .put("object", "chat.completion")
        .put("model", "gpt-4o-2024-08-06")
        .set("choices", JSON.createArrayNode().add(JSON.createObjectNode()
            .put("index", 0)
            .put("finish_reason", "tool_calls")
            .set("message", JSON.createObjectNode()
                .put("role", "assistant")
                .putNull("content")
                .set("tool_calls", JSON.createArrayNode().add(JSON.createObjectNode()
                    .put("id", "call_1").put("type", "function")
                    .set("function", JSON.createObjectNode().put("name", name)
                        .put("arguments", arguments)))))))
        .set("usage", JSON.createObjectNode().put("prompt_tokens", 10).put("completion_tokens", 5))
        .toString();
  }

  private static Quarry quarry(LocalServer server, int attempts) {
    return Quarry.builder().baseUrl(server.baseUrl()).apiKey("sk-test-123456789")
        .model("gpt-4o-2024-08-06").maxAttempts(attempts).build();
  }

  @Test
  void aCallGivenAHugeAgeReasksNamingTheNumberAndThenReadsTheFix() {
    try (LocalServer server = LocalServer.start()) {
      server.enqueue(200, toolCompletion("Person", "{\"name\":\"Ada\",\"age\":1e999999}"));
      server.enqueue(200, toolCompletion("Person", "{\"name\":\"Ada\",\"age\":1e30}"));
      server.enqueue(200, toolCompletion("Person", "{\"name\":\"Ada\",\"age\":36}"));

      Extraction<Person> result = quarry(server, 3).extract(PERSON, "Who?");

      assertThat(result.value()).isEqualTo(new Person("Ada", 36));
      assertThat(result.attempts()).hasSize(3);
      assertThat(result.attempts().get(0).violations().toString())
          .contains("/age: 1e999999 is out of range");
      assertThat(result.attempts().get(1).violations().toString())
          .contains("/age: 1000000000000000000000000000000 is out of range for int");
      server.takeRequest();
      String secondRequest = server.takeRequest().body();
      assertThat(secondRequest).contains("1e999999 is out of range");
      String thirdRequest = server.takeRequest().body();
      assertThat(thirdRequest).contains("is out of range for int");
    }
  }

  @Test
  void everyHostileNumberEndsACallInAValueOrAQuarryException() {
    List<String> ages = List.of("1e-2147483648", "1E+2147483647", "[1e2147483648]", "1e999999",
        "\"1e999999\"", "21e2147483", "-1e309", "1e-400", "9".repeat(20_000), "0e99999999999");
    for (String age : ages) {
      try (LocalServer server = LocalServer.start()) {
        server.enqueue(200, toolCompletion("Person", "{\"name\":\"Ada\",\"age\":" + age + "}"));
        server.enqueue(200, toolCompletion("Reading", "{\"value\":" + age + "}"));
        Throwable person = catchThrowable(() -> quarry(server, 1).extract(PERSON, "Who?"));
        Throwable reading = catchThrowable(() -> quarry(server, 1).extract(READING, "How much?"));
        for (Throwable t : new Throwable[] {person, reading}) {
          if (t != null) {
            assertThat(t).as(age).isInstanceOf(RetriesExhaustedException.class);
            assertThat(t.getMessage()).as(age).containsAnyOf("/age: ", "/value: ");
          }
        }
      }
    }
  }
}
