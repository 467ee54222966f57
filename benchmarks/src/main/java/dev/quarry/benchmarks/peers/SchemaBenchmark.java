package dev.quarry.benchmarks.peers;

import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.service.output.ServiceOutputParser;
import dev.quarry.benchmarks.peers.Model.Customer;
import dev.quarry.benchmarks.peers.Model.Item;
import dev.quarry.benchmarks.peers.Model.ItemList;
import dev.quarry.benchmarks.peers.Model.Person;
import dev.quarry.benchmarks.peers.Model.Region;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
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
import org.springframework.ai.converter.BeanOutputConverter;
import org.springframework.core.ParameterizedTypeReference;
import tools.jackson.core.type.TypeReference;

/**
 * Schema work per call: what the peers spend deriving the JSON schema of the same records at run
 * time, against Quarry's, which the processor wrote into the generated class as a constant.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SchemaBenchmark {
  @Param({"small", "medium", "large", "list100"})
  public String document;

  private static final ServiceOutputParser OUTPUT_PARSER = new ServiceOutputParser();

  private Class<?> type;
  private Type returnType;
  private ParameterizedTypeReference<?> springType;
  private String quarrySchema;

  @Setup
  public void setUp() {
    switch (document) {
      case "small":
        type = Person.class;
        returnType = Person.class;
        quarrySchema = ExtractorImpl.PERSON_STRICT_SCHEMA;
        break;
      case "medium":
        type = Customer.class;
        returnType = Customer.class;
        quarrySchema = ExtractorImpl.CUSTOMER_STRICT_SCHEMA;
        break;
      case "large":
        type = Region.class;
        returnType = Region.class;
        quarrySchema = ExtractorImpl.REGION_STRICT_SCHEMA;
        break;
      case "list100":
        type = ItemList.class;
        returnType = new TypeReference<List<Item>>() {}.getType();
        quarrySchema = ExtractorImpl.ITEMS_STRICT_SCHEMA;
        break;
      default:
        throw new IllegalArgumentException(document);
    }
    springType = ParameterizedTypeReference.forType(returnType);
  }

  /** Quarry: the generated constant (what {@code ExtractMethod.strictSchema()} returns). */
  @Benchmark
  public String quarryConstant() {
    return quarrySchema;
  }

  /** LangChain4j: what {@code AiServices} derives from the method's return type on every call. */
  @Benchmark
  public JsonSchema langChain4jServiceOutputParser() {
    return OUTPUT_PARSER.jsonSchema(returnType).orElseThrow();
  }

  /** LangChain4j: the schema element of the class, and the map that goes into the request JSON. */
  @Benchmark
  public Map<String, Object> langChain4jElementToMap() {
    return JsonSchemaElementUtils.toMap(JsonSchemaElementUtils.jsonSchemaElementFrom(type), true);
  }

  /** Spring AI: constructing a {@code BeanOutputConverter} (ChatClient's {@code entity(type)}). */
  @Benchmark
  public String springBeanOutputConverter() {
    return new BeanOutputConverter<>(springType).getJsonSchema();
  }
}
