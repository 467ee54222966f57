package dev.quarry.provider.openai;

import static dev.quarry.provider.Wire.redact;
import static dev.quarry.provider.Wire.parseOrNull;
import static dev.quarry.provider.Wire.excerpt;

import static dev.quarry.provider.Wire.number;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI's Responses API ({@code POST {baseUrl}/responses}). Get one from {@link
 * dev.quarry.provider.Providers#openAiResponses()}.
 *
 * <p>Modes: {@link Mode#TOOLS} (default; a forced function call, {@code strict} when the method has
 * a strict schema), {@link Mode#JSON_SCHEMA} ({@code text.format} of type {@code json_schema}),
 * {@link Mode#JSON} ({@code text.format} of type {@code json_object}) and {@link Mode#MD_JSON}
 * (nothing but the prompt).
 *
 * <p>Every request is self-contained: the system prompt goes in {@code instructions}, the whole
 * conversation in {@code input}, and {@code store} is {@code false}. A re-ask therefore needs no
 * server-side state ({@code previous_response_id}), and OpenAI keeps no copy of prompts and
 * answers for later retrieval.
 *
 * <p>An answer cut short by the output token limit ({@code incomplete_details.reason:
 * max_output_tokens}) is reported as truncated; one stopped by OpenAI's content filter ({@code
 * content_filter}) as a refusal, because asking again for more tokens would not help.
 *
 * <p>Immutable and thread-safe.
 */
public final class OpenAiResponsesProvider implements Provider {
  private static final OpenAiResponsesProvider INSTANCE = new OpenAiResponsesProvider();

  static final String API = "OpenAI Responses API";
  private static final String NAME = "openai-responses";
  private static final String BASE_URL = "https://api.openai.com/v1";
  private static final String KEY_VARIABLE = "OPENAI_API_KEY";
  /** The spec's {@code minimum} of {@code max_output_tokens}; the API rejects less. */
  static final int MIN_OUTPUT_TOKENS = 16;

  private static final Set<Mode> MODES =
      Collections.unmodifiableSet(
          EnumSet.of(Mode.TOOLS, Mode.JSON_SCHEMA, Mode.JSON, Mode.MD_JSON, Mode.PARALLEL_TOOLS));

  private OpenAiResponsesProvider() {}

  /** See {@link dev.quarry.provider.Providers#openAiResponses()}. */
  public static OpenAiResponsesProvider openAiResponses() {
    return INSTANCE;
  }

  @Override
  public String name() {
    return NAME;
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
    return BASE_URL;
  }

  /** {@code OPENAI_BASE_URL}, as OpenAI's SDKs read it. */
  @Override
  public String baseUrlFromEnvironment(Function<String, String> environment) {
    return environment.apply("OPENAI_BASE_URL");
  }

  @Override
  public String apiKeyVariable() {
    return KEY_VARIABLE;
  }

  /**
   * {@inheritDoc}
   *
   * @throws ConfigurationException when the output token limit is below the API's minimum of 16,
   *     or a document is a URL the API cannot take
   */
  @Override
  public TransportRequest request(ProviderRequest request) {
    if (!MODES.contains(request.mode())) {
      throw new IllegalArgumentException(
          API + " does not support mode " + request.mode() + "; it supports " + MODES);
    }
    return Wire.bearerPost(ENDPOINT.uri(request.baseUrl()), request.apiKey(),
        JsonBody.write(json -> body(json, request)));
  }

  @Override
  public boolean supportsStreaming() {
    return true;
  }

  /** {@link #request} with {@code stream: true}. */

  @Override
  public dev.quarry.provider.StreamDecoder streamDecoder(
      ProviderRequest request, Map<String, String> headers) {
    return new ResponsesStreamDecoder(this, request, headers);
  }

