package dev.quarry.benchmarks.peers;

import dev.quarry.benchmarks.Documents;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The inputs every library gets: a benchmark document, wrapped as each library asks the model to
 * answer (a top-level list goes in a wrapper object where the library's schema has one), inside a
 * recorded OpenAI response body.
 */
public final class Recorded {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Recorded() {}

  /** One benchmark document: the raw JSON, and how each library's answer carries it. */
  public record Case(String name, String json) {
    public static Case of(String name) {
      return new Case(name, Documents.of(name).json());
    }

    public boolean isList() {
      return json.startsWith("[");
    }

    /** Quarry wraps a top-level list in {@code {"value": [...]}} (its generated schema). */
    public String quarryAnswer() {
      return isList() ? "{\"value\":" + json + "}" : json;
    }

    /** LangChain4j wraps a top-level list of objects in {@code {"values": [...]}}. */
    public String langChain4jAnswer() {
      return isList() ? "{\"values\":" + json + "}" : json;
    }

    /** openai-java derives schemas from classes only: the list goes in {@code Model.ItemList}. */
    public String openAiJavaAnswer() {
      return isList() ? "{\"value\":" + json + "}" : json;
    }

    /** Quarry's method name for this document, which is also its tool name. */
    public String method() {
      switch (name) {
        case "small": return "person";
        case "medium": return "customer";
        case "large": return "region";
        case "list100": return "items";
        default: throw new IllegalArgumentException(name);
      }
    }
  }

  /** The recorded Chat Completions body with {@code content} as the assistant's answer. */
  public static String contentBody(String content) {
    ObjectNode root = (ObjectNode) JSON.readTree(resource("openai-chat-content.json"));
    ((ObjectNode) root.get("choices").get(0).get("message")).put("content", content);
    return JSON.writeValueAsString(root);
  }

  /** The recorded Chat Completions body with one call of the tool {@code name}. */
  public static String toolBody(String name, String arguments) {
    ObjectNode root = (ObjectNode) JSON.readTree(resource("openai-chat-tool.json"));
    ObjectNode function = (ObjectNode) root.get("choices").get(0).get("message")
        .get("tool_calls").get(0).get("function");
    function.put("name", name);
    function.put("arguments", arguments);
    return JSON.writeValueAsString(root);
  }

  static String resource(String name) {
    try (InputStream in = Recorded.class.getResourceAsStream("/recorded/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource /recorded/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
