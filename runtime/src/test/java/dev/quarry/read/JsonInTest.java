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
}
