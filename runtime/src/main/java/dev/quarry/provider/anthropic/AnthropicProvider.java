package dev.quarry.provider.anthropic;

import static dev.quarry.provider.BaseUrls.stripTrailingSlash;
import static dev.quarry.provider.Wire.excerpt;
import static dev.quarry.provider.Wire.number;
import static dev.quarry.provider.Wire.parseOrNull;
import static dev.quarry.provider.Wire.redact;
import static dev.quarry.provider.Wire.text;
import static dev.quarry.spi.Mapper.JSON;

import dev.quarry.ConfigurationException;
import dev.quarry.Document;
import dev.quarry.Image;
import dev.quarry.Message;
import dev.quarry.Mode;
import dev.quarry.ProviderException;
import dev.quarry.Usage;
import dev.quarry.provider.ErrorAdvice;
import dev.quarry.provider.JsonBody;
import dev.quarry.provider.ModelReply;
import dev.quarry.provider.ParallelTools;
import dev.quarry.provider.PreparedSchema;
import dev.quarry.provider.Provider;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.provider.ReplyShape;
import dev.quarry.provider.Wire;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Anthropic's Messages API ({@code POST {baseUrl}/messages}, API version {@value #API_VERSION}).
 * Get one from {@link dev.quarry.provider.Providers#anthropic()}.
 *
 * <p>Modes: {@link Mode#TOOLS} (default; one tool whose {@code input_schema} is the method's
 * schema, forced with {@code tool_choice} of type {@code tool}), {@link Mode#JSON_SCHEMA}
 * (structured outputs: {@code output_config.format} of type {@code json_schema}, with the schema
 * rewritten to the subset the API accepts, see {@link AnthropicSchemas}), {@link Mode#JSON} and
 * {@link Mode#MD_JSON} (nothing but the prompt: the API has no JSON mode).
 *
 * <p>{@code max_tokens} is required by the API: the request's limit, else {@value
 * #DEFAULT_MAX_TOKENS}.
 *
 * <p>Token usage: Anthropic's {@code input_tokens} counts only the input after the last cache
 * breakpoint. {@link Usage#inputTokens()} is the whole prompt, as for every other provider: {@code
 * input_tokens + cache_read_input_tokens + cache_creation_input_tokens}; {@link
 * Usage#cachedInputTokens()} is {@code cache_read_input_tokens}; {@link Usage#cacheWriteTokens()}
 * is {@code cache_creation_input_tokens}; {@link Usage#reasoningTokens()} is
 * {@code output_tokens_details.thinking_tokens} where the API reports it (they are part of {@code
 * output_tokens}).
 *
 * <p>Immutable and thread-safe.
 */
public final class AnthropicProvider implements Provider {
  static final String API_VERSION = "2023-06-01";
  static final int DEFAULT_MAX_TOKENS = 4096;

  private static final AnthropicProvider INSTANCE = new AnthropicProvider();
  private static final Set<Mode> MODES =
      Collections.unmodifiableSet(
          EnumSet.of(Mode.TOOLS, Mode.JSON_SCHEMA, Mode.JSON, Mode.MD_JSON, Mode.PARALLEL_TOOLS));
  private static final Set<String> IMAGE_TYPES =
      Set.of("image/jpeg", "image/png", "image/gif", "image/webp");
  private static final String DEFAULT_REFUSAL =
      "The model declined to answer (stop_reason refusal) and gave no explanation.";

  private AnthropicProvider() {}

  /** See {@link dev.quarry.provider.Providers#anthropic()}. */
  public static AnthropicProvider anthropic() {
    return INSTANCE;
  }

  @Override
  public String name() {
    return "anthropic";
  }

  @Override
  public Set<Mode> modes() {
    return MODES;
  }

  @Override
  public Mode defaultMode() {
    return Mode.TOOLS;
  }

  @Override
  public String defaultBaseUrl() {
    return "https://api.anthropic.com/v1";
  }

  /** {@code /v1}: {@code ANTHROPIC_BASE_URL} is the host root, as in Anthropic's SDKs. */
  @Override
  public String versionSegment() {
    return "/v1";
  }

  /** {@code ANTHROPIC_BASE_URL}, as Anthropic's SDKs read it: the host root. */
  @Override
  public String baseUrlFromEnvironment(Function<String, String> environment) {
    return environment.apply("ANTHROPIC_BASE_URL");
  }

  @Override
  public String apiKeyVariable() {
    return "ANTHROPIC_API_KEY";
  }

  @Override
  public TransportRequest request(ProviderRequest request) {
    if (!MODES.contains(request.mode())) {
      throw new IllegalArgumentException(
          "Anthropic does not support mode " + request.mode() + "; it supports " + MODES);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    headers.put("anthropic-version", API_VERSION);
    if (request.apiKey() != null && !request.apiKey().isEmpty()) {
      headers.put("x-api-key", request.apiKey());
    }
    URI uri = ENDPOINT.uri(request.baseUrl());
    return new TransportRequest("POST", uri, headers, body(request));
  }

  @Override
  public boolean supportsStreaming() {
    return true;
  }

  /** {@link #request} with {@code stream: true}. */

  @Override
  public dev.quarry.provider.StreamDecoder streamDecoder(
      ProviderRequest request, Map<String, String> headers) {
    return new AnthropicStreamDecoder(this, request, headers);
  }

  /** The request body's text (see {@link #body(JsonBody, ProviderRequest)}). */
  String body(ProviderRequest request) {
    return JsonBody.write(json -> body(json, request));
  }

  /**
   * The request body, written field by field (the prepared schema spliced in as it is); fields
   * in a fixed order so that recordings and diffs stay stable; the conversation's turns are
   * merged as {@link #writeMessages} writes them.
   */
  void body(JsonBody json, ProviderRequest request) {
    // Cache breakpoints, in the prefix order tools -> system: the last tool, then the system
    // prompt as one text block (the string form cannot carry cache_control).
    boolean cache = request.cache() != null && request.cache().hasBreakpoints();
    json.writeStartObject();
    json.writeStringProperty("model", request.model());
    json.writeNumberProperty("max_tokens",
        request.maxOutputTokens() != null ? request.maxOutputTokens() : DEFAULT_MAX_TOKENS);
    String system = system(request.messages());
    if (system != null && cache) {
      json.writeName("system");
      json.writeStartArray();
      json.writeStartObject();
      json.writeStringProperty("type", "text");
      json.writeStringProperty("text", system);
      cacheControl(json);
      json.writeEndObject();
      json.writeEndArray();
    } else if (system != null) {
      json.writeStringProperty("system", system);
    }
    writeMessages(json, request.messages());
    ExtractMethod<?> method = request.method();
    switch (request.mode()) {
      case TOOLS -> {
        String name = toolName(method.toolName());
        json.writeName("tools");
        json.writeStartArray();
        json.writeStartObject();
        json.writeStringProperty("name", name);
        json.writeStringPropertyIfPresent("description", method.description());
        json.writeRawProperty("input_schema", PreparedSchema.PLAIN.of(method));
        if (cache) {
          cacheControl(json);
        }
        json.writeEndObject();
        json.writeEndArray();
        json.writeName("tool_choice");
        json.writeStartObject();
        json.writeStringProperty("type", "tool");
        json.writeStringProperty("name", name);
        json.writeEndObject();
      }
      case JSON_SCHEMA -> {
        json.writeName("output_config");
        json.writeStartObject();
        json.writeName("format");
        json.writeStartObject();
        json.writeStringProperty("type", "json_schema");
        json.writeRawProperty("schema", AnthropicSchemas.STRUCTURED_OUTPUT.of(method));
        json.writeEndObject();
        json.writeEndObject();
      }
      case JSON, MD_JSON -> {}
      case PARALLEL_TOOLS -> {
        List<ParallelTools.Tool> tools = PARALLEL.of(method);
        json.writeName("tools");
        json.writeStartArray();
        for (int i = 0; i < tools.size(); i++) {
          ParallelTools.Tool parallel = tools.get(i);
          json.writeStartObject();
          json.writeStringProperty("name", parallel.name());
          json.writeStringPropertyIfPresent("description", parallel.description());
          json.writeRawProperty("input_schema", parallel.parameters());
          if (cache && i == tools.size() - 1) {
            cacheControl(json);
          }
          json.writeEndObject();
        }
        json.writeEndArray();
        // "any": some tool must be called; parallel use is allowed unless disabled.
        json.writeName("tool_choice");
        json.writeStartObject();
        json.writeStringProperty("type", "any");
        json.writeEndObject();
      }
      default -> throw new AssertionError(request.mode());
    }
    if (request.temperature() != null) {
      json.writeNumberProperty("temperature", request.temperature().doubleValue());
    }
    if (request.stream()) {
      json.writeBooleanProperty("stream", true);
    }
    json.writeEndObject();
  }

  private static void cacheControl(JsonBody json) {
    json.writeName("cache_control");
    json.writeStartObject();
    json.writeStringProperty("type", "ephemeral");
    json.writeEndObject();
  }

  /** The system prompts joined; the API takes the system prompt as a field, not a message. */
  private static String system(List<Message> messages) {
    StringBuilder system = new StringBuilder();
    for (Message message : messages) {
      if (message instanceof Message.SystemPrompt prompt && !prompt.text().isEmpty()) {
        if (system.length() > 0) {
          system.append("\n\n");
        }
        system.append(prompt.text());
      }
    }
    return system.length() == 0 ? null : system.toString();
  }

  /**
   * The conversation as alternating user and assistant turns: consecutive messages of one role
   * are merged into one turn of several blocks. The API would combine them itself, but a {@code
   * tool_result} must sit in the turn right after its {@code tool_use}, and the documented
   * conversation shape is strict alternation. Written straight into the body; only a tool call's
   * arguments are parsed, to check that they are the object {@code tool_use.input} must be.
   */
  private static void writeMessages(JsonBody json, List<Message> messages) {
    List<Turn> turns = new ArrayList<>(messages.size());
    // Tool calls sent back as text (see below), so that their results go back as text too.
    Set<String> textCalls = null;
    for (Message message : messages) {
      if (message instanceof Message.SystemPrompt) {
        continue;
      } else if (message instanceof Message.UserPrompt user) {
        Turn turn = turn(turns, "user");
        if (user.textOnly()) {
          turn.addText(user.text());
        } else {
          for (Message.Part part : user.parts()) {
            if (part instanceof Message.Text text) {
              turn.addText(text.text());
            } else {
              turn.blocks.add(new Block.Media(checked(part)));
            }
          }
        }
      } else if (message instanceof Message.AssistantReply reply) {
        Turn turn = turn(turns, "assistant");
        Message.ToolCall call = reply.toolCall();
        JsonNode input = call == null ? null : objectOrNull(call.arguments());
        if (call != null && input != null) {
          turn.blocks.add(new Block.ToolUse(call.id(), call.name(), input));
        } else if (call != null) {
          // tool_use.input must be a JSON object. Arguments that are not one cannot be sent as
          // the call the model made, so the call goes back as the text it wrote, and its result
          // (the errors) as a plain user turn: a tool_result needs a tool_use to answer.
          if (textCalls == null) {
            textCalls = new HashSet<>();
          }
          textCalls.add(call.id());
          turn.addText(call.arguments());
        } else {
          turn.addText(reply.text());
        }
        // An empty answer has no block the API accepts (text must not be empty); the turn is
        // left out and the re-ask's user turn merges with the previous one.
      } else if (message instanceof Message.ToolResult result) {
        Turn turn = turn(turns, "user");
        if (textCalls != null && textCalls.contains(result.toolCallId())) {
          turn.addText(result.text());
        } else {
          turn.blocks.add(
              new Block.ToolResult(result.toolCallId(), result.text(), result.isError()));
        }
      } else {
        throw new AssertionError(message);
      }
    }
    json.writeName("messages");
    json.writeStartArray();
    for (Turn turn : turns) {
      if (turn.blocks.isEmpty()) {
        continue;
      }
      json.writeStartObject();
      json.writeStringProperty("role", turn.role);
      if (turn.blocks.size() == 1 && turn.blocks.get(0) instanceof Block.Text text) {
        json.writeStringProperty("content", text.text());
      } else {
        json.writeName("content");
        json.writeStartArray();
        // The API wants a user turn's tool_result blocks before anything else in it.
        for (Block block : turn.blocks) {
          if (block instanceof Block.ToolResult) {
            write(json, block);
          }
        }
        for (Block block : turn.blocks) {
          if (!(block instanceof Block.ToolResult)) {
            write(json, block);
          }
        }
        json.writeEndArray();
      }
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  /** One content block of a turn, as the body writes it. */
  private sealed interface Block {
    record Text(String text) implements Block {}

    record ToolUse(String id, String name, JsonNode input) implements Block {}

    record ToolResult(String toolUseId, String content, boolean error) implements Block {}

    record Media(Message.Part part) implements Block {}
  }

  private static final class Turn {
    final String role;
    final List<Block> blocks = new ArrayList<>(2);

    Turn(String role) {
      this.role = role;
    }

    /** Text blocks must not be empty. */
    void addText(String text) {
      if (text != null && !text.isEmpty()) {
        blocks.add(new Block.Text(text));
      }
    }
  }

  /**
   * The turn of {@code role} that the next blocks join: the last one when it has that role and
   * any blocks (a turn left empty is skipped, so its neighbours merge), a new one otherwise.
   */
  private static Turn turn(List<Turn> turns, String role) {
    for (int i = turns.size() - 1; i >= 0; i--) {
      Turn last = turns.get(i);
      if (!last.blocks.isEmpty()) {
        if (last.role.equals(role)) {
          return last;
        }
        break;
      }
    }
    Turn turn = new Turn(role);
    turns.add(turn);
    return turn;
  }

  /** The tools of a PARALLEL_TOOLS method; input_schema takes the plain schema, as in TOOLS. */
  private static final ParallelTools PARALLEL = new ParallelTools(false, (schema, method) -> schema);

  private static void write(JsonBody json, Block block) {
    json.writeStartObject();
    if (block instanceof Block.Text text) {
      json.writeStringProperty("type", "text");
      json.writeStringProperty("text", text.text());
    } else if (block instanceof Block.ToolUse use) {
      json.writeStringProperty("type", "tool_use");
      json.writeStringProperty("id", use.id());
      json.writeStringProperty("name", use.name());
      json.writeTreeProperty("input", use.input());
    } else if (block instanceof Block.ToolResult result) {
      json.writeStringProperty("type", "tool_result");
      json.writeStringProperty("tool_use_id", result.toolUseId());
      json.writeStringProperty("content", result.content());
      if (result.error()) {
        json.writeBooleanProperty("is_error", true);
      }
    } else {
      writeMedia(json, ((Block.Media) block).part());
    }
    json.writeEndObject();
  }

  /** An image or document part, refused before any of the body is written when Anthropic cannot take it. */
  private static Message.Part checked(Message.Part part) {
    if (part instanceof Image image && image.url() == null
        && !IMAGE_TYPES.contains(image.mediaType())) {
      throw new ConfigurationException(
          "Anthropic accepts images of type " + new TreeSet<>(IMAGE_TYPES)
              + ", not " + image.mediaType() + "; convert the image to PNG or JPEG.");
    }
    if (!(part instanceof Image) && !(part instanceof Document)) {
      throw new AssertionError(part);
    }
    return part;
  }

  private static void writeMedia(JsonBody json, Message.Part part) {
    String url;
    String mediaType;
    String data;
    if (part instanceof Image image) {
      json.writeStringProperty("type", "image");
      url = image.url() == null ? null : image.url().toString();
      mediaType = image.mediaType();
      data = url == null ? image.base64() : null;
    } else {
      Document document = (Document) part;
      json.writeStringProperty("type", "document");
      url = document.url() == null ? null : document.url().toString();
      mediaType = document.mediaType();
      data = url == null ? document.base64() : null;
    }
    json.writeName("source");
    json.writeStartObject();
    if (url != null) {
      json.writeStringProperty("type", "url");
      json.writeStringProperty("url", url);
    } else {
      json.writeStringProperty("type", "base64");
      json.writeStringProperty("media_type", mediaType);
      json.writeStringProperty("data", data);
    }
    json.writeEndObject();
  }

  private static JsonNode objectOrNull(String json) {
    JsonNode node = parseOrNull(json);
    return node != null && node.isObject() ? node : null;
  }

  /** Anthropic accepts tool names matching {@code ^[a-zA-Z0-9_-]{1,64}$}. */
  static String toolName(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length() && out.length() < 64; i++) {
      char c = name.charAt(i);
      boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '_' || c == '-';
      out.append(allowed ? c : '_');
    }
    return out.length() == 0 ? "result" : out.toString();
  }

  private static final Wire.Endpoint ENDPOINT = new Wire.Endpoint("/messages");

  /** The parts of a message that {@link #reply} reads. */
  static final ReplyShape SHAPE = ReplyShape.of(
      "type", "request_id", "model", "stop_reason", "stop_details/explanation", "error",
      "content/*/type", "content/*/id", "content/*/name", "content/*/input", "content/*/text",
      "usage/input_tokens", "usage/output_tokens", "usage/cache_read_input_tokens",
      "usage/cache_creation_input_tokens", "usage/output_tokens_details/thinking_tokens");

  @Override
  public ModelReply reply(ProviderRequest request, TransportResponse response) {
    return reply(request, response, true);
  }

  /**
   * {@link #reply}, reading a successful body through {@link #SHAPE} when {@code fast}, else (and
   * whenever the shape gives up) parsing it whole.
   */
  ModelReply reply(ProviderRequest request, TransportResponse response, boolean fast) {
    // Messages and exceptions show the redacted body; the answer itself is read from the body
    // as sent (a short key must not corrupt the data).
    String body = redact(response.body(), request.apiKey());
    boolean success = response.status() >= 200 && response.status() <= 299;
    // The shape reads one tool call; several are read from the whole tree.
    JsonNode json = success
        ? SHAPE.readOrParse(response.body(), fast && request.mode() != Mode.PARALLEL_TOOLS)
        : parseOrNull(body);
    String requestId = response.header("request-id");
    if (requestId == null && json != null) {
      requestId = text(json.get("request_id"));
    }
    if (response.status() < 200 || response.status() > 299
        || json != null && "error".equals(text(json.get("type")))) {
      throw error(request, response, requestId, body, parseOrNull(body));
    }
    JsonNode content = json == null ? null : json.get("content");
    if (content == null || !content.isArray()) {
      throw new ProviderException(
          "Anthropic answered HTTP " + response.status() + " with a body that is not a message"
              + " (no content array): " + excerpt(body) + ". Check that the base URL "
              + request.baseUrl() + " points at the Anthropic Messages API.",
          response.status(), null, null, requestId, body, null);
    }
    Message.ToolCall toolCall = null;
    List<Message.ToolCall> calls = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    boolean hasText = false;
    for (JsonNode block : content) {
      String type = text(block.get("type"));
      if ("tool_use".equals(type) && request.mode() == Mode.PARALLEL_TOOLS
          && text(block.get("name")) != null) {
        JsonNode input = block.get("input");
        calls.add(new Message.ToolCall(text(block.get("id")), text(block.get("name")),
            input == null || input.isNull() ? "{}" : JSON.writeValueAsString(input)));
        toolCall = calls.get(0);
      } else if ("tool_use".equals(type) && toolCall == null) {
        JsonNode input = block.get("input");
        String name = text(block.get("name"));
        if (name != null) {
          toolCall = new Message.ToolCall(text(block.get("id")), name,
              input == null || input.isNull() ? "{}" : JSON.writeValueAsString(input));
        }
      } else if ("text".equals(type) && block.get("text") != null) {
        text.append(block.get("text").asString());
        hasText = true;
      }
    }
    String stopReason = text(json.get("stop_reason"));
    String refusal = null;
    if ("refusal".equals(stopReason)) {
      String explanation = text(json.path("stop_details").get("explanation"));
      refusal = !text.toString().isBlank() ? text.toString()
          : explanation != null && !explanation.isBlank() ? explanation : DEFAULT_REFUSAL;
    }
    String output = toolCall != null ? toolCall.arguments() : hasText ? text.toString() : null;
    if (!calls.isEmpty()) {
      output = ParallelTools.output(request.method(), calls);
    }
    return new ModelReply(
        output,
        toolCall,
        usage(json.path("usage")),
        stopReason,
        "max_tokens".equals(stopReason),
        refusal,
        text(json.get("model")),
        requestId,
        calls);
  }

  static Usage usage(JsonNode usage) {
    long cacheRead = number(usage.path("cache_read_input_tokens"));
    long input = number(usage.path("input_tokens")) + cacheRead
        + number(usage.path("cache_creation_input_tokens"));
    return new Usage(input, number(usage.path("output_tokens")), cacheRead,
        number(usage.path("output_tokens_details").path("thinking_tokens")),
        number(usage.path("cache_creation_input_tokens")));
  }

  private ProviderException error(
      ProviderRequest request, TransportResponse response, String requestId, String body,
      JsonNode json) {
    int status = response.status();
    JsonNode error = json == null ? null : json.path("error");
    String type = null;
    String errorMessage = null;
    if (error != null && error.isObject()) {
      type = text(error.get("type"));
      errorMessage = text(error.get("message"));
    }
    StringBuilder message = new StringBuilder("Anthropic answered HTTP ").append(status);
    if (type != null) {
      message.append(" (").append(type).append(')');
    }
    if (errorMessage != null) {
      message.append(": ").append(errorMessage);
    } else if (json == null && !body.isBlank()) {
      message.append(" with a body that is not JSON (an error page from a proxy or gateway?): ")
          .append(excerpt(body));
    } else if (!body.isBlank()) {
      message.append(": ").append(excerpt(body));
    }
    if (message.charAt(message.length() - 1) != '.') {
      message.append('.');
    }
    message.append(' ').append(advice(request, response, type, errorMessage));
    if (requestId != null) {
      message.append(" Request id: ").append(requestId).append('.');
    }
    return new ProviderException(
        message.toString(), status, type, errorMessage, requestId, body, null);
  }

  private String advice(
      ProviderRequest request, TransportResponse response, String type, String errorMessage) {
    int status = response.status();
    if (status == 401 || "authentication_error".equals(type)) {
      return ErrorAdvice.unauthorized(request, apiKeyVariable());
    }
    if ("billing_error".equals(type) || status == 402) {
      return "Check the plan and billing of the account; retrying will not help.";
    }
    if (status == 403 || "permission_error".equals(type)) {
      return ErrorAdvice.notAllowed("the workspace and model access of the key");
    }
    if (status == 404 || "not_found_error".equals(type)) {
      return ErrorAdvice.notFound(request, errorMessage,
          "the host root, such as https://api.anthropic.com (Quarry adds /v1, as Anthropic's SDKs"
              + " do with ANTHROPIC_BASE_URL)");
    }
    if (status == 413) {
      return "The request is too large: send fewer or smaller images and documents.";
    }
    if (status == 429 || "rate_limit_error".equals(type)) {
      return ErrorAdvice.rateLimited(response.header("retry-after"));
    }
    if (status == 529 || "overloaded_error".equals(type)) {
      return "Anthropic is overloaded; retrying later usually helps.";
    }
    if (status == 400 || status == 422) {
      return ErrorAdvice.INVALID_REQUEST;
    }
    return status >= 500 ? ErrorAdvice.SERVER_FAILED : ErrorAdvice.FAILED;
  }

  /** Anthropic's Message Batches API, {@link AnthropicBatchApi}. */
  @Override
  public java.util.Optional<dev.quarry.provider.BatchApi> batchApi() {
    return java.util.Optional.of(AnthropicBatchApi.INSTANCE);
  }

  @Override
  public String toString() {
    return "AnthropicProvider[" + defaultBaseUrl() + "]";
  }
}
