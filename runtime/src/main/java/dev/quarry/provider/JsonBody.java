package dev.quarry.provider;

import java.io.Writer;
import java.util.Arrays;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.SerializableString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.util.RawValue;

/**
 * Request bodies written straight to their text with Jackson's streaming {@link JsonGenerator}: no
 * tree of nodes built only to be serialised, and no databind on the way. Prepared schemas are
 * spliced in raw ({@link #raw}). The text is exactly what building the same fields as an {@code
 * ObjectNode} tree and writing it with {@link Wire#JSON} gives (the same generator, compact, in
 * the order written), which {@code RequestBodyBytesTest} holds every provider to.
 *
 * <p>The characters go to a buffer kept per thread (up to {@value #KEPT} characters between
 * calls), so a body costs its {@code String} and little else. Thread-safe.
 */
public final class JsonBody {
  /** Streaming only: no databind context per generator. */
  private static final JsonFactory FACTORY = new JsonFactory();
  /** The largest buffer kept for the next body; larger ones (images, documents) are dropped. */
  private static final int KEPT = 1 << 15;
  private static final ThreadLocal<Sink> SINKS = ThreadLocal.withInitial(Sink::new);

  private JsonBody() {}

  /** What writes a body: one JSON value, through the generator it is given. */
  @FunctionalInterface
  public interface Content {
    void write(JsonGenerator json);
  }

  /** The text that {@code content} writes. */
  public static String write(Content content) {
    Sink sink = SINKS.get();
    if (sink.inUse) {
      sink = new Sink(); // a body written while writing another
    }
    sink.inUse = true;
    sink.length = 0;
    try {
      try (JsonGenerator json = FACTORY.createGenerator(ObjectWriteContext.empty(), sink)) {
        content.write(json);
      }
      return new String(sink.chars, 0, sink.length);
    } finally {
      sink.inUse = false;
      if (sink.chars.length > KEPT) {
        sink.chars = new char[Sink.INITIAL];
      }
    }
  }

  /** The property {@code name} with prepared JSON as its value, written as it is. */
  public static void raw(JsonGenerator json, String name, RawValue value) {
    json.writeName(name);
    raw(json, value);
  }

  /** Prepared JSON, written as it is. */
  public static void raw(JsonGenerator json, RawValue value) {
    Object raw = value.rawValue();
    if (raw instanceof SerializableString serializable) {
      json.writeRawValue(serializable);
    } else {
      json.writeRawValue(String.valueOf(raw));
    }
  }

  /**
   * A tree (e.g. tool-call arguments read back to send them as an object), written as {@link
   * Wire#JSON} writes it.
   */
  public static void tree(JsonGenerator json, JsonNode node) {
    json.writeRawValue(Wire.JSON.writeValueAsString(node));
  }

  /** The property {@code name} with the string {@code value}, only when the value is not null. */
  public static void stringIfPresent(JsonGenerator json, String name, String value) {
    if (value != null) {
      json.writeStringProperty(name, value);
    }
  }

  /** A growable character buffer, reused by one thread for body after body. */
  private static final class Sink extends Writer {
    static final int INITIAL = 2048;
    char[] chars = new char[INITIAL];
    int length;
    boolean inUse;

    private void ensure(int more) {
      if (length + more > chars.length) {
        chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + more));
      }
    }

    @Override
    public void write(char[] source, int offset, int count) {
      ensure(count);
      System.arraycopy(source, offset, chars, length, count);
      length += count;
    }

    @Override
    public void write(int c) {
      ensure(1);
      chars[length++] = (char) c;
    }

    @Override
    public void write(String source, int offset, int count) {
      ensure(count);
      source.getChars(offset, offset + count, chars, length);
      length += count;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
