package dev.quarry.samples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.quarry.Quarry;
import dev.quarry.provider.Provider;
import dev.quarry.provider.Providers;
import dev.quarry.transport.Exchange;
import dev.quarry.transport.JdkHttpTransport;
import dev.quarry.transport.RecordingTransport;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the samples' offline recordings. Not a test: run it by hand after changing a sample's
 * interface, records, prompts or inputs (anything that changes what Quarry sends), from the
 * worktree root:
 *
 * <pre>
 * mvn -B -q -pl samples -am test-compile exec:java -Dexec.classpathScope=test \
 *     -Dsamples.main=dev.quarry.samples.RecordFixtures
 * </pre>
 *
 * <p>No model is involved. Each sample runs through {@link RecordingTransport} against a local
 * {@link HttpServer} that answers with the model outputs written below, wrapped in the exact
 * response format of each provider (an OpenAI chat completion with a tool call, an Anthropic
 * message with a {@code tool_use} block, a Gemini candidate whose part holds the JSON text, an
 * Ollama chat message whose content holds it). The request side of every file is what Quarry
 * really sent, so replays match exactly. Each file is then marked {@code "fixture": "hand-made"}
 * with a note saying so, its URL is pointed back at the provider's public endpoint, and the local
 * server's response headers are dropped except the content type and request id.
 *
 * <p>Existing recordings under {@code samples/src/main/resources/recordings/} are replaced. To
 * record only some samples, pass the root and their names: {@code -Dexec.args="samples/src/main/resources/recordings quotes plan review"}
 * (the responses' ids count from the first request recorded, so re-recording every sample
 * renumbers them all).
 */
public final class RecordFixtures {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Path ROOT = Path.of("samples/src/main/resources/recordings");
  private static final List<String> PROVIDERS = List.of("openai", "anthropic", "gemini", "ollama");
  private static final String HAND_MADE_NOTE = "Hand-made fixture, not captured from a live model:"
      + " the request is what Quarry sent; the response was written by hand in the provider's"
      + " response format by samples/src/test/java/dev/quarry/samples/RecordFixtures.java. ";

  /** One scripted model answer: the JSON the model "produced", and what it shows. */
  record Answer(String output, String note) {}

