package dev.quarry.provider;

import dev.quarry.spi.ExtractMethod;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.util.RawValue;

/**
 * One dialect of a method's schema, derived from the parsed schema and serialised once per method,
 * then spliced into every request body as prepared JSON ({@link RawValue}, written with {@code
 * JsonGenerator.writeRawValue}) instead of being walked and re-serialised on every attempt.
 *
 * <p>The text is exactly what serialising the derived tree inside the body would write (compact
 * JSON from {@link Wire#JSON}), so a body built with the prepared schema is byte-for-byte the body
 * built with the tree. Methods are held weakly: a hand-built {@link ExtractMethod} that is dropped
 * does not stay in memory. A derivation that throws (e.g. a schema a provider's dialect cannot
 * express) is not remembered and throws again on the next call. Thread-safe.
 */
public final class PreparedSchema {
  /** The method's schema as generated. */
  public static final PreparedSchema PLAIN = new PreparedSchema(ExtractMethod::schemaNode);

  /** The strict schema when the method has one, else the plain one (OpenAI's APIs). */
  public static final PreparedSchema STRICT_OR_PLAIN = new PreparedSchema(method -> {
    JsonNode strict = method.strictSchemaNode();
    return strict != null ? strict : method.schemaNode();
  });

  private final Function<ExtractMethod<?>, ? extends JsonNode> dialect;
  private final Map<ExtractMethod<?>, RawValue> prepared =
      Collections.synchronizedMap(new WeakHashMap<>());
  private final AtomicLong derivations = new AtomicLong();

  /** A dialect: {@code dialect} turns a method into the schema a provider sends for it. */
  public PreparedSchema(Function<ExtractMethod<?>, ? extends JsonNode> dialect) {
    this.dialect = dialect;
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
      raw = new RawValue(Wire.JSON.writeValueAsString(derive(method)));
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

  /** How many times a schema was derived in this dialect; for tests that it happens once. */
  public long derivations() {
    return derivations.get();
  }
}
