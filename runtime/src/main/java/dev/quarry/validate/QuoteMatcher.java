package dev.quarry.validate;

/**
 * Finds a quote in a text the way a reader would: case, runs of whitespace, typographic quotes
 * and dashes do not matter, nor a leading or trailing ellipsis. The text is folded once; each
 * search is linear (Knuth–Morris–Pratt), and the closest passage to a quote that is not there is
 * found in one pass over the text with a window of the quote's length, scoring the four-letter
 * pieces the two share. The closest-passage search reads at most {@link #MAX_SCAN} characters
 * and the first {@link #MAX_QUOTE} of the quote, so its work is bounded however large the text.
 */
public final class QuoteMatcher {
  /** Characters of the folded text searched for the closest passage. */
  static final int MAX_SCAN = 4_000_000;
  /** Characters of the folded quote used to find the closest passage. */
  static final int MAX_QUOTE = 2_000;
  private static final int GRAM = 4;

  private final char[] text;
  private final int[] offsets; // offsets[i]: the original index of folded char i
  private final int length;
  private final CharSequence original;

  public QuoteMatcher(CharSequence original) {
    this.original = original;
    Folded folded = fold(original);
    this.text = folded.chars;
    this.offsets = folded.offsets;
    this.length = folded.length;
  }

  /**
   * The original {@code [start, end)} of the first occurrence of {@code quote}, or {@code null}
   * when it does not occur or is empty once folded.
   */
  public int[] find(String quote) {
    Folded q = foldQuote(quote);
    if (q.length == 0 || q.length > length) {
      return null;
    }
    int at = indexOf(q.chars, q.length);
    return at < 0 ? null : new int[] {offsets[at], offsets[at + q.length - 1] + 1};
  }

  /** Whether {@code quote} has nothing left to search for once folded (blank, or just "..."). */
  public static boolean isEmpty(String quote) {
    return foldQuote(quote).length == 0;
  }

  /**
   * The passage of the text most like {@code quote}, widened to whole words, whitespace
   * collapsed, at most about the quote's length plus a few words; {@code null} when no piece of
   * the text resembles it.
   */
  public String closest(String quote) {
    Folded q = foldQuote(quote);
    int m = Math.min(q.length, MAX_QUOTE);
    int n = Math.min(length, MAX_SCAN);
    if (m == 0 || n == 0) {
      return null;
    }
    int gram = Math.min(GRAM, m);
    GramTable grams = new GramTable(m);
    for (int i = 0; i + gram <= m; i++) {
      grams.add(code(q.chars, i, gram));
    }
    int window = Math.min(m, n);
    int[] seen = new int[grams.size()];
    int overlap = 0;
    int best = 0;
    int bestStart = 0;
    // Grams starting in [start, start + window - gram] lie inside the window at start.
    int last = window - gram;
    for (int i = 0; i <= last; i++) {
      int slot = grams.slot(code(text, i, gram));
      if (slot >= 0 && ++seen[slot] <= grams.count(slot)) {
        overlap++;
      }
    }
    best = overlap;
    for (int start = 1; start + window <= n; start++) {
      int out = grams.slot(code(text, start - 1, gram));
      if (out >= 0 && seen[out]-- <= grams.count(out)) {
        overlap--;
      }
      int in = grams.slot(code(text, start + last, gram));
      if (in >= 0 && ++seen[in] <= grams.count(in)) {
        overlap++;
      }
      if (overlap > best) {
        best = overlap;
        bestStart = start;
      }
    }
    if (best == 0) {
      return null;
    }
    // A little context on both sides: a passage that differs in length from the quote still shows.
    int margin = window / 4;
    int from = offsets[Math.max(0, bestStart - margin)];
    int to = offsets[Math.min(length, bestStart + window + margin) - 1] + 1;
    int slack = 40;
    int limit = Math.max(0, from - slack);
    while (from > limit && !Character.isWhitespace(original.charAt(from - 1))) {
      from--;
    }
    limit = Math.min(original.length(), to + slack);
    while (to < limit && !Character.isWhitespace(original.charAt(to))) {
      to++;
    }
    String passage = original.subSequence(from, to).toString().replaceAll("\\s+", " ").strip();
    return passage.length() > 400 ? passage.substring(0, 400) + "..." : passage;
  }