  /** The answers of each sample, in the order its calls make requests. */
  static final Map<String, List<Answer>> SCRIPT = Map.of(
      "receipt-photo", List.of(
          new Answer("""
              {"merchant":"Green Leaf Grocers","date":"2025-06-11","items":[\
              {"name":"Oat milk 1L","quantity":2,"unitPrice":1.85},\
              {"name":"Sourdough loaf","quantity":1,"unitPrice":4.20},\
              {"name":"Free-range eggs x6","quantity":0,"unitPrice":3.15}],"total":11.05}""",
              "First answer to readPhotoWithDetails(green-leaf-grocers.png): the eggs' quantity"
                  + " is read as 0, which the schema's exclusiveMinimum (from @Positive) rejects;"
                  + " Quarry re-asks."),
          new Answer("""
              {"merchant":"Green Leaf Grocers","date":"2025-06-11","items":[\
              {"name":"Oat milk 1L","quantity":2,"unitPrice":1.85},\
              {"name":"Sourdough loaf","quantity":1,"unitPrice":4.20},\
              {"name":"Free-range eggs x6","quantity":1,"unitPrice":3.15}],"total":11.05}""",
              "Corrected answer to the re-ask of readPhotoWithDetails(green-leaf-grocers.png).")),
      "receipt-live", List.of(
          new Answer("""
              {"merchant":"Green Leaf Grocers","date":"2025-06-11","items":[\
              {"name":"Oat milk 1L","quantity":2,"unitPrice":1.85},\
              {"name":"Sourdough loaf","quantity":1,"unitPrice":4.20},\
              {"name":"Free-range eggs x6","quantity":1,"unitPrice":3.15}],"total":11.05}""",
              "Answer to readLive(GROCER), streamed in the provider's stream format in pieces of 24"
                  + " characters.")),
      "receipts", List.of(
          new Answer("""
              {"merchant":"Green Leaf Grocers","date":"2025-06-11","items":[\
              {"name":"Oat milk 1L","quantity":2,"unitPrice":3.70},\
              {"name":"Sourdough loaf","quantity":1,"unitPrice":4.20},\
              {"name":"Free-range eggs x6","quantity":1,"unitPrice":3.15}],"total":11.05}""",
              "First answer to readWithDetails(GROCER): the oat milk's line amount 3.70 is taken"
                  + " as its unit price, so the items add up to 14.75, not the total 11.05; the"
                  + " Receipt constructor rejects it and Quarry re-asks."),
          new Answer("""
              {"merchant":"Green Leaf Grocers","date":"2025-06-11","items":[\
              {"name":"Oat milk 1L","quantity":2,"unitPrice":1.85},\
              {"name":"Sourdough loaf","quantity":1,"unitPrice":4.20},\
              {"name":"Free-range eggs x6","quantity":1,"unitPrice":3.15}],"total":11.05}""",
              "Corrected answer to the re-ask of readWithDetails(GROCER)."),
          new Answer("""
              {"merchant":"Northwind Office Supplies Ltd","date":"2025-04-03","items":[\
              {"name":"A4 copy paper, 500 sh.","quantity":3,"unitPrice":5.49},\
              {"name":"Heavy-duty stapler","quantity":2,"unitPrice":12.90}],"total":42.27}""",
              "Answer to read(INVOICE), right the first time.")),
      "graph", List.of(
          new Answer("""
              {"nodes":[\
              {"id":"marie-curie","label":"Marie Curie","type":"PERSON"},\
              {"id":"pierre-curie","label":"Pierre Curie","type":"PERSON"},\
              {"id":"henri-becquerel","label":"Henri Becquerel","type":"PERSON"},\
              {"id":"warsaw","label":"Warsaw","type":"PLACE"},\
              {"id":"university-of-paris","label":"University of Paris","type":"ORGANIZATION"},\
              {"id":"nobel-prize-physics-1903","label":"Nobel Prize in Physics","type":"CONCEPT"}],\
              "edges":[\
              {"source":"marie-curie","target":"warsaw","relation":"born_in"},\
              {"source":"marie-curie","target":"university-of-paris","relation":"studied_at"},\
              {"source":"marie-curie","target":"pierre-curie","relation":"married_to"},\
              {"source":"marie-curie","target":"nobel-prize","relation":"awarded"},\
              {"source":"pierre-curie","target":"nobel-prize-physics-1903","relation":"awarded"},\
              {"source":"henri-becquerel","target":"nobel-prize-physics-1903","relation":"awarded"}]}""",
              "First answer: edge 3 points at 'nobel-prize', but the node's id is"
                  + " 'nobel-prize-physics-1903'; the KnowledgeGraph constructor rejects it and"
                  + " Quarry re-asks."),
          new Answer("""
              {"nodes":[\
              {"id":"marie-curie","label":"Marie Curie","type":"PERSON"},\
              {"id":"pierre-curie","label":"Pierre Curie","type":"PERSON"},\
              {"id":"henri-becquerel","label":"Henri Becquerel","type":"PERSON"},\
              {"id":"warsaw","label":"Warsaw","type":"PLACE"},\
              {"id":"university-of-paris","label":"University of Paris","type":"ORGANIZATION"},\
              {"id":"nobel-prize-physics-1903","label":"Nobel Prize in Physics","type":"CONCEPT"}],\
              "edges":[\
              {"source":"marie-curie","target":"warsaw","relation":"born_in"},\
              {"source":"marie-curie","target":"university-of-paris","relation":"studied_at"},\
              {"source":"marie-curie","target":"pierre-curie","relation":"married_to"},\
              {"source":"marie-curie","target":"nobel-prize-physics-1903","relation":"awarded"},\
              {"source":"pierre-curie","target":"nobel-prize-physics-1903","relation":"awarded"},\
              {"source":"henri-becquerel","target":"nobel-prize-physics-1903","relation":"awarded"}]}""",
              "Corrected answer to the re-ask: edge 3 now names the existing id.")),
      "search", List.of(
          new Answer("""
              {"query":"EU AI Act","range":{"from":"2025-06-02","to":"2025-06-08"},\
              "contentType":null,"author":null,"language":null}""",
              "Answer to LAST_WEEK with today = Friday 2025-06-13: last week is Monday 2 June to"
                  + " Sunday 8 June; no filters."),
          new Answer("""
              {"query":"robotics","range":{"from":"2025-05-01","to":"2025-06-13"},\
              "contentType":"PODCAST","author":"Lex Fridman","language":"en"}""",
              "Answer to PODCASTS: 'since the start of May' runs to today; three filters set.")),
      "classify", List.of(
          new Answer("""
              {"category":"Billing","confidence":0.93,\
              "reason":"The customer reports 'two charges of 29.00' and asks to 'refund one of them'."}""",
              "Answer to DOUBLE_CHARGE. The category is written 'Billing' rather than 'BILLING'"
                  + " to show the lenient parser matching an enum constant without a re-ask (a"
                  + " provider's strict decoding would not let a model write it)."),
          new Answer("""
              {"category":"TECHNICAL_ISSUE","confidence":0.88,\
              "reason":"Export > CSV 'closes the app without any message' since the update."}""",
              "Answer to EXPORT_CRASH.")),
      "quotes", List.of(
          new Answer("""
              {"facts":[\
              {"claim":"makes springs for trains","evidence":"The company makes \\"industrial\\" springs - mostly for trains"},\
              {"claim":"employs 240 people","evidence":"employs 240 people"},\
              {"claim":"founded in 1998","evidence":"founded in 1998"},\
              {"claim":"second plant in Porto","evidence":"In 2021 it opened a second plant in Porto."}]}""",
              "First answer to facts(COMPANY): the third fact cites 'founded in 1998', but the text"
                  + " says 1989; the @Quote check finds no such passage and Quarry re-asks with the"
                  + " closest one. The first evidence has straight quotes and a hyphen where the"
                  + " text has typographic ones and a dash, which the check accepts."),
          new Answer("""
              {"facts":[\
              {"claim":"makes springs for trains","evidence":"The company makes \\"industrial\\" springs - mostly for trains"},\
              {"claim":"employs 240 people","evidence":"employs 240 people"},\
              {"claim":"founded in 1989","evidence":"was founded in 1989 in Leeds by Jane Holt"},\
              {"claim":"second plant in Porto","evidence":"In 2021 it opened a second plant in Porto."}]}""",
              "Corrected answer to the re-ask: the third fact now quotes the text.")),
      "plan", List.of(
          new Answer("""
              {"goal":"Publish the quarterly sales report","tasks":[\
              {"id":"t1","action":"fetch the sales figures","dependsOn":[]},\
              {"id":"t2","action":"fetch the cost figures","dependsOn":[]},\
              {"id":"t3","action":"chart the sales","dependsOn":["t1"]},\
              {"id":"t4","action":"chart the costs","dependsOn":["t2"]},\
              {"id":"t5","action":"write the summary","dependsOn":["t3","t4","t6"]},\
              {"id":"t6","action":"mail the report to the board","dependsOn":["t5"]}]}""",
              "First answer to plan(GOAL): the summary waits for the mail, which waits for the"
                  + " summary (t5 -> t6 -> t5); the TaskGraph check names the cycle and Quarry"
                  + " re-asks."),
          new Answer("""
              {"goal":"Publish the quarterly sales report","tasks":[\
              {"id":"t1","action":"fetch the sales figures","dependsOn":[]},\
              {"id":"t2","action":"fetch the cost figures","dependsOn":[]},\
              {"id":"t3","action":"chart the sales","dependsOn":["t1"]},\
              {"id":"t4","action":"chart the costs","dependsOn":["t2"]},\
              {"id":"t5","action":"write the summary","dependsOn":["t3","t4"]},\
              {"id":"t6","action":"mail the report to the board","dependsOn":["t5"]}]}""",
              "Corrected answer to the re-ask: the summary no longer waits for the mail.")),
      "review", List.of(
          new Answer("""
              {"text":"On 2 June an expired TLS certificate took the payment service down for 47 minutes;\
               an attack was ruled out and affected customers were refunded."}""",
              "First answer to summarize(INCIDENT): it claims an attack was ruled out and customers"
                  + " were refunded, which the report does not say; the checker model rejects it and"
                  + " Quarry re-asks."),
          new Answer("""
              {"text":"On 2 June an expired TLS certificate took the payment service down for 47 minutes.\
               The certificate was renewed, an alert now fires 30 days before expiry, and no card data\
               was exposed."}""",
              "Corrected answer to the re-ask: every claim is in the report.")),
      "review-checker", List.of(
          new Answer("""
              {"satisfied":false,"reason":"The report says nothing about ruling out an attack or\
               refunding customers."}""",
              "The checker model's verdict on the first summary (LlmValidator): not satisfied."),
          new Answer("""
              {"satisfied":true,"reason":""}""",
              "The checker model's verdict on the corrected summary: satisfied.")));

