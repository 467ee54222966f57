package dev.quarry.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.Document;
import dev.quarry.Image;
import dev.quarry.Message;
import dev.quarry.Mode;
import dev.quarry.PromptCache;
import dev.quarry.spi.ExtractMethod;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.type.TypeReference;

/**
 * Every provider's request body, byte for byte, against bodies frozen before the bodies were
 * written with a streaming generator instead of a tree (hand-made fixtures under {@code
 * handmade/request-bodies/}, see the README there): each provider, each mode, with images and
 * documents, a conversation, re-asks after a tool call and after a text answer, options, prompt
 * caching and streaming.
 *
 * <p>Run with {@code -Dquarry.freezeRequestBodies=true} to (re)write the fixtures from the current
 * code: only when a body is meant to change, and say why in the commit.
 */
class RequestBodyBytesTest {
  private static final String FOLDER = "handmade/request-bodies/";

  interface Weather {}

  record City(String city, Double temperature) {}

  private static final String SCHEMA = """
      {"type":"object","properties":{"city":{"type":"string","description":"Name, \\"as written\\""},\
      "temperature":{"type":"number","minimum":-90.5}},"required":["city"]}""";
  private static final String STRICT_SCHEMA = """
      {"type":"object","properties":{"city":{"type":"string","description":"Name, \\"as written\\""},\
      "temperature":{"type":["number","null"]}},"required":["city","temperature"],\
      "additionalProperties":false}""";
  private static final String LIST_SCHEMA = """
      {"type":"object","properties":{"value":{"type":"array","items":{"type":"object",\
      "properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}}},\
      "required":["value"],"additionalProperties":false}""";

  private static final ExtractMethod<City> STRICT =
      ExtractMethod.builder(Weather.class, "read", new TypeReference<City>() {})
          .toolName("read_weather")
          .description("Reads the weather report. Ünïcode — and \"quotes\".")
          .schema(SCHEMA)
          .strictSchema(STRICT_SCHEMA)
          .build();

  private static final ExtractMethod<City> PLAIN =
      ExtractMethod.builder(Weather.class, "read", new TypeReference<City>() {})
          .toolName("Weather.read city")
          .schema(SCHEMA)
          .build();

