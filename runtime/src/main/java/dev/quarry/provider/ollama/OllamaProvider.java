package dev.quarry.provider.ollama;

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
import dev.quarry.provider.PreparedSchema;
import dev.quarry.provider.Provider;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.provider.ReplyShape;
import dev.quarry.provider.Wire;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.net.MalformedURLException;
import java.net.URI;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Ollama's native chat API ({@code POST {baseUrl}/api/chat}). Get it from {@link
 * dev.quarry.provider.Providers#ollama()}; for Ollama's OpenAI-compatible endpoint use {@link
 * dev.quarry.provider.Providers#openAiCompatible} instead.
 *
 * <p>Modes: {@link Mode#JSON_SCHEMA} (default; Ollama's structured outputs, the schema as {@code
 * format}, which constrains decoding to the schema), {@link Mode#TOOLS} (the schema as the one
 * function in {@code tools}), {@link Mode#JSON} ({@code format: "json"}) and {@link Mode#MD_JSON}
 * (nothing but the prompt). Ollama has no {@code tool_choice}: in {@link Mode#TOOLS} the model may
 * answer in text instead of calling the function, and that text is then parsed like any other
 * answer (and re-asked about when it does not fit). Ollama's cloud models do not support
 * structured outputs; use {@link Mode#TOOLS} or {@link Mode#MD_JSON} with them.
 *
 * <p>Requests say whether they stream ({@code "stream": true} or {@code false}). No API key is
 * needed; when one is configured (hosted Ollama, an authenticating proxy) it is sent as {@code
 * authorization: Bearer}.
 * Images travel as base64 ({@code images} on the user message); Ollama cannot fetch image URLs and
 * its chat API does not read PDF documents, so both fail with a {@link ConfigurationException}.
 *
 * <p>Immutable and thread-safe.
 */
public final class OllamaProvider implements Provider {
  /** Where {@code ollama serve} listens unless told otherwise. */
  public static final String DEFAULT_BASE_URL = "http://localhost:11434";

  private static final OllamaProvider INSTANCE = new OllamaProvider();
  private static final Set<Mode> MODES =
      Collections.unmodifiableSet(
          EnumSet.of(Mode.JSON_SCHEMA, Mode.TOOLS, Mode.JSON, Mode.MD_JSON));
  private static final String DEFAULT_PORT = "11434";

  private OllamaProvider() {}

  /** See {@link dev.quarry.provider.Providers#ollama()}. */
  public static OllamaProvider ollama() {
    return INSTANCE;
  }

  /**
   * The base URL that an {@code OLLAMA_HOST} value means, in the way the {@code ollama} command
   * reads it: {@code 0.0.0.0:11434} → {@code http://localhost:11434}, {@code example.com} →
   * {@code http://example.com:11434}, {@code https://ollama.example.com/} → {@code
   * https://ollama.example.com}. Without a scheme it is {@code http} and the port defaults to
   * 11434; with one the scheme's own default port applies. A path (a proxy prefix) is kept.
   *
   * <p>The unspecified addresses {@code 0.0.0.0} and {@code ::} become {@code localhost} and
   * {@code [::1]}: they are how a server is told to listen on every interface, and a client on the
   * same machine reaches it on loopback (connecting to {@code 0.0.0.0} fails on Windows).
   *
   * @param ollamaHost the value of {@code OLLAMA_HOST}; {@code null} or blank gives {@link
   *     #DEFAULT_BASE_URL}
   * @throws ConfigurationException when the value is not a host, {@code host:port} or an http(s)
   *     URL
   */
  public static String baseUrlFromHost(String ollamaHost) {
    if (ollamaHost == null) {
      return DEFAULT_BASE_URL;
    }
    // The ollama command also drops quotes, which survive in some .env and systemd files.
    String value = strip(ollamaHost.strip(), "\"'").strip();
    if (value.isEmpty()) {
      return DEFAULT_BASE_URL;
    }
    String scheme = "http";
    String rest = value;
    boolean schemeGiven = false;
    int separator = value.indexOf("://");
    if (separator >= 0) {
      scheme = value.substring(0, separator).toLowerCase(Locale.ROOT);
      rest = value.substring(separator + 3);
      schemeGiven = true;
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw invalidHost(ollamaHost, "the scheme must be http or https");
      }
    }
    int slash = rest.indexOf('/');
    String path = slash < 0 ? "" : stripTrailingSlash(rest.substring(slash));
    String hostPort = slash < 0 ? rest : rest.substring(0, slash);

    String host;
    String port = null;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        throw invalidHost(ollamaHost, "an IPv6 address in [ ] is not closed");
      }
      host = hostPort.substring(0, close + 1);
      String after = hostPort.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw invalidHost(ollamaHost, "expected :port after the IPv6 address");
        }
        port = after.substring(1);
      }
    } else if (hostPort.indexOf(':') != hostPort.lastIndexOf(':')) {
      host = "[" + hostPort + "]"; // a bare IPv6 address; it cannot carry a port
    } else {
      int colon = hostPort.indexOf(':');
      host = colon < 0 ? hostPort : hostPort.substring(0, colon);
      port = colon < 0 ? null : hostPort.substring(colon + 1);
    }
    if (port != null && !isPort(port)) {
      throw invalidHost(ollamaHost, "the port '" + port + "' is not a number from 1 to 65535");
    }
    if (host.isEmpty() || host.equals("0.0.0.0")) {
      host = "localhost";
    } else if (host.equals("[::]") || host.equals("[0:0:0:0:0:0:0:0]")) {
      host = "[::1]";
    }
    if (port == null && !schemeGiven) {
      port = DEFAULT_PORT;
    }
    String url = scheme + "://" + host + (port == null ? "" : ":" + port) + path;
    try {
      URI.create(url).toURL();
    } catch (IllegalArgumentException | MalformedURLException e) {
      throw invalidHost(ollamaHost, "it does not make a valid URL (" + url + ")");
    }
    return url;
  }

  private static ConfigurationException invalidHost(String value, String problem) {
    return new ConfigurationException(
        "OLLAMA_HOST='" + value + "' cannot be used: " + problem + ". Set it to host:port such as"
            + " 127.0.0.1:11434, or to a URL such as http://ollama.internal:11434.");
  }

  private static boolean isPort(String port) {
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    int number = Integer.parseInt(port);
    return number >= 1 && number <= 65535;
  }

  @Override
  public String name() {
    return "ollama";
  }

  @Override
  public Set<Mode> modes() {
    return MODES;
  }

  /**
   * {@link Mode#JSON_SCHEMA}: Ollama turns the schema into a grammar that constrains every token,
   * while tool calling depends on each model's chat template and cannot be forced.
   */
  @Override
  public Mode defaultMode() {
    return Mode.JSON_SCHEMA;
  }

  @Override
  public String defaultBaseUrl() {
    return DEFAULT_BASE_URL;
  }

  /** {@code null}: a local Ollama needs no key. */
  /** {@code OLLAMA_HOST}, read the way the {@code ollama} command reads it. */
  @Override
  public String baseUrlFromEnvironment(Function<String, String> environment) {
    String host = environment.apply("OLLAMA_HOST");
    return host == null || host.isBlank() ? null : baseUrlFromHost(host);
  }

  @Override
  public String apiKeyVariable() {
    return null;
  }

  @Override
  public TransportRequest request(ProviderRequest request) {
    if (!MODES.contains(request.mode())) {
      throw new IllegalArgumentException(
          "Ollama does not support mode " + request.mode() + "; it supports " + MODES);
    }
    return Wire.bearerPost(ENDPOINT.uri(request.baseUrl()), request.apiKey(),
        JsonBody.write(json -> body(json, request)));
  }

  @Override
  public boolean supportsStreaming() {
    return true;
  }

  /** {@link #request} with {@code stream: true}: the answer comes as newline-delimited JSON. */

  @Override
  public dev.quarry.provider.StreamDecoder streamDecoder(
      ProviderRequest request, Map<String, String> headers) {
    return new OllamaStreamDecoder(this, request, headers);
  }

  /**
   * The request body, written field by field (the prepared schema spliced in as it is); fields
   * in a fixed order so that recordings and diffs stay stable.
   */
  void body(JsonBody json, ProviderRequest request) {
    json.writeStartObject();
    json.writeStringProperty("model", request.model());
    json.writeName("messages");
    json.writeStartArray();
    for (Message message : request.messages()) {
      message(json, message);
    }
    json.writeEndArray();
    json.writeBooleanProperty("stream", request.stream());
    ExtractMethod<?> method = request.method();
    switch (request.mode()) {
      case JSON_SCHEMA -> json.writeRawProperty("format", PreparedSchema.PLAIN.of(method));
      case TOOLS -> {
        json.writeName("tools");
        json.writeStartArray();
        json.writeStartObject();
        json.writeStringProperty("type", "function");
        json.writeName("function");
        json.writeStartObject();
        json.writeStringProperty("name", method.toolName());
        json.writeStringPropertyIfPresent("description", method.description());
        json.writeRawProperty("parameters", PreparedSchema.PLAIN.of(method));
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndArray();
      }
      case JSON -> json.writeStringProperty("format", "json");
      case MD_JSON -> {}
      default -> throw new AssertionError(request.mode());
    }
    if (request.maxOutputTokens() != null || request.temperature() != null) {
      json.writeName("options");
      json.writeStartObject();
      if (request.maxOutputTokens() != null) {
        json.writeNumberProperty("num_predict", request.maxOutputTokens().longValue());
      }
      if (request.temperature() != null) {
        json.writeNumberProperty("temperature", request.temperature().doubleValue());
      }
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  /**
   * One message. {@code content} is always sent, as an empty string where there is no text:
   * Ollama's OpenAPI spec requires it on every message, although its tool-calling docs leave it
   * out of assistant tool calls, and the server accepts both.
   */
  private static void message(JsonBody json, Message message) {
    json.writeStartObject();
    if (message instanceof Message.SystemPrompt system) {
      json.writeStringProperty("role", "system");
      json.writeStringProperty("content", system.text());
    } else if (message instanceof Message.UserPrompt user) {
      json.writeStringProperty("role", "user");
      json.writeStringProperty("content", user.text());
      boolean images = false;
      for (Message.Part part : user.parts()) {
        if (part instanceof Image image) {
          if (!images) {
            json.writeName("images");
            json.writeStartArray();
            images = true;
          }
          json.writeString(base64(image));
        } else if (part instanceof Document document) {
          throw new ConfigurationException(
              "Ollama's chat API does not read PDF documents (" + document
                  + "). Pass the document's text as a String parameter, or its pages as Image"
                  + " parameters to a vision model.");
        }
      }
      if (images) {
        json.writeEndArray();
      }
    } else if (message instanceof Message.AssistantReply reply) {
      json.writeStringProperty("role", "assistant");
      Message.ToolCall call = reply.toolCall();
      JsonNode arguments = call == null ? null : parseOrNull(call.arguments());
      if (call != null && arguments != null && arguments.isObject()) {
        json.writeStringProperty("content", "");
        json.writeName("tool_calls");
        json.writeStartArray();
        json.writeStartObject();
        json.writeName("function");
        json.writeStartObject();
        json.writeStringProperty("name", call.name());
        json.writeTreeProperty("arguments", arguments);
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndArray();
      } else if (call != null) {
        // Ollama takes arguments only as an object; text that is none can only be repeated.
        json.writeStringProperty("content", call.arguments());
      } else {
        json.writeStringProperty("content", reply.text() == null ? "" : reply.text());
      }
    } else if (message instanceof Message.ToolResult result) {
      // Ollama pairs a result with its call by the function's name and has no error flag: the
      // text itself says what is wrong.
      json.writeStringProperty("role", "tool");
      json.writeStringPropertyIfPresent("tool_name", result.toolName());
      json.writeStringProperty("content", result.text());
    } else {
      throw new AssertionError(message);
    }
    json.writeEndObject();
  }

  private static String base64(Image image) {
    if (image.url() != null) {
      throw new ConfigurationException(
          "Ollama takes images as base64 data and cannot fetch a URL (" + image.url()
              + "). Load the bytes yourself and pass Image.fromBytes(...) or Image.fromPath(...).");
    }
    return image.base64();
  }

  private static final Wire.Endpoint ENDPOINT = new Wire.Endpoint("/api/chat");

  /** The parts of a chat response that {@link #reply} reads. */
  static final ReplyShape SHAPE = ReplyShape.of(
      "error", "model", "done_reason", "prompt_eval_count", "eval_count", "message/content",
      "message/tool_calls/0/id", "message/tool_calls/0/function/name",
      "message/tool_calls/0/function/arguments");

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
    JsonNode json = success ? SHAPE.readOrParse(response.body(), fast) : parseOrNull(body);
    if (response.status() < 200 || response.status() > 299) {
      throw error(request, response.status(), body, parseOrNull(body));
    }
    JsonNode message = json == null ? null : json.get("message");
    if (message == null || !message.isObject()) {
      if (json != null && json.path("error").isString()) {
        throw error(request, response.status(), body, parseOrNull(body));
      }
      throw new ProviderException(
          "Ollama answered HTTP " + response.status() + " with a body that is not a chat"
              + " response (no message): " + excerpt(body) + ". Check that the base URL "
              + request.baseUrl() + " is an Ollama server's root, such as " + DEFAULT_BASE_URL
              + ".",
          response.status(), null, null, null, body, null);
    }
    Message.ToolCall toolCall = toolCall(message.path("tool_calls").path(0));
    String output = toolCall != null ? toolCall.arguments() : text(message.get("content"));
    String doneReason = text(json.get("done_reason"));
    return new ModelReply(
        output,
        toolCall,
        Usage.of(number(json.path("prompt_eval_count")), number(json.path("eval_count"))),
        doneReason,
        "length".equals(doneReason),
        null,
        text(json.get("model")),
        null);
  }

  /** Ollama sends arguments as an object; the runtime parses text, so it gets the JSON text. */
  private static Message.ToolCall toolCall(JsonNode call) {
    JsonNode function = call.path("function");
    String name = text(function.get("name"));
    JsonNode arguments = function.get("arguments");
    if (name == null || arguments == null || arguments.isNull()) {
      return null;
    }
    String text =
        arguments.isString() ? arguments.stringValue() : JSON.writeValueAsString(arguments);
    // Ollama versions that number their calls send an id; older ones do not, and the runtime
    // then makes one up for the re-ask.
    return new Message.ToolCall(text(call.get("id")), name, text);
  }

  private static ProviderException error(
      ProviderRequest request, int status, String body, JsonNode json) {
    JsonNode error = json == null ? null : json.get("error");
    String errorMessage = error != null && error.isString() ? error.stringValue() : null;
    StringBuilder message = new StringBuilder("Ollama answered HTTP ").append(status);
    if (errorMessage != null) {
      message.append(": ").append(errorMessage);
    } else if (json == null && !body.isBlank()) {
      message.append(" with a body that is not JSON: ").append(excerpt(body));
    } else if (!body.isBlank()) {
      message.append(": ").append(excerpt(body));
    }
    if (message.charAt(message.length() - 1) != '.') {
      message.append('.');
    }
    message.append(' ').append(advice(request, status, errorMessage));
    return new ProviderException(message.toString(), status, null, errorMessage, null, body, null);
  }

  private static String advice(ProviderRequest request, int status, String errorMessage) {
    String lower = errorMessage == null ? "" : errorMessage.toLowerCase(Locale.ROOT);
    if (status == 404 && errorMessage != null) {
      return "Pull the model with `ollama pull " + request.model() + "`, or check its name"
          + " with `ollama list`.";
    }
    if (status == 404) {
      // Ollama's router answers unknown paths with a plain-text "404 page not found".
      return "The server at " + request.baseUrl() + " has no /api/chat: the base URL must be the"
          + " Ollama server's root, such as " + DEFAULT_BASE_URL + " (without /v1 or /api).";
    }
    if (status == 400 && lower.contains("does not support tools")) {
      return "Use Mode.JSON_SCHEMA with this model, or a model that supports tool calling.";
    }
    if (status == 401 || status == 403) {
      return request.apiKey() == null || request.apiKey().isEmpty()
          ? "The server wants a key: configure one with Quarry.builder().apiKey(...)."
          : "The key configured with Quarry.builder().apiKey(...) was rejected; check it.";
    }
    if (status == 400) {
      return "The request was rejected as invalid; the message above says why.";
    }
    if (status == 429) {
      return ErrorAdvice.rateLimited(null);
    }
    if (status == 502) {
      return "Ollama could not reach the model (a cloud model?); retrying later usually helps.";
    }
    if (status >= 500) {
      return "The server failed; the Ollama server's log says more, and retrying later may help.";
    }
    return ErrorAdvice.FAILED;
  }

  private static String strip(String value, String characters) {
    int start = 0;
    int end = value.length();
    while (start < end && characters.indexOf(value.charAt(start)) >= 0) {
      start++;
    }
    while (end > start && characters.indexOf(value.charAt(end - 1)) >= 0) {
      end--;
    }
    return value.substring(start, end);
  }

  @Override
  public String toString() {
    return "OllamaProvider[" + DEFAULT_BASE_URL + "]";
  }
}