  /**
   * The request body, written field by field (the prepared schema spliced in as it is); fields
   * in a fixed order so that recordings and diffs stay stable.
   */
  void body(JsonBody json, ProviderRequest request) {
    Integer maxOutputTokens = request.maxOutputTokens();
    if (maxOutputTokens != null && maxOutputTokens < MIN_OUTPUT_TOKENS) {
      throw new ConfigurationException(
          API + " needs max_output_tokens of at least " + MIN_OUTPUT_TOKENS + ", but "
              + request.method().displayName() + " would send " + maxOutputTokens
              + "; set Quarry.builder().maxOutputTokens(" + MIN_OUTPUT_TOKENS
              + ") or more, or leave it unset for the model's default.");
    }
    json.writeStartObject();
    json.writeStringProperty("model", request.model());
    List<Message> messages = request.messages();
    int first = 0;
    // The docs' place for the system prompt: it outranks the input and is not part of it.
    if (!messages.isEmpty() && messages.get(0) instanceof Message.SystemPrompt system) {
      json.writeStringProperty("instructions", system.text());
      first = 1;
    }
    json.writeName("input");
    json.writeStartArray();
    for (int i = first; i < messages.size(); i++) {
      item(json, messages.get(i));
    }
    json.writeEndArray();
    json.writeBooleanProperty("store", false);
    ExtractMethod<?> method = request.method();
    switch (request.mode()) {
      case TOOLS -> {
        json.writeName("tools");
        json.writeStartArray();
        json.writeStartObject();
        json.writeStringProperty("type", "function");
        json.writeStringProperty("name", method.toolName());
        json.writeStringPropertyIfPresent("description", method.description());
        json.writeRawProperty("parameters", PreparedSchema.STRICT_OR_PLAIN.of(method));
        // Always explicit: the Responses API makes an omitted strict mean "strict if possible".
        json.writeBooleanProperty("strict", method.strictSchema() != null);
        json.writeEndObject();
        json.writeEndArray();
        json.writeName("tool_choice");
        json.writeStartObject();
        json.writeStringProperty("type", "function");
        json.writeStringProperty("name", method.toolName());
        json.writeEndObject();
        json.writeBooleanProperty("parallel_tool_calls", false);
      }
      case JSON_SCHEMA -> {
        json.writeName("text");
        json.writeStartObject();
        json.writeName("format");
        json.writeStartObject();
        json.writeStringProperty("type", "json_schema");
        json.writeStringProperty("name", OpenAiProvider.schemaName(method.toolName()));
        json.writeStringPropertyIfPresent("description", method.description());
        json.writeRawProperty("schema", PreparedSchema.STRICT_OR_PLAIN.of(method));
        json.writeBooleanProperty("strict", method.strictSchema() != null);
        json.writeEndObject();
        json.writeEndObject();
      }
      case JSON -> {
        json.writeName("text");
        json.writeStartObject();
        json.writeName("format");
        json.writeStartObject();
        json.writeStringProperty("type", "json_object");
        json.writeEndObject();
        json.writeEndObject();
      }
      case MD_JSON -> {}
      case PARALLEL_TOOLS -> {
        json.writeName("tools");
        json.writeStartArray();
        for (ParallelTools.Tool parallel : OpenAiProvider.PARALLEL.of(method)) {
          json.writeStartObject();
          json.writeStringProperty("type", "function");
          json.writeStringProperty("name", parallel.name());
          json.writeStringPropertyIfPresent("description", parallel.description());
          json.writeRawProperty("parameters", parallel.parameters());
          json.writeBooleanProperty("strict", OpenAiProvider.PARALLEL.strict(method));
          json.writeEndObject();
        }
        json.writeEndArray();
        json.writeStringProperty("tool_choice", "required");
        json.writeBooleanProperty("parallel_tool_calls", true);
      }
      default -> throw new AssertionError(request.mode());
    }
    if (maxOutputTokens != null) {
      json.writeNumberProperty("max_output_tokens", maxOutputTokens.longValue());
    }
    if (request.temperature() != null) {
      json.writeNumberProperty("temperature", request.temperature().doubleValue());
    }
    if (request.cache() != null && request.cache().cacheKey() != null) {
      json.writeStringProperty("prompt_cache_key", request.cache().cacheKey());
    }
    if (request.stream()) {
      json.writeBooleanProperty("stream", true);
    }
    json.writeEndObject();
  }

