package dev.quarry.provider.gemini;

import static dev.quarry.provider.BaseUrls.stripTrailingSlash;
import static dev.quarry.provider.Wire.excerpt;
import static dev.quarry.provider.Wire.number;
import static dev.quarry.provider.Wire.parseOrNull;
import static dev.quarry.provider.Wire.redact;
import static dev.quarry.provider.Wire.text;
import static dev.quarry.spi.Mapper.JSON;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Google's Gemini API, {@code POST {baseUrl}/models/{model}:generateContent} (v1beta). Get it from
 * {@link dev.quarry.provider.Providers#gemini()}.
 *
 * <p>Modes: {@link Mode#JSON_SCHEMA} (default: {@code generationConfig.responseJsonSchema}, which
 * Gemini enforces by constrained decoding, with no function-call turn to replay on a re-ask),
 * {@link Mode#TOOLS} (one function declaration, forced with function calling mode {@code ANY}),
 * {@link Mode#JSON} ({@code responseMimeType: application/json} alone) and {@link Mode#MD_JSON}
 * (nothing but the prompt). Schemas are rewritten to the subset Gemini accepts by {@link
 * GeminiSchemas}.
 *
 * <p>The key travels in the {@code x-goog-api-key} header, never in the URL. Gemini function
 * calls may carry an {@code id} and, on thinking models, a {@code thoughtSignature} that must be
 * sent back with the call; both ride in {@link Message.ToolCall#id()} (see {@link #callToken}).
 *
 * <p>Immutable and thread-safe.
 */
public final class GeminiProvider implements Provider {
  /** The variable the key is read from. */
  public static final String API_KEY_VARIABLE = "GEMINI_API_KEY";
  /**
   * The variables Google's SDKs read the key from, in order of preference; Quarry reads only
   * {@link #apiKeyVariable()} until the SPI can name a fallback.
   */
  public static final List<String> API_KEY_VARIABLES = List.of("GEMINI_API_KEY", "GOOGLE_API_KEY");
  public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";

  private static final GeminiProvider INSTANCE = new GeminiProvider();
  private static final Set<Mode> MODES =
      Collections.unmodifiableSet(EnumSet.of(Mode.JSON_SCHEMA, Mode.TOOLS, Mode.JSON, Mode.MD_JSON,
          Mode.PARALLEL_TOOLS));
  /** Finish and block reasons that mean Gemini withheld the answer. */
  private static final Map<String, String> REFUSALS = Map.of(
      "SAFETY", "its safety filters blocked the answer",
      "RECITATION", "the answer would have recited copyrighted or training material",
      "PROHIBITED_CONTENT", "the content is prohibited by its usage policies",
      "BLOCKLIST", "the answer contained a term on a blocklist",
      "SPII", "the answer contained sensitive personally identifiable information",
      "IMAGE_SAFETY", "its safety filters blocked an image",
      "OTHER", "it blocked the prompt for an unspecified reason");
  private static final String CALL_TOKEN = "gemini:";

  private GeminiProvider() {}

  /** See {@link dev.quarry.provider.Providers#gemini()}. */
  public static GeminiProvider gemini() {
    return INSTANCE;
  }

  @Override
  public String name() {
    return "gemini";
  }

  @Override
  public Set<Mode> modes() {
    return MODES;
  }

  @Override
  public Mode defaultMode() {
    return Mode.JSON_SCHEMA;
  }

  @Override
  public String defaultBaseUrl() {
    return DEFAULT_BASE_URL;
  }

  /** {@code /v1beta}: {@code GOOGLE_GEMINI_BASE_URL} is the host root, as in Google's SDKs. */
  @Override
  public String versionSegment() {
    return "/v1beta";
  }

  /** {@code GOOGLE_GEMINI_BASE_URL}, as Google's Gen AI SDKs read it: the host root. */
  @Override
  public String baseUrlFromEnvironment(Function<String, String> environment) {
    return environment.apply("GOOGLE_GEMINI_BASE_URL");
  }

  @Override
  public List<String> apiKeyVariables() {
    return API_KEY_VARIABLES;
  }

  @Override
  public String apiKeyVariable() {
    return API_KEY_VARIABLE;
  }

  @Override
  public TransportRequest request(ProviderRequest request) {
    // One body either way; streaming is another method of the same resource.
    return request(request, request.stream() ? ":streamGenerateContent?alt=sse" : GENERATE);
  }

  @Override
  public boolean supportsStreaming() {
    return true;
  }

  @Override
  public dev.quarry.provider.StreamDecoder streamDecoder(
      ProviderRequest request, Map<String, String> headers) {
    return new GeminiStreamDecoder(this, request, headers);
  }

  private TransportRequest request(ProviderRequest request, String method) {
    if (!MODES.contains(request.mode())) {
      throw new IllegalArgumentException(
          "Gemini does not support mode " + request.mode() + "; it supports " + MODES);
    }
    Map<String, String> headers = HEADERS.of(request.apiKey());
    URI uri = (method.equals(GENERATE) ? GENERATE_URI : STREAM_URI)
        .uri(request.baseUrl(), request.model());
    return new TransportRequest("POST", uri, headers, body(request));
  }

  private static final String GENERATE = ":generateContent";
  private static final Wire.Headers HEADERS = new Wire.Headers(apiKey ->
      apiKey == null || apiKey.isEmpty()
          ? Map.of("content-type", "application/json")
          : Map.of("content-type", "application/json", "x-goog-api-key", apiKey));
  /** The endpoints, parsed once per base URL and model instead of on every attempt. */
  private static final Wire.ModelEndpoint GENERATE_URI =
      new Wire.ModelEndpoint((baseUrl, model) ->
          stripTrailingSlash(baseUrl) + "/" + modelPath(model) + GENERATE);
  private static final Wire.ModelEndpoint STREAM_URI =
      new Wire.ModelEndpoint((baseUrl, model) ->
          stripTrailingSlash(baseUrl) + "/" + modelPath(model) + ":streamGenerateContent?alt=sse");

  /**
   * {@code models/<name>}; a name that already has a collection ({@code models/...}, {@code
   * tunedModels/...}) is used as it is.
   */
  static String modelPath(String model) {
    String trimmed = model.strip();
    if (trimmed.isEmpty() || trimmed.chars().anyMatch(c -> c == '?' || c == '#' || c == ' ')) {
      throw new IllegalArgumentException("Gemini model name '" + model + "' is not a model name;"
          + " use one such as gemini-2.5-flash");
    }
    return trimmed.contains("/") ? trimmed : "models/" + trimmed;
  }

  /** The request body's text (see {@link #body(JsonBody, ProviderRequest)}). */
  String body(ProviderRequest request) {
    return JsonBody.write(json -> body(json, request));
  }

  /**
   * The request body, written field by field (the prepared schema spliced in as it is); fields
   * in a fixed order so that recordings and diffs stay stable.
   */
  void body(JsonBody json, ProviderRequest request) {
    ExtractMethod<?> method = request.method();
    String functionName = functionName(method.toolName());
    // The API refuses a system instruction, tools and tool config beside cached content: the
    // cached content holds them.
    boolean cached = request.cache() != null && request.cache().cachedContentName() != null;
    json.writeStartObject();
    List<Message> messages = request.messages();
    if (!cached && messages.stream().anyMatch(Message.SystemPrompt.class::isInstance)) {
      json.writeName("systemInstruction");
      json.writeStartObject();
      json.writeName("parts");
      json.writeStartArray();
      for (Message message : messages) {
        if (message instanceof Message.SystemPrompt prompt) {
          json.writeStartObject();
          json.writeStringProperty("text", prompt.text());
          json.writeEndObject();
        }
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeName("contents");
    json.writeStartArray();
    Map<String, String> callNames = new LinkedHashMap<>();
    String openRole = null;
    for (Message message : messages) {
      String role = role(message);
      if (role == null) {
        continue; // a system prompt: in systemInstruction
      }
      // Gemini wants turns to alternate; consecutive turns of one role become one.
      if (!role.equals(openRole)) {
        if (openRole != null) {
          json.writeEndArray();
          json.writeEndObject();
        }
        json.writeStartObject();
        json.writeStringProperty("role", role);
        json.writeName("parts");
        json.writeStartArray();
        openRole = role;
      }
      parts(json, message, callNames, functionName);
    }
    if (openRole != null) {
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
    boolean config = false;
    switch (request.mode()) {
      case TOOLS -> {
        if (!cached) {
          functions(json, method, List.of(new ParallelTools.Tool(
              functionName, functionDescription(method), GeminiSchemas.GEMINI.of(method))));
        }
      }
      case JSON_SCHEMA -> {
        config = startConfig(json, config);
        json.writeStringProperty("responseMimeType", "application/json");
        json.writeRawProperty("responseJsonSchema", GeminiSchemas.GEMINI.of(method));
      }
      case JSON -> {
        config = startConfig(json, config);
        json.writeStringProperty("responseMimeType", "application/json");
      }
      case MD_JSON -> {}
      case PARALLEL_TOOLS -> {
        if (!cached) {
          functions(json, method, PARALLEL.of(method));
        }
      }
      default -> throw new AssertionError(request.mode());
    }
    if (request.maxOutputTokens() != null) {
      config = startConfig(json, config);
      json.writeNumberProperty("maxOutputTokens", request.maxOutputTokens().longValue());
    }
    if (request.temperature() != null) {
      config = startConfig(json, config);
      json.writeNumberProperty("temperature", request.temperature().doubleValue());
    }
    if (config) {
      json.writeEndObject();
    }
    if (cached) {
      json.writeStringProperty("cachedContent", request.cache().cachedContentName());
    }
    json.writeEndObject();
  }

  /**
   * {@code tools} with one function declaration per tool, and the {@code toolConfig} that makes
   * the model call one of them. A tool without a description gets a sentence derived from the
   * method: the protos mark {@code FunctionDeclaration.description} as required.
   */
  private static void functions(
      JsonBody json, ExtractMethod<?> method, List<ParallelTools.Tool> tools) {
    json.writeName("tools");
    json.writeStartArray();
    json.writeStartObject();
    json.writeName("functionDeclarations");
    json.writeStartArray();
    for (ParallelTools.Tool tool : tools) {
      json.writeStartObject();
      json.writeStringProperty("name", tool.name());
      json.writeStringProperty("description", tool.description() != null
          ? tool.description()
          : "One " + tool.name() + " of the result of " + method.displayName()
              + ": call it once for each.");
      json.writeRawProperty("parametersJsonSchema", tool.parameters());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
    json.writeEndArray();
    json.writeName("toolConfig");
    json.writeStartObject();
    json.writeName("functionCallingConfig");
    json.writeStartObject();
    json.writeStringProperty("mode", "ANY");
    json.writeName("allowedFunctionNames");
    json.writeStartArray();
    for (ParallelTools.Tool tool : tools) {
      json.writeString(tool.name());
    }
    json.writeEndArray();
    json.writeEndObject();
    json.writeEndObject();
  }

  /** Opens {@code generationConfig} unless it is open already; whether it is open. */
  private static boolean startConfig(JsonBody json, boolean open) {
    if (!open) {
      json.writeName("generationConfig");
      json.writeStartObject();
    }
    return true;
  }

  /**
   * The method's description, or a sentence derived from the method when it has none: the protos
   * mark {@code FunctionDeclaration.description} as required.
   */
  static String functionDescription(ExtractMethod<?> method) {
    String description = method.description();
    if (description != null && !description.isBlank()) {
      return description;
    }
    return "Returns the result of " + method.displayName()
        + ": call it once, with the result as the arguments.";
  }

  /** The role of a message's turn; {@code null} for a system prompt (not a turn). */
  private static String role(Message message) {
    if (message instanceof Message.SystemPrompt) {
      return null;
    }
    return message instanceof Message.AssistantReply ? "model" : "user";
  }

  /** The parts of one message, into the open turn. */
  private static void parts(
      JsonBody json, Message message, Map<String, String> callNames, String functionName) {
    if (message instanceof Message.UserPrompt user) {
      for (Message.Part part : user.parts()) {
        part(json, part);
      }
    } else if (message instanceof Message.AssistantReply reply) {
      json.writeStartObject();
      Message.ToolCall call = reply.toolCall();
      if (call != null) {
        CallToken token = CallToken.parse(call.id());
        callNames.put(call.id(), call.name());
        json.writeName("functionCall");
        json.writeStartObject();
        json.writeStringPropertyIfPresent("id", token.id());
        json.writeStringProperty("name", call.name());
        json.writeTreeProperty("args", arguments(call.arguments()));
        json.writeEndObject();
        json.writeStringPropertyIfPresent("thoughtSignature", token.signature());
      } else {
        json.writeStringProperty("text", reply.text() == null ? "" : reply.text());
      }
      json.writeEndObject();
    } else if (message instanceof Message.ToolResult result) {
      CallToken token = CallToken.parse(result.toolCallId());
      String name = result.toolName() != null ? result.toolName()
          : callNames.getOrDefault(result.toolCallId(), functionName);
      json.writeStartObject();
      json.writeName("functionResponse");
      json.writeStartObject();
      json.writeStringPropertyIfPresent("id", token.id());
      json.writeStringProperty("name", name);
      // Gemini reads "error" as a failed call and "output" as its result.
      json.writeName("response");
      json.writeStartObject();
      json.writeStringProperty(result.isError() ? "error" : "output", result.text());
      json.writeEndObject();
      json.writeEndObject();
      json.writeEndObject();
    } else {
      throw new AssertionError(message);
    }
  }

  private static void part(JsonBody json, Message.Part part) {
    json.writeStartObject();
    if (part instanceof Message.Text text) {
      json.writeStringProperty("text", text.text());
    } else if (part instanceof Image image) {
      media(json, image.mediaType(), image.url(), image.base64());
    } else if (part instanceof Document document) {
      media(json, document.mediaType(), document.url(), document.base64());
    } else {
      throw new AssertionError(part);
    }
    json.writeEndObject();
  }

  private static void media(JsonBody json, String mediaType, URI url, String base64) {
    json.writeName(url != null ? "fileData" : "inlineData");
    json.writeStartObject();
    json.writeStringProperty("mimeType", mediaType);
    if (url != null) {
      json.writeStringProperty("fileUri", url.toString());
    } else {
      json.writeStringProperty("data", base64);
    }
    json.writeEndObject();
  }

  /** The arguments as a JSON object; Gemini's {@code args} is a Struct, so text must be wrapped. */
  private static JsonNode arguments(String arguments) {
    JsonNode parsed = parseOrNull(arguments);
    if (parsed != null && parsed.isObject()) {
      return parsed;
    }
    // What the model wrote was not an object (it came back as text somehow); keep it visible.
    ObjectNode wrapped = JSON.createObjectNode();
    wrapped.put("value", arguments);
    return wrapped;
  }

  /**
   * Gemini function names are letters, digits, {@code _} and {@code -}, at most 64, starting
   * with a letter or {@code _}.
   */
  static String functionName(String toolName) {
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < toolName.length() && name.length() < 64; i++) {
      char c = toolName.charAt(i);
      boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '_' || c == '-';
      if (name.length() == 0 && (c >= '0' && c <= '9' || c == '-')) {
        name.append('_');
      }
      name.append(allowed ? c : '_');
    }
    return name.length() == 0 ? "result" : name.substring(0, Math.min(64, name.length()));
  }

  /**
   * The {@link Message.ToolCall#id()} for a Gemini function call: {@code null} when the call has
   * neither id nor thought signature (the runtime then names it), else {@code gemini:<id>} with
   * {@code ;<signature>} appended when there is one. The signature must go back with the call
   * on a re-ask (thinking models reject the turn otherwise) and the neutral message has no other
   * place for it. An id in any other form (e.g. the runtime's {@code call_1}) is not sent.
   */
  static String callToken(String id, String signature) {
    if ((id == null || id.isEmpty()) && (signature == null || signature.isEmpty())) {
      return null;
    }
    String token = CALL_TOKEN + (id == null ? "" : id.replace("%", "%25").replace(";", "%3B"));
    return signature == null || signature.isEmpty() ? token : token + ";" + signature;
  }

  record CallToken(String id, String signature) {
    static CallToken parse(String token) {
      if (token == null || !token.startsWith(CALL_TOKEN)) {
        return new CallToken(null, null);
      }
      String rest = token.substring(CALL_TOKEN.length());
      int semicolon = rest.indexOf(';');
      String id = (semicolon < 0 ? rest : rest.substring(0, semicolon))
          .replace("%3B", ";").replace("%25", "%");
      String signature = semicolon < 0 ? null : rest.substring(semicolon + 1);
      return new CallToken(id.isEmpty() ? null : id,
          signature == null || signature.isEmpty() ? null : signature);
    }
  }

  /** The parts of a GenerateContentResponse that {@link #reply} reads. */
  static final ReplyShape SHAPE = ReplyShape.of(
      "error", "modelVersion", "responseId", "usageMetadata", "promptFeedback",
      "candidates/0/finishReason", "candidates/0/finishMessage", "candidates/0/safetyRatings",
      "candidates/0/content/parts/*/thought", "candidates/0/content/parts/*/functionCall",
      "candidates/0/content/parts/*/text", "candidates/0/content/parts/*/thoughtSignature");

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
    if (json != null && json.isArray() && json.size() > 0) {
      json = json.get(0); // the streaming endpoints wrap errors in an array
    }
    if (response.status() < 200 || response.status() > 299
        || json != null && json.path("error").isObject() && !json.has("candidates")) {
      JsonNode shown = success ? parseOrNull(body) : json;
      if (shown != null && shown.isArray() && shown.size() > 0) {
        shown = shown.get(0);
      }
      throw error(request, response, body, shown);
    }
    if (json == null || !json.isObject()
        || !json.has("candidates") && !json.has("promptFeedback")) {
      throw new ProviderException(
          "Gemini answered HTTP " + response.status() + " with a body that is not a"
              + " GenerateContentResponse (no candidates): " + excerpt(body) + ". Check that the"
              + " base URL " + request.baseUrl() + " points at the Gemini API ("
              + DEFAULT_BASE_URL + ").",
          response.status(), null, null, null, body, null);
    }
    Usage usage = usage(json.path("usageMetadata"));
    String model = text(json.get("modelVersion"));
    String responseId = text(json.get("responseId"));
    JsonNode candidate = json.path("candidates").path(0);
    if (!candidate.isObject()) {
      String blockReason = text(json.path("promptFeedback").get("blockReason"));
      String reason = blockReason == null ? "BLOCK_REASON_UNSPECIFIED" : blockReason;
      String refusal = "Gemini blocked the prompt (promptFeedback.blockReason " + reason + "): "
          + REFUSALS.getOrDefault(reason, "it gave no candidate") + "."
          + blocked(json.path("promptFeedback").path("safetyRatings"));
      return new ModelReply(null, null, usage, reason, false, refusal, model, responseId);
    }
    String finishReason = text(candidate.get("finishReason"));
    StringBuilder text = new StringBuilder();
    boolean hasText = false;
    Message.ToolCall toolCall = null;
    List<Message.ToolCall> calls = new ArrayList<>();
    for (JsonNode part : candidate.path("content").path("parts")) {
      if (part.path("thought").asBoolean(false)) {
        continue; // a thought summary, not the answer
      }
      JsonNode call = part.get("functionCall");
      if (call != null && call.isObject() && request.mode() == Mode.PARALLEL_TOOLS) {
        JsonNode args = call.get("args");
        // Gemini may omit call ids; the index keeps each call's result paired with it.
        String id = text(call.get("id")) != null ? text(call.get("id")) : "call_" + calls.size();
        calls.add(new Message.ToolCall(
            callToken(id, text(part.get("thoughtSignature"))),
            text(call.get("name")) == null ? "" : text(call.get("name")),
            args == null || args.isNull() ? "{}" : JSON.writeValueAsString(args)));
        toolCall = calls.get(0);
      } else if (call != null && call.isObject() && toolCall == null) {
        JsonNode args = call.get("args");
        toolCall = new Message.ToolCall(
            callToken(text(call.get("id")), text(part.get("thoughtSignature"))),
            text(call.get("name")) == null ? "" : text(call.get("name")),
            args == null || args.isNull() ? "{}" : JSON.writeValueAsString(args));
      } else if (part.get("text") != null && part.get("text").isString()) {
        text.append(part.get("text").stringValue());
        hasText = true;
      }
    }
    String output = toolCall != null ? toolCall.arguments() : hasText ? text.toString() : null;
    String refusal = null;
    if (finishReason != null && REFUSALS.containsKey(finishReason) && !"OTHER".equals(finishReason)
        || "IMAGE_PROHIBITED_CONTENT".equals(finishReason)) {
      refusal = "Gemini stopped with finishReason " + finishReason + ": "
          + REFUSALS.getOrDefault(finishReason, "the content is prohibited") + "."
          + (text(candidate.get("finishMessage")) == null ? ""
              : " " + text(candidate.get("finishMessage")))
          + blocked(candidate.path("safetyRatings"));
    }
    if (!calls.isEmpty()) {
      output = ParallelTools.output(request.method(), calls);
    }
    return new ModelReply(output, toolCall, usage, finishReason,
        "MAX_TOKENS".equals(finishReason), refusal, model, responseId, calls);
  }

  /** The tools of a PARALLEL_TOOLS method, each schema in Gemini's dialect. */
  private static final ParallelTools PARALLEL = new ParallelTools(
      false, (schema, method) -> GeminiSchemas.forGemini(schema, method.displayName()));

  /** The categories that a safety rating marks as blocked, as a sentence, or "". */
  private static String blocked(JsonNode ratings) {
    List<String> categories = new ArrayList<>();
    for (JsonNode rating : ratings) {
      if (rating.path("blocked").asBoolean(false)) {
        categories.add(rating.path("category").asString("") + " ("
            + rating.path("probability").asString("") + ")");
      }
    }
    return categories.isEmpty() ? "" : " Blocked categories: " + String.join(", ", categories) + ".";
  }

  /**
   * Thinking tokens count as output, as OpenAI's reasoning tokens do: Gemini bills them as
   * output and reports them outside {@code candidatesTokenCount}.
   */
  static Usage usage(JsonNode usage) {
    long thoughts = number(usage.path("thoughtsTokenCount"));
    return new Usage(
        number(usage.path("promptTokenCount")) + number(usage.path("toolUsePromptTokenCount")),
        number(usage.path("candidatesTokenCount")) + thoughts,
        number(usage.path("cachedContentTokenCount")),
        thoughts);
  }

  private ProviderException error(
      ProviderRequest request, TransportResponse response, String body, JsonNode json) {
    int status = response.status();
    JsonNode error = json == null ? null : json.path("error");
    String errorMessage = null;
    String errorStatus = null;
    String reason = null;
    String retryDelay = null;
    if (error != null && error.isObject()) {
      errorMessage = text(error.get("message"));
      errorStatus = text(error.get("status"));
      for (JsonNode detail : error.path("details")) {
        String type = detail.path("@type").asString("");
        if (type.endsWith("google.rpc.ErrorInfo") && reason == null) {
          reason = text(detail.get("reason"));
        } else if (type.endsWith("google.rpc.RetryInfo")) {
          retryDelay = text(detail.get("retryDelay"));
        }
      }
    }
    if (retryDelay == null) {
      retryDelay = response.header("retry-after");
    }
    StringBuilder message = new StringBuilder("Gemini answered HTTP ").append(status);
    if (errorStatus != null) {
      message.append(" (").append(errorStatus);
      if (reason != null) {
        message.append(", ").append(reason);
      }
      message.append(')');
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
    message.append(' ').append(advice(request, status, errorStatus, reason, retryDelay, errorMessage));
    return new ProviderException(message.toString(), status,
        errorStatus != null ? errorStatus : reason, errorMessage, null, body, null);
  }

  private static String advice(ProviderRequest request, int status, String errorStatus,
      String reason, String retryDelay, String errorMessage) {
    boolean noKey = request.apiKey() == null || request.apiKey().isEmpty();
    if (status == 401 || status == 403 || reason != null && reason.startsWith("API_KEY")) {
      if (noKey) {
        return ErrorAdvice.noKey(API_KEY_VARIABLE);
      }
      if (status == 403 && (reason == null || !reason.startsWith("API_KEY"))) {
        return "The key is not allowed to do this: check that the Generative Language API is"
            + " enabled for the key's project and that the key (" + API_KEY_VARIABLE
            + " or the one configured on the Quarry builder) may use the model.";
      }
      return ErrorAdvice.keyRejected(API_KEY_VARIABLE);
    }
    switch (status) {
      case 404:
        return ErrorAdvice.notFound(request, errorMessage,
            "the host root, such as https://generativelanguage.googleapis.com (Quarry adds"
                + " /v1beta, as Google's SDKs do with GOOGLE_GEMINI_BASE_URL)");
      case 429:
        return "Rate limited or out of quota (RESOURCE_EXHAUSTED): slow down or retry later"
            + (retryDelay == null ? "" : " (retry in " + retryDelay + ")")
            + "; if it persists, check the project's quota and plan.";
      case 400:
        return ErrorAdvice.INVALID_REQUEST;
      default:
        if (status >= 500) {
          return "The server failed" + ("UNAVAILABLE".equals(errorStatus) ? " (overloaded)" : "")
              + "; retrying later usually helps.";
        }
        return "The request failed.";
    }
  }

  /** Gemini's batch mode with inline requests, {@link GeminiBatchApi}. */
  @Override
  public java.util.Optional<dev.quarry.provider.BatchApi> batchApi() {
    return java.util.Optional.of(GeminiBatchApi.INSTANCE);
  }

  @Override
  public String toString() {
    return "GeminiProvider[" + DEFAULT_BASE_URL + "]";
  }
}
