package dev.quarry.provider.openai;

import static dev.quarry.provider.Wire.excerpt;
import static dev.quarry.provider.Wire.number;
import static dev.quarry.provider.Wire.parseOrNull;
import static dev.quarry.provider.Wire.redact;
import static dev.quarry.provider.BaseUrls.stripTrailingSlash;
import static dev.quarry.provider.Wire.text;

import dev.quarry.ConfigurationException;
import dev.quarry.Document;
import dev.quarry.Image;
import dev.quarry.Message;
import dev.quarry.Mode;
import dev.quarry.ProviderException;
import dev.quarry.Usage;
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
import java.util.Collections;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI's Chat Completions API ({@code POST {baseUrl}/chat/completions}), and every server that
 * speaks its wire format. Get one from {@link dev.quarry.provider.Providers}.
 *
 * <p>Modes: {@link Mode#TOOLS} (default; a forced function call, {@code strict} when the method
 * has a strict schema), {@link Mode#JSON_SCHEMA} ({@code response_format} of type {@code
 * json_schema}), {@link Mode#JSON} ({@code response_format} of type {@code json_object}) and
 * {@link Mode#MD_JSON} (nothing but the prompt).
 *
 * <p>Immutable and thread-safe.
 */
public final class OpenAiProvider implements Provider {
  private static final OpenAiProvider OPENAI =
      new OpenAiProvider(
          "openai", "OpenAI", "https://api.openai.com/v1", "OPENAI_API_KEY",
          "max_completion_tokens");

  private static final Set<Mode> MODES =
      Collections.unmodifiableSet(
          EnumSet.of(Mode.TOOLS, Mode.JSON_SCHEMA, Mode.JSON, Mode.MD_JSON, Mode.PARALLEL_TOOLS));

  private final String name;
  private final String displayName;
  private final String baseUrl;
  private final String apiKeyVariable;
  private final String maxTokensField;

  private OpenAiProvider(
      String name,
      String displayName,
      String baseUrl,
      String apiKeyVariable,
      String maxTokensField) {
    this.name = name;
    this.displayName = displayName;
    this.baseUrl = stripTrailingSlash(baseUrl);
    this.apiKeyVariable = apiKeyVariable;
    this.maxTokensField = maxTokensField;
  }

  /** See {@link dev.quarry.provider.Providers#openAi()}. */
  public static OpenAiProvider openAi() {
    return OPENAI;
  }

  /** See {@link dev.quarry.provider.Providers#openAiCompatible}. */
  public static OpenAiProvider compatible(String name, String baseUrl, String apiKeyVariable) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("name is blank");
    }
    URI uri = URI.create(stripTrailingSlash(baseUrl));
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "baseUrl must be an http or https URL such as http://localhost:11434/v1, got " + baseUrl);
    }
    String variable = apiKeyVariable == null || apiKeyVariable.isBlank() ? null : apiKeyVariable;
    return new OpenAiProvider(name, name, baseUrl, variable, "max_tokens");
  }

  @Override
  public String name() {
    return name;
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
    return baseUrl;
  }

  /**
   * {@code OPENAI_BASE_URL}, as OpenAI's SDKs read it; only for OpenAI itself, not for the
   * compatible servers, which are configured where they are created.
   */
  @Override
  public String baseUrlFromEnvironment(Function<String, String> environment) {
    return this == OPENAI ? environment.apply("OPENAI_BASE_URL") : null;
  }

  @Override
  public String apiKeyVariable() {
    return apiKeyVariable;
  }

  @Override
  public TransportRequest request(ProviderRequest request) {
    if (!MODES.contains(request.mode())) {
      throw new IllegalArgumentException(
          displayName + " does not support mode " + request.mode() + "; it supports " + MODES);
    }
    return Wire.bearerPost(ENDPOINT.uri(request.baseUrl()), request.apiKey(),
        JsonBody.write(json -> body(json, request)));
  }

  @Override
  public boolean supportsStreaming() {
    return true;
  }

  /** {@link #request} with {@code stream: true} and {@code stream_options.include_usage}. */

  @Override
  public dev.quarry.provider.StreamDecoder streamDecoder(
      ProviderRequest request, Map<String, String> headers) {
    return new ChatStreamDecoder(this, request, headers);
  }

  String displayName() {
    return displayName;
  }

  /**
   * The request body, written field by field (the prepared schema spliced in raw); fields in a
   * fixed order so that recordings and diffs stay stable.
   */
  void body(JsonBody json, ProviderRequest request) {
    json.writeStartObject();
    json.writeStringProperty("model", request.model());
    json.writeName("messages");
    json.writeStartArray();
    List<Message> messages = request.messages();
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      if (isToolCall(message)) {
        // The calls of one response (PARALLEL_TOOLS) go back as one assistant message.
        boolean first = i == 0 || !isToolCall(messages.get(i - 1));
        if (first) {
          json.writeStartObject();
          json.writeStringProperty("role", "assistant");
          json.writeNullProperty("content");
          json.writeName("tool_calls");
          json.writeStartArray();
        }
        Message.ToolCall call = ((Message.AssistantReply) message).toolCall();
        json.writeStartObject();
        json.writeStringProperty("id", call.id());
        json.writeStringProperty("type", "function");
        json.writeName("function");
        json.writeStartObject();
        json.writeStringProperty("name", call.name());
        json.writeStringProperty("arguments", call.arguments());
        json.writeEndObject();
        json.writeEndObject();
        if (i == messages.size() - 1 || !isToolCall(messages.get(i + 1))) {
          json.writeEndArray();
          json.writeEndObject();
        }
      } else {
        message(json, message);
      }
    }
    json.writeEndArray();
    ExtractMethod<?> method = request.method();
    switch (request.mode()) {
      case TOOLS -> {
        json.writeName("tools");
        json.writeStartArray();
        json.writeStartObject();
        json.writeStringProperty("type", "function");
        json.writeName("function");
        json.writeStartObject();
        json.writeStringProperty("name", method.toolName());
        json.writeStringPropertyIfPresent("description", method.description());
        json.writeRawProperty("parameters", PreparedSchema.STRICT_OR_PLAIN.of(method));
        if (method.strictSchema() != null) {
          json.writeBooleanProperty("strict", true);
        }
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndArray();
        json.writeName("tool_choice");
        json.writeStartObject();
        json.writeStringProperty("type", "function");
        json.writeName("function");
        json.writeStartObject();
        json.writeStringProperty("name", method.toolName());
        json.writeEndObject();
        json.writeEndObject();
        json.writeBooleanProperty("parallel_tool_calls", false);
      }
      case JSON_SCHEMA -> {
        json.writeName("response_format");
        json.writeStartObject();
        json.writeStringProperty("type", "json_schema");
        json.writeName("json_schema");
        json.writeStartObject();
        json.writeStringProperty("name", schemaName(method.toolName()));
        json.writeStringPropertyIfPresent("description", method.description());
        json.writeRawProperty("schema", PreparedSchema.STRICT_OR_PLAIN.of(method));
        json.writeBooleanProperty("strict", method.strictSchema() != null);
        json.writeEndObject();
        json.writeEndObject();
      }
      case JSON -> {
        json.writeName("response_format");
        json.writeStartObject();
        json.writeStringProperty("type", "json_object");
        json.writeEndObject();
      }
      case MD_JSON -> {}
      case PARALLEL_TOOLS -> {
        json.writeName("tools");
        json.writeStartArray();
        for (ParallelTools.Tool tool : PARALLEL.of(method)) {
          json.writeStartObject();
          json.writeStringProperty("type", "function");
          json.writeName("function");
          json.writeStartObject();
          json.writeStringProperty("name", tool.name());
          json.writeStringPropertyIfPresent("description", tool.description());
          json.writeRawProperty("parameters", tool.parameters());
          if (PARALLEL.strict(method)) {
            json.writeBooleanProperty("strict", true);
          }
          json.writeEndObject();
          json.writeEndObject();
        }
        json.writeEndArray();
        json.writeStringProperty("tool_choice", "required");
        json.writeBooleanProperty("parallel_tool_calls", true);
      }
      default -> throw new AssertionError(request.mode());
    }
    if (request.maxOutputTokens() != null) {
      json.writeNumberProperty(maxTokensField, request.maxOutputTokens().intValue());
    }
    if (request.temperature() != null) {
      json.writeNumberProperty("temperature", request.temperature().doubleValue());
    }
    if (request.cache() != null && request.cache().cacheKey() != null) {
      json.writeStringProperty("prompt_cache_key", request.cache().cacheKey());
    }
    if (request.stream()) {
      json.writeBooleanProperty("stream", true);
      // Without it the stream carries no usage.
      json.writeName("stream_options");
      json.writeStartObject();
      json.writeBooleanProperty("include_usage", true);
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static boolean isToolCall(Message message) {
    return message instanceof Message.AssistantReply reply && reply.toolCall() != null;
  }

  /** One message other than an assistant's tool calls. */
  private static void message(JsonBody json, Message message) {
    json.writeStartObject();
    if (message instanceof Message.SystemPrompt system) {
      json.writeStringProperty("role", "system");
      json.writeStringProperty("content", system.text());
    } else if (message instanceof Message.UserPrompt user) {
      json.writeStringProperty("role", "user");
      if (user.textOnly()) {
        json.writeStringProperty("content", user.text());
      } else {
        json.writeName("content");
        json.writeStartArray();
        for (Message.Part part : user.parts()) {
          contentPart(json, part);
        }
        json.writeEndArray();
      }
    } else if (message instanceof Message.AssistantReply reply) {
      json.writeStringProperty("role", "assistant");
      json.writeStringProperty("content", reply.text() == null ? "" : reply.text());
    } else if (message instanceof Message.ToolResult result) {
      // Chat Completions has no error flag on tool messages: the text itself says what is wrong.
      json.writeStringProperty("role", "tool");
      json.writeStringProperty("tool_call_id", result.toolCallId());
      json.writeStringProperty("content", result.text());
    } else {
      throw new AssertionError(message);
    }
    json.writeEndObject();
  }

  private static void contentPart(JsonBody json, Message.Part part) {
    if (part instanceof Message.Text text) {
      json.writeStartObject();
      json.writeStringProperty("type", "text");
      json.writeStringProperty("text", text.text());
    } else if (part instanceof Image image) {
      json.writeStartObject();
      json.writeStringProperty("type", "image_url");
      json.writeName("image_url");
      json.writeStartObject();
      json.writeStringProperty("url", image.urlOrDataUrl());
      json.writeEndObject();
    } else if (part instanceof Document document) {
      if (document.url() != null) {
        throw new ConfigurationException(
            "OpenAI Chat Completions takes PDF documents as data, not as a URL ("
                + document.url()
                + "); load it with Document.fromPath or Document.fromBytes.");
      }
      json.writeStartObject();
      json.writeStringProperty("type", "file");
      json.writeName("file");
      json.writeStartObject();
      json.writeStringProperty("filename", document.fileName());
      json.writeStringProperty("file_data", document.dataUrl());
      json.writeEndObject();
    } else {
      throw new AssertionError(part);
    }
    json.writeEndObject();
  }

  /** OpenAI accepts {@code ^[a-zA-Z0-9_-]{1,64}$} as a response format name. */
  static String schemaName(String toolName) {
    if (isSchemaName(toolName)) {
      return toolName; // the usual case: nothing to replace, nothing to allocate
    }
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < toolName.length() && name.length() < 64; i++) {
      char c = toolName.charAt(i);
      boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '_' || c == '-';
      name.append(allowed ? c : '_');
    }
    return name.length() == 0 ? "result" : name.toString();
  }

  private static boolean isSchemaName(String name) {
    if (name.isEmpty() || name.length() > 64) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
          || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** The tools of a PARALLEL_TOOLS method, from its strict schema when it has one. */
  static final ParallelTools PARALLEL = new ParallelTools(true, (schema, method) -> schema);

  private static final Wire.Endpoint ENDPOINT = new Wire.Endpoint("/chat/completions");

  /** The parts of a chat completion that {@link #reply} reads. */
  static final ReplyShape SHAPE = ReplyShape.of(
      "error", "model", "choices/0/finish_reason",
      "choices/0/message/content", "choices/0/message/refusal",
      "choices/0/message/tool_calls/0/id",
      "choices/0/message/tool_calls/0/function/name",
      "choices/0/message/tool_calls/0/function/arguments",
      "usage/prompt_tokens", "usage/completion_tokens",
      "usage/prompt_tokens_details/cached_tokens",
      "usage/completion_tokens_details/reasoning_tokens");

  @Override
  public ModelReply reply(ProviderRequest request, TransportResponse response) {
    return reply(request, response, true);
  }

  /**
   * {@link #reply}, reading a successful body through {@link #SHAPE} when {@code fast}, else (and
   * whenever the shape gives up) parsing it whole.
   */
  ModelReply reply(ProviderRequest request, TransportResponse response, boolean fast) {
    String requestId = response.header("x-request-id");
    // Messages and exceptions show the redacted body; the answer itself is read from the body
    // as sent (a short key must not corrupt the data).
    String body = redact(response.body(), request.apiKey());
    boolean success = response.status() >= 200 && response.status() <= 299;
    // The shape reads one tool call; several are read from the whole tree.
    JsonNode json = success
        ? SHAPE.readOrParse(response.body(), fast && request.mode() != Mode.PARALLEL_TOOLS)
        : parseOrNull(body);
    if (response.status() < 200 || response.status() > 299) {
      throw OpenAiErrors.error(
          displayName, apiKeyVariable,
          request, response.status(), requestId, body, parseOrNull(body), response.header("retry-after"));
    }
    if (json != null && json.path("error").isObject() && !json.has("choices")) {
      // Some compatible servers report errors with status 200.
      throw OpenAiErrors.error(
          displayName, apiKeyVariable, request, response.status(), requestId, body, parseOrNull(body), null);
    }
    JsonNode message = json == null ? null : json.path("choices").path(0).path("message");
    if (message == null || !message.isObject()) {
      throw new ProviderException(
          displayName + " answered HTTP " + response.status() + " with a body that is not a chat"
              + " completion (no choices[0].message): " + excerpt(body) + ". Check that the base"
              + " URL " + request.baseUrl() + " points at an OpenAI-compatible API.",
          response.status(), null, null, requestId, body, null);
    }
    JsonNode choice = json.path("choices").path(0);
    Message.ToolCall toolCall = toolCall(message.path("tool_calls").path(0));
    String content = text(message.get("content"));
    String output = toolCall != null ? toolCall.arguments() : content;
    String finishReason = text(choice.get("finish_reason"));
    List<Message.ToolCall> calls = List.of();
    if (request.mode() == Mode.PARALLEL_TOOLS && toolCall != null) {
      calls = new ArrayList<>();
      int index = 0;
      for (JsonNode call : message.path("tool_calls")) {
        Message.ToolCall read = toolCall(call);
        if (read != null) {
          calls.add(call.hasNonNull("id") ? read
              : new Message.ToolCall("call_" + index, read.name(), read.arguments()));
        }
        index++;
      }
      output = ParallelTools.output(request.method(), calls);
    }
    return new ModelReply(
        output,
        toolCall,
        usage(json.path("usage")),
        finishReason,
        "length".equals(finishReason),
        text(message.get("refusal")),
        text(json.get("model")),
        requestId,
        calls);
  }

  private static Message.ToolCall toolCall(JsonNode call) {
    JsonNode function = call.path("function");
    String name = text(function.get("name"));
    String arguments = text(function.get("arguments"));
    if (name == null || arguments == null) {
      return null;
    }
    // Some compatible servers omit the id; the re-ask needs one to pair the tool message with.
    String id = text(call.get("id"));
    return new Message.ToolCall(id == null || id.isEmpty() ? "call_0" : id, name, arguments);
  }

  static Usage usage(JsonNode usage) {
    return new Usage(
        number(usage.path("prompt_tokens")),
        number(usage.path("completion_tokens")),
        number(usage.path("prompt_tokens_details").path("cached_tokens")),
        number(usage.path("completion_tokens_details").path("reasoning_tokens")));
  }

  /** OpenAI's Batch API, with this provider's request bodies (issue 15). */
  @Override
  public java.util.Optional<dev.quarry.provider.BatchApi> batchApi() {
    return java.util.Optional.of(new OpenAiBatch(this, "/v1/chat/completions"));
  }

  @Override
  public String toString() {
    return "OpenAiProvider[" + name + ", " + baseUrl + "]";
  }
}
