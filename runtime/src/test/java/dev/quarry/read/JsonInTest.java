package dev.quarry.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.Violation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link JsonIn} with a hand-written reader, as generated code would call it. */
class JsonInTest {
  record Point(int x, String label) {
    Point {
      if (x == 13) {
        throw new IllegalArgumentException("unlucky");
      }
    }
  }

  private static final String[] NAMES = {"x", "label"};

  /** {"x": integer >= 0, "label": string} , x required, no other properties. */
  private static Point point(JsonIn in) {
    in.beginObject("object");
    int x = 0;
    String label = null;
    long seen = 0L;
    String name;
    while ((name = in.nextName()) != null) {
      switch (name) {
        case "x":
          seen = in.once(seen, 1L);
          x = in.int32("integer");
          in.minimum(java.math.BigDecimal.ZERO, "0");
          break;
        case "label":
          seen = in.once(seen, 2L);
          label = in.isNull() ? null : in.string("[string, null]");
          break;
        default:
          in.unknown(name);
      }
    }
    in.required(seen, 1L, NAMES);
    return new Point(x, label);
  }

  private static List<Point> points(JsonIn in) {
    in.beginArray("array");
    List<Point> points = new ArrayList<>();
    while (in.nextElement()) {
      points.add(point(in));
    }
    in.maxItems(2, points.size());
    return points;
  }

  @Test
  void aValidAnswerIsTheValue() {
    Read<Point> read = JsonIn.read(" {\"label\":\"a\",\"x\":5.0} ", JsonInTest::point);
    assertThat(read.valid()).isTrue();
    assertThat(read.value()).isEqualTo(new Point(5, "a"));
  }

  @Test
  void theFirstViolationCarriesNetworkntsPointerAndMessage() {
    assertThat(JsonIn.read("[{\"x\":1},{\"x\":-2}]", JsonInTest::points).violations())
        .containsExactly(new Violation("/1/x", "minimum", "must have a minimum value of 0 (found: -2)"));
    assertThat(JsonIn.read("[{\"x\":1,\"y\":2}]", JsonInTest::points).violations())
        .containsExactly(new Violation("/0", "additionalProperties",
            "property 'y' is not defined in the schema and the schema does not allow additional"
                + " properties"));
    assertThat(JsonIn.read("[{\"label\":\"a\"}]", JsonInTest::points).violations())
        .containsExactly(new Violation("/0", "required", "required property 'x' not found"));
    assertThat(JsonIn.read("[{\"x\":1.5}]", JsonInTest::points).violations())
        .containsExactly(new Violation("/0/x", "type", "number found, integer expected (found: 1.5)"));
    assertThat(JsonIn.read("[{\"x\":1,\"label\":[1,2]}]", JsonInTest::points).violations())
        .containsExactly(new Violation("/0/label", "type",
            "array found, [string, null] expected (found: [1,2])"));
    assertThat(JsonIn.read("[{\"x\":1},{\"x\":1},{\"x\":1}]", JsonInTest::points).violations())
        .containsExactly(new Violation("", "maxItems", "must have at most 2 items but found 3"));
  }

  /** A recursive reader: arrays of arrays. */
  private static Integer depth(JsonIn in) {
    in.beginArray("array");
    int deepest = 0;
    while (in.nextElement()) {
      deepest = Math.max(deepest, depth(in));
    }
    return deepest + 1;
  }

  /** {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}}, as generated. */
  private static List<List<Integer>> grid(JsonIn in) {
    in.beginArray("array");
    int rows = in.items();
    while (in.nextElement()) {
      in.beginArray("array");
      int cells = in.items();
      while (in.nextElement()) {
        in.item(in.int32("integer"));
      }
      in.item(in.list(cells));
    }
    return in.list(rows);
  }

