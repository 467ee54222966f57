package dev.quarry.testing.batch;

import dev.quarry.testing.LocalServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
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

/**
 * A local Anthropic Message Batches API, as the spec mirror in {@code testdata/} and Anthropic's
 * batch processing guide define it (see {@code runtime/src/test/resources/batch-handmade/README.md}):
 *
 * <ul>
 *   <li>{@code POST /v1/messages/batches}: validates the body against the spec ({@link
 *       AnthropicBatchSpec#createErrors}), unique custom ids and the 256 MB limit, and answers a
 *       {@code MessageBatch} ({@code in_progress}, every request counted as {@code processing},
 *       {@code expires_at} 24 hours after {@code created_at}); or 429 when told to;
 *   <li>{@code GET /v1/messages/batches/{id}}: the batch, one step further each time (see {@link
 *       BatchServer}); request counts move from {@code processing} only when the batch ends, as
 *       the API documents;
 *   <li>{@code POST /v1/messages/batches/{id}/cancel}: {@code canceling}, then {@code ended} on
 *       the next poll, the unfinished requests {@code canceled};
 *   <li>{@code GET /v1/messages/batches/{id}/results}: once ended, one JSON line per request, in
 *       reverse order of the requests (the API promises no order): {@code succeeded} with the
 *       planned message, {@code errored} with an {@code ErrorResponse}, {@code canceled}, {@code
 *       expired};
 *   <li>{@code GET /v1/messages/batches}: newest first, with {@code limit}, {@code before_id},
 *       {@code after_id}, {@code first_id}, {@code last_id}, {@code has_more}.
 * </ul>
 *
 * <p>Every request must carry {@code x-api-key} (the configured key) and {@code
 * anthropic-version}, else 401 or 400 as the API answers.
 */
public final class AnthropicBatchServer extends BatchServer<AnthropicBatchServer> {
  private static final Pattern BATCH = Pattern.compile("/v1/messages/batches/([^/]+)(/cancel|/results)?");
  private static final long MAX_BYTES = 256_000_000L;

  private final Map<String, Batch> batches = new LinkedHashMap<>();
  private int nextId = 1;

  private AnthropicBatchServer(Function<Item, Answer> answer) {
    super(answer);
  }

  /** A server that answers every entry with {@code answer}'s result. */
  public static AnthropicBatchServer start(Function<Item, Answer> answer) {
    return new AnthropicBatchServer(answer);
  }

  /**
   * A Messages API answer with one {@code tool_use} block calling {@code tool} with {@code input}
   * (JSON), with every field the spec's {@code Message} requires, as a batch answers it ({@code
   * service_tier} {@code batch}).
   */
  public static String toolUse(String tool, String input, int inputTokens, int outputTokens) {
    return ("{\"id\":\"msg_01Batch\",\"type\":\"message\",\"role\":\"assistant\","
        + "\"model\":\"claude-haiku-4-5-20251001\",\"content\":[{\"type\":\"tool_use\","
        + "\"id\":\"toolu_01Batch\",\"name\":\"%s\",\"input\":%s,\"caller\":{\"type\":\"direct\"}}],"
        + "\"stop_reason\":\"tool_use\",\"stop_sequence\":null,\"stop_details\":null,"
        + "\"container\":null,\"usage\":{\"input_tokens\":%d,\"cache_creation_input_tokens\":0,"
        + "\"cache_read_input_tokens\":0,\"cache_creation\":null,\"output_tokens\":%d,"
        + "\"server_tool_use\":null,\"service_tier\":\"batch\",\"inference_geo\":null}}")
        .formatted(tool, input, inputTokens, outputTokens);
  }

  /** The current view of a batch, as {@code GET} would answer it, without advancing it. */
  public synchronized String batch(String id) {
    return json(batches.get(id)).toString();
  }

