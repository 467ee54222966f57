package dev.quarry.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds every plausible value in a model's output, best guess first: the contents of each
 * Markdown fence (any language tag), the output read as a whole, every object or array embedded
 * in prose, several top-level values taken together as an array, and, when the schema may want
 * it, the raw text itself. The aligner then picks the one that fits the schema.
 */
final class CandidateFinder {
  static final int FENCED = 0;
  static final int WHOLE = 0;
  static final int EMBEDDED = 1;
  static final int SEVERAL = 1;
  static final int RAW_TEXT = 3;
  /**
   * The most candidates tried: the best-placed come first (fences, the whole output, embedded
   * values in order), so text with thousands of values ({@code {}{}{}...}) costs the reading
   * and at most this many alignments, plus the arrays that collect them.
   */
  static final int MAX_CANDIDATES = 64;

  private final String text;
  private final boolean partial;
  private final List<Candidate> out = new ArrayList<>();
  /** Objects and arrays in the whole output, found before fences are looked at. */
  private List<Node> embeddedFound = List.of();
  /** The values of the whole output read as a sequence (empty when it was not). */
  private List<Node> wholeValues = List.of();
  /** Whether {@link #embeddedFound} holds values of the whole reading itself. */
  private boolean shared;
  /** The first reason the reader gave up, reported when no candidate is found at all. */
  private ParseException readerError;
  private final Work work;
  /** One rescan budget for every reader of the text: cutting strings back stays linear. */
  private final long[] rescanBudget;

  private CandidateFinder(String text, boolean partial, Work work) {
    this.text = text;
    this.partial = partial;
    this.work = work;
    this.rescanBudget = new long[] {2L * text.length() + 1024};
  }

  private void add(Candidate c) {
    if (out.size() < MAX_CANDIDATES) {
      out.add(c);
    } else {
      work.dropped++;
    }
  }

  private boolean full() {
    return out.size() >= MAX_CANDIDATES;
  }

  private LenientReader reader(int from, int to) {
    work.readers++;
    return new LenientReader(text, from, to, partial, rescanBudget);
  }

  private void done(LenientReader r) {
    work.readChars += r.work();
  }

  /** The candidates, best first; when there are none, the reader's own refusal if it had one. */
  static List<Candidate> find(String text, boolean partial, boolean rawText, Work work) {
    CandidateFinder f = new CandidateFinder(text, partial, work);
    // the whole output is read first, so that the embedded scan takes the values it found
    // instead of reading each of them a second time (its candidates still come in their place)
    Whole all = f.readWhole(0, text.length());
    f.embeddedFound = f.scan(0, text.length(),
        all == null || all.values == null ? List.of() : all.values);
    String lead = text.stripLeading();
    boolean jsonFirst = !lead.isEmpty() && (lead.charAt(0) == '{' || lead.charAt(0) == '[');
    if (jsonFirst) {
      // the output opens as JSON: a ``` further on is most likely inside one of its strings
      f.addWhole(all, WHOLE, "the output");
      f.fences(1);
    } else {
      f.fences(0);
      f.addWhole(all, WHOLE, "the output");
    }
    if (all != null && all.values != null) {
      f.wholeValues = all.values;
    }
    if (!sameValues(f.wholeValues, f.embeddedFound)) {
      // the embedded scan found the very values the whole reading did: trying them again
      // (and collecting them into a second array) would double the work and change nothing.
      // Otherwise its values become candidates of their own, with repairs of their own: the
      // ones it shares with the whole reading are read afresh
      if (f.shared) {
        f.embeddedFound = f.scan(0, text.length(), List.of());
      }
      f.embedded(0, text.length(), EMBEDDED, "the output");
    }
    String trimmed = text.strip();
    if (rawText && !trimmed.isEmpty()) {
      int start = text.indexOf(trimmed.charAt(0));
      Node raw = Node.string(trimmed, true, start, start + trimmed.length());
      f.out.add(new Candidate(raw, RAW_TEXT, "the raw text")); // always, beyond the cap
    }
    work.candidates = f.out.size();
    if (f.out.isEmpty() && f.readerError != null) {
      throw f.readerError;
    }
    return f.out;
  }

