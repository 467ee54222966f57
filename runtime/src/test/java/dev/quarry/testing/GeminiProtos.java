package dev.quarry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks JSON request bodies against the Gemini API's canonical definition, the protos in {@code
 * testdata/wire/gemini/spec/googleapis/google/ai/generativelanguage/v1beta/}, read with the proto3
 * JSON mapping: every key must be a field of its message (by {@code json_name}, else the
 * lowerCamelCase name, or the proto name itself), of the right JSON kind, recursively; enum
 * values must exist; at most one field of a {@code oneof} may be set; fields marked {@code
 * REQUIRED} must be there. {@code google.protobuf.Struct}/{@code Value} take any JSON.
 *
 * <p>Known quirks of the live API (see the wire data's README in the workshop's shared folder; origins in {@code testdata/NOTICE}) are applied:
 * {@code FunctionDeclaration.description} is not required, the path parameter {@code model} is
 * not in the body, enum values match regardless of case, and {@code Tool.mcpServers} (sent by
 * the official SDK and accepted, missing from the protos) takes any JSON.
 *
 * <pre>{@code
 * assertThat(GeminiProtos.generateContentRequestErrors(body)).isEmpty();
 * }</pre>
 */
public final class GeminiProtos {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String PACKAGE = "google.ai.generativelanguage.v1beta";
  private static final String DIR = "wire/gemini/spec/googleapis/google/ai/generativelanguage/v1beta";
  private static final Set<String> ANY_JSON = Set.of(
      "google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue");
  private static final Set<String> STRING_TYPES = Set.of(
      "google.protobuf.Duration", "google.protobuf.Timestamp", "google.protobuf.FieldMask");
  private static final Set<String> INTEGERS = Set.of(
      "int32", "uint32", "sint32", "fixed32", "sfixed32",
      "int64", "uint64", "sint64", "fixed64", "sfixed64");
  /** Fields the live API treats differently from the protos (message.field). */
  private static final Set<String> NOT_REQUIRED = Set.of(
      PACKAGE + ".GenerateContentRequest.model", PACKAGE + ".FunctionDeclaration.description");
  private static final Map<String, String> EXTRA_ANY_FIELDS = Map.of(PACKAGE + ".Tool", "mcpServers");

  private static volatile GeminiProtos instance;

  private final Map<String, MessageType> messages = new HashMap<>();
  private final Map<String, List<String>> enums = new HashMap<>();
  /** Fields whose type names still need resolving, with the message they are declared in. */
  private final List<Map.Entry<String, Field>> unresolved = new ArrayList<>();

  /** A message: its fields by every name they may have in JSON. */
  public record MessageType(String name, Map<String, Field> fields, List<Field> declared) {}

  /** A field; {@code type} is a scalar name or a fully qualified message or enum name. */
  public record Field(String name, String jsonName, String type, boolean repeated, String mapKey,
      String oneof, boolean required) {}

  private GeminiProtos(List<Path> files) {
    for (Path file : files) {
      new Parser(read(file)).parseFile();
    }
    resolveTypes();
  }

