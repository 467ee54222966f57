package dev.quarry.provider;

import dev.quarry.ConfigurationException;
import dev.quarry.Message;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.spi.Mapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.BiFunction;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * The tools of a {@link dev.quarry.Mode#PARALLEL_TOOLS} method, one per record its list may hold,
 * and the list that the model's tool calls make. A method returning {@code List<Action>} of a
 * sealed interface has a tool per permitted record, named by the record's tag, whose parameters
 * are that record's schema without the tag; a method returning {@code List<SomeRecord>} has one
 * tool, named by the method. Derived from the method's schema once per dialect and method (a
 * call's view with labels derives its own). Thread-safe.
 */
public final class ParallelTools {
  /** One tool: its name, description (or {@code null}) and parameter schema, serialised. */
  public record Tool(String name, String description, RawValue parameters) {}

  private final boolean strict;
  private final BiFunction<JsonNode, ExtractMethod<?>, JsonNode> dialect;
  private final Map<ExtractMethod<?>, List<Tool>> prepared =
      Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * Tools in a dialect.
   *
   * @param strict whether the parameters come from the method's strict schema when it has one
   * @param dialect rewrites one tool's parameter schema for the provider
   */
  public ParallelTools(boolean strict, BiFunction<JsonNode, ExtractMethod<?>, JsonNode> dialect) {
    this.strict = strict;
    this.dialect = dialect;
  }

  /** Whether the tools of {@code method} are written from its strict schema. */
  public boolean strict(ExtractMethod<?> method) {
    return strict && method.strictSchema() != null;
  }

  /**
   * The tools of {@code method}.
   *
   * @throws ConfigurationException when its result is not a list of records or of a sealed
   *     interface's records
   */
  public List<Tool> of(ExtractMethod<?> method) {
    if (method.compiled() != method && !method.labels().isEmpty()) {
      return derive(method);
    }
    ExtractMethod<?> key = method.compiled();
    List<Tool> tools = prepared.get(key);
    if (tools == null) {
      tools = derive(key);
      prepared.put(key, tools);
    }
    return tools;
  }

  private List<Tool> derive(ExtractMethod<?> method) {
    JsonNode root = strict(method) ? method.strictSchemaNode() : method.schemaNode();
    JsonNode items = items(method, root);
    List<Tool> tools = new ArrayList<>();
    String tag = tagProperty(method);
    JsonNode branches = items.has("anyOf") ? items.get("anyOf") : items.get("oneOf");
    if (tag != null && branches != null && branches.isArray()) {
      for (JsonNode branch : branches) {
        JsonNode resolved = resolve(root, branch);
        if (!(resolved instanceof ObjectNode)) {
          throw notAList(method);
        }
        ObjectNode parameters = ((ObjectNode) resolved).deepCopy();
        String name = parameters.path("properties").path(tag).path("const").asString(null);
        if (name == null) {
          throw notAList(method);
        }
        ((ObjectNode) parameters.get("properties")).remove(tag);
        JsonNode required = parameters.get("required");
        if (required instanceof ArrayNode list) {
          for (int i = list.size() - 1; i >= 0; i--) {
            if (tag.equals(list.get(i).asString())) {
              list.remove(i);
            }
          }
        }
        String description = parameters.path("description").asString(null);
        tools.add(tool(method, root, name, description, parameters));
      }
    } else {
      if (!(items instanceof ObjectNode object)) {
        throw notAList(method);
      }
      ObjectNode parameters = object.deepCopy();
      if (!"object".equals(parameters.path("type").asString(null))) {
        throw notAList(method);
      }
      tools.add(tool(method, root, method.toolName(), method.description(), parameters));
    }
    return List.copyOf(tools);
  }

  private Tool tool(
      ExtractMethod<?> method, JsonNode root, String name, String description, ObjectNode parameters) {
    if (root.has("$defs") && !parameters.has("$defs")) {
      parameters.set("$defs", root.get("$defs"));
    }
    JsonNode written = dialect.apply(parameters, method);
    return new Tool(name, description, new RawValue(Mapper.JSON.writeValueAsString(written)));
  }

  /**
   * The answer that {@code calls} make, as the method's schema has it: {@code {"value": [...]}}
   * with each call's arguments as an element, tagged with the tool's name for a sealed
   * interface. Arguments that are not a JSON object stay the text they were, for validation to
   * report at the element's pointer.
   */
  public static String output(ExtractMethod<?> method, List<Message.ToolCall> calls) {
    JsonNode items = items(method, method.schemaNode());
    // A list of records that merely contain a sealed interface is not tagged itself.
    String tag = items.has("anyOf") || items.has("oneOf") ? tagProperty(method) : null;
    String wrapper = method.wrapperProperty() == null ? "value" : method.wrapperProperty();
    StringBuilder answer = new StringBuilder("{").append(quote(wrapper)).append(":[");
    for (int i = 0; i < calls.size(); i++) {
      Message.ToolCall call = calls.get(i);
      if (i > 0) {
        answer.append(',');
      }
      String arguments = call.arguments().strip();
      JsonNode parsed;
      try {
        parsed = Mapper.JSON.readTree(arguments);
      } catch (JacksonException e) {
        parsed = null;
      }
      if (!(parsed instanceof ObjectNode object)) {
        answer.append(quote(call.arguments()));
      } else if (tag == null || object.has(tag)) {
        // The model's own text, so that numbers keep every digit it wrote.
        answer.append(arguments);
      } else {
        answer.append('{').append(quote(tag)).append(':').append(quote(call.name()))
            .append(object.isEmpty() ? "" : ",").append(arguments, 1, arguments.length());
      }
    }
    return answer.append("]}").toString();
  }

  private static String quote(String text) {
    return Mapper.JSON.writeValueAsString(text);
  }

  /** The tag property of the list's sealed interface, or {@code null} for a list of records. */
  private static String tagProperty(ExtractMethod<?> method) {
    return method.unions().isEmpty() ? null : method.unions().get(0).tagProperty();
  }

  private static JsonNode items(ExtractMethod<?> method, JsonNode root) {
    String wrapper = method.wrapperProperty();
    JsonNode items = wrapper == null ? null
        : resolve(root, root.path("properties").path(wrapper)).get("items");
    if (items == null || !items.isObject()) {
      throw notAList(method);
    }
    return resolve(root, items);
  }

  private static JsonNode resolve(JsonNode root, JsonNode node) {
    JsonNode ref = node.get("$ref");
    if (ref != null && ref.isString() && ref.asString().startsWith("#")) {
      JsonNode target = root.at(ref.asString().substring(1));
      return target.isMissingNode() ? node : target;
    }
    return node;
  }

  private static ConfigurationException notAList(ExtractMethod<?> method) {
    return new ConfigurationException(
        method.displayName() + " is in mode PARALLEL_TOOLS, which needs a result of List<Record>"
            + " or List<SealedInterface> of records (one tool per record), but its schema is not"
            + " one. Return such a list, or use Mode.TOOLS.");
  }
}
