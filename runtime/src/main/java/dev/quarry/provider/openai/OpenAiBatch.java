package dev.quarry.provider.openai;

import static dev.quarry.provider.BaseUrls.stripTrailingSlash;
import static java.util.Objects.requireNonNull;

import dev.quarry.ProviderException;
import dev.quarry.provider.BatchApi;
import dev.quarry.provider.Provider;
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
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's Batch API for Chat Completions or Responses bodies: the entries go into a JSONL file
 * uploaded with {@code POST /files} ({@code purpose=batch}, multipart), the batch is created with
 * {@code POST /batches} (its label in {@code metadata.quarry_label}), polled with {@code GET
 * /batches/{id}}, and its output and error files read with {@code GET /files/{id}/content}. After
 * a crash, the file is found again by its name ({@code <label>.jsonl}) and the batch by its
 * metadata. Stateless and thread-safe.
 */
final class OpenAiBatch implements BatchApi {
  /** OpenAI's limits: 50,000 requests and a 200 MB input file per batch. */
  private static final Limits LIMITS = new Limits(50_000, 200_000_000L);
  static final String FILE_STEP = "input_file_id";
  static final String LABEL_KEY = "quarry_label";

  private final Provider provider;
  private final String endpoint;

  /**
   * @param endpoint the relative URL the entries are sent to, {@code /v1/chat/completions} or
   *     {@code /v1/responses}
   */
  OpenAiBatch(Provider provider, String endpoint) {
    this.provider = requireNonNull(provider, "provider == null");
    this.endpoint = requireNonNull(endpoint, "endpoint == null");
  }

  @Override
  public Limits limits() {
    return LIMITS;
  }

  @Override
  public Entry entry(String customId, ProviderRequest request) {
    String body = provider.request(request.withStream(false)).body();
    // The custom id matches BatchApi.ID: nothing in it needs escaping.
    return new Entry(customId, "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\""
        + endpoint + "\",\"body\":" + body + "}");
  }

  @Override
  public Submission submitStep(Context context, Submission submission, List<Entry> entries)
      throws IOException {
    if (submission.step(FILE_STEP) == null) {
      JsonNode file = send(context, upload(context, submission.label(), entries), "upload the input file");
      return submission.withStep(FILE_STEP, requiredId(file, "the uploaded file"));
    }
    ObjectNode body = Mapper.JSON.createObjectNode();
    body.put("input_file_id", submission.step(FILE_STEP));
    body.put("endpoint", endpoint);
    body.put("completion_window", "24h");
    body.putObject("metadata").put(LABEL_KEY, submission.label());
    JsonNode batch = send(context, Wire.bearerPost(uri(context, "/batches"), context.apiKey(), body),
        "create the batch");
    return submission.withBatchId(requiredId(batch, "the created batch"));
  }

  @Override
  public Submission recover(Context context, Submission submission, List<Entry> entries)
      throws IOException {
    if (submission.step(FILE_STEP) == null) {
      String name = fileName(submission.label());
      for (JsonNode file : list(context, "/files?purpose=batch&limit=10000", "list the files")) {
        if (name.equals(Wire.text(file.get("filename")))) {
          return submission.withStep(FILE_STEP, requiredId(file, "a listed file"));
        }
      }
      return submission;
    }
    for (JsonNode batch : list(context, "/batches?limit=100", "list the batches")) {
      if (submission.label().equals(Wire.text(batch.path("metadata").get(LABEL_KEY)))) {
        return submission.withBatchId(requiredId(batch, "a listed batch"));
      }
    }
    return submission;
  }

  @Override
  public Status poll(Context context, Submission submission) throws IOException {
    return status(send(context, get(context, "/batches/" + submission.batchId()), "poll the batch"));
  }