  /** The protos of the v1beta Gemini API, parsed once. */
  public static GeminiProtos v1beta() {
    GeminiProtos protos = instance;
    if (protos == null) {
      synchronized (GeminiProtos.class) {
        if (instance == null) {
          try (Stream<Path> files = Files.list(SharedData.path(DIR))) {
            instance = new GeminiProtos(
                files.filter(f -> f.toString().endsWith(".proto")).sorted().toList());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        protos = instance;
      }
    }
    return protos;
  }

  /** Parses proto source text; for the checker's own tests. */
  static GeminiProtos of(String... sources) {
    GeminiProtos protos = new GeminiProtos(List.of());
    for (String source : sources) {
      protos.new Parser(source).parseFile();
    }
    protos.resolveTypes();
    return protos;
  }

  /** The complaints about a {@code generateContent} body; empty when it conforms. */
  public static List<String> generateContentRequestErrors(String body) {
    return v1beta().errors(PACKAGE + ".GenerateContentRequest", JSON.readTree(body));
  }

  /** The message names parsed, fully qualified. */
  public Set<String> messageNames() {
    return messages.keySet();
  }

  public MessageType message(String name) {
    return messages.get(name);
  }

  public List<String> enumValues(String name) {
    return enums.get(name);
  }

  /** The complaints about {@code json} read as message {@code messageName}. */
  public List<String> errors(String messageName, JsonNode json) {
    List<String> errors = new ArrayList<>();
    checkMessage(messageName, json, "", errors);
    return errors;
  }

  private void checkMessage(String messageName, JsonNode json, String path, List<String> errors) {
    if (ANY_JSON.contains(messageName)) {
      return;
    }
    if (STRING_TYPES.contains(messageName)) {
      if (!json.isString()) {
        errors.add(path + ": " + messageName + " must be a JSON string, got " + json.getNodeType());
      }
      return;
    }
    MessageType message = messages.get(messageName);
    if (message == null) {
      return; // a type from a proto not included here (google.type.*): not checked
    }
    if (!json.isObject()) {
      errors.add(path + ": " + message.name() + " must be a JSON object, got " + json.getNodeType());
      return;
    }
    Map<String, String> oneofs = new HashMap<>();
    for (Map.Entry<String, JsonNode> entry : json.properties()) {
      String key = entry.getKey();
      String at = path + "/" + key;
      if (key.equals(EXTRA_ANY_FIELDS.get(messageName))) {
        continue;
      }
      Field field = message.fields().get(key);
      if (field == null) {
        errors.add(at + ": unknown field of " + message.name() + " (known: "
            + message.declared().stream().map(Field::jsonName).toList() + ")");
        continue;
      }
      JsonNode value = entry.getValue();
      if (value.isNull()) {
        continue;
      }
      if (field.oneof() != null) {
        String other = oneofs.putIfAbsent(field.oneof(), field.jsonName());
        if (other != null) {
          errors.add(at + ": oneof " + field.oneof() + " of " + message.name()
              + " already set by " + other);
        }
      }
      if (field.mapKey() != null) {
        if (!value.isObject()) {
          errors.add(at + ": map field must be a JSON object, got " + value.getNodeType());
        } else {
          value.properties().forEach(e ->
              checkValue(field, e.getValue(), at + "/" + e.getKey(), errors));
        }
      } else if (field.repeated()) {
        if (!value.isArray()) {
          errors.add(at + ": repeated field must be a JSON array, got " + value.getNodeType());
        } else {
          for (int i = 0; i < value.size(); i++) {
            checkValue(field, value.get(i), at + "/" + i, errors);
          }
        }
      } else {
        checkValue(field, value, at, errors);
      }
    }
    for (Field field : message.declared()) {
      if (field.required() && !NOT_REQUIRED.contains(messageName + "." + field.name())
          && !json.has(field.jsonName()) && !json.has(field.name())) {
        errors.add(path + ": required field " + field.jsonName() + " of " + message.name()
            + " is missing");
      }
    }
  }

  private void checkValue(Field field, JsonNode value, String at, List<String> errors) {
    String type = field.type();
    switch (type) {
      case "string" -> expect(value.isString(), at, "a string", value, errors);
      case "bytes" -> expect(value.isString()
          && value.stringValue().matches("[A-Za-z0-9+/_=-]*"), at, "base64 text", value, errors);
      case "bool" -> expect(value.isBoolean(), at, "a boolean", value, errors);
      case "float", "double" -> expect(value.isNumber() || value.isString()
          && Set.of("NaN", "Infinity", "-Infinity").contains(value.stringValue()),
          at, "a number", value, errors);
      default -> {
        if (INTEGERS.contains(type)) {
          expect(value.isIntegralNumber() || value.isString()
              && value.stringValue().matches("-?\\d+"), at, "an integer", value, errors);
        } else if (enums.containsKey(type)) {
          List<String> values = enums.get(type);
          boolean known = value.isIntegralNumber() || value.isString() && values.stream()
              .anyMatch(v -> v.equalsIgnoreCase(value.stringValue()));
          if (!known) {
            errors.add(at + ": " + value + " is not a value of enum " + type + " " + values);
          }
        } else {
          checkMessage(type, value, at, errors);
        }
      }
    }
  }

  private static void expect(
      boolean ok, String at, String what, JsonNode value, List<String> errors) {
    if (!ok) {
      errors.add(at + ": expected " + what + ", got " + value);
    }
  }

  /** Resolves every field's type name once all files are read. */
  private void resolveTypes() {
    for (Map.Entry<String, Field> pending : unresolved) {
      MessageType message = messages.get(pending.getKey());
      Field field = pending.getValue();
      Field resolved = new Field(field.name(), field.jsonName(),
          resolve(field.type(), pending.getKey()), field.repeated(), field.mapKey(),
          field.oneof(), field.required());
      message.declared().set(message.declared().indexOf(field), resolved);
      message.fields().replaceAll((k, f) -> f == field ? resolved : f);
    }
    unresolved.clear();
  }

  /** Resolves a type name as protoc does: innermost scope first, then outwards. */
  private String resolve(String type, String scope) {
    if (type.startsWith(".")) {
      return type.substring(1);
    }
    for (String s = scope; ; s = s.contains(".") ? s.substring(0, s.lastIndexOf('.')) : "") {
      String candidate = s.isEmpty() ? type : s + "." + type;
      if (messages.containsKey(candidate) || enums.containsKey(candidate)) {
        return candidate;
      }
      if (s.isEmpty()) {
        return type; // from a proto not parsed, e.g. google.protobuf.Struct
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String lowerCamel(String name) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : name.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  /**
   * A small recursive-descent reader of the proto3 subset the Gemini protos use: package,
   * messages (nested), enums, fields with labels and options, oneofs, maps; services, options,
   * imports and reserved ranges are skipped.
   */
  private final class Parser {
    private static final Pattern TOKEN = Pattern.compile(
        "\\s+|//[^\\n]*|/\\*.*?\\*/|\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'"
            + "|[A-Za-z_][A-Za-z0-9_.]*|-?[0-9][A-Za-z0-9_.+-]*|\\.[A-Za-z_][A-Za-z0-9_.]*|.",
        Pattern.DOTALL);

    private final List<String> tokens = new ArrayList<>();
    private int at;
    private String pkg = "";

    Parser(String source) {
      Matcher m = TOKEN.matcher(source);
      while (m.find()) {
        String t = m.group();
        if (!t.isBlank() && !t.startsWith("//") && !t.startsWith("/*")) {
          tokens.add(t);
        }
      }
    }

    void parseFile() {
      while (at < tokens.size()) {
        String t = next();
        switch (t) {
          case "syntax", "import", "option" -> skipStatement();
          case "package" -> {
            pkg = next();
            expectToken(";");
          }
          case "message" -> parseMessage(pkg);
          case "enum" -> parseEnum(pkg);
          case "service", "extend" -> {
            next();
            skipBlock();
          }
          case ";" -> {}
          default -> throw new IllegalStateException("unexpected '" + t + "' at token " + at);
        }
      }
    }

    private void parseMessage(String scope) {
      String name = scope.isEmpty() ? next() : scope + "." + next();
      MessageType message = new MessageType(name, new LinkedHashMap<>(), new ArrayList<>());
      messages.put(name, message);
      expectToken("{");
      parseBody(message, null);
    }

    private void parseBody(MessageType message, String oneof) {
      while (true) {
        String t = next();
        switch (t) {
          case "}" -> {
            return;
          }
          case ";" -> {}
          case "message" -> parseMessage(message.name());
          case "enum" -> parseEnum(message.name());
          case "option", "reserved", "extensions" -> skipStatement();
          case "oneof" -> {
            String group = next();
            expectToken("{");
            parseBody(message, group);
          }
          default -> parseField(message, t, oneof);
        }
      }
    }

    private void parseField(MessageType message, String first, String oneof) {
      boolean repeated = false;
      String type = first;
      if (first.equals("optional") || first.equals("repeated") || first.equals("required")) {
        repeated = first.equals("repeated");
        type = next();
      }
      String mapKey = null;
      if (type.equals("map")) {
        expectToken("<");
        mapKey = next();
        expectToken(",");
        type = next();
        expectToken(">");
      }
      String name = next();
      expectToken("=");
      next(); // the number
      String jsonName = lowerCamel(name);
      boolean required = false;
      if (peek().equals("[")) {
        int depth = 0;
        List<String> options = new ArrayList<>();
        do {
          String t = next();
          depth += t.equals("[") || t.equals("{") ? 1 : t.equals("]") || t.equals("}") ? -1 : 0;
          options.add(t);
        } while (depth > 0);
        for (int i = 0; i < options.size(); i++) {
          if (options.get(i).equals("json_name") && options.get(i + 1).equals("=")) {
            String quoted = options.get(i + 2);
            jsonName = quoted.substring(1, quoted.length() - 1);
          }
          if (options.get(i).equals("REQUIRED")) {
            required = true;
          }
        }
      }
      expectToken(";");
      Field field = new Field(name, jsonName, type, repeated, mapKey, oneof, required);
      message.declared().add(field);
      message.fields().put(jsonName, field);
      message.fields().putIfAbsent(name, field);
      if (!isScalar(type)) {
        unresolved.add(Map.entry(message.name(), field));
      }
    }

    private void parseEnum(String scope) {
      String name = scope.isEmpty() ? next() : scope + "." + next();
      List<String> values = new ArrayList<>();
      expectToken("{");
      while (true) {
        String t = next();
        if (t.equals("}")) {
          break;
        }
        if (t.equals("option") || t.equals("reserved")) {
          skipStatement();
          continue;
        }
        if (t.equals(";")) {
          continue;
        }
        values.add(t);
        skipStatement();
      }
      enums.put(name, values);
    }

    private boolean isScalar(String type) {
      return INTEGERS.contains(type) || Set.of("string", "bytes", "bool", "float", "double")
          .contains(type);
    }

    private void skipStatement() {
      int depth = 0;
      while (true) {
        String t = next();
        if (t.equals("{") || t.equals("[") || t.equals("(")) {
          depth++;
        } else if (t.equals("}") || t.equals("]") || t.equals(")")) {
          depth--;
        } else if (t.equals(";") && depth == 0) {
          return;
        }
      }
    }

    private void skipBlock() {
      while (!peek().equals("{")) {
        next();
      }
      int depth = 0;
      do {
        String t = next();
        depth += t.equals("{") ? 1 : t.equals("}") ? -1 : 0;
      } while (depth > 0);
    }

    private String peek() {
      return at < tokens.size() ? tokens.get(at) : "";
    }

    private String next() {
      if (at >= tokens.size()) {
        throw new IllegalStateException("unexpected end of proto source");
      }
      return tokens.get(at++);
    }

    private void expectToken(String expected) {
      String t = next();
      if (!t.equals(expected)) {
        throw new IllegalStateException("expected '" + expected + "' but found '" + t
            + "' at token " + (at - 1) + " (" + String.join(" ",
                tokens.subList(Math.max(0, at - 8), Math.min(tokens.size(), at + 3))) + ")");
      }
    }
  }

  @Override
  public String toString() {
    return "GeminiProtos[" + messages.size() + " messages, " + enums.size() + " enums]";
  }
}