  /**
   * ```lang ... ``` and ~~~lang ... ~~~ blocks (Markdown's two fence characters; a block closes
   * with the marker it opened with); an unclosed last fence runs to the end of the text.
   */
  private void fences(int extra) {
    int from = 0;
    int index = 0;
    while (from < text.length()) {
      int open = nextFence(from);
      if (open < 0) {
        return;
      }
      String marker = text.substring(open, open + 3);
      if (insideEmbeddedValue(open)) {
        from = open + 3; // a fence inside a JSON string is text, not a fence
        continue;
      }
      int p = open + 3;
      while (p < text.length() && p - open < 40 && !LenientReader.isSpace(text.charAt(p))
          && text.charAt(p) != '{' && text.charAt(p) != '[' && text.charAt(p) != marker.charAt(0)) {
        p++;
      }
      int bodyStart = p;
      int close = closingFence(bodyStart, marker);
      int bodyEnd = close < 0 ? text.length() : close;
      String origin = "fenced block " + (index + 1);
      int before = out.size();
      whole(bodyStart, bodyEnd, FENCED + extra + index, origin);
      embedded(bodyStart, bodyEnd, FENCED + extra + index + 1, origin);
      for (int i = before; i < out.size(); i++) {
        out.get(i).node().repair("took the value from a Markdown " + marker + " block");
      }
      index++;
      from = close < 0 ? text.length() : close + 3;
    }
  }

  /** Where the next ``` and ~~~ were found (-1: none left), so that each is scanned for once. */
  private int backticks = -2;
  private int tildes = -2;

  /**
   * The next ``` or ~~~ at or after {@code from}, or -1. Each marker's position is kept until the
   * scan passes it: many fences of one kind do not rescan the text for the other.
   */
  private int nextFence(int from) {
    if (backticks != -1 && backticks < from) {
      backticks = text.indexOf("```", from);
    }
    if (tildes != -1 && tildes < from) {
      tildes = text.indexOf("~~~", from);
    }
    if (backticks < 0 || tildes < 0) {
      return Math.max(backticks, tildes);
    }
    return Math.min(backticks, tildes);
  }

  /** The next {@code marker} that starts a line (a fence inside a string is usually mid-line). */
  private int closingFence(int from, String marker) {
    int p = from;
    while (true) {
      int f = text.indexOf(marker, p);
      if (f < 0) {
        return -1;
      }
      int q = f - 1;
      while (q >= from && (text.charAt(q) == ' ' || text.charAt(q) == '\t')) {
        q--;
      }
      if (q < from || text.charAt(q) == '\n') {
        return f;
      }
      p = f + 3;
    }
  }

  /** The region read as one value, or as several values in a row. */
  private void whole(int from, int to, int penalty, String origin) {
    addWhole(readWhole(from, to), penalty, origin);
  }

  /** A region's reading as a sequence: its values, or the reader's refusal (values null). */
  private record Whole(List<Node> values, ParseException error) {}

  /** Reads the region as a sequence of values; null when it is not read at all. */
  private Whole readWhole(int from, int to) {
    int p = from;
    while (p < to && (LenientReader.isSpace(text.charAt(p)) || text.charAt(p) == ','
        || text.charAt(p) == ';')) {
      p++;
    }
    if (p >= to || text.startsWith("```", p)) {
      return null;
    }
    char c = text.charAt(p);
    if (LenientReader.isWordStart(c) && hasBracket(p, to) && !startsWithCall(p, to)) {
      return null; // prose in front of a value: the embedded scan finds the value
    }
    LenientReader r = reader(p, to);
    try {
      return new Whole(r.readSequence(), null);
    } catch (LenientReader.TooDeep e) {
      throw e;
    } catch (ParseException e) {
      return new Whole(null, e);
    } finally {
      done(r);
    }
  }

  private void addWhole(Whole w, int penalty, String origin) {
    if (w == null) {
      return;
    }
    if (w.error != null) {
      if (readerError == null) {
        readerError = w.error;
      }
      return;
    }
    addSequence(w.values, penalty, origin);
  }

  /** Whether two readings found objects and arrays at exactly the same places. */
  private static boolean sameValues(List<Node> whole, List<Node> embedded) {
    if (whole.size() != embedded.size() || whole.isEmpty()) {
      return false;
    }
    for (int i = 0; i < whole.size(); i++) {
      Node a = whole.get(i);
      Node b = embedded.get(i);
      if (a.start != b.start || a.end != b.end || !a.isContainer() || a.kind != b.kind) {
        return false;
      }
    }
    return true;
  }