  @Test
  void nestedArraysShareOneItemStackAndEachListGetsExactlyItsOwnItems() {
    StringBuilder long40 = new StringBuilder("[");
    for (int i = 0; i < 40; i++) {
      long40.append(i == 0 ? "" : ",").append(i);
    }
    String answer = "[[1,2],[]," + long40 + "],[7]]";
    List<List<Integer>> grid = JsonIn.read(answer, JsonInTest::grid).value();
    List<Integer> forty = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      forty.add(i);
    }
    assertThat(grid).containsExactly(List.of(1, 2), List.of(), forty, List.of(7));
    grid.get(1).add(3); // the lists are the caller's, as before
    assertThat(grid.get(1)).containsExactly(3);
    assertThat(JsonIn.read("[]", JsonInTest::grid).value()).isEmpty();
  }

  @Test
  void hostileNestingEndsUndecidedNotInAStackOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    Read<Integer> read = JsonIn.read(deep, JsonInTest::depth);
    assertThat(read.undecided()).isTrue();
    assertThat(JsonIn.read("[[[]]]", JsonInTest::depth).value()).isEqualTo(3);
  }

  @Test
  void whatTheReaderCannotDecideIsLeftToTheGeneralPath() {
    for (String answer :
        List.of(
            "{\"x\":1} trailing",
            "{\"x\":1,}",
            "{\"x\":1,\"x\":2}",
            "{\"x\":3000000000}",
            "{\"x\":13}",
            "",
            "{\"x\":1")) {
      Read<Point> read = JsonIn.read(answer, JsonInTest::point);
      assertThat(read.undecided()).as(answer).isTrue();
      assertThat(read.violations()).as(answer).isEmpty();
    }
  }

  /** A record whose constructor reads an answer of its own, as a reader inside a reader would. */
  record Nested(Point outer, Point inner) {}

  private static Nested nested(JsonIn in) {
    Point inner = JsonIn.read("{\"x\":7,\"label\":\"in\"}", JsonInTest::point).value();
    return new Nested(point(in), inner);
  }

  @Test
  void aReadInsideAReadGetsAStateOfItsOwn() {
    Read<Nested> read = JsonIn.read("{\"label\":\"out\",\"x\":3}", JsonInTest::nested);
    assertThat(read.value()).isEqualTo(new Nested(new Point(3, "out"), new Point(7, "in")));
    // and the thread's state is whole again after it
    assertThat(JsonIn.read("[{\"x\":1},{\"x\":-2}]", JsonInTest::points).violations())
        .containsExactly(new Violation("/1/x", "minimum", "must have a minimum value of 0 (found: -2)"));
  }

  /** Items of integers; an item 13 stops the read with a violation, its items still stacked. */
  private static List<Object> stopsAtThirteen(JsonIn in) {
    in.beginArray("array");
    int from = in.items();
    while (in.nextElement()) {
      int value = in.int32("integer");
      in.item(value == 13 ? HELD.get() : value);
      in.maximum(java.math.BigDecimal.valueOf(12), "12");
    }
    return in.list(from);
  }

  private static final ThreadLocal<Object> HELD = new ThreadLocal<>();

  @Test
  void aCallKeepsNothingOfTheLastOnesAnswerOrValues() throws InterruptedException {
    Object value = new Object();
    String answer = new String("[1,2,13,4]".toCharArray());
    java.lang.ref.WeakReference<Object> held = new java.lang.ref.WeakReference<>(value);
    java.lang.ref.WeakReference<String> text = new java.lang.ref.WeakReference<>(answer);
    HELD.set(value);
    assertThat(JsonIn.read(answer, JsonInTest::stopsAtThirteen).violations())
        .containsExactly(new Violation("/2", "maximum", "must have a maximum value of 12 (found: 13)"));
    HELD.remove();
    value = null;
    answer = null;
    for (int i = 0; i < 50 && (held.get() != null || text.get() != null); i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(held.get()).as("an item of the stopped read").isNull();
    assertThat(text.get()).as("the answer").isNull();
    // the next call on this thread gets exactly its own items
    assertThat(JsonIn.read("[5,6]", JsonInTest::stopsAtThirteen).value()).containsExactly(5, 6);
  }

  @Test
  void threadsReadAtOnceEachWithItsOwnState() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Boolean>> runs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int label = t;
        runs.add(pool.submit(() -> {
          for (int i = 0; i < 2_000; i++) {
            String answer = "[{\"x\":" + i + ",\"label\":\"" + label + "\"},{\"x\":" + label + "}]";
            Read<List<Point>> read = JsonIn.read(answer, JsonInTest::points);
            boolean right = i == 13
                ? read.undecided()
                : read.value().equals(
                    List.of(new Point(i, String.valueOf(label)), new Point(label, null)));
            if (!right) {
              return false;
            }
          }
          return true;
        }));
      }
      for (java.util.concurrent.Future<Boolean> run : runs) {
        assertThat(run.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