  /** One item of the input. */
  private static void item(JsonBody json, Message message) {
    json.writeStartObject();
    if (message instanceof Message.SystemPrompt system) {
      // Only a system prompt that is not first lands here; it keeps its place in the input.
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
      Message.ToolCall call = reply.toolCall();
      if (call != null) {
        // Without the output item's own id (fc_...), which would point at stored state.
        json.writeStringProperty("type", "function_call");
        json.writeStringProperty("call_id", call.id());
        json.writeStringProperty("name", call.name());
        json.writeStringProperty("arguments", call.arguments());
      } else {
        json.writeStringProperty("role", "assistant");
        json.writeStringProperty("content", reply.text() == null ? "" : reply.text());
      }
    } else if (message instanceof Message.ToolResult result) {
      // function_call_output has no error flag: the text itself says what is wrong.
      json.writeStringProperty("type", "function_call_output");
      json.writeStringProperty("call_id", result.toolCallId());
      json.writeStringProperty("output", result.text());
    } else {
      throw new AssertionError(message);
    }
    json.writeEndObject();
  }

  private static void contentPart(JsonBody json, Message.Part part) {
    json.writeStartObject();
    if (part instanceof Message.Text text) {
      json.writeStringProperty("type", "input_text");
      json.writeStringProperty("text", text.text());
    } else if (part instanceof Image image) {
      json.writeStringProperty("type", "input_image");
      json.writeStringProperty("image_url", image.urlOrDataUrl());
    } else if (part instanceof Document document) {
      json.writeStringProperty("type", "input_file");
      if (document.url() != null) {
        json.writeStringProperty("file_url", document.url().toString());
      } else {
        json.writeStringProperty("filename", document.fileName());
        json.writeStringProperty("file_data", document.dataUrl());
      }
    } else {
      throw new AssertionError(part);
    }
    json.writeEndObject();
  }

  private static final Wire.Endpoint ENDPOINT = new Wire.Endpoint("/responses");