  /** Samples whose checker's calls are recorded in a directory of their own. */
  private static final String CHECKER_SUFFIX = "-checker";

  private final Deque<Answer> pending = new ArrayDeque<>();
  /** The answers for requests to the checker model ({@link Setup#CHECKER_MODELS}). */
  private final Deque<Answer> pendingChecks = new ArrayDeque<>();
  private String provider;
  private int responses;

  public static void main(String[] args) throws Exception {
    // Optional: the recordings root, then the names of the samples to record (default: all).
    List<String> only = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
    new RecordFixtures().recordAll(args.length > 0 ? Path.of(args[0]) : ROOT, only);
  }

  private void recordAll(Path root, List<String> only) throws IOException {
    if (!Files.isDirectory(root.getParent())) {
      throw new IllegalStateException(root.getParent().toAbsolutePath() + " is not a directory;"
          + " run this from the root of the checkout");
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
    try {
      for (String name : PROVIDERS) {
        for (Sample sample : Main.SAMPLES) {
          if (only.isEmpty() || only.contains(sample.name())) {
            record(root, server, name, sample);
          }
        }
      }
    } finally {
      server.stop(0);
    }
  }

  private void record(Path root, HttpServer server, String name, Sample sample) throws IOException {
    Path directory = root.resolve(name).resolve(sample.name());
    Path checks = root.resolve(name).resolve(sample.name() + CHECKER_SUFFIX);
    deleteRecursively(directory);
    deleteRecursively(checks);
    Provider api = Providers.named(name);
    URI publicUrl = URI.create(api.defaultBaseUrl());
    String local = "http://127.0.0.1:" + server.getAddress().getPort() + publicUrl.getPath();
    Quarry quarry = sample.client(Setup.using(name, (recordings, model) -> Quarry.builder()
        .provider(api)
        .model(model == null ? Setup.OFFLINE_MODELS.get(name) : model)
        .baseUrl(local)
        .apiKey("not-a-real-key-for-fixtures")
        .transport(RecordingTransport.of(JdkHttpTransport.create(), root.resolve(name).resolve(recordings)))));
    List<Answer> answers = SCRIPT.get(sample.name());
    List<Answer> checkerAnswers = SCRIPT.getOrDefault(sample.name() + CHECKER_SUFFIX, List.of());
    synchronized (this) {
      provider = name;
      pending.clear();
      pending.addAll(answers);
      pendingChecks.clear();
      pendingChecks.addAll(checkerAnswers);
    }
    System.out.println("### " + name + " / " + sample.name());
    sample.run(quarry, new Console(System.out), Setup.RECORDED_TODAY);
    synchronized (this) {
      if (!pending.isEmpty() || !pendingChecks.isEmpty()) {
        throw new IllegalStateException(sample.name() + " left " + pending.size()
            + " scripted answers unused; the script and the sample's calls disagree");
      }
    }
    markHandMade(directory, publicUrl, answers);
    if (!checkerAnswers.isEmpty()) {
      markHandMade(checks, publicUrl, checkerAnswers);
    }
  }

  /** Rewrites each recorded file as a hand-made fixture with its note and the public URL. */
  private static void markHandMade(Path directory, URI publicUrl, List<Answer> answers)
      throws IOException {
    List<String> names = Files.readAllLines(directory.resolve("index.txt"));
    if (names.size() != answers.size()) {
      throw new IllegalStateException(directory + " has " + names.size() + " exchanges for "
          + answers.size() + " scripted answers");
    }
    for (int i = 0; i < names.size(); i++) {
      Path file = directory.resolve(names.get(i));
      Exchange recorded = Exchange.parse(Files.readString(file));
      TransportRequest request = recorded.request();
      URI uri = URI.create(publicUrl.getScheme() + "://" + publicUrl.getAuthority()
          + request.uri().getRawPath());
      Map<String, String> headers = new TreeMap<>();
      recorded.response().headers().forEach((header, value) -> {
        if (header.equals("content-type") || header.endsWith("request-id")) {
          headers.put(header, value);
        }
      });
      Exchange handMade = new Exchange(
          Exchange.HAND_MADE,
          HAND_MADE_NOTE + answers.get(i).note(),
          new TransportRequest(request.method(), uri, request.headers(), request.body()),
          new TransportResponse(recorded.response().status(), headers, recorded.response().body()));
      Files.writeString(file, handMade.toJson(), StandardCharsets.UTF_8);
    }
  }

  private void answer(HttpExchange http) throws IOException {
    try (InputStream in = http.getRequestBody(); OutputStream out = http.getResponseBody()) {
      String requestBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Answer next;
      String name;
      int number;
      String checker = Setup.CHECKER_MODELS.get(provider);
      boolean check = requestBody.contains("\"model\":\"" + checker + "\"")
          || http.getRequestURI().getPath().contains("/" + checker + ":");
      synchronized (this) {
        next = check ? pendingChecks.poll() : pending.poll();
        name = provider;
        number = ++responses;
      }
      if (next == null) {
        System.err.println("Unscripted request; the script and the sample's calls disagree: " + requestBody);
        http.sendResponseHeaders(500, -1);
        return;
      }
      JsonNode request = JSON.readTree(requestBody);
      if (request.path("stream").asBoolean() || http.getRequestURI().getPath().endsWith(":streamGenerateContent")) {
        byte[] stream = streamed(name, request, next.output(), number).getBytes(StandardCharsets.UTF_8);
        http.getResponseHeaders().set(
            "content-type", name.equals("ollama") ? "application/x-ndjson" : "text/event-stream");
        http.sendResponseHeaders(200, stream.length);
        out.write(stream);
        return;
      }
      ObjectNode response = switch (name) {
        case "openai" -> openAi(request, next.output(), number);
        case "anthropic" -> anthropic(request, next.output(), number);
        case "gemini" -> gemini(request, next.output(), number);
        case "ollama" -> ollama(request, next.output(), number);
        default -> throw new IllegalStateException("no response format for " + name);
      };
      byte[] bytes = JSON.writeValueAsBytes(response);
      http.getResponseHeaders().set("content-type", "application/json");
      String id = String.format(Locale.ROOT, "req_handmade_%04d", number);
      if (name.equals("openai")) {
        http.getResponseHeaders().set("x-request-id", id);
      } else if (name.equals("anthropic")) {
        http.getResponseHeaders().set("request-id", id);
      }
      http.sendResponseHeaders(200, bytes.length);
      out.write(bytes);
    } catch (RuntimeException e) {
      e.printStackTrace();
      http.sendResponseHeaders(500, -1);
    }
  }

  /**
   * The same answer as a stream in the provider's format, in pieces of {@value #PIECE}
   * characters: what a model writing the output token by token sends.
   */
  private static String streamed(String name, JsonNode request, String output, int number) {
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < output.length(); i += PIECE) {
      pieces.add(output.substring(i, Math.min(output.length(), i + PIECE)));
    }
    long in = tokens(request.toString());
    long out = tokens(output);
    StringBuilder body = new StringBuilder();
    switch (name) {
      case "openai" -> {
        String tool = request.path("tool_choice").path("function").path("name").asString();
        String head = "{\"id\":\"chatcmpl-handmade" + number + "\",\"object\":\"chat.completion.chunk\","
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,";
        sse(body, null, head + "\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,"
            + "\"id\":\"call_handmade" + number + "\",\"type\":\"function\",\"function\":{\"name\":"
            + quote(tool) + ",\"arguments\":\"\"}}]},\"finish_reason\":null}]}");
        for (String piece : pieces) {
          sse(body, null, head + "\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
              + quote(piece) + "}}]},\"finish_reason\":null}]}");
        }
        sse(body, null, head + "\"delta\":{},\"finish_reason\":\"stop\"}]}");
        sse(body, null, "{\"id\":\"chatcmpl-handmade" + number + "\",\"object\":\"chat.completion.chunk\","
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + in
            + ",\"completion_tokens\":" + out + ",\"total_tokens\":" + (in + out) + "}}");
        sse(body, null, "[DONE]");
      }
      case "anthropic" -> {
        String tool = request.path("tool_choice").path("name").asString();
        sse(body, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_handmade" + number
            + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\","
            + "\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":" + in + ",\"output_tokens\":1}}}");
        sse(body, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_handmade" + number + "\",\"name\":" + quote(tool)
            + ",\"input\":{}}}");
        for (String piece : pieces) {
          sse(body, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
              + "{\"type\":\"input_json_delta\",\"partial_json\":" + quote(piece) + "}}");
        }
        sse(body, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        sse(body, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + out + "}}");
        sse(body, "message_stop", "{\"type\":\"message_stop\"}");
      }
      case "gemini" -> {
        for (int i = 0; i < pieces.size(); i++) {
          boolean last = i == pieces.size() - 1;
          sse(body, null, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":" + quote(pieces.get(i))
              + "}],\"role\":\"model\"}" + (last ? ",\"finishReason\":\"STOP\"" : "") + ",\"index\":0}],"
              + "\"usageMetadata\":{\"promptTokenCount\":" + in + ",\"candidatesTokenCount\":"
              + (last ? out : i) + ",\"totalTokenCount\":" + (in + (last ? out : i)) + "},"
              + "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"handmade" + number + "\"}");
        }
      }
      case "ollama" -> {
        String model = quote(request.path("model").asString());
        for (String piece : pieces) {
          body.append("{\"model\":").append(model).append(",\"created_at\":\"2025-06-13T09:00:00Z\","
              + "\"message\":{\"role\":\"assistant\",\"content\":").append(quote(piece))
              .append("},\"done\":false}\n");
        }
        body.append("{\"model\":").append(model).append(",\"created_at\":\"2025-06-13T09:00:01Z\","
            + "\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\","
            + "\"prompt_eval_count\":").append(in).append(",\"eval_count\":").append(out).append("}\n");
      }
      default -> throw new IllegalStateException("no stream format for " + name);
    }
    return body.toString();
  }

  private static final int PIECE = 24;

  private static void sse(StringBuilder body, String event, String data) {
    if (event != null) {
      body.append("event: ").append(event).append('\n');
    }
    body.append("data: ").append(data).append("\n\n");
  }

  private static String quote(String text) {
    return JSON.writeValueAsString(text);
  }

  /** A chat completion whose message calls the forced tool with the output as arguments. */
  private static ObjectNode openAi(JsonNode request, String output, int number) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", String.format(Locale.ROOT, "chatcmpl-handmade%04d", number));
    root.put("object", "chat.completion");
    root.put("created", 1_749_805_200L + number);
    root.put("model", "gpt-4o-mini-2024-07-18");
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.putNull("content");
    ObjectNode call = message.putArray("tool_calls").addObject();
    call.put("id", String.format(Locale.ROOT, "call_handmade%04d", number));
    call.put("type", "function");
    call.putObject("function")
        .put("name", request.path("tool_choice").path("function").path("name").asString())
        .put("arguments", output);
    message.putNull("refusal");
    message.putArray("annotations");
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    ObjectNode usage = root.putObject("usage");
    long in = tokens(request.toString());
    long out = tokens(output);
    usage.put("prompt_tokens", in);
    usage.put("completion_tokens", out);
    usage.put("total_tokens", in + out);
    usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
    usage.putObject("completion_tokens_details").put("reasoning_tokens", 0)
        .put("audio_tokens", 0).put("accepted_prediction_tokens", 0)
        .put("rejected_prediction_tokens", 0);
    root.put("service_tier", "default");
    root.put("system_fingerprint", "fp_handmade");
    return root;
  }

