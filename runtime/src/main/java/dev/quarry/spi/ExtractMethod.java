package dev.quarry.spi;

import static dev.quarry.spi.Mapper.JSON;
import static java.util.Objects.requireNonNull;

import dev.quarry.ConfigurationException;
import dev.quarry.InvalidInputException;
import dev.quarry.LabelSet;
import dev.quarry.Message;
import dev.quarry.Mode;
import dev.quarry.read.AnswerReader;
import dev.quarry.read.JsonIn;
import dev.quarry.read.Read;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * Everything Quarry knows at compile time about one {@code @LlmExtract} method: its schemas, how
 * its result is bound, and its settings. Generated implementations hold one of these per method
 * in a static constant and pass it to {@link dev.quarry.Quarry#extract}; users rarely build one by
 * hand.
 *
 * <pre>{@code
 * static final ExtractMethod<Receipt> READ =
 *     ExtractMethod.builder(ReceiptReader.class, "read", new TypeReference<Receipt>() {})
 *         .toolName("read")
 *         .schema(RECEIPT_SCHEMA)
 *         .build();
 * }</pre>
 *
 * @param <T> the Java type the result binds to (the unwrapped type, e.g. {@code List<Person>})
 */
public final class ExtractMethod<T> {

  private final Class<?> owner;
  private final String methodName;
  private final TypeReference<T> resultType;
  private final String toolName;
  private final String description;
  private final String system;
  private final String schema;
  private final String strictSchema;
  private final String wrapperProperty;
  private final String model;
  private final Mode mode;
  private final int maxAttempts;
  private final int maxRetries;
  private final List<Union> unions;
  private final AnswerReader<T> reader;
  private final boolean javaChecks;
  private final List<String> labelNames;
  /** The compiled method this is a call's view of; {@code this} for a compiled method. */
  private final ExtractMethod<T> compiled;
  private final List<Message> conversation;
  private final Map<String, LabelSet> labels;
  private volatile JsonNode schemaNode;
  private volatile JsonNode strictSchemaNode;

  private ExtractMethod(Builder<T> b) {
    this.owner = b.owner;
    this.methodName = b.methodName;
    this.resultType = b.resultType;
    this.toolName = b.toolName == null ? b.methodName : b.toolName;
    this.description = b.description;
    this.system = b.system;
    this.schema = requireNonNull(b.schema, "schema == null");
    this.strictSchema = b.strictSchema;
    this.wrapperProperty = b.wrapperProperty;
    this.model = b.model;
    this.mode = b.mode;
    this.maxAttempts = b.maxAttempts;
    this.maxRetries = b.maxRetries;
    this.unions = List.copyOf(b.unions);
    this.reader = b.reader;
    this.javaChecks = b.javaChecks;
    this.labelNames = List.copyOf(b.labelNames);
    this.compiled = this;
    this.conversation = List.of();
    this.labels = Map.of();
  }

  /** A call's view of {@code base}: its conversation and labels, the schemas with the labels in. */
  private ExtractMethod(
      ExtractMethod<T> base, List<Message> conversation, Map<String, LabelSet> labels) {
    this.owner = base.owner;
    this.methodName = base.methodName;
    this.resultType = base.resultType;
    this.toolName = base.toolName;
    this.description = base.description;
    this.system = base.system;
    this.compiled = base.compiled;
    this.labels = labels;
    this.schema = labels.isEmpty() ? compiled.schema : spliceLabels(compiled.schema);
    this.strictSchema = compiled.strictSchema == null || labels.isEmpty()
        ? compiled.strictSchema : spliceLabels(compiled.strictSchema);
    this.wrapperProperty = base.wrapperProperty;
    this.model = base.model;
    this.mode = base.mode;
    this.maxAttempts = base.maxAttempts;
    this.maxRetries = base.maxRetries;
    this.unions = base.unions;
    // The generated reader knows the labels' fields as plain strings: a labelled answer takes
    // the general path, whose schema validation checks the labels.
    this.reader = labels.isEmpty() ? base.reader : null;
    this.javaChecks = base.javaChecks;
    this.labelNames = base.labelNames;
    this.conversation = conversation;
  }

  /** Starts a method description; {@code resultType} is the type the answer binds to. */
  public static <T> Builder<T> builder(
      Class<?> owner, String methodName, TypeReference<T> resultType) {
    return new Builder<>(owner, methodName, resultType);
  }

  /** The {@code @LlmExtract} interface. */
  public Class<?> owner() {
    return owner;
  }

  public String methodName() {
    return methodName;
  }

  /** {@code Interface.method}, for messages. */
  public String displayName() {
    return owner.getSimpleName() + "." + methodName;
  }

  public TypeReference<T> resultType() {
    return resultType;
  }

  /** The function name in {@link Mode#TOOLS} and the schema name in {@link Mode#JSON_SCHEMA}. */
  public String toolName() {
    return toolName;
  }

  /** The tool description, or {@code null}. */
  public String description() {
    return description;
  }

  /** The system message, or {@code null} for none. */
  public String system() {
    return system;
  }

  /** The JSON schema (draft 2020-12) of the answer, always an object schema. */
  public String schema() {
    return schema;
  }

  /**
   * {@link #schema()} parsed, once; shared and read-only: copy it ({@code deepCopy()}) before
   * changing it.
   */
  public JsonNode schemaNode() {
    if (compiled != this && labels.isEmpty()) {
      return compiled.schemaNode();
    }
    JsonNode node = schemaNode;
    if (node == null) {
      schemaNode = node = parse(schema, "schema");
    }
    return node;
  }

  /** {@link #strictSchema()} parsed, once, or {@code null}; shared and read-only. */
  public JsonNode strictSchemaNode() {
    if (strictSchema == null) {
      return null;
    }
    if (compiled != this && labels.isEmpty()) {
      return compiled.strictSchemaNode();
    }
    JsonNode node = strictSchemaNode;
    if (node == null) {
      strictSchemaNode = node = parse(strictSchema, "strictSchema");
    }
    return node;
  }

  private JsonNode parse(String json, String which) {
    try {
      return JSON.readTree(json);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "The "
              + which
              + " of "
              + displayName()
              + " is not valid JSON ("
              + e.getOriginalMessage()
              + "); regenerate it with the quarry-processor version that matches quarry-runtime.",
          e);
    }
  }

  /**
   * The same schema in OpenAI's strict dialect (every property required, optional ones nullable,
   * {@code additionalProperties: false}), or {@code null} when the type cannot be expressed in it.
   */
  public String strictSchema() {
    return strictSchema;
  }

  /**
   * The property that wraps a result that is not an object (a list, an enum, a scalar, an
   * {@code Optional}), or {@code null} when the answer is the object itself.
   */
  public String wrapperProperty() {
    return wrapperProperty;
  }

  /** The model set on the interface, or {@code null} for the client's. */
  public String model() {
    return model;
  }

  /** The mode set on the interface or method; {@link Mode#AUTO} for the client's. */
  public Mode mode() {
    return mode;
  }

  /** The attempt limit set on the interface or method; {@code 0} for the client's. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * The transport retry limit set on the interface or method ({@code maxRetries} of {@link
   * dev.quarry.LlmExtract} or {@link dev.quarry.Prompt}); {@code -1} for the client's {@link
   * dev.quarry.transport.RetryPolicy}.
   */
  public int maxRetries() {
    return maxRetries;
  }

  /** The sealed interfaces the result contains, with how their variants are told apart. */
  public List<Union> unions() {
    return unions;
  }

  /**
   * Reads {@code answer} with the reader the processor generated for this method (streaming, the
   * schema checked as it reads, no databind), or returns {@code null} when there is none (a
   * hand-written method, or a result type the processor writes no reader for). A {@link
   * Read#valid() valid} read is the bound result, unwrapped from {@link #wrapperProperty()};
   * otherwise the answer must take the general path (lenient parse, schema validation, binding),
   * which says everything that is wrong with it.
   */
  public Read<T> readGenerated(String answer) {
    return reader == null ? null : JsonIn.read(answer, reader);
  }

  /** Whether a generated reader was given. */
  public boolean hasGeneratedReader() {
    return reader != null;
  }

  /**
   * Whether the result's types may carry Java checks ({@code @Check} methods, Bean Validation
   * constraints): {@code true} unless the processor found none. Validators registered on the
   * client run regardless.
   */
  public boolean javaChecks() {
    return javaChecks;
  }

  /**
   * The text that stands for the labels of the {@link LabelSet} parameter {@code name} in a
   * compiled schema: the one value of the {@code enum} of each {@link dev.quarry.OneOf} field,
   * replaced by the labels on each call.
   */
  public static String labelsPlaceholder(String name) {
    return "\"quarry:labels:" + name + "\"";
  }

  /**
   * The names of the {@link LabelSet} parameters whose labels the schema takes on each call;
   * empty when it takes none.
   */
  public List<String> labelNames() {
    return labelNames;
  }

  /** The labels of this call's view, by parameter name; empty for a compiled method. */
  public Map<String, LabelSet> labels() {
    return labels;
  }

  /**
   * The conversation so far, sent after the system prompt and before the prompt; empty unless
   * this is a call's view made by {@link #withConversation}.
   */
  public List<Message> conversation() {
    return conversation;
  }

  /**
   * The compiled method that this is a call's view of ({@link #withLabels}, {@link
   * #withConversation}), or this method itself: what is prepared once and shared by every call.
   */
  public ExtractMethod<T> compiled() {
    return compiled;
  }

  /**
   * A view of this method for one call whose schema's {@link dev.quarry.OneOf} fields naming
   * {@code name} take the labels {@code labels}: generated implementations pass their {@link
   * LabelSet} parameters here. Cheap: the compiled schemas are spliced, everything else shared.
   *
   * <pre>{@code
   * quarry.extract(ROUTE.withLabels("queues", queues), prompt);
   * }</pre>
   *
   * @throws ConfigurationException when the schema takes no labels named {@code name}
   */
  public ExtractMethod<T> withLabels(String name, LabelSet labels) {
    requireNonNull(name, "name == null");
    requireNonNull(labels, "labels == null");
    if (!labelNames.contains(name)) {
      throw new ConfigurationException(
          displayName() + " has no labels named '" + name + "': its schema takes "
              + (labelNames.isEmpty() ? "none" : "labels for " + labelNames) + ". Pass the name"
              + " of a LabelSet parameter that a @OneOf field of the result names.");
    }
    Map<String, LabelSet> all = new LinkedHashMap<>(this.labels);
    all.put(name, labels);
    return new ExtractMethod<>(this, conversation, Map.copyOf(all));
  }

  /**
   * A view of this method for one call that sends {@code conversation} (the messages so far:
   * user prompts with their images and documents, assistant replies, system prompts) after the
   * method's system prompt and before the prompt; re-asks follow the prompt. Generated
   * implementations pass their {@code List<Message>} parameter here.
   *
   * @throws InvalidInputException when a message is null, a tool call or a tool result, or an
   *     assistant reply without text
   */
  public ExtractMethod<T> withConversation(List<? extends Message> conversation) {
    requireNonNull(conversation, "conversation == null");
    List<Message> copy = new ArrayList<>(this.conversation);
    for (int i = 0; i < conversation.size(); i++) {
      Message message = conversation.get(i);
      if (message == null) {
        throw new InvalidInputException(
            displayName() + ": conversation message " + i + " is null. Remove it; nothing was"
                + " sent.");
      }
      if (message instanceof Message.ToolResult
          || (message instanceof Message.AssistantReply reply && reply.toolCall() != null)) {
        throw new InvalidInputException(
            displayName() + ": conversation message " + i + " is a tool "
                + (message instanceof Message.ToolResult ? "result" : "call")
                + ", which cannot be sent without the tool it belongs to. Pass the turns as"
                + " Message.user(...) and Message.assistant(...) text; nothing was sent.");
      }
      if (message instanceof Message.AssistantReply reply && reply.text() == null) {
        throw new InvalidInputException(
            displayName() + ": conversation message " + i + " is an assistant reply without"
                + " text. Use Message.assistant(\"...\") with what the assistant said, or leave"
                + " the message out; nothing was sent.");
      }
      copy.add(message);
    }
    return new ExtractMethod<>(this, List.copyOf(copy), labels);
  }

  /** {@code text} (a compiled schema, in any dialect) with this view's labels in. */
  public String spliceLabels(String text) {
    if (labels.isEmpty()) {
      return text;
    }
    String spliced = text;
    for (Map.Entry<String, LabelSet> entry : labels.entrySet()) {
      String placeholder = labelsPlaceholder(entry.getKey());
      int at = spliced.indexOf(placeholder);
      if (at < 0) {
        continue;
      }
      StringBuilder out = new StringBuilder(spliced.length() + entry.getValue().jsonElements().length());
      int from = 0;
      for (; at >= 0; at = spliced.indexOf(placeholder, from)) {
        out.append(spliced, from, at).append(entry.getValue().jsonElements());
        from = at + placeholder.length();
      }
      spliced = out.append(spliced, from, spliced.length()).toString();
    }
    return spliced;
  }

  /**
   * The names of {@link #labelNames()} this method has no labels for; a call cannot be sent
   * until each has them ({@link #withLabels}).
   */
  public List<String> missingLabels() {
    if (labelNames.isEmpty()) {
      return List.of();
    }
    List<String> missing = new ArrayList<>();
    for (String name : labelNames) {
      if (!labels.containsKey(name)) {
        missing.add(name);
      }
    }
    return missing;
  }

  /**
   * A sealed interface whose permitted records appear in the result as objects tagged with the
   * property {@code tagProperty}, e.g. {@code {"type": "Circle", "radius": 2}}.
   *
   * @param type the sealed interface
   * @param tagProperty the discriminator property
   * @param variants each tag value and the record it selects
   */
  public record Union(Class<?> type, String tagProperty, Map<String, Class<?>> variants) {
    public Union {
      requireNonNull(type, "type == null");
      requireNonNull(tagProperty, "tagProperty == null");
      variants = Map.copyOf(variants);
    }
  }

  @Override
  public String toString() {
    return "ExtractMethod[" + displayName() + "]";
  }

  /** Builds an {@link ExtractMethod}; not thread-safe, the built object is immutable. */
  public static final class Builder<T> {
    private final Class<?> owner;
    private final String methodName;
    private final TypeReference<T> resultType;
    private String toolName;
    private String description;
    private String system;
    private String schema;
    private String strictSchema;
    private String wrapperProperty;
    private String model;
    private Mode mode = Mode.AUTO;
    private int maxAttempts;
    private int maxRetries = -1;
    private final List<Union> unions = new ArrayList<>();
    private AnswerReader<T> reader;
    private boolean javaChecks = true;
    private final List<String> labelNames = new ArrayList<>();

    private Builder(Class<?> owner, String methodName, TypeReference<T> resultType) {
      this.owner = requireNonNull(owner, "owner == null");
      this.methodName = requireNonNull(methodName, "methodName == null");
      this.resultType = requireNonNull(resultType, "resultType == null");
    }

    public Builder<T> toolName(String toolName) {
      this.toolName = requireNonNull(toolName, "toolName == null");
      return this;
    }

    public Builder<T> description(String description) {
      this.description = description;
      return this;
    }

    public Builder<T> system(String system) {
      this.system = system == null || system.isEmpty() ? null : system;
      return this;
    }

    public Builder<T> schema(String schema) {
      this.schema = requireNonNull(schema, "schema == null");
      return this;
    }

    public Builder<T> strictSchema(String strictSchema) {
      this.strictSchema = strictSchema;
      return this;
    }

    public Builder<T> wrapperProperty(String wrapperProperty) {
      this.wrapperProperty = wrapperProperty;
      return this;
    }

    public Builder<T> model(String model) {
      this.model = model == null || model.isEmpty() ? null : model;
      return this;
    }

    public Builder<T> mode(Mode mode) {
      this.mode = requireNonNull(mode, "mode == null");
      return this;
    }

    public Builder<T> maxAttempts(int maxAttempts) {
      if (maxAttempts < 0) {
        throw new IllegalArgumentException("maxAttempts < 0: " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** How many times a failed request may be sent again; {@code -1} (the default) for the client's. */
    public Builder<T> maxRetries(int maxRetries) {
      if (maxRetries < -1) {
        throw new IllegalArgumentException("maxRetries < -1: " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    public Builder<T> union(Class<?> type, String tagProperty, Map<String, Class<?>> variants) {
      unions.add(new Union(type, tagProperty, variants));
      return this;
    }

    /**
     * The reader the processor generated for the result type; it must accept exactly what {@link
     * #schema(String)} accepts and bind as the general path does.
     */
    public Builder<T> reader(AnswerReader<T> reader) {
      this.reader = reader;
      return this;
    }

    /**
     * {@code false} when none of the result's types has {@code @Check} methods or Bean Validation
     * constraints, so that the check walk can be skipped; the default is {@code true}.
     */
    public Builder<T> javaChecks(boolean javaChecks) {
      this.javaChecks = javaChecks;
      return this;
    }

    /**
     * Declares that the schema takes the labels of the {@link LabelSet} parameter {@code name}
     * on each call, where its {@link ExtractMethod#labelsPlaceholder placeholder} stands.
     */
    public Builder<T> labels(String name) {
      labelNames.add(requireNonNull(name, "name == null"));
      return this;
    }

    public ExtractMethod<T> build() {
      return new ExtractMethod<>(this);
    }
  }
}