  /** The parts of a response object that {@link #reply} reads. */
  static final ReplyShape SHAPE = ReplyShape.of(
      "error", "status", "model", "incomplete_details/reason",
      "output/*/type", "output/*/name", "output/*/arguments", "output/*/call_id", "output/*/id",
      "output/*/content/*/type", "output/*/content/*/text", "output/*/content/*/refusal",
      "usage/input_tokens", "usage/output_tokens",
      "usage/input_tokens_details/cached_tokens",
      "usage/output_tokens_details/reasoning_tokens");

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
      throw OpenAiErrors.error(API, KEY_VARIABLE, request, response.status(), requestId,
          body == null ? "" : body, parseOrNull(body), response.header("retry-after"));
    }
    if (json == null || !json.path("output").isArray()) {
      if (json != null && json.path("error").isObject()) {
        throw OpenAiErrors.error(
            API, KEY_VARIABLE, request, response.status(), requestId, body, parseOrNull(body), null);
      }
      throw new ProviderException(
          API + " answered HTTP " + response.status() + " with a body that is not a response"
              + " object (no output array): " + excerpt(body) + ". Check that the"
              + " base URL " + request.baseUrl() + " points at an API that implements POST"
              + " /responses.",
          response.status(), null, null, requestId, body, null);
    }
    String status = text(json.get("status"));
    if ("failed".equals(status) || json.path("error").isObject()) {
      throw failed(request, response.status(), requestId, body, (parseOrNull(body) != null ? parseOrNull(body) : json).path("error"));
    }

    Message.ToolCall toolCall = null;
    List<Message.ToolCall> calls = new ArrayList<>();
    StringBuilder text = null;
    StringBuilder refusal = null;
    for (JsonNode item : json.get("output")) {
      String type = text(item.get("type"));
      if ("function_call".equals(type) && request.mode() == Mode.PARALLEL_TOOLS
          && toolCall(item) != null) {
        calls.add(toolCall(item));
        toolCall = calls.get(0);
      } else if ("function_call".equals(type) && toolCall == null) {
        toolCall = toolCall(item);
      } else if ("message".equals(type)) {
        for (JsonNode content : item.path("content")) {
          String contentType = text(content.get("type"));
          if ("output_text".equals(contentType) && text(content.get("text")) != null) {
            text = append(text, text(content.get("text")));
          } else if ("refusal".equals(contentType) && text(content.get("refusal")) != null) {
            refusal = append(refusal, text(content.get("refusal")));
          }
        }
      }
      // Reasoning and other items carry nothing to parse.
    }

    String incompleteReason = text(json.path("incomplete_details").get("reason"));
    boolean incomplete = "incomplete".equals(status);
    boolean truncated = incomplete && "max_output_tokens".equals(incompleteReason);
    if (refusal == null && "content_filter".equals(incompleteReason)) {
      refusal = new StringBuilder("the response was stopped by OpenAI's content filter"
          + " (incomplete_details.reason content_filter)");
    }
    String output = toolCall != null ? toolCall.arguments() : text == null ? null : text.toString();
    if (!calls.isEmpty()) {
      output = ParallelTools.output(request.method(), calls);
    }
    return new ModelReply(
        output,
        toolCall,
        usage(json.path("usage")),
        incompleteReason != null ? incompleteReason : status,
        truncated,
        refusal == null ? null : refusal.toString(),
        text(json.get("model")),
        requestId,
        calls);
  }

  private static StringBuilder append(StringBuilder to, String text) {
    return to == null ? new StringBuilder(text) : to.append(text);
  }

  private static Message.ToolCall toolCall(JsonNode item) {
    String name = text(item.get("name"));
    String arguments = text(item.get("arguments"));
    if (name == null || arguments == null) {
      return null;
    }
    // call_id pairs the function_call_output of a re-ask with this call; id is the stored item.
    String id = text(item.get("call_id"));
    if (id == null || id.isEmpty()) {
      id = text(item.get("id"));
    }
    return new Message.ToolCall(id == null || id.isEmpty() ? "call_0" : id, name, arguments);
  }

  static Usage usage(JsonNode usage) {
    return new Usage(
        number(usage.path("input_tokens")),
        number(usage.path("output_tokens")),
        number(usage.path("input_tokens_details").path("cached_tokens")),
        number(usage.path("output_tokens_details").path("reasoning_tokens")));
  }

  /** A response object with {@code status: failed}: the model could not produce an answer. */
  private static ProviderException failed(
      ProviderRequest request, int status, String requestId, String body, JsonNode error) {
    String code = text(error.get("code"));
    String errorMessage = text(error.get("message"));
    StringBuilder message = new StringBuilder(API).append(" answered HTTP ").append(status)
        .append(" with a failed response");
    if (code != null) {
      message.append(" (").append(code).append(')');
    }
    message.append(errorMessage != null ? ": " + errorMessage : "");
    if (message.charAt(message.length() - 1) != '.') {
      message.append('.');
    }
    message.append(' ').append(OpenAiErrors.advice(KEY_VARIABLE, request, status, code, null, errorMessage));
    if (requestId != null) {
      message.append(" Request id: ").append(requestId).append('.');
    }
    return new ProviderException(
        message.toString(), status, code, errorMessage, requestId, body, null);
  }

  /** OpenAI's Batch API, with this provider's request bodies (issue 15). */
  @Override
  public java.util.Optional<dev.quarry.provider.BatchApi> batchApi() {
    return java.util.Optional.of(new OpenAiBatch(this, "/v1/responses"));
  }

  @Override
  public String toString() {
    return "OpenAiResponsesProvider[" + NAME + ", " + BASE_URL + "]";
  }
}
