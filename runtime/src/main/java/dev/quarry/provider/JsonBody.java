package dev.quarry.provider;

import dev.quarry.spi.Mapper;
import java.util.Arrays;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.util.RawValue;

/**
 * Request bodies written straight to their text, field by field: no tree of nodes built only to be
 * serialised, no generator set up per body. Prepared schemas are spliced in as they are ({@link
 * #writeRawValue(RawValue)}).
 *
 * <p>The text is exactly what Jackson's generator writes for the same calls (compact; {@code "},
 * {@code \} and control characters escaped the way Jackson escapes them, every other character as
 * it is; doubles as {@link Double#toString(double)}), which {@code RequestBodyBytesTest} holds
 * every provider to and {@code JsonBodyTest} checks against Jackson for random strings. The
 * method names are {@code JsonGenerator}'s. Commas and colons are placed by the writer.
 *
 * <p>The characters go to a buffer kept per thread (up to {@value #KEPT} characters between
 * bodies), so a body costs its {@code String} and little else. Not thread-safe; {@link #write}
 * gives each body its own writer.
 *
 * <pre>{@code
 * String body = JsonBody.write(json -> {
 *   json.writeStartObject();
 *   json.writeStringProperty("model", "gpt-4o-mini");
 *   json.writeEndObject();
 * }); // {"model":"gpt-4o-mini"}
 * }</pre>
 */
public final class JsonBody {
  /** The largest buffer kept for the next body; larger ones (images, documents) are dropped. */
  private static final int KEPT = 1 << 15;
  private static final int INITIAL = 2048;
  private static final ThreadLocal<JsonBody> WRITERS = ThreadLocal.withInitial(JsonBody::new);
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private char[] chars = new char[INITIAL];
  private int length;
  /** Per open container: whether a value was written in it (the next one needs a comma). */
  private boolean[] written = new boolean[16];
  private int depth;
  /** A name was just written: the value follows its colon, with no comma. */
  private boolean afterName;
  private boolean inUse;

  private JsonBody() {}

  /** What writes a body: one JSON value, through the writer it is given. */
  @FunctionalInterface
  public interface Content {
    void write(JsonBody json);
  }

  /** The text that {@code content} writes. */
  public static String write(Content content) {
    JsonBody json = WRITERS.get();
    if (json.inUse) {
      json = new JsonBody(); // a body written while writing another
    }
    json.inUse = true;
    json.length = 0;
    json.depth = 0;
    json.afterName = false;
    try {
      content.write(json);
      if (json.depth != 0) {
        throw new IllegalStateException("a body left " + json.depth + " containers open");
      }
      return new String(json.chars, 0, json.length);
    } finally {
      json.inUse = false;
      if (json.chars.length > KEPT) {
        json.chars = new char[INITIAL];
      }
    }
  }

  // ------------------------------------------------------------------------ structure

  public void writeStartObject() {
    open('{');
  }

  public void writeEndObject() {
    close('}');
  }

  public void writeStartArray() {
    open('[');
  }

  public void writeEndArray() {
    close(']');
  }

  /** A field name; its value is written next. */
  public void writeName(String name) {
    if (depth > 0 && written[depth - 1]) {
      append(',');
    }
    if (depth > 0) {
      written[depth - 1] = true;
    }
    quoted(name);
    append(':');
    afterName = true;
  }

  // ------------------------------------------------------------------------ values

  /** A string; {@code null} as JSON's {@code null}, as Jackson writes it (and a tree did). */
  public void writeString(String value) {
    beforeValue();
    if (value == null) {
      appendText("null");
    } else {
      quoted(value);
    }
  }

  public void writeNumber(long value) {
    beforeValue();
    appendText(Long.toString(value));
  }

  /** As Jackson writes it: {@link Double#toString(double)}, a non-finite value as a string. */
  public void writeNumber(double value) {
    beforeValue();
    if (Double.isFinite(value)) {
      appendText(Double.toString(value));
    } else {
      quoted(Double.toString(value));
    }
  }

