package dev.quarry.benchmarks;

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
 * Valid JSON of three sizes: what the schema-aligned parser costs over a plain Jackson
 * {@code readTree} when the model's output needs no repair.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ParserBenchmark {
  @Param({"small", "medium", "list100"})
  public String document;

  private String json;
  private JsonNode schema;

  @Setup
  public void setUp() {
    Documents.Document d = Documents.of(document);
    json = d.json();
    schema = Corpus.STRICT.readTree(d.schema());
    // the document is valid and fits its schema: check once, outside the measurement
    JsonNode expected = Corpus.STRICT.readTree(json);
    if (!SchemaAlignedParser.lenient().parse(json, schema).equals(expected)) {
      throw new IllegalStateException("the parser changed the valid document " + document);
    }
    System.out.println("\n" + document + ": " + json.length() + " characters");
  }

  @Benchmark
  public JsonNode quarryWithSchema() {
    return SchemaAlignedParser.lenient().parse(json, schema);
  }

  @Benchmark
  public JsonNode quarryWithoutSchema() {
    return SchemaAlignedParser.lenient().parse(json, null);
  }

  @Benchmark
  public JsonNode jacksonReadTree() {
    return Corpus.STRICT.readTree(json);
  }

  @Benchmark
  public JsonNode jacksonLenientReadTree() {
    return Corpus.LENIENT.readTree(json);
  }
}