  /** A message whose only content block is a {@code tool_use} of the forced tool. */
  private static ObjectNode anthropic(JsonNode request, String output, int number) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", String.format(Locale.ROOT, "msg_handmade%04d", number));
    root.put("type", "message");
    root.put("role", "assistant");
    root.put("model", "claude-sonnet-4-5-20250929");
    ObjectNode block = root.putArray("content").addObject();
    block.put("type", "tool_use");
    block.put("id", String.format(Locale.ROOT, "toolu_handmade%04d", number));
    block.put("name", request.path("tool_choice").path("name").asString());
    block.set("input", JSON.readTree(output));
    root.put("stop_reason", "tool_use");
    root.putNull("stop_sequence");
    ObjectNode usage = root.putObject("usage");
    usage.put("input_tokens", tokens(request.toString()));
    usage.put("cache_creation_input_tokens", 0);
    usage.put("cache_read_input_tokens", 0);
    usage.put("output_tokens", tokens(output));
    usage.put("service_tier", "standard");
    return root;
  }

  /** A GenerateContentResponse whose candidate's one part is the JSON text (JSON_SCHEMA). */
  private static ObjectNode gemini(JsonNode request, String output, int number) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode candidate = root.putArray("candidates").addObject();
    ObjectNode content = candidate.putObject("content");
    content.putArray("parts").addObject().put("text", output);
    content.put("role", "model");
    candidate.put("finishReason", "STOP");
    candidate.put("index", 0);
    ObjectNode usage = root.putObject("usageMetadata");
    long in = tokens(request.toString());
    long out = tokens(output);
    usage.put("promptTokenCount", in);
    usage.put("candidatesTokenCount", out);
    usage.put("totalTokenCount", in + out);
    usage.putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", in);
    root.put("modelVersion", "gemini-2.5-flash");
    root.put("responseId", String.format(Locale.ROOT, "handmade%04d", number));
    return root;
  }

  /** A non-streamed {@code /api/chat} response whose message content is the JSON text. */
  private static ObjectNode ollama(JsonNode request, String output, int number) {
    ObjectNode root = JSON.createObjectNode();
    root.put("model", request.path("model").asString());
    root.put("created_at", String.format(Locale.ROOT, "2025-06-13T09:00:%02d.000000Z", number % 60));
    ObjectNode message = root.putObject("message");
    message.put("role", "assistant");
    message.put("content", output);
    root.put("done_reason", "stop");
    root.put("done", true);
    long in = tokens(request.toString());
    long out = tokens(output);
    root.put("total_duration", 1_500_000_000L + out * 20_000_000L);
    root.put("load_duration", 25_000_000L);
    root.put("prompt_eval_count", in);
    root.put("prompt_eval_duration", in * 400_000L);
    root.put("eval_count", out);
    root.put("eval_duration", out * 20_000_000L);
    return root;
  }

  /** A stand-in for a tokenizer: about four characters a token, as for English text. */
  private static long tokens(String text) {
    return (text.length() + 3) / 4;
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(file);
      }
    }
  }
}
