package dev.quarry.testing.batch;

import dev.quarry.testing.GeminiProtos;
import dev.quarry.testing.LocalServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * A local Gemini API batch mode with inline requests, hand-made from Google's published reference
 * and guide (ai.google.dev/api/batch-mode, ai.google.dev/gemini-api/docs/batch-mode; see {@code
 * runtime/src/test/resources/batch-handmade/README.md}): the protos in {@code testdata/} lack batch
 * mode.
 *
 * <ul>
 *   <li>{@code POST /v1beta/models/{model}:batchGenerateContent}: checks the envelope ({@code
 *       batch.displayName}, {@code batch.inputConfig.requests.requests[]} of {@code request} and
 *       {@code metadata}; proto field names in lowerCamelCase or as written in the proto, as the
 *       proto3 JSON mapping accepts), each request against the protos ({@link GeminiProtos}) and
 *       the 20 MB inline limit; answers an operation {@code batches/{id}} in {@code
 *       BATCH_STATE_PENDING}; or 429 {@code RESOURCE_EXHAUSTED} when told to;
 *   <li>{@code GET /v1beta/batches/{id}}: the operation, one step further each time ({@code
 *       _PENDING} on the first poll, {@code _RUNNING} while entries finish, then {@code _SUCCEEDED}, {@code done}, the inlined
 *       responses in {@code response}, or in {@code metadata.output} after {@link
 *       #outputInMetadata}); {@code _FAILED} with an {@code error} after {@link #failNextBatch};
 *       {@code _EXPIRED} once the clock passed 48 hours;
 *   <li>{@code POST /v1beta/batches/{id}:cancel}: an empty object; the batch is {@code
 *       _CANCELLED}, the responses finished before in {@code metadata.output};
 *   <li>{@code GET /v1beta/batches}: {@code operations} and {@code nextPageToken}.
 * </ul>
 *
 * <p>Counts are int64, so the proto3 JSON mapping writes them as strings, and leaves zeros out.
 * Requests must carry {@code x-goog-api-key}: without one the API answers 403, with a wrong one
 * 400 {@code API_KEY_INVALID}.
 */
public final class GeminiBatchServer extends BatchServer<GeminiBatchServer> {
  private static final Pattern CREATE =
      Pattern.compile("/v1beta/(models/[A-Za-z0-9._-]+):batchGenerateContent");
  private static final Pattern BATCH = Pattern.compile("/v1beta/(batches/[A-Za-z0-9_-]+)(:cancel)?");
  private static final long INLINE_LIMIT = 20_000_000L;
  private static final String TYPES = "type.googleapis.com/google.ai.generativelanguage.v1beta.";

  private final Map<String, Batch> batches = new LinkedHashMap<>();
  private int nextId = 1;
  private volatile boolean outputInMetadata;
  private volatile String failNext;

  private GeminiBatchServer(Function<Item, Answer> answer) {
    super(answer);
  }

  /** A server that answers every entry with {@code answer}'s result. */
  public static GeminiBatchServer start(Function<Item, Answer> answer) {
    return new GeminiBatchServer(answer);
  }

  /** A GenerateContentResponse whose one candidate's text is {@code text}. */
  public static String textResponse(String text, int promptTokens, int candidateTokens) {
    ObjectNode response = JSON.createObjectNode();
    ObjectNode candidate = response.putArray("candidates").addObject();
    candidate.putObject("content").put("role", "model").putArray("parts").addObject()
        .put("text", text);
    candidate.put("finishReason", "STOP");
    candidate.put("index", 0);
    response.putObject("usageMetadata").put("promptTokenCount", promptTokens)
        .put("candidatesTokenCount", candidateTokens)
        .put("totalTokenCount", promptTokens + candidateTokens);
    response.put("modelVersion", "gemini-2.5-flash");
    response.put("responseId", "batchResponse1");
    return response.toString();
  }

  /** Puts a finished batch's responses in {@code metadata.output}, as Google's SDKs read them. */
  public GeminiBatchServer outputInMetadata() {
    outputInMetadata = true;
    return this;
  }

  /** Makes the next batch created fail as a whole on its first poll, with {@code message}. */
  public GeminiBatchServer failNextBatch(String message) {
    failNext = message;
    return this;
  }

  @Override
  synchronized Reply handle(LocalServer.Request request) {
    String key = request.header("x-goog-api-key");
    if (key == null) {
      return error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers"
          + " without established identity). Please use API Key or other form of API consumer"
          + " identity to call this API.", null);
    }
    if (!apiKey.equals(key)) {
      return error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
          "API_KEY_INVALID");
    }
    Matcher create = CREATE.matcher(request.path());
    if (create.matches() && request.method().equals("POST")) {
      return create(create.group(1), request);
    }
    if (request.path().equals("/v1beta/batches") && request.method().equals("GET")) {
      return list(request);
    }
    Matcher matcher = BATCH.matcher(request.path());
    if (!matcher.matches()) {
      return error(404, "NOT_FOUND", "Requested entity was not found.", null);
    }
    Batch batch = batches.get(matcher.group(1));
    if (batch == null) {
      return error(404, "NOT_FOUND", "Requested entity was not found.", null);
    }
    if (matcher.group(2) != null && request.method().equals("POST")) {
      if (!batch.done()) {
        batch.state = "CANCELLED";
        batch.end = now();
      }
      return Reply.json(200, "{}");
    }
    if (matcher.group(2) == null && request.method().equals("GET")) {
      advance(batch);
      return Reply.json(200, operation(batch).toString());
    }
    return error(404, "NOT_FOUND", "Requested entity was not found.", null);
  }

  private Reply create(String model, LocalServer.Request request) {
    if (rateLimitSubmission()) {
      return error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).",
          null);
    }
    if (request.body().length() > INLINE_LIMIT) {
      return error(400, "INVALID_ARGUMENT", "Request payload size exceeds the limit: "
          + INLINE_LIMIT + " bytes.", null);
    }
    List<String> errors = new ArrayList<>();
    JsonNode body;
    try {
      body = JSON.readTree(request.body());
    } catch (RuntimeException e) {
      body = null;
      errors.add("Invalid JSON payload received: " + e.getMessage());
    }
    JsonNode items = body == null ? null : envelopeErrors(body, errors);
    if (!errors.isEmpty()) {
      reject(String.join("; ", errors));
      return error(400, "INVALID_ARGUMENT", String.join("; ", errors), null);
    }
    countSubmission();
    JsonNode batchNode = body.path("batch");
    Batch batch = new Batch("batches/" + String.format("local%06d", nextId++), model,
        field(batchNode, "displayName", "display_name").asString(), now());
    for (JsonNode item : items) {
      batch.items.add(new Item(item.path("metadata").path("key").asString(null),
          item.path("request")));
      batch.metadata.add(item.path("metadata"));
    }
    batch.answers = answer;
    batch.fail = failNext;
    failNext = null;
    batches.put(batch.name, batch);
    return Reply.json(200, operation(batch).toString());
  }

  /** The envelope's errors added to {@code errors}; returns the inlined requests. */
  private static JsonNode envelopeErrors(JsonNode body, List<String> errors) {
    unknownFields(body, "", Set.of("batch"), errors);
    JsonNode batch = body.path("batch");
    unknownFields(batch, "batch", Set.of("displayName", "display_name", "inputConfig",
        "input_config", "priority", "model"), errors);
    if (!field(batch, "displayName", "display_name").isString()) {
      errors.add("batch.display_name: required string missing");
    }
    JsonNode input = field(batch, "inputConfig", "input_config");
    unknownFields(input, "batch.input_config", Set.of("requests", "fileName", "file_name"), errors);
    if (input.has("requests") == field(input, "fileName", "file_name").isString()) {
      errors.add("batch.input_config: exactly one of requests and file_name must be set");
    }
    JsonNode requests = input.path("requests");
    unknownFields(requests, "batch.input_config.requests", Set.of("requests"), errors);
    JsonNode items = requests.path("requests");
    if (!items.isArray() || items.isEmpty()) {
      errors.add("batch.input_config.requests.requests: at least one request is required");
      return items;
    }
    for (int i = 0; i < items.size(); i++) {
      String at = "batch.input_config.requests.requests[" + i + "]";
      JsonNode item = items.get(i);
      unknownFields(item, at, Set.of("request", "metadata"), errors);
      if (!item.path("request").isObject()) {
        errors.add(at + ".request: required object missing");
      } else {
        for (String error : GeminiProtos.generateContentRequestErrors(item.get("request").toString())) {
          errors.add(at + ".request: " + error);
        }
      }
      if (item.has("metadata") && !item.get("metadata").isObject()) {
        errors.add(at + ".metadata: must be an object (a google.protobuf.Struct)");
      }
    }
    return items;
  }

  private static void unknownFields(JsonNode node, String at, Set<String> known, List<String> errors) {
    for (String name : node.propertyNames()) {
      if (!known.contains(name)) {
        errors.add("Invalid JSON payload received. Unknown name \"" + name + "\" at '" + at
            + "': Cannot find field.");
      }
    }
  }

  /** A proto field by its lowerCamelCase JSON name or its proto name. */
  private static JsonNode field(JsonNode node, String jsonName, String protoName) {
    return node.has(jsonName) ? node.path(jsonName) : node.path(protoName);
  }

  private void advance(Batch batch) {
    if (batch.done()) {
      return;
    }
    if (batch.fail != null) {
      batch.state = "FAILED";
      batch.end = now();
      return;
    }
    if (!now().isBefore(batch.created.plus(Duration.ofHours(48)))) {
      batch.state = "EXPIRED";
      batch.end = now();
      return;
    }
    if (batch.state.equals("PENDING") && ++batch.pendingPolls == 1) {
      return; // queued: the first poll still sees it pending
    }
    batch.state = "RUNNING";
    batch.finished = Math.min(batch.items.size(), batch.finished + perPoll(batch.items.size()));
    if (batch.finished == batch.items.size()) {
      batch.state = "SUCCEEDED";
      batch.end = now();
    }
  }

  private ObjectNode operation(Batch batch) {
    ObjectNode operation = JSON.createObjectNode();
    operation.put("name", batch.name);
    ObjectNode metadata = operation.putObject("metadata");
    metadata.put("@type", TYPES + "GenerateContentBatch");
    metadata.put("model", batch.model);
    metadata.put("displayName", batch.displayName);
    metadata.put("createTime", batch.created.toString());
    if (batch.end != null) {
      metadata.put("endTime", batch.end.toString());
    }
    metadata.put("updateTime", now().toString());
    ObjectNode stats = metadata.putObject("batchStats");
    List<ObjectNode> responses = new ArrayList<>();
    int succeeded = 0;
    int failed = 0;
    for (int i = 0; i < batch.finished; i++) {
      Answer answer = batch.answers.apply(batch.items.get(i));
      ObjectNode inlined = JSON.createObjectNode();
      if (answer.failed()) {
        inlined.putObject("error").put("code", answer.code()).put("message", answer.message());
        failed++;
      } else {
        inlined.putRawValue("response", new RawValue(answer.reply()));
        succeeded++;
      }
      inlined.set("metadata", batch.metadata.get(i));
      responses.add(inlined);
    }
    putCount(stats, "requestCount", batch.items.size());
    putCount(stats, "successfulRequestCount", succeeded);
    putCount(stats, "failedRequestCount", failed);
    putCount(stats, "pendingRequestCount", batch.done() ? 0 : batch.items.size() - batch.finished);
    metadata.put("state", "BATCH_STATE_" + batch.state);
    metadata.put("name", batch.name);
    boolean done = batch.done();
    operation.put("done", done);
    if (!done) {
      return operation;
    }
    ObjectNode output = JSON.createObjectNode();
    output.put("@type", TYPES + "GenerateContentBatchOutput");
    ArrayNode list = output.putObject("inlinedResponses").putArray("inlinedResponses");
    responses.forEach(list::add);
    switch (batch.state) {
      case "SUCCEEDED" -> {
        if (outputInMetadata) {
          metadata.set("output", output);
        } else {
          operation.set("response", output);
        }
      }
      case "FAILED" -> operation.putObject("error").put("code", 13).put("message", batch.fail);
      case "CANCELLED" -> {
        metadata.set("output", output);
        operation.putObject("error").put("code", 1).put("message", "The batch was cancelled.");
      }
      default -> metadata.set("output", output); // EXPIRED
    }
    return operation;
  }

  private static void putCount(ObjectNode stats, String name, int count) {
    if (count != 0) {
      stats.put(name, Integer.toString(count));
    }
  }

  private Reply list(LocalServer.Request request) {
    int pageSize = query(request, "pageSize") == null ? 50 : Integer.parseInt(query(request, "pageSize"));
    int from = query(request, "pageToken") == null ? 0 : Integer.parseInt(query(request, "pageToken"));
    List<Batch> all = new ArrayList<>(batches.values());
    ObjectNode body = JSON.createObjectNode();
    ArrayNode operations = body.putArray("operations");
    for (int i = from; i < Math.min(all.size(), from + pageSize); i++) {
      operations.add(operation(all.get(i)));
    }
    if (from + pageSize < all.size()) {
      body.put("nextPageToken", Integer.toString(from + pageSize));
    }
    return Reply.json(200, body.toString());
  }

  private static Reply error(int status, String code, String message, String reason) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error").put("code", status).put("message", message)
        .put("status", code);
    if (reason != null) {
      error.putArray("details").addObject().put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
          .put("reason", reason).put("domain", "googleapis.com");
    }
    if (status == 429) {
      error.putArray("details").addObject().put("@type", "type.googleapis.com/google.rpc.RetryInfo")
          .put("retryDelay", "1s");
    }
    return Reply.json(status, body.toString());
  }

  private static final class Batch {
    final String name;
    final String model;
    final String displayName;
    final Instant created;
    final List<Item> items = new ArrayList<>();
    final List<JsonNode> metadata = new ArrayList<>();
    Function<Item, Answer> answers;
    String state = "PENDING";
    String fail;
    int pendingPolls;
    int finished;
    Instant end;

    Batch(String name, String model, String displayName, Instant created) {
      this.name = name;
      this.model = model;
      this.displayName = displayName;
      this.created = created;
    }

    boolean done() {
      return Set.of("SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED").contains(state);
    }
  }
}
