package dev.quarry.benchmarks;

import dev.quarry.parse.IncrementalJsonParser;
import dev.quarry.parse.SchemaAlignedParser;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A ~100 KB answer (a list of records, with braces and escapes inside strings) streamed in
 * 10-character chunks through {@link IncrementalJsonParser}, with the snapshots a streaming call
 * publishes ({@code snapshotIfDue}), and without; against parsing it whole with the schema-aligned
 * parser and with Jackson. The target: streaming costs at most 3× the whole parse.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class StreamingParseBenchmark {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int CHUNK = 10;

  private String json;
  private List<String> chunks;
  private JsonNode schema;

  @Setup
  public void setUp() {
    StringBuilder answer = new StringBuilder("{\"value\": [");
    for (int i = 0; answer.length() < 100_000; i++) {
      if (i > 0) {
        answer.append(", ");
      }
      answer
          .append("{\"name\": \"Person ")
          .append(i)
          .append(" {the \\\"quoted\\\" one}\", \"age\": ")
          .append(20 + i % 60)
          .append(", \"email\": \"p")
          .append(i)
          .append("@example.com\", \"score\": ")
          .append(i * 1.25)
          .append(", \"tags\": [\"a\", \"b]\", \"c\\n\"], \"active\": ")
          .append(i % 2 == 0)
          .append('}');
    }
    json = answer.append("]}").toString();
    chunks = new ArrayList<>();
    for (int i = 0; i < json.length(); i += CHUNK) {
      chunks.add(json.substring(i, Math.min(json.length(), i + CHUNK)));
    }
    schema =
        JSON.readTree(
            "{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"array\",\"items\":"
                + "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
                + "\"age\":{\"type\":\"integer\"},\"email\":{\"type\":\"string\"},"
                + "\"score\":{\"type\":\"number\"},\"tags\":{\"type\":\"array\",\"items\":"
                + "{\"type\":\"string\"}},\"active\":{\"type\":\"boolean\"}}}}},"
                + "\"required\":[\"value\"]}");
    JsonNode expected = JSON.readTree(json);
    if (!streamed(false, null).equals(expected)
        || !SchemaAlignedParser.lenient().parse(json, schema).equals(expected)) {
      throw new IllegalStateException("a parser changed the answer");
    }
    System.out.println("\n" + json.length() + " characters, " + chunks.size() + " chunks");
  }

  private JsonNode streamed(boolean snapshots, Blackhole blackhole) {
    IncrementalJsonParser parser = IncrementalJsonParser.forSchema(schema);
    for (String chunk : chunks) {
      parser.feed(chunk);
      if (snapshots) {
        blackhole.consume(parser.snapshotIfDue()); // what the streaming run publishes
      }
    }
    return parser.value();
  }

  @Benchmark
  public JsonNode streamedWithSnapshots(Blackhole blackhole) {
    return streamed(true, blackhole);
  }

  @Benchmark
  public JsonNode streamedWithoutSnapshots() {
    return streamed(false, null);
  }

  @Benchmark
  public JsonNode wholeSchemaAligned() {
    return SchemaAlignedParser.lenient().parse(json, schema);
  }

  @Benchmark
  public JsonNode wholeJacksonReadTree() {
    return JSON.readTree(json);
  }
}
