package dev.quarry.benchmarks;

import java.util.Random;

/**
 * Valid JSON documents of three sizes with their schemas, generated deterministically (fixed
 * seed) so that every run measures the same bytes.
 */
public final class Documents {
  private Documents() {}

  public record Document(String json, String schema) {}

  public static Document of(String name) {
    switch (name) {
      case "small":
        return new Document(small(new Random(1)), PERSON_SCHEMA);
      case "medium":
        return new Document(medium(new Random(2)), CUSTOMER_SCHEMA);
      case "large":
        return new Document(large(new Random(4), 5), REGION_SCHEMA);
      case "list100":
        return new Document(list(new Random(3), 100), LIST_SCHEMA);
      default:
        throw new IllegalArgumentException("unknown document " + name);
    }
  }

  static final String PERSON_SCHEMA = "{\"type\":\"object\",\"properties\":{"
      + "\"name\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\"},"
      + "\"email\":{\"type\":\"string\"},\"active\":{\"type\":\"boolean\"}},"
      + "\"required\":[\"name\",\"age\",\"email\",\"active\"],\"additionalProperties\":false}";

  static final String ITEM_SCHEMA = "{\"type\":\"object\",\"properties\":{"
      + "\"id\":{\"type\":\"integer\"},\"title\":{\"type\":\"string\"},"
      + "\"price\":{\"type\":\"number\"},\"inStock\":{\"type\":\"boolean\"},"
      + "\"category\":{\"enum\":[\"BOOK\",\"MUSIC\",\"GAME\",\"TOOL\"]},"
      + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
      + "\"required\":[\"id\",\"title\",\"price\",\"inStock\",\"category\",\"tags\"],"
      + "\"additionalProperties\":false}";

  static final String CUSTOMER_SCHEMA = "{\"type\":\"object\",\"properties\":{"
      + "\"person\":" + PERSON_SCHEMA + ","
      + "\"address\":{\"type\":\"object\",\"properties\":{\"street\":{\"type\":\"string\"},"
      + "\"city\":{\"type\":\"string\"},\"zip\":{\"type\":\"string\"},"
      + "\"country\":{\"type\":\"string\"}},\"required\":[\"street\",\"city\",\"zip\",\"country\"]},"
      + "\"notes\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"null\"}]},"
      + "\"orders\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
      + "\"number\":{\"type\":\"string\"},\"total\":{\"type\":\"number\"},"
      + "\"items\":{\"type\":\"array\",\"items\":" + ITEM_SCHEMA + "}},"
      + "\"required\":[\"number\",\"total\",\"items\"]}}},"
      + "\"required\":[\"person\",\"address\",\"orders\"]}";

  static final String REGION_SCHEMA = "{\"type\":\"object\",\"properties\":{"
      + "\"name\":{\"type\":\"string\"},"
      + "\"customers\":{\"type\":\"array\",\"items\":" + CUSTOMER_SCHEMA + "}},"
      + "\"required\":[\"name\",\"customers\"]}";

  static final String LIST_SCHEMA = "{\"type\":\"array\",\"items\":" + ITEM_SCHEMA + "}";

  private static final String[] WORDS = {"alpha", "river", "stone", "quiet", "amber", "north",
      "lumen", "cobalt", "harbor", "maple", "signal", "tundra", "velvet", "willow", "zephyr"};

  private static String words(Random r, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(WORDS[r.nextInt(WORDS.length)]);
    }
    return b.toString();
  }

  static String small(Random r) {
    return "{\"name\":\"" + words(r, 2) + "\",\"age\":" + (18 + r.nextInt(60)) + ",\"email\":\""
        + WORDS[r.nextInt(WORDS.length)] + "@example.com\",\"active\":" + r.nextBoolean() + "}";
  }

  static String item(Random r, int id) {
    StringBuilder b = new StringBuilder();
    b.append("{\"id\":").append(id).append(",\"title\":\"").append(words(r, 4))
        .append("\",\"price\":").append(r.nextInt(10_000) / 100.0)
        .append(",\"inStock\":").append(r.nextBoolean())
        .append(",\"category\":\"").append(new String[] {"BOOK", "MUSIC", "GAME", "TOOL"}[r.nextInt(4)])
        .append("\",\"tags\":[");
    int tags = 1 + r.nextInt(4);
    for (int t = 0; t < tags; t++) {
      b.append(t > 0 ? "," : "").append('"').append(words(r, 1)).append('"');
    }
    return b.append("]}").toString();
  }

  static String medium(Random r) {
    StringBuilder b = new StringBuilder();
    b.append("{\"person\":").append(small(r))
        .append(",\"address\":{\"street\":\"").append(r.nextInt(200)).append(' ')
        .append(words(r, 2)).append(" Road\",\"city\":\"").append(words(r, 1))
        .append("\",\"zip\":\"").append(10000 + r.nextInt(89999))
        .append("\",\"country\":\"NZ\"},\"notes\":\"").append(words(r, 12))
        .append("\",\"orders\":[");
    for (int o = 0; o < 3; o++) {
      b.append(o > 0 ? "," : "").append("{\"number\":\"A-").append(1000 + o)
          .append("\",\"total\":").append(r.nextInt(100_000) / 100.0).append(",\"items\":[");
      for (int i = 0; i < 3; i++) {
        b.append(i > 0 ? "," : "").append(item(r, o * 10 + i));
      }
      b.append("]}");
    }
    return b.append("]}").toString();
  }

  /** A region of {@code n} customers as {@link #medium}: the large nested record. */
  static String large(Random r, int n) {
    StringBuilder b = new StringBuilder("{\"name\":\"").append(words(r, 2)).append("\",\"customers\":[");
    for (int i = 0; i < n; i++) {
      b.append(i > 0 ? "," : "").append(medium(r));
    }
    return b.append("]}").toString();
  }

  static String list(Random r, int n) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      b.append(i > 0 ? "," : "").append(item(r, i));
    }
    return b.append(']').toString();
  }
}
