package dev.quarry.benchmarks;

import dev.quarry.parse.ParseException;
import dev.quarry.parse.SchemaAlignedParser;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;

/**
 * A valid 20 MB answer through the lenient parser with its schema, against Jackson's {@code
 * readTree} of the same text in the same run (run with {@code -prof gc} for the allocation
 * figures), and 20 MB of garbage through the lenient parser.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
@State(Scope.Benchmark)
public class LargeAnswerBenchmark {
  static final int SIZE = 20_000_000;

  static final String ITEM = "{\"type\":\"object\",\"properties\":{"
      + "\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},"
      + "\"price\":{\"type\":\"number\"},\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
      + "\"inStock\":{\"type\":\"boolean\"},\"note\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"null\"}]}},"
      + "\"required\":[\"id\",\"name\",\"price\",\"tags\",\"inStock\",\"note\"]}";
  static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\","
      + "\"items\":" + ITEM + "}},\"required\":[\"items\"]}";

  private String valid;
  private String garbage;
  private JsonNode schema;

  @Setup
  public void setUp() {
    Random random = new Random(20);
    StringBuilder sb = new StringBuilder(SIZE + 1000).append("{\"items\": [\n");
    int i = 0;
    while (sb.length() < SIZE) {
      if (i > 0) {
        sb.append(",\n");
      }
      sb.append("{\"id\": ").append(i).append(", \"name\": \"item ").append(i)
          .append(" \\\"quoted\\\", with: {braces}\", \"price\": ")
          .append(random.nextInt(100_000) / 100.0).append(", \"tags\": [\"a\", \"b")
          .append(random.nextInt(10)).append("\"], \"inStock\": ").append(random.nextBoolean())
          .append(", \"note\": ").append(i % 3 == 0 ? "null" : "\"n" + i + "\"").append('}');
      i++;
    }
    valid = sb.append("\n]}").toString();
    schema = Corpus.STRICT.readTree(SCHEMA);
    if (!SchemaAlignedParser.lenient().parse(valid, schema).equals(Corpus.STRICT.readTree(valid))) {
      throw new IllegalStateException("the parser changed the valid answer");
    }
    String alphabet = "{}[]\",:'` \n1ae-\\/*#";
    StringBuilder g = new StringBuilder(SIZE);
    while (g.length() < SIZE) {
      g.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    garbage = g.toString();
    System.out.println("\nvalid: " + valid.length() + " characters, garbage: " + garbage.length());
  }

  @Benchmark
  public JsonNode jacksonReadTree() {
    return Corpus.STRICT.readTree(valid);
  }

  @Benchmark
  public JsonNode lenientValidWithSchema() {
    return SchemaAlignedParser.lenient().parse(valid, schema);
  }

  @Benchmark
  public Object lenientGarbageWithSchema() {
    try {
      return SchemaAlignedParser.lenient().parse(garbage, schema);
    } catch (ParseException e) {
      return e;
    }
  }
}