  private static final ExtractMethod<List<City>> LIST =
      ExtractMethod.builder(Weather.class, "cities", new TypeReference<List<City>>() {})
          .toolName("read_cities")
          .schema(LIST_SCHEMA)
          .strictSchema(LIST_SCHEMA)
          .wrapperProperty("value")
          .build();

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0,
      13, 'I', 'H', 'D', 'R'};

  private static final List<Message> SIMPLE = List.of(
      Message.system("You extract weather reports."),
      Message.user("Edinburgh, 12 degrees.\nTab\there, a quote \" and a backslash \\."));

  private static final List<Message> IMAGES = List.of(
      Message.system("You extract weather reports."),
      Message.user("Read both.", List.of(Image.fromBytes(PNG),
          Image.fromUrl("https://example.com/sky.png"))));

  /** Ollama takes images only as data. */
  private static final List<Message> IMAGE_DATA = List.of(
      Message.user("Read it.", List.of(Image.fromBytes(PNG), Image.fromBytes(PNG, "image/jpeg"))));

  private static final List<Message> DOCUMENT = List.of(
      Message.user("Read the report.", List.of(Document.fromBytes(
          "%PDF-1.4 tiny".getBytes(StandardCharsets.US_ASCII), "report.pdf"))));

  /** A tool call answered with its errors, then asked again (the TOOLS re-ask). */
  private static final List<Message> TOOL_REASK = List.of(
      Message.system("You extract weather reports."),
      Message.system("Answer with the tool."),
      Message.user("Edinburgh, 12 degrees."),
      new Message.AssistantReply(null, new Message.ToolCall("call_1", "read_weather",
          "{\"city\": \"Edinburgh\", \"temperature\": \"twelve\"}")),
      new Message.ToolResult("call_1", "read_weather",
          "/temperature: \"twelve\" is not a number; answer again.", true),
      new Message.AssistantReply(null, new Message.ToolCall("call_2", "read_weather",
          "not an object")),
      new Message.ToolResult("call_2", null, "Not JSON; answer again.", true));

  /** A text answer, then the re-ask as a user message (the JSON modes' re-ask). */
  private static final List<Message> TEXT_REASK = List.of(
      Message.system("You extract weather reports."),
      Message.user("Edinburgh, 12 degrees."),
      Message.assistant("{\"city\": 12}"),
      Message.user("/city: 12 is not a string. Answer again."),
      Message.assistant(""),
      Message.user("Still wrong."));

  /** The calls of one PARALLEL_TOOLS response, answered. */
  private static final List<Message> PARALLEL_REASK = List.of(
      Message.user("Edinburgh and Oslo."),
      new Message.AssistantReply(null, new Message.ToolCall("call_a", "read_cities",
          "{\"city\":\"Edinburgh\"}")),
      new Message.AssistantReply(null, new Message.ToolCall("call_b", "read_cities",
          "{\"city\":7}")),
      new Message.ToolResult("call_a", "read_cities", "ok", false),
      new Message.ToolResult("call_b", "read_cities", "/city: 7 is not a string", true));

  record Case(String name, Provider provider, ProviderRequest request) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    add(cases, "openai", Providers.openAi(),
        List.of(Mode.TOOLS, Mode.JSON_SCHEMA, Mode.JSON, Mode.MD_JSON), true);
    add(cases, "openai-compatible",
        Providers.openAiCompatible("local", "http://localhost:8080/v1", null),
        List.of(Mode.JSON_SCHEMA), false);
    add(cases, "responses", Providers.openAiResponses(),
        List.of(Mode.TOOLS, Mode.JSON_SCHEMA, Mode.JSON, Mode.MD_JSON), true);
    add(cases, "anthropic", Providers.anthropic(),
        List.of(Mode.TOOLS, Mode.JSON_SCHEMA, Mode.JSON), true);
    add(cases, "gemini", Providers.gemini(),
        List.of(Mode.TOOLS, Mode.JSON_SCHEMA, Mode.JSON), true);
    add(cases, "ollama", Providers.ollama(),
        List.of(Mode.TOOLS, Mode.JSON_SCHEMA, Mode.JSON), false);
    return cases.stream();
  }

  private static void add(List<Case> cases, String name, Provider provider, List<Mode> modes,
      boolean parallel) {
    String model = name.equals("gemini") ? "gemini-2.5-flash" : "model-1";
    for (Mode mode : modes) {
      String m = mode.name().toLowerCase();
      cases.add(new Case(name + "-" + m + "-strict", provider,
          request(provider, model, STRICT, mode, SIMPLE, null, null, false, null)));
      cases.add(new Case(name + "-" + m + "-plain", provider,
          request(provider, model, PLAIN, mode, SIMPLE, null, null, false, null)));
    }
    Mode first = modes.get(0);
    String f = first.name().toLowerCase();
    cases.add(new Case(name + "-" + f + "-options-stream", provider,
        request(provider, model, STRICT, first, SIMPLE, 512, 0.25, true, null)));
    cases.add(new Case(name + "-" + f + "-tool-reask", provider,
        request(provider, model, STRICT, first, TOOL_REASK, 100, 1.0, false, null)));
    cases.add(new Case(name + "-json-text-reask", provider,
        request(provider, model, STRICT, Mode.JSON, TEXT_REASK, null, 0.0, false, null)));
    cases.add(new Case(name + "-" + f + "-images", provider,
        request(provider, model, STRICT, first, name.equals("ollama") ? IMAGE_DATA : IMAGES, null,
            null, false, null)));
    if (!name.equals("ollama")) {
      cases.add(new Case(name + "-" + f + "-document", provider,
          request(provider, model, STRICT, first, DOCUMENT.stream()
              .map(mm -> name.equals("responses") || name.equals("anthropic")
                  ? Message.user("Read it.", List.of(Document.fromUrl("https://example.com/r.pdf")))
                  : mm).toList(), null, null, false, null)));
    }
    PromptCache cache = switch (name) {
      case "anthropic" -> PromptCache.breakpoints();
      case "gemini" -> PromptCache.cachedContent("cachedContents/abc123");
      case "openai", "responses" -> PromptCache.key("weather-v1");
      default -> null;
    };
    if (cache != null) {
      cases.add(new Case(name + "-" + f + "-cache", provider,
          request(provider, model, STRICT, first, SIMPLE, 64, null, false, cache)));
      cases.add(new Case(name + "-json_schema-cache", provider,
          request(provider, model, STRICT, Mode.JSON_SCHEMA, SIMPLE, null, null, false, cache)));
    }
    if (parallel) {
      cases.add(new Case(name + "-parallel_tools", provider,
          request(provider, model, LIST, Mode.PARALLEL_TOOLS, PARALLEL_REASK, null, null, false,
              null)));
    }
  }

  private static ProviderRequest request(Provider provider, String model, ExtractMethod<?> method,
      Mode mode, List<Message> messages, Integer maxOutputTokens, Double temperature,
      boolean stream, PromptCache cache) {
    return new ProviderRequest(provider.defaultBaseUrl(), "key-test-0123456789", model, method,
        mode, messages, maxOutputTokens, temperature, stream, cache);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void bodyIsByteForByteTheFrozenOne(Case c) throws IOException {
    check(c.name(), c.provider().request(c.request()).body().getBytes(StandardCharsets.UTF_8));
  }

  static Stream<Case> batchCases() {
    return cases().filter(c -> !c.request().stream() && c.provider().batchApi().isPresent()
        && !c.name().startsWith("openai-compatible"));
  }

  /** The JSONL line of a batch job, which carries the same body. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("batchCases")
  void batchEntryIsByteForByteTheFrozenOne(Case c) throws IOException {
    String json = c.provider().batchApi().orElseThrow().entry("item-1", c.request()).json();
    check("batch-" + c.name(), json.getBytes(StandardCharsets.UTF_8));
  }

  private static void check(String name, byte[] body) throws IOException {
    String file = name + ".json";
    if (Boolean.getBoolean("quarry.freezeRequestBodies")) {
      Path dir = Path.of("src/test/resources", FOLDER);
      Files.createDirectories(dir);
      Files.write(dir.resolve(file), body);
      return;
    }
    assertThat(new String(body, StandardCharsets.UTF_8))
        .as("%s (frozen in %s%s)", name, FOLDER, file)
        .isEqualTo(new String(frozen(file), StandardCharsets.UTF_8));
    assertThat(body).isEqualTo(frozen(file));
  }

  private static byte[] frozen(String file) {
    try (InputStream in = RequestBodyBytesTest.class.getClassLoader()
        .getResourceAsStream(FOLDER + file)) {
      assertThat(in).as("fixture %s%s; freeze it with -Dquarry.freezeRequestBodies=true",
          FOLDER, file).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
