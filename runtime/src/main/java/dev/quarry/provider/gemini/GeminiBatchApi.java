package dev.quarry.provider.gemini;

import static dev.quarry.provider.BaseUrls.stripTrailingSlash;
import static dev.quarry.provider.Wire.excerpt;
import static dev.quarry.provider.Wire.parseOrNull;
import static dev.quarry.provider.Wire.redact;
import static dev.quarry.provider.Wire.text;

import dev.quarry.Mode;
import dev.quarry.ProviderException;
import dev.quarry.QuarryException;
import dev.quarry.provider.BatchApi;
import dev.quarry.provider.JsonBody;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.provider.Wire;
import dev.quarry.spi.Mapper;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Gemini's batch mode with inline requests: {@link GeminiProvider#batchApi()}.
 *
 * <p>A batch is created by {@code POST {baseUrl}/models/{model}:batchGenerateContent} with {@code
 * {"batch": {"displayName", "inputConfig": {"requests": {"requests": [{"request", "metadata":
 * {"key"}}]}}}}}, where each {@code request} is the {@code GenerateContentRequest} a whole call
 * sends ({@link GeminiProvider#body}) and the key is the entry's custom id. The API answers with a
 * long-running operation named {@code batches/{id}}, polled with {@code GET {baseUrl}/batches/{id}}:
 * its {@code metadata} (a {@code GenerateContentBatch}) has the {@code state} ({@code
 * BATCH_STATE_PENDING}, {@code _RUNNING}, {@code _SUCCEEDED}, {@code _FAILED}, {@code _CANCELLED},
 * {@code _EXPIRED}) and {@code batchStats}; once {@code done}, the answers are inline, each an
 * {@code InlinedResponse} with the request's {@code metadata} and either a {@code response} (the
 * {@code GenerateContentResponse} a whole call gets, handed on as the characters it was written
 * with, so {@link GeminiProvider#reply} reads it as it reads a whole call's reply) or an {@code
 * error} (a {@code google.rpc.Status}). The REST guide reads them from the operation's {@code
 * response.inlinedResponses.inlinedResponses}, Google's SDKs from {@code
 * metadata.output.inlinedResponses.inlinedResponses}; both are read. Cancel is {@code POST
 * {baseUrl}/batches/{id}:cancel}.
 *
 * <p>Limits: inline requests must stay under 20 MB in all; the API documents no count limit.
 *
 * <p>The batch's {@code displayName} is the submission's label, so {@link #recover} finds a batch
 * whose creation was interrupted by listing {@code GET {baseUrl}/batches}.
 *
 * <p>Stateless and thread-safe.
 */
public final class GeminiBatchApi implements BatchApi {
  /** Gemini's inline limit, 20 MB (decimal, the smaller reading), less the batch envelope. */
  static final Limits LIMITS = new Limits(Integer.MAX_VALUE, 20_000_000L - 256);
  static final GeminiBatchApi INSTANCE = new GeminiBatchApi(GeminiProvider.gemini());
  private static final Pattern BATCH_NAME = Pattern.compile("batches/[A-Za-z0-9_-]{1,200}");
  private static final String[] STATE_PREFIXES = {"BATCH_STATE_", "JOB_STATE_"};
  /** google.rpc.Code names by number, and the HTTP status Google's REST mapping gives each. */
  private static final String[] CODES = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
      "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};
  private static final int[] HTTP = {200, 499, 500, 400, 504, 404, 409, 403, 429, 400, 409, 400,
      501, 500, 503, 500, 401};

  private final GeminiProvider provider;

  private GeminiBatchApi(GeminiProvider provider) {
    this.provider = provider;
  }

  @Override
  public Limits limits() {
    return LIMITS;
  }

  @Override
  public Entry entry(String customId, ProviderRequest request) {
    BatchApi.checkBatchable(provider, request, "Gemini's batch mode");
    String body = provider.body(request);
    return new Entry(customId, JsonBody.write(json -> {
      json.writeStartObject();
      json.writeName("request");
      json.writeRawValue(body);
      json.writeName("metadata");
      json.writeStartObject();
      json.writeStringProperty("key", customId);
      json.writeEndObject();
      json.writeEndObject();
    }));
  }

  @Override
  public Submission submitStep(Context context, Submission submission, List<Entry> entries)
      throws IOException {
    if (submission.created()) {
      return submission;
    }
    StringBuilder body = new StringBuilder(128 + entries.stream()
        .mapToInt(e -> e.json().length() + 1).sum());
    body.append("{\"batch\":{\"displayName\":\"").append(submission.label())
        .append("\",\"inputConfig\":{\"requests\":{\"requests\":[");
    for (int i = 0; i < entries.size(); i++) {
      body.append(i == 0 ? "" : ",").append(entries.get(i).json());
    }
    body.append("]}}}}");
    URI uri = URI.create(stripTrailingSlash(context.baseUrl()) + "/"
        + GeminiProvider.modelPath(context.model()) + ":batchGenerateContent");
    JsonNode operation = send(context, new TransportRequest("POST", uri, headers(context),
        body.toString()), "creating a batch of " + entries.size() + " requests");
    return submission.withBatchId(name(context, operation, "creating a batch"));
  }

  @Override
  public Submission recover(Context context, Submission submission, List<Entry> entries)
      throws IOException {
    if (submission.created()) {
      return submission;
    }
    List<String> found = new ArrayList<>();
    String pageToken = null;
    do {
      String query = "/batches?pageSize=100" + (pageToken == null ? ""
          : "&pageToken=" + URLEncoder.encode(pageToken, StandardCharsets.UTF_8));
      JsonNode page = send(context, get(context, uri(context, query)), "listing batches");
      for (JsonNode operation : page.path("operations")) {
        if (submission.label().equals(text(operation.path("metadata").get("displayName")))) {
          found.add(name(context, operation, "listing batches"));
        }
      }
      pageToken = text(page.get("nextPageToken"));
    } while (pageToken != null && !pageToken.isEmpty());
    if (found.size() > 1) {
      throw new QuarryException("Cannot tell which Gemini batch belongs to batch "
          + submission.label() + " of this job: " + found.size() + " batches have that display"
          + " name (" + String.join(", ", found) + "). Resuming would risk running the requests"
          + " twice, so the job stops. Cancel or delete the extra batches (POST"
          + " /v1beta/batches/{id}:cancel) and resume.");
    }
    return found.isEmpty() ? submission : submission.withBatchId(found.get(0));
  }

  @Override
  public Status poll(Context context, Submission submission) throws IOException {
    String name = batchName(submission);
    return status(send(context, get(context, uri(context, "/" + name)), "retrieving " + name));
  }

  @Override
  public Status cancel(Context context, Submission submission) throws IOException {
    String name = batchName(submission);
    send(context, new TransportRequest("POST", uri(context, "/" + name + ":cancel"),
        headers(context), ""), "cancelling " + name);
    return poll(context, submission);
  }

  /**
   * An operation as a neutral status. A {@code done} operation whose state is missing or not
   * terminal ended as its {@code error} says: {@link State#FAILED} with one, else {@link
   * State#COMPLETED}.
   */
  static Status status(JsonNode operation) {
    JsonNode metadata = operation.path("metadata");
    String providerState = text(metadata.get("state"));
    boolean done = operation.path("done").asBoolean(false);
    boolean failed = operation.path("error").isObject();
    String state = providerState == null ? "" : providerState.toUpperCase(Locale.ROOT);
    for (String prefix : STATE_PREFIXES) {
      if (state.startsWith(prefix)) {
        state = state.substring(prefix.length());
      }
    }
    State neutral = switch (state) {
      case "PENDING" -> State.VALIDATING;
      case "RUNNING" -> State.IN_PROGRESS;
      case "CANCELLING" -> State.CANCELLING;
      case "SUCCEEDED" -> State.COMPLETED;
      case "FAILED" -> State.FAILED;
      case "CANCELLED" -> State.CANCELLED;
      case "EXPIRED" -> State.EXPIRED;
      default -> State.IN_PROGRESS;
    };
    if (done && !neutral.terminal()) {
      neutral = failed ? State.FAILED : State.COMPLETED;
    }
    JsonNode stats = metadata.path("batchStats");
    Counts counts = new Counts(count(stats.get("requestCount")),
        count(stats.get("successfulRequestCount")), count(stats.get("failedRequestCount")),
        count(stats.get("pendingRequestCount")), 0, 0);
    Map<String, String> files = new LinkedHashMap<>();
    for (JsonNode output : List.of(metadata.path("output"), operation.path("response"))) {
      String file = text(output.get("responsesFile"));
      if (file != null) {
        files.putIfAbsent("responses_file", file);
      }
    }
    List<String> errors = new ArrayList<>();
    if (neutral == State.FAILED && failed) {
      String message = text(operation.path("error").get("message"));
      errors.add(message != null ? message : operation.path("error").toString());
    }
    return new Status(neutral, providerState != null ? providerState
        : done ? "(no state; done)" : "(no state)", counts, files, errors);
  }

  /** An int64 count, which the proto3 JSON mapping writes as a string; 0 when absent. */
  private static long count(JsonNode node) {
    if (node == null) {
      return 0;
    }
    if (node.isNumber()) {
      return node.asLong();
    }
    try {
      return node.isString() ? Long.parseLong(node.stringValue().strip()) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void results(Context context, Submission submission, Status status, Consumer<Outcome> sink)
      throws IOException {
    String name = batchName(submission);
    TransportResponse response = context.transport().send(get(context, uri(context, "/" + name)));
    if (response.status() < 200 || response.status() > 299) {
      throw error(context, "reading the results of " + name, response);
    }
    List<Inlined> answers = inlined(response.body());
    if (answers == null) {
      throw new ProviderException("Gemini answered the results of " + name + " with a body that"
          + " is not an operation: " + excerpt(redact(response.body(), context.apiKey()))
          + ". Check that the base URL " + context.baseUrl() + " points at the Gemini API.",
          response.status(), null, null, null, redact(response.body(), context.apiKey()), null);
    }
    int unkeyed = 0;
    for (Inlined answer : answers) {
      String key = answer.metadata == null ? null : text(answer.metadata.get("key"));
      if (key == null || !ID.matcher(key).matches()) {
        unkeyed++;
      } else if (answer.response != null) {
        sink.accept(new Outcome.Answered(key,
            new TransportResponse(200, Map.of("content-type", "application/json"), answer.response)));
      } else if (answer.error != null) {
        sink.accept(failed(key, answer.error));
      } else {
        sink.accept(new Outcome.Failed(key, 0, null,
            "Gemini's inlined response for this request has neither a response nor an error."));
      }
    }
    if (unkeyed > 0) {
      throw new ProviderException("Gemini's results of " + name + " have " + unkeyed
          + " inlined response(s) without the metadata key Quarry sent with each request; every"
          + " other response was read. Those entries are left without an outcome.",
          response.status(), null, null, null, null, null);
    }
  }

  /** A {@code google.rpc.Status} as a failed outcome, with the HTTP status its code maps to. */
  static Outcome.Failed failed(String key, JsonNode error) {
    int code = error.path("code").asInt(-1);
    String message = text(error.get("message"));
    if (code >= 0 && code < CODES.length) {
      return new Outcome.Failed(key, HTTP[code], CODES[code], message);
    }
    // Not a google.rpc code: some surfaces put the HTTP status and its name there instead.
    return new Outcome.Failed(key, code >= 100 && code <= 599 ? code : 0,
        text(error.get("status")), message);
  }

  /** One {@code InlinedResponse}: its metadata and error as trees, its response as written. */
  record Inlined(JsonNode metadata, String response, JsonNode error) {}

  /**
   * The inlined responses of an operation, in order, from the first {@code
   * inlinedResponses.inlinedResponses} array found (in {@code response} or {@code
   * metadata.output}); empty when there is none, {@code null} when the body is not a JSON object.
   */
  static List<Inlined> inlined(String body) {
    List<Inlined> found = new ArrayList<>();
    try (JsonParser parser = Mapper.JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      find(parser, body, null, null, found);
    } catch (JacksonException e) {
      return null;
    }
    return found;
  }

  /**
   * Walks the value at the parser (named {@code name}, inside a value named {@code outer}) until
   * it finds the responses array; returns whether it did, with the parser past that value.
   */
  private static boolean find(JsonParser parser, String body, String outer, String name,
      List<Inlined> found) {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_ARRAY && "inlinedResponses".equals(name)
        && "inlinedResponses".equals(outer)) {
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        if (parser.currentToken() == JsonToken.START_OBJECT) {
          found.add(item(parser, body));
        } else {
          parser.skipChildren();
        }
      }
      return true;
    }
    if (token != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return false;
    }
    boolean done = false;
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      if (done) {
        parser.skipChildren();
      } else {
        done = find(parser, body, name, field, found);
      }
    }
    return done;
  }

  private static Inlined item(JsonParser parser, String body) {
    JsonNode metadata = null;
    JsonNode error = null;
    String response = null;
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("response".equals(field) && value == JsonToken.START_OBJECT) {
        response = objectText(parser, body);
      } else if ("metadata".equals(field) && value == JsonToken.START_OBJECT) {
        metadata = parseOrNull(objectText(parser, body));
      } else if ("error".equals(field) && value == JsonToken.START_OBJECT) {
        error = parseOrNull(objectText(parser, body));
      } else {
        parser.skipChildren();
      }
    }
    return new Inlined(metadata, response, error);
  }

  /** The object the parser is at, as the characters it was written with; skips past it. */
  private static String objectText(JsonParser parser, String json) {
    int start = (int) parser.currentTokenLocation().getCharOffset();
    parser.skipChildren();
    return json.substring(start, (int) parser.currentTokenLocation().getCharOffset() + 1);
  }

  private static String name(Context context, JsonNode operation, String action) {
    String name = text(operation.get("name"));
    if (name == null || !BATCH_NAME.matcher(name).matches()) {
      throw new ProviderException("Gemini answered " + action + " with an operation whose name is "
          + (name == null ? "missing" : "\"" + name + "\"") + ", not batches/{id}: "
          + excerpt(operation.toString()) + ". Check that the base URL " + context.baseUrl()
          + " points at the Gemini API.", 200, null, null, null, operation.toString(), null);
    }
    return name;
  }

  private static String batchName(Submission submission) {
    String name = submission.batchId();
    if (name == null || !BATCH_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("batch " + submission.label() + " has "
          + (name == null ? "no batch name yet" : "the batch name \"" + name + "\", which is not"
              + " of the form batches/{id}") + "; poll and cancel need a created batch");
    }
    return name;
  }

  private static URI uri(Context context, String path) {
    return URI.create(stripTrailingSlash(context.baseUrl()) + path);
  }

  private static Map<String, String> headers(Context context) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    if (context.apiKey() != null && !context.apiKey().isEmpty()) {
      headers.put("x-goog-api-key", context.apiKey());
    }
    return headers;
  }

  private static TransportRequest get(Context context, URI uri) {
    Map<String, String> headers = headers(context);
    headers.remove("content-type");
    return new TransportRequest("GET", uri, headers, "");
  }

  /** Sends {@code request} and returns its JSON object body, or throws the provider's error. */
  private JsonNode send(Context context, TransportRequest request, String action)
      throws IOException {
    TransportResponse response = context.transport().send(request);
    if (response.status() < 200 || response.status() > 299) {
      throw error(context, action, response);
    }
    JsonNode json = parseOrNull(response.body());
    if (json == null || !json.isObject()) {
      String body = redact(response.body(), context.apiKey());
      throw new ProviderException("Gemini answered " + action + " with a body that is not a JSON"
          + " object: " + excerpt(body) + ". Check that the base URL " + context.baseUrl()
          + " points at the Gemini API.", response.status(), null, null, null, body, null);
    }
    return json;
  }

  /**
   * The provider's own reading of an error response (status, reason, retry delay, advice), said
   * to be about {@code action}. A 404 is about the batch, not the model.
   */
  private ProviderException error(Context context, String action, TransportResponse response) {
    String body = redact(response.body(), context.apiKey());
    if (response.status() == 404 && !action.startsWith("creating")) {
      JsonNode json = parseOrNull(body);
      JsonNode error = json == null ? null : json.path("error");
      String message = error == null ? null : text(error.get("message"));
      return new ProviderException("Gemini answered HTTP 404 " + action
          + (message == null ? " (" + excerpt(body) + ")" : ": " + message)
          + ". Either no such batch exists for this key's project (batches expire and can be"
          + " deleted) or the base URL " + context.baseUrl() + " is wrong: it should be the host"
          + " root, such as https://generativelanguage.googleapis.com (Quarry adds /v1beta).",
          404, error == null ? null : text(error.get("status")), message, null, body, null);
    }
    return BatchApi.readError(provider, context, Mode.JSON_SCHEMA, "Gemini batch mode", action,
        response);
  }

  @Override
  public String toString() {
    return "GeminiBatchApi[:batchGenerateContent]";
  }
}
