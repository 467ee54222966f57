package dev.quarry.testing;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local server implementing OpenAI's Batch API as the OpenAPI spec ({@code
 * testdata/wire/openai/spec/openapi.json}) defines it: {@code POST /v1/files} (multipart, {@code
 * purpose=batch}, a JSONL file of request input objects), {@code GET /v1/files}, {@code POST
 * /v1/batches}, {@code GET /v1/batches}, {@code GET /v1/batches/{id}}, {@code POST
 * /v1/batches/{id}/cancel} and {@code GET /v1/files/{id}/content}. Every request body is checked
 * against the spec (the create-batch request against {@code CreateBatchRequest}, each JSONL line's
 * body against {@code CreateChatCompletionRequest}), and every batch, file and list it sends
 * against {@code Batch}, {@code OpenAIFile}, {@code ListBatchesResponse}, {@code
 * ListFilesResponse}; the complaints are collected in {@link #specErrors()}.
 *
 * <p>Each poll moves a batch one state along {@link #states}; at the last state its results are
 * written: each entry's answer from {@link #answers} (an assistant message content, or {@code
 * null} for an error line), the entries of an expired or cancelled batch not yet answered as
 * error lines with {@code batch_expired} or {@code batch_cancelled}. The server counts uploads and
 * created batches, so a test can check that nothing was submitted twice.
 */
