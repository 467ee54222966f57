package dev.quarry.provider;

import dev.quarry.spi.ExtractMethod;
import dev.quarry.spi.Mapper;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.util.RawValue;

/**
 * One dialect of a method's schema, derived from the parsed schema and serialised once per method,
 * then spliced into every request body as prepared JSON ({@link RawValue}, written with {@code
 * JsonGenerator.writeRawValue}) instead of being walked and re-serialised on every attempt.
 *
 * <p>The text is exactly what serialising the derived tree inside the body would write (compact
 * JSON from {@link Mapper#JSON}), so a body built with the prepared schema is byte-for-byte the body
 * built with the tree. The two dialects that send the method's own text ({@link #PLAIN}, {@link
 * #STRICT_OR_PLAIN}) get that text by copying the schema token by token through {@link JsonBody}
 * (Jackson's escaping, and numbers as the tree holds them), with no tree and no mapper: a first
 * call need not build one. Anything the copy cannot vouch for (a repeated property, content after
 * the value, text that is not JSON) goes the tree's way, which also reports invalid JSON. Methods are held weakly: a hand-built {@link ExtractMethod} that is dropped
 * does not stay in memory. A derivation that throws (e.g. a schema a provider's dialect cannot
 * express) is not remembered and throws again on the next call. Thread-safe.
 */
public final class PreparedSchema {
  /** The method's schema as generated. */
  public static final PreparedSchema PLAIN =
      new PreparedSchema(ExtractMethod::schemaNode, ExtractMethod::schema);

  /** The strict schema when the method has one, else the plain one (OpenAI's APIs). */
  public static final PreparedSchema STRICT_OR_PLAIN = new PreparedSchema(method -> {
    JsonNode strict = method.strictSchemaNode();
    return strict != null ? strict : method.schemaNode();
  }, method -> method.strictSchema() != null ? method.strictSchema() : method.schema());

  /** Refuses a repeated property, which a tree would have collapsed: then the tree decides. */
  private static final JsonFactory COPYING =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final Function<ExtractMethod<?>, ? extends JsonNode> dialect;
  /** The text {@link #dialect} parses, when the dialect is a text of the method; else null. */
  private final Function<ExtractMethod<?>, String> text;
  private final Map<ExtractMethod<?>, RawValue> prepared =
      Collections.synchronizedMap(new WeakHashMap<>());
  private final AtomicLong derivations = new AtomicLong();

  /** A dialect: {@code dialect} turns a method into the schema a provider sends for it. */
  public PreparedSchema(Function<ExtractMethod<?>, ? extends JsonNode> dialect) {
    this(dialect, null);
  }

  private PreparedSchema(
      Function<ExtractMethod<?>, ? extends JsonNode> dialect,
      Function<ExtractMethod<?>, String> text) {
    this.dialect = dialect;
    this.text = text;
  }

  /** The method's schema in this dialect, serialised on first use and reused after. */
  public RawValue of(ExtractMethod<?> method) {
    if (method.compiled() != method) {
      // A call's view: the compiled method's text, with the call's labels spliced in.
      RawValue compiled = of(method.compiled());
      return method.labels().isEmpty()
          ? compiled
          : new RawValue(method.spliceLabels((String) compiled.rawValue()));
    }
    RawValue raw = prepared.get(method);
    if (raw == null) {
      // Two threads may both derive on a first call; both results are equal and one is kept.
      String copied = text == null ? null : copy(text.apply(method));
      raw = new RawValue(
          copied != null ? copied : Mapper.JSON.writeValueAsString(derive(method)));
      RawValue earlier = prepared.putIfAbsent(method, raw);
      if (earlier != null) {
        raw = earlier;
      }
    }
    return raw;
  }

  /** The method's schema in this dialect as a tree, derived afresh: what {@link #of} serialises. */
  public JsonNode derive(ExtractMethod<?> method) {
    derivations.incrementAndGet();
    return dialect.apply(method);
  }

  /**
   * {@code json} as {@code Mapper.JSON.writeValueAsString(readTree(json))} writes it, copied token
   * by token; {@code null} when the copy cannot be sure it is that (see the class comment).
   */
  static String copy(String json) {
    if (json == null) {
      return null;
    }
    try (JsonParser parser = COPYING.createParser(ObjectReadContext.empty(), json)) {
      if (parser.nextToken() == null) {
        return null;
      }
      String copied = JsonBody.write(out -> {
        int depth = 0;
        for (JsonToken token = parser.currentToken(); ; token = parser.nextToken()) {
          switch (token) {
            case START_OBJECT -> {
              out.writeStartObject();
              depth++;
            }
            case END_OBJECT -> {
              out.writeEndObject();
              depth--;
            }
            case START_ARRAY -> {
              out.writeStartArray();
              depth++;
            }
            case END_ARRAY -> {
              out.writeEndArray();
              depth--;
            }
            case PROPERTY_NAME -> out.writeName(parser.currentName());
            case VALUE_STRING -> out.writeString(parser.getString());
            case VALUE_NUMBER_INT -> {
              switch (parser.getNumberType()) {
                case INT, LONG -> out.writeNumber(parser.getLongValue());
                default -> out.writeRawValue(parser.getBigIntegerValue().toString());
              }
            }
            case VALUE_NUMBER_FLOAT -> out.writeNumber(parser.getDoubleValue());
            case VALUE_TRUE -> out.writeBoolean(true);
            case VALUE_FALSE -> out.writeBoolean(false);
            case VALUE_NULL -> out.writeNull();
            default -> throw new IllegalStateException("not a JSON token: " + token);
          }
          if (depth == 0) {
            return;
          }
        }
      });
      return parser.nextToken() == null ? copied : null; // content after the value: the tree's call
    } catch (JacksonException | IllegalStateException e) {
      return null;
    }
  }

  /** How many times a schema was derived in this dialect; for tests that it happens once. */
  public long derivations() {
    return derivations.get();
  }
}
