package dev.quarry.provider.anthropic;

import static dev.quarry.provider.BaseUrls.stripTrailingSlash;
import static dev.quarry.provider.Wire.excerpt;
import static dev.quarry.provider.Wire.number;
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
import dev.quarry.transport.StreamingResponse;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Anthropic's Message Batches API ({@code {baseUrl}/messages/batches}, API version {@value
 * AnthropicProvider#API_VERSION}): {@link AnthropicProvider#batchApi()}.
 *
 * <p>Each entry is {@code {"custom_id": ..., "params": ...}} where {@code params} is the Messages
 * request body a whole call sends ({@link AnthropicProvider#body}). A batch is created by one
 * {@code POST /messages/batches} with every entry in {@code requests}; it is polled with {@code GET
 * /messages/batches/{id}} ({@code processing_status} {@code in_progress}, {@code canceling},
 * {@code ended}, and {@code request_counts}); once ended, {@code results_url} serves one JSON line
 * per entry, {@code {"custom_id", "result": {"type": "succeeded", "message"} | {"type":
 * "errored", "error"} | {"type": "canceled"} | {"type": "expired"}}}, in any order. A succeeded
 * line's {@code message} is the body the Messages API would have answered, handed on as it was
 * written, so {@link AnthropicProvider#reply} reads it exactly as a whole call's reply.
 *
 * <p>Limits: 100,000 requests or 256 MB per batch, whichever comes first.
 *
 * <p>A batch has no name or metadata that a submitter could find it by, so the first submit step
 * only notes the newest batch the workspace has ({@code newest_before}); {@link #recover} then
 * looks at the batches created after it and takes the one with exactly this job's number of
 * requests (and, once it has ended, exactly this job's custom ids). When that is not one batch,
 * it refuses to guess.
 *
 * <p>A {@code results_url} on another host than the base URL is not followed (the API key would
 * go there): the results are read from {@code {baseUrl}/messages/batches/{id}/results} instead.
 *
 * <p>Stateless and thread-safe.
 */
public final class AnthropicBatchApi implements BatchApi {
  /** 100,000 requests or 256 MB (counted in decimal megabytes, the smaller reading). */
  static final Limits LIMITS = new Limits(100_000, 256_000_000L - "{\"requests\":[]}".length());
  /** The step that notes the workspace's newest batch before this one is created. */
  static final String NEWEST_BEFORE = "newest_before";
  private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9_-]{1,200}");
  private static final int LIST_PAGE = 1000;

  static final AnthropicBatchApi INSTANCE = new AnthropicBatchApi(AnthropicProvider.anthropic());

  private final AnthropicProvider provider;

  private AnthropicBatchApi(AnthropicProvider provider) {
    this.provider = provider;
  }

  @Override
  public Limits limits() {
    return LIMITS;
  }

  @Override
  public Entry entry(String customId, ProviderRequest request) {
    BatchApi.checkBatchable(provider, request, "Anthropic's Message Batches");
    String body = provider.body(request);
    return new Entry(customId, JsonBody.write(json -> {
      json.writeStartObject();
      json.writeStringProperty("custom_id", customId);
      json.writeName("params");
      json.writeRawValue(body);
      json.writeEndObject();
    }));
  }

  @Override
  public Submission submitStep(Context context, Submission submission, List<Entry> entries)
      throws IOException {
    if (submission.created()) {
      return submission;
    }
    if (submission.step(NEWEST_BEFORE) == null) {
      // Changes nothing at the provider: a repeated listing is harmless.
      JsonNode page = send(context, get(context, uri(context, "/messages/batches?limit=1")),
          "listing the workspace's batches");
      String newest = text(page.path("first_id"));
      return submission.withStep(NEWEST_BEFORE, newest == null ? "" : newest);
    }
    StringBuilder body = new StringBuilder(64 + entries.stream().mapToInt(e -> e.json().length() + 1)
        .sum()).append("{\"requests\":[");
    for (int i = 0; i < entries.size(); i++) {
      body.append(i == 0 ? "" : ",").append(entries.get(i).json());
    }
    body.append("]}");
    TransportRequest create = new TransportRequest("POST", uri(context, "/messages/batches"),
        headers(context, true), body.toString());
    JsonNode batch = send(context, create, "creating a batch of " + entries.size() + " requests");
    String id = text(batch.get("id"));
    if (id == null || !BATCH_ID.matcher(id).matches()) {
      throw unexpected(context, "creating a batch", batch, "no batch id (\"id\")");
    }
    return submission.withBatchId(id);
  }

  @Override
  public Submission recover(Context context, Submission submission, List<Entry> entries)
      throws IOException {
    String before = submission.step(NEWEST_BEFORE);
    if (submission.created() || before == null) {
      return submission; // the interrupted step was the listing, which changed nothing
    }
    Set<String> customIds = new HashSet<>();
    entries.forEach(entry -> customIds.add(entry.customId()));
    List<String> candidates = new ArrayList<>();
    for (JsonNode batch : batchesAfter(context, before)) {
      if (requestCount(batch.path("request_counts")) != entries.size()) {
        continue;
      }
      String id = text(batch.get("id"));
      if (id != null && BATCH_ID.matcher(id).matches()
          && (!"ended".equals(text(batch.get("processing_status")))
              || customIds.equals(resultIds(context, batch, id)))) {
        candidates.add(id);
      }
    }
    if (candidates.size() == 1) {
      return submission.withBatchId(candidates.get(0));
    }
    if (candidates.isEmpty()) {
      return submission; // no batch was created since: the create never reached the API
    }
    throw new QuarryException("Cannot tell which Anthropic message batch belongs to batch "
        + submission.label() + " of this job: after the interrupted submission, the workspace"
        + " has " + candidates.size() + " new batches of " + entries.size() + " requests each ("
        + String.join(", ", candidates) + "), and Message Batches carry no name to tell them"
        + " apart. Resuming would risk running the requests twice, so the job stops. Cancel the"
        + " batches that are not this job's (POST /v1/messages/batches/{id}/cancel) and resume;"
        + " or run such jobs in a workspace of their own.");
  }

  /** The batches created after {@code before} (every batch when it is empty), newest first. */
  private List<JsonNode> batchesAfter(Context context, String before) throws IOException {
    List<JsonNode> batches = new ArrayList<>();
    String cursor = before;
    while (true) {
      String query = "/messages/batches?limit=" + LIST_PAGE
          + (cursor.isEmpty() ? "" : "&before_id=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      JsonNode page = send(context, get(context, uri(context, query)), "listing the workspace's batches");
      page.path("data").forEach(batches::add);
      String first = text(page.get("first_id"));
      // Without a cursor the first page already holds the newest batches; with one, before_id
      // pages towards newer batches while has_more says there are some.
      if (cursor.isEmpty() || !page.path("has_more").asBoolean(false) || first == null
          || first.equals(cursor)) {
        return batches;
      }
      cursor = first;
    }
  }

  private Set<String> resultIds(Context context, JsonNode batch, String id) throws IOException {
    Set<String> ids = new HashSet<>();
    readResults(context, id, text(batch.get("results_url")), line -> {
      JsonNode node = parseOrNull(line);
      if (node != null && text(node.get("custom_id")) != null) {
        ids.add(text(node.get("custom_id")));
      }
    });
    return ids;
  }

  @Override
  public Status poll(Context context, Submission submission) throws IOException {
    String id = batchId(submission);
    return status(send(context, get(context, uri(context, "/messages/batches/" + id)),
        "retrieving batch " + id));
  }

  @Override
  public Status cancel(Context context, Submission submission) throws IOException {
    String id = batchId(submission);
    TransportRequest cancel = new TransportRequest("POST",
        uri(context, "/messages/batches/" + id + "/cancel"), headers(context, true), "");
    return status(send(context, cancel, "cancelling batch " + id));
  }

  /**
   * A {@code MessageBatch} as a neutral status. {@code ended} is {@link State#CANCELLED} when a
   * cancel was initiated, {@link State#EXPIRED} when requests expired (the batch reached its
   * {@code expires_at}), else {@link State#COMPLETED}.
   */
  static Status status(JsonNode batch) {
    String processing = text(batch.get("processing_status"));
    JsonNode counts = batch.path("request_counts");
    boolean cancelAsked = text(batch.get("cancel_initiated_at")) != null;
    State state;
    if ("in_progress".equals(processing)) {
      state = State.IN_PROGRESS;
    } else if ("canceling".equals(processing)) {
      state = State.CANCELLING;
    } else if ("ended".equals(processing)) {
      state = cancelAsked ? State.CANCELLED
          : number(counts.path("expired")) > 0 ? State.EXPIRED : State.COMPLETED;
    } else {
      throw new ProviderException("Anthropic answered a message batch whose processing_status is "
          + (processing == null ? "missing" : "\"" + processing + "\"") + ", not one of"
          + " in_progress, canceling, ended: " + excerpt(batch.toString()) + ". Check that the"
          + " base URL points at the Anthropic API.", 200, null, null, null, batch.toString(), null);
    }
    Map<String, String> files = new LinkedHashMap<>();
    String resultsUrl = text(batch.get("results_url"));
    if (resultsUrl != null) {
      files.put("results_url", resultsUrl);
    }
    Counts neutral = new Counts(requestCount(counts), number(counts.path("succeeded")),
        number(counts.path("errored")), number(counts.path("processing")),
        number(counts.path("canceled")), number(counts.path("expired")));
    return new Status(state, processing, neutral, files, List.of());
  }

  private static long requestCount(JsonNode counts) {
    return number(counts.path("processing")) + number(counts.path("succeeded"))
        + number(counts.path("errored")) + number(counts.path("canceled"))
        + number(counts.path("expired"));
  }

  @Override
  public void results(Context context, Submission submission, Status status, Consumer<Outcome> sink)
      throws IOException {
    String id = batchId(submission);
    List<Integer> unreadable = new ArrayList<>();
    int[] lineNumber = {0};
    readResults(context, id, status.files().get("results_url"), line -> {
      lineNumber[0]++;
      if (line.isBlank()) {
        return;
      }
      Outcome outcome = outcome(line);
      if (outcome == null) {
        unreadable.add(lineNumber[0]);
      } else {
        sink.accept(outcome);
      }
    });
    if (!unreadable.isEmpty()) {
      throw new ProviderException("Anthropic's results of batch " + id + " have "
          + unreadable.size() + " line(s) that are not a result with a custom_id (line(s) "
          + unreadable.subList(0, Math.min(10, unreadable.size())) + "); every other line was"
          + " read. Check that the base URL points at the Anthropic API; the entries of those"
          + " lines are left without an outcome.", 200, null, null, null, null, null);
    }
  }

  private void readResults(Context context, String id, String resultsUrl, Consumer<String> lines)
      throws IOException {
    URI uri = resultsUri(context, id, resultsUrl);
    try (StreamingResponse response = context.transport().stream(get(context, uri))) {
      if (response.status() < 200 || response.status() > 299) {
        throw error(context, "reading the results of batch " + id,
            new TransportResponse(response.status(), response.headers(), response.readRest()));
      }
      for (String line = response.readLine(); line != null; line = response.readLine()) {
        lines.accept(line);
      }
    }
  }

  /** {@code results_url} when it is on the base URL's host, else the documented path there. */
  static URI resultsUri(Context context, String id, String resultsUrl) {
    URI fallback = URI.create(stripTrailingSlash(context.baseUrl()) + "/messages/batches/" + id
        + "/results");
    if (resultsUrl == null) {
      return fallback;
    }
    try {
      URI given = new URI(resultsUrl);
      URI base = URI.create(context.baseUrl());
      boolean sameOrigin = given.getScheme() != null
          && given.getScheme().equalsIgnoreCase(base.getScheme())
          && given.getHost() != null && given.getHost().equalsIgnoreCase(base.getHost())
          && given.getPort() == base.getPort();
      return sameOrigin ? given : fallback;
    } catch (java.net.URISyntaxException e) {
      return fallback;
    }
  }

  /**
   * One results line as an outcome, or {@code null} when it has no custom id or is not JSON. A
   * succeeded line's message is handed on as the characters it was written with.
   */
  static Outcome outcome(String line) {
    String customId = null;
    String type = null;
    String message = null;
    JsonNode error = null;
    try (JsonParser parser =
        Mapper.JSON.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("custom_id".equals(name) && value == JsonToken.VALUE_STRING) {
          customId = parser.getString();
        } else if ("result".equals(name) && value == JsonToken.START_OBJECT) {
          while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = parser.currentName();
            JsonToken inner = parser.nextToken();
            if ("type".equals(field) && inner == JsonToken.VALUE_STRING) {
              type = parser.getString();
            } else if ("message".equals(field) && inner == JsonToken.START_OBJECT) {
              message = objectText(parser, line);
            } else if ("error".equals(field) && inner == JsonToken.START_OBJECT) {
              error = parseOrNull(objectText(parser, line));
            } else {
              parser.skipChildren();
            }
          }
        } else {
          parser.skipChildren();
        }
      }
    } catch (JacksonException e) {
      return null;
    }
    if (customId == null || !ID.matcher(customId).matches()) {
      return null;
    }
    if ("succeeded".equals(type) && message != null) {
      return new Outcome.Answered(customId,
          new TransportResponse(200, Map.of("content-type", "application/json"), message));
    }
    if ("canceled".equals(type)) {
      return new Outcome.Cancelled(customId);
    }
    if ("expired".equals(type)) {
      return new Outcome.Expired(customId);
    }
    if ("errored".equals(type) && error != null) {
      // An ErrorResponse: {"type": "error", "error": {"type", "message"}, "request_id"}.
      JsonNode inner = error.path("error");
      String errorType = text(inner.get("type"));
      return new Outcome.Failed(customId, statusOf(errorType), errorType,
          text(inner.get("message")));
    }
    return new Outcome.Failed(customId, 0, type,
        "Anthropic's result for this request is " + (type == null ? "without a type"
            : "of type \"" + type + "\"") + (message == null && "succeeded".equals(type)
            ? " without a message" : "") + ", not succeeded, errored, canceled or expired.");
  }

  /** The object the parser is at, as the characters it was written with; skips past it. */
  private static String objectText(JsonParser parser, String json) {
    int start = (int) parser.currentTokenLocation().getCharOffset();
    parser.skipChildren();
    return json.substring(start, (int) parser.currentTokenLocation().getCharOffset() + 1);
  }

  /** The HTTP status the Messages API answers with an error of this type, or 0 when unknown. */
  static int statusOf(String errorType) {
    if (errorType == null) {
      return 0;
    }
    return switch (errorType) {
      case "invalid_request_error" -> 400;
      case "authentication_error" -> 401;
      case "billing_error" -> 402;
      case "permission_error" -> 403;
      case "not_found_error" -> 404;
      case "request_too_large" -> 413;
      case "rate_limit_error" -> 429;
      case "api_error" -> 500;
      case "timeout_error" -> 504;
      case "overloaded_error" -> 529;
      default -> 0;
    };
  }

  private static String batchId(Submission submission) {
    String id = submission.batchId();
    if (id == null || !BATCH_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("batch " + submission.label() + " has "
          + (id == null ? "no batch id yet" : "the batch id \"" + id + "\", which is not an"
              + " Anthropic batch id") + "; poll and cancel need a created batch");
    }
    return id;
  }

  private static URI uri(Context context, String path) {
    return URI.create(stripTrailingSlash(context.baseUrl()) + path);
  }

  private static Map<String, String> headers(Context context, boolean json) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (json) {
      headers.put("content-type", "application/json");
    }
    headers.put("anthropic-version", AnthropicProvider.API_VERSION);
    if (context.apiKey() != null && !context.apiKey().isEmpty()) {
      headers.put("x-api-key", context.apiKey());
    }
    return headers;
  }

  private static TransportRequest get(Context context, URI uri) {
    return new TransportRequest("GET", uri, headers(context, false), "");
  }

  /** Sends {@code request} and returns its JSON object body, or throws the provider's error. */
  private JsonNode send(Context context, TransportRequest request, String action)
      throws IOException {
    TransportResponse response = context.transport().send(request);
    if (response.status() < 200 || response.status() > 299) {
      throw error(context, action, response);
    }
    JsonNode json = parseOrNull(response.body());
    if (json == null || !json.isObject() || "error".equals(text(json.get("type")))) {
      if (json != null && "error".equals(text(json.get("type")))) {
        throw error(context, action, response);
      }
      throw unexpected(context, action, json, "a body that is not JSON: "
          + excerpt(redact(response.body(), context.apiKey())));
    }
    return json;
  }

  /**
   * The provider's own reading of an error response (message, type, advice), said to be about
   * {@code action}. A 404 is about the batch, not the model.
   */
  private ProviderException error(Context context, String action, TransportResponse response) {
    String body = redact(response.body(), context.apiKey());
    if (response.status() == 404) {
      JsonNode error = parseOrNull(body) == null ? null : parseOrNull(body).path("error");
      String message = error == null ? null : text(error.get("message"));
      return new ProviderException("Anthropic answered HTTP 404 " + action
          + (message == null ? " (" + excerpt(body) + ")" : ": " + message)
          + ". Either the batch does not exist for this key (batches belong to the workspace that"
          + " created them) or the base URL " + context.baseUrl() + " is wrong: it should be the"
          + " host root, such as https://api.anthropic.com (Quarry adds /v1).", 404,
          error == null ? null : text(error.get("type")), message, response.header("request-id"),
          body, null);
    }
    return BatchApi.readError(provider, context, Mode.TOOLS, "Message Batches", action, response);
  }

  private static ProviderException unexpected(
      Context context, String action, JsonNode json, String found) {
    String body = json == null ? null : json.toString();
    return new ProviderException("Anthropic answered " + action + " with " + found
        + (json == null ? "" : " in " + excerpt(body)) + ". Check that the base URL "
        + context.baseUrl() + " points at the Anthropic API.", 200, null, null, null, body, null);
  }

  @Override
  public String toString() {
    return "AnthropicBatchApi[/messages/batches]";
  }
}