public final class OpenAiBatchServer implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SPEC_IRI = "https://quarry.test/openai/batch-openapi.json";
  private static SchemaRegistry registry;
  private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

  private final HttpServer server;
  private final Map<String, ObjectNode> files = new ConcurrentHashMap<>();
  private final Map<String, String> contents = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> batches = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, Integer> position = new ConcurrentHashMap<>();
  private final List<String> specErrors = new CopyOnWriteArrayList<>();
  private final List<String> visited = new CopyOnWriteArrayList<>();
  public final AtomicInteger uploads = new AtomicInteger();
  public final AtomicInteger creates = new AtomicInteger();
  public final AtomicInteger polls = new AtomicInteger();
  public final AtomicInteger entries = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger();
  /** The states each batch goes through, one per poll. */
  public volatile List<String> states = List.of("validating", "in_progress", "finalizing", "completed");
  /** How many create-batch requests are answered 429 before one is accepted. */
  public final AtomicInteger create429 = new AtomicInteger();
  /** For an expired batch: how many entries were answered before it expired. */
  public volatile int answeredBeforeExpiry = Integer.MAX_VALUE;
  /** The assistant content for an entry (custom id, request body), or null for an error line. */
  public volatile BiFunction<String, JsonNode, String> answers = (id, body) -> "{}";
  /** Called with each request ("METHOD /path") after it was handled, before it is answered. */
  public volatile java.util.function.Consumer<String> onHandled = request -> {};

  private OpenAiBatchServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public static OpenAiBatchServer start() {
    try {
      return new OpenAiBatchServer();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the local batch server", e);
    }
  }

  /** The API root, {@code http://127.0.0.1:<port>/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Every way a request or response broke the spec; empty when all were valid. */
  public List<String> specErrors() {
    return List.copyOf(specErrors);
  }

  /** Every batch state a poll answered with, in order. */
  public List<String> visited() {
    return List.copyOf(visited);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    String query = exchange.getRequestURI().getQuery();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    int status = 200;
    String answer;
    synchronized (this) {
      try {
        if (method.equals("POST") && path.equals("/v1/files")) {
          answer = upload(exchange.getRequestHeaders().getFirst("content-type"), body);
        } else if (method.equals("GET") && path.equals("/v1/files")) {
          answer = list(new ArrayList<>(files.values()), "ListFilesResponse",
              query != null && query.contains("purpose=batch") ? "batch" : null);
        } else if (method.equals("POST") && path.equals("/v1/batches")) {
          if (create429.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 429;
            answer = "{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":"
                + "\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
          } else {
            answer = create(body);
          }
        } else if (method.equals("GET") && path.equals("/v1/batches")) {
          answer = list(new ArrayList<>(batches.values()), "ListBatchesResponse", null);
        } else if (method.equals("GET") && path.matches("/v1/batches/[^/]+")) {
          answer = poll(path.substring("/v1/batches/".length()));
        } else if (method.equals("POST") && path.matches("/v1/batches/[^/]+/cancel")) {
          answer = cancel(path.substring("/v1/batches/".length(), path.length() - "/cancel".length()));
        } else if (method.equals("GET") && path.matches("/v1/files/[^/]+/content")) {
          String id = path.substring("/v1/files/".length(), path.length() - "/content".length());
          answer = contents.get(id);
          if (answer == null) {
            status = 404;
            answer = error("No such File object: " + id);
          }
        } else {
          status = 404;
          answer = error("no route " + method + " " + path);
        }
      } catch (IllegalArgumentException e) {
        status = 400;
        answer = error(e.getMessage());
      }
    }
    onHandled.accept(method + " " + path);
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private String upload(String contentType, String body) {
    if (contentType == null || !contentType.startsWith("multipart/form-data; boundary=")) {
      throw new IllegalArgumentException("expected multipart/form-data, got " + contentType);
    }
    String boundary = contentType.substring("multipart/form-data; boundary=".length());
    Map<String, String> parts = new LinkedHashMap<>();
    String filename = null;
    for (String part : body.split("--" + java.util.regex.Pattern.quote(boundary))) {
      if (part.isBlank() || part.startsWith("--")) {
        continue;
      }
      int split = part.indexOf("\r\n\r\n");
      String headers = part.substring(0, split);
      String value = part.substring(split + 4, part.length() - 2); // the CRLF before the boundary
      java.util.regex.Matcher name = java.util.regex.Pattern.compile("name=\"([^\"]+)\"").matcher(headers);
      name.find();
      java.util.regex.Matcher file = java.util.regex.Pattern.compile("filename=\"([^\"]+)\"").matcher(headers);
      if (file.find()) {
        filename = file.group(1);
      }
      parts.put(name.group(1), value);
    }
    if (!"batch".equals(parts.get("purpose")) || !parts.containsKey("file") || filename == null) {
      throw new IllegalArgumentException("CreateFileRequest needs file (with a filename) and"
          + " purpose=batch, got parts " + parts.keySet() + " purpose " + parts.get("purpose"));
    }
    for (String line : parts.get("file").split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode input = JSON.readTree(line);
      if (!input.path("custom_id").isString() || !"POST".equals(input.path("method").asString())
          || !input.path("url").isString() || !input.path("body").isObject()) {
        specErrors.add("not a BatchRequestInput: " + line);
      } else if (input.path("url").asString().equals("/v1/chat/completions")) {
        for (String error : OpenAiSpec.chatRequestErrors(JSON.writeValueAsString(input.get("body")))) {
          specErrors.add(input.path("custom_id").asString() + ": " + error);
        }
      } else if (input.path("url").asString().equals("/v1/responses")) {
        for (String error : OpenAiResponsesSpec.requestErrors(JSON.writeValueAsString(input.get("body")))) {
          specErrors.add(input.path("custom_id").asString() + ": " + error);
        }
      } else {
        specErrors.add("a batch entry's url must be one of the batch endpoints, got: " + line);
      }
    }
    uploads.incrementAndGet();
    ObjectNode file = JSON.createObjectNode();
    file.put("id", "file-" + ids.incrementAndGet());
    file.put("object", "file");
    file.put("bytes", parts.get("file").getBytes(StandardCharsets.UTF_8).length);
    file.put("created_at", 1_764_000_000L);
    file.put("filename", filename);
    file.put("purpose", "batch");
    file.put("status", "processed");
    files.put(file.get("id").asString(), file);
    contents.put(file.get("id").asString(), parts.get("file"));
    return checked(file, "OpenAIFile");
  }

  private String create(String body) {
    JsonNode request = JSON.readTree(body);
    validate("CreateBatchRequest", body);
    String fileId = request.path("input_file_id").asString();
    if (!contents.containsKey(fileId)) {
      throw new IllegalArgumentException("no input file " + fileId);
    }
    String endpoint = request.path("endpoint").asString();
    for (String line : contents.get(fileId).split("\n")) {
      // "The endpoint to be used for all requests in the batch"; a line for another is refused.
      if (!line.isBlank() && !JSON.readTree(line).path("url").asString().equals(endpoint)) {
        specErrors.add("an entry's url is not the batch's endpoint " + endpoint + ": " + line);
      }
    }
    creates.incrementAndGet();
    ObjectNode batch = JSON.createObjectNode();
    String id = "batch_" + ids.incrementAndGet();
    batch.put("id", id);
    batch.put("object", "batch");
    batch.put("endpoint", request.path("endpoint").asString());
    batch.put("input_file_id", fileId);
    batch.put("completion_window", "24h");
    batch.put("status", "validating");
    batch.put("created_at", 1_764_000_000L);
    long total = contents.get(fileId).lines().filter(l -> !l.isBlank()).count();
    entries.addAndGet((int) total);
    counts(batch, total, 0, 0);
    if (request.has("metadata")) {
      batch.set("metadata", request.get("metadata"));
    }
    batches.put(id, batch);
    position.put(id, -1);
    return checked(batch, "Batch");
  }

  private static void counts(ObjectNode batch, long total, long completed, long failed) {
    ObjectNode counts = batch.putObject("request_counts");
    counts.put("total", total);
    counts.put("completed", completed);
    counts.put("failed", failed);
  }

  private String poll(String id) {
    ObjectNode batch = batches.get(id);
    if (batch == null) {
      return error("No batch " + id);
    }
    polls.incrementAndGet();
    String state = batch.path("status").asString();
    if (!List.of("completed", "failed", "expired", "cancelled").contains(state)) {
      int next = Math.min(position.get(id) + 1, states.size() - 1);
      String target = state.equals("cancelling") ? "cancelled" : states.get(next);
      position.put(id, next);
      batch.put("status", target);
      if (List.of("completed", "expired", "cancelled").contains(target)) {
        finish(batch, target);
      } else if (target.equals("failed")) {
        ObjectNode errors = batch.putObject("errors");
        errors.put("object", "list");
        ObjectNode error = errors.putArray("data").addObject();
        error.put("code", "invalid_json_line");
        error.put("message", "This line is not parseable as valid JSON.");
        error.put("line", 1);
      }
    }
    visited.add(batch.path("status").asString());
    return checked(batch, "Batch");
  }

  private String cancel(String id) {
    ObjectNode batch = batches.get(id);
    if (batch == null) {
      return error("No batch " + id);
    }
    String state = batch.path("status").asString();
    if (!List.of("completed", "failed", "expired", "cancelled").contains(state)) {
      batch.put("status", "cancelling");
    }
    return checked(batch, "Batch");
  }

  private void finish(ObjectNode batch, String state) {
    String input = contents.get(batch.path("input_file_id").asString());
    StringBuilder output = new StringBuilder();
    StringBuilder errors = new StringBuilder();
    int answered = 0;
    int completed = 0;
    int failed = 0;
    for (String line : input.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode request = JSON.readTree(line);
      String customId = request.path("custom_id").asString();
      ObjectNode out = JSON.createObjectNode();
      out.put("id", "batch_req_" + ids.incrementAndGet());
      out.put("custom_id", customId);
      boolean runs = state.equals("completed")
          || (state.equals("expired") && answered < answeredBeforeExpiry);
      String content = runs ? answers.apply(customId, request.get("body")) : null;
      if (runs && content != null) {
        answered++;
        completed++;
        ObjectNode response = out.putObject("response");
        response.put("status_code", 200);
        response.put("request_id", "req_" + customId);
        response.set("body", request.path("url").asString().equals("/v1/responses")
            ? response(customId, request.get("body"), content)
            : completion(customId, request.get("body"), content));
        out.putNull("error");
        output.append(JSON.writeValueAsString(out)).append('\n');
      } else {
        failed++;
        out.putNull("response");
        ObjectNode error = out.putObject("error");
        if (!runs) {
          error.put("code", state.equals("expired") ? "batch_expired" : "batch_cancelled");
          error.put("message", "This request could not be executed before the batch "
              + (state.equals("expired") ? "expired." : "was cancelled."));
        } else {
          error.put("code", "server_error");
          error.put("message", "The server had an error processing the request.");
        }
        errors.append(JSON.writeValueAsString(out)).append('\n');
      }
    }
    counts(batch, completed + failed, completed, failed);
    if (output.length() > 0) {
      String id = "file-" + ids.incrementAndGet();
      contents.put(id, output.toString());
      batch.put("output_file_id", id);
    }
    if (errors.length() > 0) {
      String id = "file-" + ids.incrementAndGet();
      contents.put(id, errors.toString());
      batch.put("error_file_id", id);
    }
  }

  private static JsonNode completion(String customId, JsonNode request, String content) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "chatcmpl-" + customId);
    body.put("object", "chat.completion");
    body.put("created", 1_764_000_100L);
    body.put("model", request.path("model").asString());
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", content);
    message.putNull("refusal");
    choice.put("finish_reason", "stop");
    choice.putNull("logprobs");
    ObjectNode usage = body.putObject("usage");
    usage.put("prompt_tokens", 20);
    usage.put("completion_tokens", 10);
    usage.put("total_tokens", 30);
    return body;
  }

  /** A Responses API {@code Response} for an entry of a {@code /v1/responses} batch. */
  private JsonNode response(String customId, JsonNode request, String content) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "resp_" + customId);
    body.put("object", "response");
    body.put("created_at", 1_764_000_100L);
    body.put("status", "completed");
    body.putNull("error");
    body.putNull("incomplete_details");
    body.putNull("instructions");
    body.putNull("max_output_tokens");
    body.put("model", request.path("model").asString());
    ObjectNode message = body.putArray("output").addObject();
    message.put("id", "msg_" + customId);
    message.put("type", "message");
    message.put("status", "completed");
    message.put("role", "assistant");
    ObjectNode text = message.putArray("content").addObject();
    text.put("type", "output_text");
    text.putArray("annotations");
    text.putArray("logprobs");
    text.put("text", content);
    body.put("parallel_tool_calls", false);
    body.put("store", false);
    body.put("temperature", 1.0);
    body.set("text", request.has("text") ? request.get("text") : JSON.createObjectNode());
    body.put("tool_choice", "auto");
    body.set("tools", request.has("tools") ? request.get("tools") : JSON.createArrayNode());
    body.put("top_p", 1.0);
    body.put("truncation", "disabled");
    ObjectNode usage = body.putObject("usage");
    usage.put("input_tokens", 20);
    usage.putObject("input_tokens_details").put("cached_tokens", 0).put("cache_write_tokens", 0);
    usage.put("output_tokens", 10);
    usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
    usage.put("total_tokens", 30);
    body.putObject("metadata");
    for (String error : OpenAiResponsesSpec.responseErrors(JSON.writeValueAsString(body))) {
      specErrors.add(customId + ": the server's own Response: " + error);
    }
    return body;
  }

  private String list(List<ObjectNode> items, String schema, String purpose) {
    ObjectNode list = JSON.createObjectNode();
    list.put("object", "list");
    ArrayNode data = list.putArray("data");
    for (ObjectNode item : items) {
      if (purpose == null || purpose.equals(item.path("purpose").asString())) {
        data.add(item);
      }
    }
    if (!data.isEmpty()) {
      list.put("first_id", data.get(0).path("id").asString());
      list.put("last_id", data.get(data.size() - 1).path("id").asString());
    }
    list.put("has_more", false);
    return checked(list, schema);
  }

  private String checked(JsonNode json, String schema) {
    String text = JSON.writeValueAsString(json);
    validate(schema, text);
    return text;
  }

  private void validate(String schema, String json) {
    for (Error error : schema(schema).validate(json, InputFormat.JSON)) {
      specErrors.add(schema + ": " + error);
    }
  }

  private static String error(String message) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", message);
    error.put("type", "invalid_request_error");
    error.putNull("param");
    error.putNull("code");
    return JSON.writeValueAsString(root);
  }

  private static synchronized Schema schema(String name) {
    if (registry == null) {
      String spec = SharedData.read("wire/openai/spec/openapi.json");
      registry = SchemaRegistry.withDefaultDialect(
          Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(SPEC_IRI, spec)));
    }
    return SCHEMAS.computeIfAbsent(name, n -> {
      Schema schema = registry.getSchema(SchemaLocation.of(SPEC_IRI + "#/components/schemas/" + n));
      schema.initializeValidators();
      return schema;
    });
  }
}