  private void addSequence(List<Node> values, int penalty, String origin) {
    if (values.isEmpty()) {
      return;
    }
    if (values.size() == 1) {
      add(new Candidate(values.get(0), penalty, origin));
      return;
    }
    List<Node> kept = new ArrayList<>();
    for (Node v : values) {
      if (!(v.isContainer() && v.children.isEmpty())) {
        kept.add(v);
      }
    }
    if (kept.isEmpty()) {
      kept = values;
    }
    if (kept.size() == 1) {
      add(new Candidate(kept.get(0), penalty, origin));
    } else {
      Node all = new Node(Node.Kind.ARRAY, kept.get(0).start);
      all.addAll(kept);
      all.end = kept.get(kept.size() - 1).end;
      all.repair("collected " + kept.size() + " top-level values into an array");
      add(new Candidate(all, penalty, origin));
    }
    for (int i = 0; i < values.size(); i++) {
      if (full()) {
        work.dropped += values.size() - i; // never tried: not built
        break;
      }
      add(new Candidate(values.get(i), penalty + SEVERAL, origin));
    }
  }

  /** Whether {@code p} lies inside one of the (disjoint, ordered) embedded values. */
  private boolean insideEmbeddedValue(int p) {
    int lo = 0;
    int hi = embeddedFound.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Node n = embeddedFound.get(mid);
      if (n.end <= p) {
        lo = mid + 1;
      } else if (n.start >= p) {
        hi = mid - 1;
      } else {
        return n.complete;
      }
    }
    return false;
  }

  /** Every object or array in the region, each read from its opening bracket. */
  private void embedded(int from, int to, int penalty, String origin) {
    List<Node> found = from == 0 && to == text.length() ? embeddedFound : scan(from, to, List.of());
    emitEmbedded(found, from, penalty, origin);
  }

  /**
   * Every object or array in the region, each read from its opening bracket; where one of
   * {@code known} (values already read from the same text, in order) starts at that bracket
   * and was read as the scan would read it, it is taken as it is ({@link #shared} then says so).
   */
  private List<Node> scan(int from, int to, List<Node> known) {
    List<Node> found = new ArrayList<>();
    int p = from;
    int k = 0;
    LenientReader r = null;
    while (p < to) {
      char c = text.charAt(p);
      if (c != '{' && c != '[') {
        p++;
        continue;
      }
      while (k < known.size() && known.get(k).start < p) {
        k++;
      }
      if (k < known.size() && known.get(k).start == p && known.get(k).isContainer()
          && !known.get(k).joined && known.get(k).end > p) {
        Node v = known.get(k++);
        found.add(v);
        shared = true;
        p = v.end;
        continue;
      }
      if (r == null) {
        r = reader(p, to);
      } else {
        work.readers++;
        r.restart(p); // one reader for every value of the scan
      }
      try {
        Node v = r.readValue(LenientReader.Ctx.TOP);
        if (v != null) {
          found.add(v);
        }
        p = Math.max(p + 1, r.position());
      } catch (LenientReader.TooDeep e) {
        throw e;
      } catch (ParseException e) {
        p = Math.max(p + 1, r.position());
      } finally {
        done(r);
      }
    }
    return found;
  }

  private void emitEmbedded(List<Node> found, int from, int penalty, String origin) {
    if (found.isEmpty()) {
      return;
    }
    Candidate collected = null;
    if (found.size() > 1) {
      Node all = new Node(Node.Kind.ARRAY, found.get(0).start);
      all.addAll(found);
      all.end = found.get(found.size() - 1).end;
      all.repair("collected " + found.size() + " values found in the text into an array");
      collected = new Candidate(all, penalty + SEVERAL, origin);
    }
    boolean overflow = out.size() + found.size() >= MAX_CANDIDATES;
    if (overflow && collected != null) {
      add(collected); // more values than the cap: the array of them all is still tried
    }
    for (Node v : found) {
      if (v.start > from) {
        v.repair("ignored text before the value");
      }
      if (full()) {
        work.dropped++;
      } else {
        add(new Candidate(v, penalty, origin));
      }
    }
    if (!overflow && collected != null) {
      add(collected);
    }
  }

  private boolean hasBracket(int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '{' || c == '[') {
        return true;
      }
    }
    return false;
  }

  private boolean startsWithCall(int p, int to) {
    while (p < to && (LenientReader.isWordChar(text.charAt(p)))) {
      p++;
    }
    while (p < to && text.charAt(p) == ' ') {
      p++;
    }
    return p < to && text.charAt(p) == '(';
  }
}
