package dev.quarry.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.Extraction;
import dev.quarry.Quarry;
import dev.quarry.StreamEvent;
import dev.quarry.StreamingExtraction;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.spi.Streaming;
import dev.quarry.transport.Transport;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Numbers in streamed elements and partial snapshots are exactly what the model wrote: a {@code
 * BigDecimal} keeps its digits and scale, a {@code long} or {@code BigInteger} is never rounded,
 * and a streamed element equals Jackson's binding of the same JSON, however the answer is cut.
 */
class ExactNumbersProperties {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public record Pay(String name, BigDecimal salary, long id, BigInteger serial) {}

  static final String PAY_SCHEMA = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
      + "\"salary\":{\"type\":\"number\"},\"id\":{\"type\":\"integer\"},\"serial\":{\"type\":\"integer\"}},"
      + "\"required\":[\"name\",\"salary\",\"id\",\"serial\"],\"additionalProperties\":false}";

  static final ExtractMethod<List<Pay>> PAYROLL =
      ExtractMethod.builder(ExactNumbersProperties.class, "payroll", new TypeReference<List<Pay>>() {})
          .toolName("Payroll")
          .schema("{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"array\",\"items\":"
              + "{\"$ref\":\"#/$defs/Pay\"}}},\"required\":[\"value\"],\"additionalProperties\":false,"
              + "\"$defs\":{\"Pay\":" + PAY_SCHEMA + "}}")
          .wrapperProperty("value")
          .build();

  /** Answers every request with the body set last, whole: the deltas inside carry the cuts. */
  private static final class OneBody implements Transport {
    volatile String body;

    @Override
    public TransportResponse send(TransportRequest request) {
      return new TransportResponse(200, Map.of("content-type", "text/event-stream"), body);
    }
  }

  private final OneBody transport = new OneBody();
  private final Quarry quarry = Quarry.builder().baseUrl("http://127.0.0.1:9/v1").apiKey("k")
      .model("gpt-4o").transport(transport).build();

  @Example
  void theIssuesSalaryKeepsItsDigitsAndScale() {
    String answer = "{\"value\": [{\"name\": \"Ada\", \"salary\": 12345678901234567.89, \"id\": 9007199254740993,"
        + " \"serial\": 123456789012345678901234567890}, {\"name\": \"Alan\", \"salary\": 1234.50, \"id\": 1,"
        + " \"serial\": 2}]}";

    Streamed streamed = stream(answer, List.of(7, 13, 29, 31, 50, 77, 101));

    assertThat(streamed.elements).extracting(Pay::salary)
        .containsExactly(new BigDecimal("12345678901234567.89"), new BigDecimal("1234.50"));
    assertThat(streamed.elements.get(0).id()).isEqualTo(9007199254740993L);
    assertThat(streamed.elements.get(0).serial()).isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(streamed.elements).isEqualTo(streamed.result.value());
    assertThat(streamed.lastSnapshot.at("/0/salary").decimalValue())
        .isEqualTo(new BigDecimal("12345678901234567.89"));
    // the binder of generated <Record>Partial types reads the snapshot exactly too
    assertThat(Streaming.value(streamed.lastSnapshot.at("/1/salary"), BigDecimal.class))
        .isEqualTo(new BigDecimal("1234.50"));
    assertThat(Streaming.value(streamed.lastSnapshot.at("/0/id"), Long.class)).isEqualTo(9007199254740993L);
  }

  @Property(tries = 200)
  void everyDeliveredElementEqualsJacksonsBindingOfTheSameJson(
      @ForAll("payrolls") List<String> elements, @ForAll("cuts") List<Integer> cuts) {
    String answer = "{\"value\": [" + String.join(", ", elements) + "]}";

    Streamed streamed = stream(answer, cuts);

    List<Pay> expected = elements.stream().map(e -> JSON.readValue(e, Pay.class)).collect(Collectors.toList());
    assertThat(streamed.elements).isEqualTo(expected);
    assertThat(streamed.result.value()).isEqualTo(expected);
    // The last snapshot may predate the answer's end (snapshots are rationed); every number it
    // shows is complete and exact.
    for (int i = 0; i < expected.size(); i++) {
      JsonNode salary = streamed.lastSnapshot.path(i).path("salary");
      if (salary.isNumber()) {
        assertThat(Streaming.value(salary, BigDecimal.class)).isEqualTo(expected.get(i).salary());
      }
      JsonNode serial = streamed.lastSnapshot.path(i).path("serial");
      if (serial.isNumber()) {
        assertThat(Streaming.value(serial, BigInteger.class)).isEqualTo(expected.get(i).serial());
      }
    }
  }

  @Provide
  Arbitrary<List<String>> payrolls() {
    Arbitrary<String> decimal = Combinators.combine(
            Arbitraries.bigIntegers().between(new BigInteger("-99999999999999999999999"),
                new BigInteger("99999999999999999999999")),
            Arbitraries.integers().between(0, 12))
        .as((unscaled, scale) -> new BigDecimal(unscaled, scale).toPlainString());
    Arbitrary<String> exponent = Combinators.combine(
            Arbitraries.bigIntegers().between(BigInteger.ONE, new BigInteger("999999999999")),
            Arbitraries.integers().between(-30, 30))
        .as((digits, e) -> digits + "E" + e);
    Arbitrary<String> salary = Arbitraries.oneOf(decimal, exponent);
    Arbitrary<Long> id = Arbitraries.longs();
    Arbitrary<BigInteger> serial = Arbitraries.bigIntegers()
        .between(new BigInteger("-1" + "0".repeat(40)), new BigInteger("1" + "0".repeat(40)));
    Arbitrary<String> name = Arbitraries.strings().alpha().ofMaxLength(8);
    Arbitrary<String> element = Combinators.combine(name, salary, id, serial)
        .as((n, s, i, b) -> "{\"name\": \"" + n + "\", \"salary\": " + s + ", \"id\": " + i
            + ", \"serial\": " + b + "}");
    return element.list().ofMinSize(1).ofMaxSize(5);
  }

  @Provide
  Arbitrary<List<Integer>> cuts() {
    return Arbitraries.integers().between(1, 400).list().ofMaxSize(30);
  }

  private record Streamed(List<Pay> elements, JsonNode lastSnapshot, Extraction<List<Pay>> result) {}

  private Streamed stream(String answer, List<Integer> cuts) {
    transport.body = String.join("", Bodies.openAiTools("Payroll", cut(answer, cuts), "stop"));
    List<Pay> elements = new ArrayList<>();
    JsonNode last = null;
    Extraction<List<Pay>> result = null;
    try (StreamingExtraction<List<Pay>> stream = quarry.extractStreaming(PAYROLL, "Pay?")) {
      while (stream.hasNext()) {
        StreamEvent<List<Pay>> event = stream.next();
        if (event instanceof StreamEvent.Element<List<Pay>> element) {
          elements.add((Pay) element.value());
        } else if (event instanceof StreamEvent.Partial<List<Pay>> partial) {
          last = partial.value();
        } else if (event instanceof StreamEvent.Done<List<Pay>> done) {
          result = done.extraction();
        }
      }
    }
    return new Streamed(elements, last, result);
  }

  private static List<String> cut(String text, List<Integer> cuts) {
    List<String> pieces = new ArrayList<>();
    int at = 0;
    for (int cut : cuts) {
      int end = Math.min(text.length(), at + cut);
      if (end > at) {
        pieces.add(text.substring(at, end));
      }
      at = end;
    }
    if (at < text.length()) {
      pieces.add(text.substring(at));
    }
    return pieces;
  }
}