  private int indexOf(char[] pattern, int m) {
    int[] fail = new int[m];
    for (int i = 1, k = 0; i < m; i++) {
      while (k > 0 && pattern[i] != pattern[k]) {
        k = fail[k - 1];
      }
      if (pattern[i] == pattern[k]) {
        k++;
      }
      fail[i] = k;
    }
    for (int i = 0, k = 0; i < length; i++) {
      while (k > 0 && text[i] != pattern[k]) {
        k = fail[k - 1];
      }
      if (text[i] == pattern[k]) {
        k++;
      }
      if (k == m) {
        return i - m + 1;
      }
    }
    return -1;
  }

  private static long code(char[] chars, int at, int gram) {
    long code = 0;
    for (int i = 0; i < gram; i++) {
      code = code << 16 | chars[at + i];
    }
    return code;
  }

  /** Text folded for matching, with each folded char's index in the original. */
  private record Folded(char[] chars, int[] offsets, int length) {}

  private static Folded foldQuote(String quote) {
    String q = strip(quote);
    // Models mark a quote taken from inside a sentence with an ellipsis or wrap it in quotes.
    boolean changed = true;
    while (changed && !q.isEmpty()) {
      changed = false;
      for (String mark : new String[] {"...", "\u2026"}) {
        if (q.startsWith(mark)) {
          q = strip(q.substring(mark.length()));
          changed = true;
        }
        if (q.endsWith(mark)) {
          q = strip(q.substring(0, q.length() - mark.length()));
          changed = true;
        }
      }
      if (q.length() >= 2 && isQuoteMark(fold(q.charAt(0))) && fold(q.charAt(0)) == fold(q.charAt(q.length() - 1))) {
        q = strip(q.substring(1, q.length() - 1));
        changed = true;
      }
    }
    return fold(q);
  }

  /**
   * {@code s} without leading and trailing space as {@link #fold} counts it: {@link
   * String#strip} keeps a no-break space, so a quote of {@code "\u00A0…"} would not be seen
   * as an ellipsis alone, yet fold drops the space and searches for the ellipsis itself.
   */
  private static String strip(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && isSpace(s.charAt(from))) {
      from++;
    }
    while (to > from && isSpace(s.charAt(to - 1))) {
      to--;
    }
    return s.substring(from, to);
  }

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  private static boolean isQuoteMark(char c) {
    return c == '"' || c == '\'';
  }

  private static Folded fold(CharSequence s) {
    int n = s.length();
    char[] chars = new char[n];
    int[] offsets = new int[n];
    int length = 0;
    int pendingSpace = -1;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (isSpace(c)) {
        if (pendingSpace < 0) {
          pendingSpace = i;
        }
        continue;
      }
      if (pendingSpace >= 0 && length > 0) {
        chars[length] = ' ';
        offsets[length++] = pendingSpace;
      }
      pendingSpace = -1;
      chars[length] = fold(c);
      offsets[length++] = i;
    }
    return new Folded(chars, offsets, length);
  }

  private static char fold(char c) {
    switch (c) {
      case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '`', '\u00B4':
        return '\'';
      case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033', '\u00AB', '\u00BB':
        return '"';
      case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
        return '-';
      default:
        return Character.toLowerCase(c);
    }
  }

  /** The quote's distinct grams with their counts; open addressing, no boxing. */
  private static final class GramTable {
    private final long[] keys;
    private final int[] slots;
    private final int[] counts;
    private int size;

    GramTable(int grams) {
      int capacity = Integer.highestOneBit(Math.max(4, grams * 2)) << 1;
      keys = new long[capacity];
      slots = new int[capacity];
      java.util.Arrays.fill(slots, -1);
      counts = new int[Math.max(1, grams)];
    }

    void add(long key) {
      int i = index(key);
      if (slots[i] < 0) {
        keys[i] = key;
        slots[i] = size++;
      }
      counts[slots[i]]++;
    }

    int slot(long key) {
      return slots[index(key)];
    }

    int count(int slot) {
      return counts[slot];
    }

    int size() {
      return Math.max(1, size);
    }

    private int index(long key) {
      int mask = keys.length - 1;
      int i = (int) (key ^ key >>> 29 ^ key >>> 47) * 0x9E3779B1 & mask;
      while (slots[i] >= 0 && keys[i] != key) {
        i = i + 1 & mask;
      }
      return i;
    }
  }
}