  @Override
  public void results(Context context, Submission submission, Status status, Consumer<Outcome> sink)
      throws IOException {
    for (String file : List.of("output_file_id", "error_file_id")) {
      String fileId = status.files().get(file);
      if (fileId == null) {
        continue;
      }
      TransportResponse response =
          context.transport().send(get(context, "/files/" + fileId + "/content"));
      check(context, response, "read the " + file.replace("_id", ""));
      for (String line : response.body().split("\n")) {
        if (!line.isBlank()) {
          sink.accept(outcome(line));
        }
      }
    }
  }

  @Override
  public Status cancel(Context context, Submission submission) throws IOException {
    return status(send(context, Wire.bearerPost(
        uri(context, "/batches/" + submission.batchId() + "/cancel"), context.apiKey(),
        Mapper.JSON.createObjectNode()), "cancel the batch"));
  }

  // ------------------------------------------------------------------------------ reading

  static Status status(JsonNode batch) {
    String providerState = Wire.text(batch.get("status"));
    State state = switch (providerState == null ? "" : providerState) {
      case "validating" -> State.VALIDATING;
      case "in_progress" -> State.IN_PROGRESS;
      case "finalizing" -> State.FINALIZING;
      case "cancelling" -> State.CANCELLING;
      case "completed" -> State.COMPLETED;
      case "failed" -> State.FAILED;
      case "expired" -> State.EXPIRED;
      case "cancelled" -> State.CANCELLED;
      default -> throw new ProviderException("OpenAI batch " + Wire.text(batch.get("id"))
          + ": unknown status \"" + providerState + "\"; expected one of validating, in_progress,"
          + " finalizing, completed, failed, expired, cancelling, cancelled. Is the base URL an"
          + " OpenAI API?", 200, null, null, null, Wire.excerpt(batch.toString()), null);
    };
    JsonNode counts = batch.path("request_counts");
    long total = Wire.number(counts.get("total"));
    long completed = Wire.number(counts.get("completed"));
    long failed = Wire.number(counts.get("failed"));
    long processing = state.terminal() ? 0 : Math.max(0, total - completed - failed);
    Map<String, String> files = new LinkedHashMap<>();
    for (String file : List.of("output_file_id", "error_file_id")) {
      String id = Wire.text(batch.get(file));
      if (id != null) {
        files.put(file, id);
      }
    }
    List<String> errors = new ArrayList<>();
    for (JsonNode error : batch.path("errors").path("data")) {
      JsonNode line = error.get("line");
      errors.add((line != null && line.isNumber() ? "line " + line.asLong() + ": " : "")
          + Wire.text(error.get("code")) + ": " + Wire.text(error.get("message")));
    }
    return new Status(state, providerState, new Counts(total, completed, failed, processing, 0, 0),
        files, errors);
  }

