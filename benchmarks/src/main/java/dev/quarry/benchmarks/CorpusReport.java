package dev.quarry.benchmarks;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * How many corpus cases each reader can read at all, and how many it reads to the expected
 * value: {@code java -cp benchmarks/target/benchmarks.jar dev.quarry.benchmarks.CorpusReport}.
 */
public final class CorpusReport {
  private CorpusReport() {}

  public static void main(String[] args) {
    List<Corpus.Case> all = Corpus.load();
    Map<String, JsonNode> expected = expected();
    Map<String, int[]> rows = new TreeMap<>();
    for (Corpus.Case c : all) {
      JsonNode want = expected.get(c.id());
      count(rows, "jackson strict", c, Corpus.jackson(Corpus.STRICT, c.raw()), want);
      count(rows, "jackson lenient", c, Corpus.jackson(Corpus.LENIENT, c.raw()), want);
      Object q = Corpus.quarry(c);
      count(rows, "quarry lenient", c, q instanceof JsonNode n ? n : null, want);
    }
    System.out.printf("corpus %s: %d cases%n", Corpus.locate(), all.size());
    System.out.printf("%-16s %8s %22s%n", "reader", "reads", "reads to the expected value");
    rows.forEach((k, v) -> System.out.printf("%-16s %8d %22d%n", k, v[0], v[1]));
    System.out.println("(a case that expects a failure counts as read to the expected value"
        + " when the reader reads nothing)");
  }

  private static void count(Map<String, int[]> rows, String reader, Corpus.Case c, JsonNode got,
      JsonNode want) {
    int[] r = rows.computeIfAbsent(reader, k -> new int[2]);
    boolean read = got != null && !got.isMissingNode();
    if (read) {
      r[0]++;
    }
    if (want == null ? !read : read && same(want, got)) {
      r[1]++;
    }
  }

  /** Expected values by id; null for cases that expect a failure or no value. */
  private static Map<String, JsonNode> expected() {
    Map<String, JsonNode> out = new TreeMap<>();
    try {
      for (String line : java.nio.file.Files.readAllLines(Corpus.locate())) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode c = Corpus.STRICT.readTree(line);
        boolean none = c.path("expect_failure").asBoolean();
        for (JsonNode t : c.path("tags")) {
          none |= t.asString().equals("empty_string_result");
        }
        out.put(c.get("id").asString(), none ? null : c.get("expected"));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  static boolean same(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return new BigDecimal(a.asString()).compareTo(new BigDecimal(b.asString())) == 0;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> e : a.properties()) {
        JsonNode other = b.get(e.getKey());
        if (other == null || !same(e.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      Iterator<JsonNode> x = a.iterator();
      Iterator<JsonNode> y = b.iterator();
      while (x.hasNext()) {
        if (!same(x.next(), y.next())) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }
}
