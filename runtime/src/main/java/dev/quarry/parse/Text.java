package dev.quarry.parse;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Text helpers for matching what a model wrote against names the schema declares. */
final class Text {
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
  private static final Pattern GROUPED = Pattern.compile("[-+]?\\d{1,3}(,\\d{3})+(\\.\\d+)?");

  private Text() {}

  /**
   * Folds text for comparison: case, accents and punctuation do not matter, runs of anything
   * that is not a letter or digit become one space. "Señor-José" and "SENOR jose" fold alike.
   */
  static String fold(String s) {
    String d = Normalizer.normalize(s, Normalizer.Form.NFD);
    StringBuilder b = new StringBuilder(d.length());
    boolean space = true;
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      int type = Character.getType(c);
      if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
          || type == Character.ENCLOSING_MARK) {
        continue;
      }
      String repl = null;
      switch (c) {
        case '\u00df': repl = "ss"; break;
        case '\u00e6': case '\u00c6': repl = "ae"; break;
        case '\u0153': case '\u0152': repl = "oe"; break;
        case '\u00f8': case '\u00d8': repl = "o"; break;
        case '\u0142': case '\u0141': repl = "l"; break;
        default: break;
      }
      if (repl != null) {
        b.append(repl);
        space = false;
      } else if (Character.isLetterOrDigit(c)) {
        b.append(Character.toLowerCase(c));
        space = false;
      } else if (!space) {
        b.append(' ');
        space = true;
      }
    }
    int len = b.length();
    if (len > 0 && b.charAt(len - 1) == ' ') {
      b.setLength(len - 1);
    }
    return b.toString().toLowerCase(Locale.ROOT);
  }

  /**
   * Folds a field name for matching: like {@link #fold}, and word boundaries do not matter
   * either, so that {@code firstName}, {@code first_name}, {@code First-Name} and
   * {@code FIRST NAME} fold alike.
   */
  static String foldName(String s) {
    String f = fold(s);
    return f.indexOf(' ') < 0 ? f : f.replace(" ", "");
  }

  /** Whole-word occurrences of folded {@code name} in folded {@code haystack}: [start, end) pairs. */
  static List<int[]> occurrences(String haystack, String name) {
    List<int[]> spans = new ArrayList<>();
    if (name.isEmpty()) {
      return spans;
    }
    String h = " " + haystack + " ";
    String n = " " + name + " ";
    int from = 0;
    while (true) {
      int i = h.indexOf(n, from);
      if (i < 0) {
        return spans;
      }
      spans.add(new int[] {i, i + n.length() - 1});
      from = i + 1;
    }
  }

  /**
   * A number written as text: "42", " 3.5 ", "1,234.50", "$12", "1_000". Returns null for
   * anything else ("N/A", "12 apples", "1/3"): those are not unambiguous.
   *
   * @throws Numbers.OutOfRange when the text is a number too large (or too long) to read
   */
  static BigDecimal number(String s) {
    String t = s.strip().replace("_", "");
    if (!t.isEmpty() && "$\u20ac\u00a3\u00a5".indexOf(t.charAt(0)) >= 0) {
      t = t.substring(1).strip();
    }
    if (GROUPED.matcher(t).matches()) {
      t = t.replace(",", "");
    }
    if (!NUMBER.matcher(t).matches()) {
      return null;
    }
    return Numbers.parse(t);
  }

  /** Like {@link #number}, with {@code null} also for a number too large to read. */
  static BigDecimal numberOrNull(String s) {
    try {
      return number(s);
    } catch (Numbers.OutOfRange e) {
      return null;
    }
  }
}