  static Outcome outcome(String line) {
    JsonNode json = Wire.parseOrNull(line);
    String customId = json == null ? null : Wire.text(json.get("custom_id"));
    if (customId == null) {
      throw new ProviderException("OpenAI batch results: a line is not a request output object"
          + " (JSON with custom_id): " + Wire.excerpt(line), 200, null, null, null,
          Wire.excerpt(line), null);
    }
    JsonNode response = json.get("response");
    if (response != null && response.isObject() && response.get("body") != null) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("content-type", "application/json");
      String requestId = Wire.text(response.get("request_id"));
      if (requestId != null) {
        headers.put("x-request-id", requestId);
      }
      return new Outcome.Answered(customId, new TransportResponse(
          (int) Wire.number(response.get("status_code")), headers,
          Mapper.JSON.writeValueAsString(response.get("body"))));
    }
    JsonNode error = json.path("error");
    String code = Wire.text(error.get("code"));
    if ("batch_expired".equals(code)) {
      return new Outcome.Expired(customId);
    }
    if ("batch_cancelled".equals(code)) {
      return new Outcome.Cancelled(customId);
    }
    return new Outcome.Failed(customId, 0, code, Wire.text(error.get("message")));
  }

  // ------------------------------------------------------------------------------ HTTP

  private TransportRequest upload(Context context, String label, List<Entry> entries) {
    StringBuilder jsonl = new StringBuilder();
    for (Entry entry : entries) {
      jsonl.append(entry.json()).append('\n');
    }
    String content = jsonl.toString();
    String boundary = "quarry-" + label;
    while (content.contains(boundary)) {
      boundary += "-" + Integer.toHexString(boundary.hashCode());
    }
    String body = "--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
        + "--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName(label) + "\"\r\n"
        + "Content-Type: application/jsonl\r\n\r\n"
        + content + "\r\n"
        + "--" + boundary + "--\r\n";
    Map<String, String> headers = auth(context);
    headers.put("content-type", "multipart/form-data; boundary=" + boundary);
    return new TransportRequest("POST", uri(context, "/files"), headers, body);
  }

  private static String fileName(String label) {
    return label + ".jsonl";
  }

  private List<JsonNode> list(Context context, String path, String what) throws IOException {
    List<JsonNode> all = new ArrayList<>();
    String after = null;
    for (int page = 0; page < 1000; page++) {
      String query = after == null ? path
          : path + "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8);
      JsonNode list = send(context, get(context, query), what);
      for (JsonNode item : list.path("data")) {
        all.add(item);
      }
      after = Wire.text(list.get("last_id"));
      if (!list.path("has_more").asBoolean(false) || after == null) {
        break;
      }
    }
    return all;
  }

  private static TransportRequest get(Context context, String path) {
    return new TransportRequest("GET", uri(context, path), auth(context), "");
  }

  private static Map<String, String> auth(Context context) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (context.apiKey() != null && !context.apiKey().isEmpty()) {
      headers.put("authorization", "Bearer " + context.apiKey());
    }
    return headers;
  }

  private static URI uri(Context context, String path) {
    return URI.create(stripTrailingSlash(context.baseUrl()) + path);
  }

  private static JsonNode send(Context context, TransportRequest request, String what)
      throws IOException {
    TransportResponse response = context.transport().send(request);
    check(context, response, what);
    JsonNode json = Wire.parseOrNull(response.body());
    if (json == null || !json.isObject()) {
      throw new ProviderException("OpenAI batch API: could not " + what + ": " + request
          + " answered HTTP " + response.status() + " with a body that is not a JSON object ("
          + Wire.excerpt(Wire.redact(response.body(), context.apiKey())) + "). Is the base URL"
          + " an OpenAI API?", response.status(), null, null, response.header("x-request-id"),
          Wire.redact(response.body(), context.apiKey()), null);
    }
    return json;
  }

  private static void check(Context context, TransportResponse response, String what) {
    if (response.status() >= 200 && response.status() <= 299) {
      return;
    }
    String body = Wire.redact(response.body(), context.apiKey());
    JsonNode error = Wire.parseOrNull(body) == null ? null : Wire.parseOrNull(body).get("error");
    String message = error == null ? null : Wire.text(error.get("message"));
    String type = error == null ? null
        : Wire.text(error.get("type")) != null ? Wire.text(error.get("type")) : Wire.text(error.get("code"));
    String fix = switch (response.status()) {
      case 401, 403 -> " Check the API key (OPENAI_API_KEY) and its access to the Batch API.";
      case 404 -> " Check the base URL, and that the batch or file id belongs to this project.";
      case 429 -> " The rate or enqueued-token limit was reached: wait (submit() again goes on),"
          + " or split the job.";
      default -> "";
    };
    throw new ProviderException("OpenAI batch API: could not " + what + ": HTTP "
        + response.status() + (message == null ? " (" + Wire.excerpt(body) + ")" : ": " + message)
        + "." + fix, response.status(), type, message, response.header("x-request-id"), body, null);
  }

  private static String requiredId(JsonNode json, String what) {
    String id = Wire.text(json.get("id"));
    if (id == null) {
      throw new ProviderException("OpenAI batch API: " + what + " has no id: "
          + Wire.excerpt(json.toString()), 200, null, null, null, Wire.excerpt(json.toString()), null);
    }
    return id;
  }

  @Override
  public String toString() {
    return "OpenAiBatch[" + endpoint + "]";
  }
}
