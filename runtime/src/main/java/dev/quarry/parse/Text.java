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

  /**
   * The numbers in prose: {@code values} holds each number written as a word of its own ("42",
   * "-3.5", "1,234", "$12", "42%", "42." at the end of a sentence), equal values once, in the
   * order first met, at most {@code max} of them; {@code joined} is the first run of digits that
   * is part of a word or joined to another number ("3rd", "v2", "5kg", "10:30", "2024-05-01",
   * "1/3"), or null when there is none. Linear in the text.
   */
  record ProseNumbers(List<String> values, String joined) {}

  static ProseNumbers numbersInProse(String s, int max) {
    List<String> values = new ArrayList<>();
    List<BigDecimal> seen = new ArrayList<>();
    int len = s.length();
    int i = 0;
    while (i < len && values.size() < max) {
      if (!isDigit(s.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      if (start > 0 && (s.charAt(start - 1) == '-' || s.charAt(start - 1) == '+')
          && (start == 1 || !Character.isLetterOrDigit(s.charAt(start - 2)))) {
        start--; // a sign of its own, not a hyphen inside a word ("COVID-19")
      }
      int j = i;
      while (j < len && isDigit(s.charAt(j))) {
        j++;
      }
      while (j + 3 < len && s.charAt(j) == ',' && isDigit(s.charAt(j + 1))
          && isDigit(s.charAt(j + 2)) && isDigit(s.charAt(j + 3))
          && (j + 4 == len || !isDigit(s.charAt(j + 4)))) {
        j += 4; // thousands separators: 1,234,567
      }
      if (j + 1 < len && s.charAt(j) == '.' && isDigit(s.charAt(j + 1))) {
        j++;
        while (j < len && isDigit(s.charAt(j))) {
          j++;
        }
      }
      if (j < len && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
        int k = j + 1;
        if (k < len && (s.charAt(k) == '-' || s.charAt(k) == '+')) {
          k++;
        }
        if (k < len && isDigit(s.charAt(k))) {
          j = k;
          while (j < len && isDigit(s.charAt(j))) {
            j++;
          }
        }
      }
      boolean joinedBefore = start > 0 && (Character.isLetterOrDigit(s.charAt(start - 1))
          || (isJoiner(s.charAt(start - 1)) && start > 1
              && Character.isLetterOrDigit(s.charAt(start - 2))));
      boolean joinedAfter = j < len && (Character.isLetterOrDigit(s.charAt(j))
          || (isJoiner(s.charAt(j)) && j + 1 < len && Character.isLetterOrDigit(s.charAt(j + 1))));
      if (joinedBefore || joinedAfter) {
        int a = start;
        while (a > 0 && !Character.isWhitespace(s.charAt(a - 1)) && start - a < 20) {
          a--;
        }
        int b = j;
        while (b < len && !Character.isWhitespace(s.charAt(b)) && b - j < 20) {
          b++;
        }
        return new ProseNumbers(values, s.substring(a, b));
      }
      String literal = s.substring(start, j).replace(",", "");
      if (literal.charAt(0) == '+') {
        literal = literal.substring(1);
      }
      BigDecimal v = Numbers.outOfRange(literal) == null ? Numbers.parse(literal) : null;
      boolean repeat = false;
      for (int k = 0; k < seen.size() && v != null; k++) {
        repeat |= seen.get(k) != null && seen.get(k).compareTo(v) == 0;
      }
      if (!repeat) {
        values.add(literal);
        seen.add(v);
      }
      i = j;
    }
    return new ProseNumbers(values, null);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Characters that join a run of digits to the word or number next to it. */
  private static boolean isJoiner(char c) {
    return c == '-' || c == '.' || c == ',' || c == ':' || c == '/' || c == '_' || c == '\'';
  }
}