  public void writeBoolean(boolean value) {
    beforeValue();
    appendText(value ? "true" : "false");
  }

  public void writeNull() {
    beforeValue();
    appendText("null");
  }

  /** JSON text written as it is (the caller vouches for it). */
  public void writeRawValue(String json) {
    beforeValue();
    appendText(json);
  }

  /** Prepared JSON ({@link PreparedSchema}, {@link ParallelTools}), written as it is. */
  public void writeRawValue(RawValue value) {
    writeRawValue(String.valueOf(value.rawValue()));
  }

  /**
   * A tree (e.g. tool-call arguments read back to send them as an object), written as {@link
   * dev.quarry.spi.Mapper#JSON} writes it.
   */
  public void writeTree(JsonNode node) {
    writeRawValue(Mapper.JSON.writeValueAsString(node));
  }

  // ------------------------------------------------------------------------ properties

  public void writeStringProperty(String name, String value) {
    writeName(name);
    writeString(value);
  }

  /** The property only when {@code value} is not null. */
  public void writeStringPropertyIfPresent(String name, String value) {
    if (value != null) {
      writeStringProperty(name, value);
    }
  }

  public void writeNumberProperty(String name, long value) {
    writeName(name);
    writeNumber(value);
  }

  public void writeNumberProperty(String name, double value) {
    writeName(name);
    writeNumber(value);
  }

  public void writeBooleanProperty(String name, boolean value) {
    writeName(name);
    writeBoolean(value);
  }

  public void writeNullProperty(String name) {
    writeName(name);
    writeNull();
  }

  public void writeRawProperty(String name, RawValue value) {
    writeName(name);
    writeRawValue(value);
  }

  public void writeTreeProperty(String name, JsonNode node) {
    writeName(name);
    writeTree(node);
  }

  // ------------------------------------------------------------------------ text

  private void open(char bracket) {
    beforeValue();
    append(bracket);
    if (depth == written.length) {
      written = Arrays.copyOf(written, depth * 2);
    }
    written[depth++] = false;
  }

  private void close(char bracket) {
    if (depth == 0 || afterName) {
      throw new IllegalStateException("'" + bracket + "' with no container to close"
          + (afterName ? " (a name is waiting for its value)" : ""));
    }
    depth--;
    append(bracket);
  }

  private void beforeValue() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (depth > 0) {
      if (written[depth - 1]) {
        append(',');
      }
      written[depth - 1] = true;
    }
  }

  /** {@code text} in quotes, escaped as Jackson escapes it by default. */
  private void quoted(String text) {
    int n = text.length();
    ensure(n + 2);
    chars[length++] = '"';
    int start = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      text.getChars(start, i, grow(i - start), length);
      length += i - start;
      escape(c);
      start = i + 1;
    }
    text.getChars(start, n, grow(n - start + 1), length);
    length += n - start;
    chars[length++] = '"';
  }

  private void escape(char c) {
    char shortForm = switch (c) {
      case '"' -> '"';
      case '\\' -> '\\';
      case '\b' -> 'b';
      case '\t' -> 't';
      case '\f' -> 'f';
      case '\n' -> 'n';
      case '\r' -> 'r';
      default -> 0;
    };
    if (shortForm != 0) {
      ensure(2);
      chars[length++] = '\\';
      chars[length++] = shortForm;
    } else {
      ensure(6);
      chars[length++] = '\\';
      chars[length++] = 'u';
      chars[length++] = '0';
      chars[length++] = '0';
      chars[length++] = HEX[c >> 4];
      chars[length++] = HEX[c & 0xF];
    }
  }

  private void append(char c) {
    ensure(1);
    chars[length++] = c;
  }

  private void appendText(String text) {
    int n = text.length();
    text.getChars(0, n, grow(n), length);
    length += n;
  }

  /** The buffer, with room for {@code more} characters. */
  private char[] grow(int more) {
    ensure(more);
    return chars;
  }

  private void ensure(int more) {
    if (length + more > chars.length) {
      chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + more));
    }
  }
}