  @Override
  synchronized Reply handle(LocalServer.Request request) {
    if (request.header("anthropic-version") == null) {
      return error(400, "invalid_request_error", "anthropic-version: header is required");
    }
    if (!apiKey.equals(request.header("x-api-key"))) {
      return error(401, "authentication_error", "invalid x-api-key");
    }
    String path = request.path();
    if (path.equals("/v1/messages/batches")) {
      return switch (request.method()) {
        case "POST" -> create(request);
        case "GET" -> list(request);
        default -> error(405, "invalid_request_error", "method not allowed");
      };
    }
    Matcher matcher = BATCH.matcher(path);
    if (!matcher.matches()) {
      return error(404, "not_found_error", "Not found: " + path);
    }
    Batch batch = batches.get(matcher.group(1));
    if (batch == null) {
      return error(404, "not_found_error", "No message batch with id " + matcher.group(1));
    }
    String action = matcher.group(2) == null ? "" : matcher.group(2);
    if (action.equals("/cancel") && request.method().equals("POST")) {
      if (!batch.status.equals("ended")) {
        batch.status = "canceling";
        batch.cancelInitiatedAt = now();
      }
      return Reply.json(200, json(batch).toString());
    }
    if (action.equals("/results") && request.method().equals("GET")) {
      if (!batch.status.equals("ended")) {
        return error(400, "invalid_request_error",
            "Message Batch " + batch.id + " has not yet ended processing; results are available"
                + " once processing_status is ended");
      }
      return new Reply(200, Map.of("content-type", "application/x-jsonl"), results(batch));
    }
    if (action.isEmpty() && request.method().equals("GET")) {
      advance(batch);
      return Reply.json(200, json(batch).toString());
    }
    return error(405, "invalid_request_error", "method not allowed");
  }

  private Reply create(LocalServer.Request request) {
    if (rateLimitSubmission()) {
      return new Reply(429, Map.of("content-type", "application/json", "retry-after", "1"),
          errorBody("rate_limit_error", "Number of concurrent batches exceeds your rate limit"));
    }
    if (request.body().length() > MAX_BYTES) {
      return error(413, "request_too_large", "Request exceeds the maximum allowed number of bytes");
    }
    List<String> errors;
    try {
      errors = AnthropicBatchSpec.createErrors(request.body());
    } catch (RuntimeException e) {
      errors = List.of("not JSON: " + e.getMessage());
    }
    JsonNode requests = errors.isEmpty() ? JSON.readTree(request.body()).path("requests") : null;
    Set<String> ids = new HashSet<>();
    if (requests != null) {
      for (JsonNode entry : requests) {
        if (!ids.add(entry.path("custom_id").asString())) {
          errors = List.of("requests: custom_id " + entry.path("custom_id").asString()
              + " is not unique within the batch");
        }
      }
    }
    if (!errors.isEmpty()) {
      reject(String.join("; ", errors));
      return error(400, "invalid_request_error", String.join("; ", errors));
    }
    countSubmission();
    Batch batch = new Batch("msgbatch_" + String.format("%024d", nextId++), now());
    for (JsonNode entry : requests) {
      batch.items.add(new Item(entry.path("custom_id").asString(), entry.path("params")));
    }
    batch.answers = answer;
    batches.put(batch.id, batch);
    return Reply.json(200, json(batch).toString());
  }

  /** One poll's step: finish some entries, end the batch when all are, or when it is due. */
  private void advance(Batch batch) {
    if (batch.status.equals("ended")) {
      return;
    }
    if (batch.status.equals("canceling")) {
      end(batch, "canceled");
      return;
    }
    if (!now().isBefore(batch.expiresAt)) {
      end(batch, "expired");
      return;
    }
    batch.finished = Math.min(batch.items.size(), batch.finished + perPoll(batch.items.size()));
    if (batch.finished == batch.items.size()) {
      end(batch, null);
    }
  }

