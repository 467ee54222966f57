package dev.quarry.read;

/**
 * The strict JSON lexing that the runtime's two scanners of our own share: the generated
 * readers' cursor ({@code JsonCursor}) and the provider replies' ({@code
 * dev.quarry.provider.ReplyShape}). Both accept what Jackson accepts by default and nothing more,
 * so where a string ends, which escapes are legal and what they decode to is decided here, once.
 *
 * <p>Internal: public only so that {@code ReplyShape}, in another package, can use it.
 */
public final class StrictJson {
  /** What {@link #stringEnd} returns for a string that is not strict JSON, or too long. */
  public static final int REFUSED = -1;

  /** Past this offset a closing quote cannot be packed into {@link #stringEnd}'s answer. */
  private static final int MAX_OFFSET = (1 << 30) - 1;

  private StrictJson() {}

  /**
   * From the opening quote at {@code quote}: where the string ends, checking every escape (hex
   * digits ASCII only) and refusing raw control characters, as Jackson does. In a property name
   * ({@code name}) an escaped surrogate is refused unless it is an escaped high one followed at
   * once by an escaped low one: Jackson's rule for names (values and raw surrogates it does not
   * check).
   *
   * @param limit the most characters the string may hold
   * @return {@link #REFUSED}, or the closing quote's index and whether an escape came before it,
   *     packed into one {@code int} (no object on the scanners' path): read them with {@link
   *     #close} and {@link #escaped}
   */
  public static int stringEnd(String text, int quote, int limit, boolean name) {
    int end = text.length();
    boolean escaped = false;
    boolean lowSurrogateNext = false;
    int last = (int) Math.min(Math.min(end, MAX_OFFSET), (long) quote + 1 + limit);
    for (int i = quote + 1; i < last; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        return lowSurrogateNext ? REFUSED : i << 1 | (escaped ? 1 : 0);
      }
      if (c == '\\') {
        escaped = true;
        if (++i >= end) {
          return REFUSED;
        }
        char e = text.charAt(i);
        if (e == 'u') {
          if (i + 4 >= end) {
            return REFUSED;
          }
          int unit = 0;
          for (int k = 1; k <= 4; k++) {
            int digit = hex(text.charAt(i + k));
            if (digit < 0) {
              return REFUSED;
            }
            unit = unit << 4 | digit;
          }
          i += 4;
          if (name) {
            if (Character.isLowSurrogate((char) unit) != lowSurrogateNext) {
              return REFUSED;
            }
            lowSurrogateNext = Character.isHighSurrogate((char) unit);
            continue;
          }
        } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n'
            && e != 'r' && e != 't') {
          return REFUSED;
        }
      } else if (c < 0x20) {
        return REFUSED;
      }
      if (lowSurrogateNext) {
        return REFUSED;
      }
    }
    return REFUSED;
  }

  /** The closing quote's index, from a {@link #stringEnd} that did not refuse. */
  public static int close(int stringEnd) {
    return stringEnd >>> 1;
  }

  /** Whether the string had an escape, from a {@link #stringEnd} that did not refuse. */
  public static boolean escaped(int stringEnd) {
    return (stringEnd & 1) != 0;
  }

  /**
   * The slot of {@code text}'s characters {@code from} to {@code to} in a table of {@code slots}
   * (a power of two) entries: the scanners' small lock-free tables of strings seen before (names,
   * model names) look a region up here without making its {@code String}. The hash is {@link
   * String#hashCode}'s, spread over the low bits.
   */
  public static int slot(String text, int from, int to, int slots) {
    int hash = 0;
    for (int i = from; i < to; i++) {
      hash = 31 * hash + text.charAt(i);
    }
    return (hash ^ hash >>> 16) & (slots - 1);
  }

  /** Whether {@code known} is exactly {@code text}'s characters {@code from} to {@code to}. */
  public static boolean sameText(String known, String text, int from, int to) {
    return known.length() == to - from && text.startsWith(known, from);
  }

  /** An ASCII hex digit's value, -1 for anything else (Jackson takes no other digits). */
  public static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    int lower = c | 0x20;
    return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
  }

  /**
   * Appends to {@code out} the characters of {@code text} from {@code from} to {@code to}, a
   * string's content that {@link #stringEnd} checked, with its escapes decoded.
   */
  public static StringBuilder decode(String text, int from, int to, StringBuilder out) {
    int run = from;
    for (int i = from; i < to; i++) {
      if (text.charAt(i) != '\\') {
        continue;
      }
      out.append(text, run, i);
      char e = text.charAt(++i);
      switch (e) {
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          out.append((char) (hex(text.charAt(i + 1)) << 12 | hex(text.charAt(i + 2)) << 8
              | hex(text.charAt(i + 3)) << 4 | hex(text.charAt(i + 4))));
          i += 4;
        }
        default -> out.append(e); // " \ /
      }
      run = i + 1;
    }
    return out.append(text, run, to);
  }
}
