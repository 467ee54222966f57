package dev.quarry.benchmarks.peers;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.StructuredOutputsKt;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.quarry.Mode;
import dev.quarry.benchmarks.peers.Model.Customer;
import dev.quarry.benchmarks.peers.Model.Item;
import dev.quarry.benchmarks.peers.Model.ItemList;
import dev.quarry.benchmarks.peers.Model.Person;
import dev.quarry.benchmarks.peers.Model.Region;
import java.io.StringWriter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.ai.converter.BeanOutputConverter;
import org.springframework.core.ParameterizedTypeReference;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-call overhead without the network: from the method call to the typed value, every library
 * answered at once from memory with the same recorded OpenAI response body (the benchmark document
 * as the model's answer). One operation = one call.
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class PerCallBenchmark {
  static final String TEXT = "Jane Doe, 34, jane@example.com, active; orders A-1000 to A-1002.";
  static final String SYSTEM = "Extract the data exactly as written.";

  @Param({"small", "medium", "large", "list100"})
  public String document;

  private Supplier<Object> quarry;
  private Supplier<Object> quarryTools;
  private Supplier<Object> langChain4j;
  private Supplier<Object> langChain4jOpenAi;
  private Supplier<Object> openAiJava;
  private Supplier<Object> springPerCall;
  private Supplier<Object> springReused;
  private Supplier<Object> jackson;
  private Supplier<Object> jacksonWire;

  @Setup
  public void setUp() {
    Recorded.Case c = Recorded.Case.of(document);
    Extractor q = Clients.quarry(Recorded.contentBody(c.quarryAnswer()), Mode.JSON_SCHEMA);
    Extractor qt = Clients.quarry(Recorded.toolBody(c.method(), c.quarryAnswer()), Mode.TOOLS);
    Lc4jExtractor l = Clients.langChain4j(c.langChain4jAnswer());
    Lc4jExtractor lo = Clients.langChain4jOpenAi(Recorded.contentBody(c.langChain4jAnswer()));
    OpenAIClient o = Clients.openAiJava(Recorded.contentBody(c.openAiJavaAnswer()));
    JsonMapper mapper = JsonMapper.builder().build();
    String json = c.json();
    String reply = Recorded.contentBody(json);
    switch (document) {
      case "small": {
        BeanOutputConverter<Person> reused = new BeanOutputConverter<>(Person.class);
        ObjectReader reader = mapper.readerFor(Person.class);
        quarry = () -> q.person(TEXT);
        quarryTools = () -> qt.person(TEXT);
        langChain4j = () -> l.person(TEXT);
        langChain4jOpenAi = () -> lo.person(TEXT);
        ResponseFormatJsonSchema format = format("person", ExtractorImpl.PERSON_STRICT_SCHEMA);
        openAiJava = () -> openAi(o, format, "Extract the person: ", Person.class);
        springPerCall = () -> springPerCall(json, Person.class);
        springReused = () -> reused.convert(json);
        jackson = () -> reader.readValue(json);
        jacksonWire = () -> jacksonWire(mapper, reader, ExtractorImpl.PERSON_STRICT_SCHEMA, "Extract the person: ", reply);
        break;
      }
      case "medium": {
        BeanOutputConverter<Customer> reused = new BeanOutputConverter<>(Customer.class);
        ObjectReader reader = mapper.readerFor(Customer.class);
        quarry = () -> q.customer(TEXT);
        quarryTools = () -> qt.customer(TEXT);
        langChain4j = () -> l.customer(TEXT);
        langChain4jOpenAi = () -> lo.customer(TEXT);
        ResponseFormatJsonSchema format = format("customer", ExtractorImpl.CUSTOMER_STRICT_SCHEMA);
        openAiJava = () -> openAi(o, format, "Extract the customer: ", Customer.class);
        springPerCall = () -> springPerCall(json, Customer.class);
        springReused = () -> reused.convert(json);
        jackson = () -> reader.readValue(json);
        jacksonWire = () -> jacksonWire(mapper, reader, ExtractorImpl.CUSTOMER_STRICT_SCHEMA, "Extract the customer: ", reply);
        break;
      }
      case "large": {
        BeanOutputConverter<Region> reused = new BeanOutputConverter<>(Region.class);
        ObjectReader reader = mapper.readerFor(Region.class);
        quarry = () -> q.region(TEXT);
        quarryTools = () -> qt.region(TEXT);
        langChain4j = () -> l.region(TEXT);
        langChain4jOpenAi = () -> lo.region(TEXT);
        ResponseFormatJsonSchema format = format("region", ExtractorImpl.REGION_STRICT_SCHEMA);
        openAiJava = () -> openAi(o, format, "Extract the region: ", Region.class);
        springPerCall = () -> springPerCall(json, Region.class);
        springReused = () -> reused.convert(json);
        jackson = () -> reader.readValue(json);
        jacksonWire = () -> jacksonWire(mapper, reader, ExtractorImpl.REGION_STRICT_SCHEMA, "Extract the region: ", reply);
        break;
      }
      case "list100": {
        ParameterizedTypeReference<List<Item>> type = new ParameterizedTypeReference<>() {};
        BeanOutputConverter<List<Item>> reused = new BeanOutputConverter<>(type);
        ObjectReader reader = mapper.readerFor(new TypeReference<List<Item>>() {});
        quarry = () -> q.items(TEXT);
        quarryTools = () -> qt.items(TEXT);
        langChain4j = () -> l.items(TEXT);
        langChain4jOpenAi = () -> lo.items(TEXT);
        ResponseFormatJsonSchema format = format("items", ExtractorImpl.ITEMS_STRICT_SCHEMA);
        openAiJava = () -> openAi(o, format, "List every item in: ", ItemList.class).value();
        springPerCall = () -> {
          BeanOutputConverter<List<Item>> converter = new BeanOutputConverter<>(type);
          converter.getFormat();
          return converter.convert(json);
        };
        springReused = () -> reused.convert(json);
        jackson = () -> reader.readValue(json);
        jacksonWire = () -> jacksonWire(mapper, reader, ExtractorImpl.ITEMS_STRICT_SCHEMA, "List every item in: ", reply);
        break;
      }
      default:
        throw new IllegalArgumentException(document);
    }
    // Every library must come to the same value as plain Jackson, once, outside the measurement.
    Object expected = jackson.get();
    check("quarry", quarry, expected);
    check("quarryTools", quarryTools, expected);
    check("langChain4j", langChain4j, expected);
    check("langChain4jOpenAi", langChain4jOpenAi, expected);
    check("openAiJava", openAiJava, expected);
    check("springPerCall", springPerCall, expected);
    check("springReused", springReused, expected);
    check("jacksonWire", jacksonWire, expected);
  }

  /**
   * The floor of a whole call over the same wire: what a careful hand-written client does with
   * Jackson alone. It writes the Chat Completions body with a streaming generator (the strict
   * schema spliced in raw), reads the reply with {@code readTree}, and binds the content with a
   * prepared {@code ObjectReader}; no retries, validation, usage or records of attempts.
   */
  static Object jacksonWire(
      JsonMapper mapper, ObjectReader reader, String schema, String prompt, String reply) {
    StringWriter body = new StringWriter(1024);
    try (JsonGenerator g = mapper.createGenerator(body)) {
      g.writeStartObject();
      g.writeStringProperty("model", "gpt-4o-mini");
      g.writeName("messages");
      g.writeStartArray();
      g.writeStartObject();
      g.writeStringProperty("role", "system");
      g.writeStringProperty("content", SYSTEM);
      g.writeEndObject();
      g.writeStartObject();
      g.writeStringProperty("role", "user");
      g.writeStringProperty("content", prompt + TEXT);
      g.writeEndObject();
      g.writeEndArray();
      g.writeName("response_format");
      g.writeStartObject();
      g.writeStringProperty("type", "json_schema");
      g.writeName("json_schema");
      g.writeStartObject();
      g.writeStringProperty("name", "result");
      g.writeBooleanProperty("strict", true);
      g.writeName("schema");
      g.writeRawValue(schema);
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
    }
    if (body.getBuffer().length() == 0) {
      throw new IllegalStateException("no request body");
    }
    String content = mapper.readTree(reply)
        .path("choices").path(0).path("message").path("content").asString();
    return reader.readValue(content);
  }

  private static void check(String name, Supplier<Object> call, Object expected) {
    Object actual = call.get();
    if (!Objects.equals(actual, expected)) {
      throw new IllegalStateException(name + " read " + actual + "\nexpected " + expected);
    }
  }

  /** What Spring AI's {@code ChatClient...entity(type)} does per call: a new converter. */
  static <T> T springPerCall(String json, Class<T> type) {
    BeanOutputConverter<T> converter = new BeanOutputConverter<>(type);
    converter.getFormat(); // the format instructions go into the prompt
    return converter.convert(json);
  }

  /**
   * openai-java's structured-output call with the response format given as a schema (its
   * {@code responseFormat(Class)} derives one with victools jsonschema-generator 4, which cannot
   * share a class path with Spring AI 2's victools 5), and the answer read into the class as its
   * {@code StructuredChatCompletion} does.
   */
  static <T> T openAi(
      OpenAIClient client, ResponseFormatJsonSchema format, String prompt, Class<T> type) {
    String content = client.chat().completions()
        .create(ChatCompletionCreateParams.builder()
            .model(ChatModel.GPT_4O_MINI)
            .addSystemMessage(SYSTEM)
            .addUserMessage(prompt + TEXT)
            .responseFormat(format)
            .build())
        .choices().get(0).message().content().orElseThrow();
    try {
      return type.cast(RESPONSE_TYPE_FROM_JSON.invokeExact(content, (Class<?>) type));
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code StructuredOutputsKt.responseTypeFromJson}, what {@code StructuredChatCompletion} reads
   * the answer with (Kotlin {@code internal}, so javac does not see it; a constant method handle
   * calls it at full speed).
   */
  private static final MethodHandle RESPONSE_TYPE_FROM_JSON = responseTypeFromJson();

  private static MethodHandle responseTypeFromJson() {
    try {
      return MethodHandles.publicLookup().findStatic(StructuredOutputsKt.class,
          "responseTypeFromJson", MethodType.methodType(Object.class, String.class, Class.class));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The response format with the same strict schema Quarry generated for the method. */
  static ResponseFormatJsonSchema format(String name, String strictSchema) {
    Map<String, Object> schema =
        JsonMapper.builder().build().readValue(strictSchema, new TypeReference<Map<String, Object>>() {});
    ResponseFormatJsonSchema.JsonSchema.Schema.Builder properties =
        ResponseFormatJsonSchema.JsonSchema.Schema.builder();
    schema.forEach((key, value) -> properties.putAdditionalProperty(key, JsonValue.from(value)));
    return ResponseFormatJsonSchema.builder()
        .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
            .name(name).strict(true).schema(properties.build()).build())
        .build();
  }

  @Benchmark
  public Object quarry() {
    return quarry.get();
  }

  @Benchmark
  public Object quarryTools() {
    return quarryTools.get();
  }

  @Benchmark
  public Object langChain4j() {
    return langChain4j.get();
  }

  @Benchmark
  public Object langChain4jOpenAi() {
    return langChain4jOpenAi.get();
  }

  @Benchmark
  public Object openAiJava() {
    return openAiJava.get();
  }

  @Benchmark
  public Object springPerCall() {
    return springPerCall.get();
  }

  @Benchmark
  public Object springReused() {
    return springReused.get();
  }

  @Benchmark
  public Object jacksonWire() {
    return jacksonWire.get();
  }

  @Benchmark
  public Object jackson() {
    return jackson.get();
  }
}
