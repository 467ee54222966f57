package dev.quarry.benchmarks;

import dev.quarry.parse.ParseException;
import dev.quarry.parse.SchemaAlignedParser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;

/**
 * Hostile input families with the input doubling from 10k to 320k characters: the time per
 * doubling should stay near 2x (linear cost). Each family is read with an object schema; the
 * result is a value or a {@link ParseException}, both count.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class HostileParseBenchmark {
  @Param({"digits", "hugeExponent", "emptyObjects", "fences", "openStrings", "quotesInString",
      "manyArrays", "deepArrays"})
  public String family;

  @Param({"10000", "20000", "40000", "80000", "160000", "320000"})
  public int size;

  private String input;
  private JsonNode schema;

  static String make(String family, int n) {
    switch (family) {
      case "digits":
        return "{\"n\": " + "7".repeat(n) + "}";
      case "hugeExponent":
        return "[" + "21e2147483,".repeat(n / 11) + "]";
      case "emptyObjects":
        return "{}".repeat(n / 2);
      case "fences":
        return "```json\n{}\n```\n".repeat(n / 14);
      case "openStrings":
        return "{\"a\":\"".repeat(n / 6);
      case "quotesInString":
        return "{\"a\": \"" + "x, \"y\": z ".repeat(n / 10) + "\"}";
      case "manyArrays":
        return "[1] ".repeat(n / 4);
      case "deepArrays":
        return "[".repeat(n);
      default:
        throw new IllegalArgumentException(family);
    }
  }

  @Setup
  public void setUp() {
    input = make(family, size);
    schema = Corpus.STRICT.readTree("{\"type\":\"object\",\"properties\":{"
        + "\"a\":{\"type\":\"string\"},\"n\":{\"type\":\"integer\"}},\"required\":[\"a\"]}");
  }

  @Benchmark
  public Object lenientWithSchema() {
    try {
      return SchemaAlignedParser.lenient().parse(input, schema);
    } catch (ParseException e) {
      return e;
    }
  }
}