  private void end(Batch batch, String unfinished) {
    batch.status = "ended";
    batch.endedAt = now();
    batch.results.clear();
    for (int i = 0; i < batch.items.size(); i++) {
      Item item = batch.items.get(i);
      ObjectNode line = JSON.createObjectNode();
      line.put("custom_id", item.customId());
      ObjectNode result = line.putObject("result");
      if (i >= batch.finished) {
        result.put("type", unfinished);
        batch.counts.merge(unfinished, 1, Integer::sum);
        batch.results.add(line.toString());
        continue;
      }
      Answer answer = batch.answers.apply(item);
      if (answer.failed()) {
        result.put("type", "errored");
        result.set("error", JSON.readTree(errorBody(answer.errorType(), answer.message())));
        batch.counts.merge("errored", 1, Integer::sum);
      } else {
        result.put("type", "succeeded");
        result.putRawValue("message", new tools.jackson.databind.util.RawValue(answer.reply()));
        batch.counts.merge("succeeded", 1, Integer::sum);
      }
      batch.results.add(line.toString());
    }
  }

  private static String results(Batch batch) {
    List<String> lines = new ArrayList<>(batch.results);
    java.util.Collections.reverse(lines);
    return String.join("\n", lines) + "\n";
  }

  private Reply list(LocalServer.Request request) {
    List<Batch> newestFirst = new ArrayList<>(batches.values());
    java.util.Collections.reverse(newestFirst);
    int limit = query(request, "limit") == null ? 20 : Integer.parseInt(query(request, "limit"));
    String beforeId = query(request, "before_id");
    String afterId = query(request, "after_id");
    int from = 0;
    int to = newestFirst.size();
    if (afterId != null) {
      from = indexOf(newestFirst, afterId) + 1;
    }
    if (beforeId != null) {
      to = indexOf(newestFirst, beforeId);
      from = Math.max(0, to - limit);
    }
    List<Batch> page = newestFirst.subList(Math.min(from, to), Math.min(to, from + limit));
    ObjectNode body = JSON.createObjectNode();
    ArrayNode data = body.putArray("data");
    page.forEach(batch -> data.add(json(batch)));
    boolean hasMore = beforeId != null ? from > 0 : from + page.size() < to;
    body.put("has_more", hasMore);
    body.put("first_id", page.isEmpty() ? null : page.get(0).id);
    body.put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).id);
    return Reply.json(200, body.toString());
  }

  private static int indexOf(List<Batch> batches, String id) {
    for (int i = 0; i < batches.size(); i++) {
      if (batches.get(i).id.equals(id)) {
        return i;
      }
    }
    return batches.size();
  }

  private ObjectNode json(Batch batch) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", batch.id);
    node.put("type", "message_batch");
    node.put("processing_status", batch.status);
    ObjectNode counts = node.putObject("request_counts");
    boolean ended = batch.status.equals("ended");
    counts.put("processing", ended ? 0 : batch.items.size());
    for (String name : List.of("succeeded", "errored", "canceled", "expired")) {
      counts.put(name, batch.counts.getOrDefault(name, 0));
    }
    node.put("ended_at", batch.endedAt == null ? null : batch.endedAt.toString());
    node.put("created_at", batch.createdAt.toString());
    node.put("expires_at", batch.expiresAt.toString());
    node.putNull("archived_at");
    node.put("cancel_initiated_at",
        batch.cancelInitiatedAt == null ? null : batch.cancelInitiatedAt.toString());
    node.put("results_url", ended
        ? baseUrl() + "/v1/messages/batches/" + batch.id + "/results" : null);
    return node;
  }

  private static String errorBody(String type, String message) {
    ObjectNode body = JSON.createObjectNode().put("type", "error");
    body.putObject("error").put("type", type).put("message", message);
    body.put("request_id", "req_batch_local");
    return body.toString();
  }

  private static Reply error(int status, String type, String message) {
    return new Reply(status, Map.of("content-type", "application/json", "request-id",
        "req_batch_local"), errorBody(type, message));
  }

  private static final class Batch {
    final String id;
    final Instant createdAt;
    final Instant expiresAt;
    final List<Item> items = new ArrayList<>();
    final List<String> results = new ArrayList<>();
    final Map<String, Integer> counts = new LinkedHashMap<>();
    Function<Item, Answer> answers;
    String status = "in_progress";
    int finished;
    Instant endedAt;
    Instant cancelInitiatedAt;

    Batch(String id, Instant createdAt) {
      this.id = id;
      this.createdAt = createdAt;
      this.expiresAt = createdAt.plus(Duration.ofHours(24));
    }
  }
}
