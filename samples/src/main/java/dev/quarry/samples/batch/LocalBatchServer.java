package dev.quarry.samples.batch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for OpenAI's Batch API on 127.0.0.1, so the batch sample runs offline: file upload,
 * batch create and poll ({@code validating}, {@code in_progress}, {@code finalizing}, {@code
 * completed}, one state per poll) and the output file. Its "model" reads each memo with a regular
 * expression and answers with a tool call; it gets every 100th memo's cost wrong (negative) the
 * first time, so the sample shows a re-ask in a follow-up batch.
 */
final class LocalBatchServer implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern MEMO =
      Pattern.compile("Memo (\\d+): (.+?)\\. It costs (\\d+) EUR\\.");
  private static final String[] STATES = {"validating", "in_progress", "finalizing", "completed"};

  private final HttpServer server;
  private final Map<String, String> files = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> batches = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  LocalBatchServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String answer;
    if (path.equals("/v1/files")) {
      int start = body.indexOf("\r\n\r\n", body.indexOf("filename=")) + 4;
      String boundary = exchange.getRequestHeaders().getFirst("content-type").split("boundary=")[1];
      String id = "file-" + ids.incrementAndGet();
      files.put(id, body.substring(start, body.indexOf("\r\n--" + boundary + "--")));
      answer = "{\"id\":\"" + id + "\",\"object\":\"file\",\"bytes\":" + body.length()
          + ",\"created_at\":1764000000,\"filename\":\"memos.jsonl\",\"purpose\":\"batch\","
          + "\"status\":\"processed\"}";
    } else if (path.equals("/v1/batches")) {
      JsonNode request = JSON.readTree(body);
      ObjectNode batch = JSON.createObjectNode();
      batch.put("id", "batch_" + ids.incrementAndGet());
      batch.put("object", "batch");
      batch.put("endpoint", request.path("endpoint").asString());
      batch.put("input_file_id", request.path("input_file_id").asString());
      batch.put("completion_window", "24h");
      batch.put("status", "validating");
      batch.put("created_at", 1_764_000_000L);
      batch.put("step", 0);
      batches.put(batch.path("id").asString(), batch);
      answer = JSON.writeValueAsString(batch);
    } else if (path.startsWith("/v1/batches/")) {
      ObjectNode batch = batches.get(path.substring("/v1/batches/".length()));
      int step = Math.min(batch.path("step").asInt() + 1, STATES.length - 1);
      batch.put("step", step);
      batch.put("status", STATES[step]);
      long total = files.get(batch.path("input_file_id").asString()).lines().count();
      ObjectNode counts = batch.putObject("request_counts");
      counts.put("total", total);
      counts.put("completed", step == STATES.length - 1 ? total : total * step / STATES.length);
      counts.put("failed", 0);
      if (step == STATES.length - 1 && !batch.has("output_file_id")) {
        String id = "file-" + ids.incrementAndGet();
        files.put(id, output(files.get(batch.path("input_file_id").asString())));
        batch.put("output_file_id", id);
      }
      answer = JSON.writeValueAsString(batch);
    } else {
      answer = files.get(path.substring("/v1/files/".length(), path.length() - "/content".length()));
    }
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The output file: one chat completion with a tool call per input line. */
  private static String output(String input) {
    StringBuilder output = new StringBuilder();
    for (String line : input.split("\n")) {
      JsonNode entry = JSON.readTree(line);
      JsonNode messages = entry.path("body").path("messages");
      Matcher memo = MEMO.matcher(messages.get(1).path("content").asString());
      memo.find();
      int number = Integer.parseInt(memo.group(1));
      boolean wrong = number % 100 == 0 && messages.size() == 2;
      ObjectNode arguments = JSON.createObjectNode();
      arguments.put("number", number);
      arguments.put("subject", memo.group(2));
      arguments.put("cost", (wrong ? -1 : 1) * Integer.parseInt(memo.group(3)));
      ObjectNode out = JSON.createObjectNode();
      out.put("id", "batch_req_" + number);
      out.put("custom_id", entry.path("custom_id").asString());
      ObjectNode response = out.putObject("response");
      response.put("status_code", 200);
      response.put("request_id", "req_" + number);
      ObjectNode completion = response.putObject("body");
      completion.put("id", "chatcmpl-" + number);
      completion.put("object", "chat.completion");
      completion.put("model", entry.path("body").path("model").asString());
      ObjectNode choice = completion.putArray("choices").addObject();
      choice.put("index", 0);
      choice.put("finish_reason", "tool_calls");
      ObjectNode message = choice.putObject("message");
      message.put("role", "assistant");
      message.putNull("content");
      ObjectNode call = message.putArray("tool_calls").addObject();
      call.put("id", "call_" + number);
      call.put("type", "function");
      call.putObject("function")
          .put("name", entry.path("body").path("tools").get(0).path("function").path("name").asString())
          .put("arguments", JSON.writeValueAsString(arguments));
      ObjectNode usage = completion.putObject("usage");
      usage.put("prompt_tokens", 60);
      usage.put("completion_tokens", 15);
      usage.put("total_tokens", 75);
      out.putNull("error");
      output.append(JSON.writeValueAsString(out)).append('\n');
    }
    return output.toString();
  }
}
