package dev.quarry.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.spi.Mapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link ReplyShape}'s scanner against Jackson's {@code readTree} on random replies: what it keeps
 * is exactly the named parts of Jackson's tree (node types, values and order), it gives up only
 * where the shape does not fit, and it never keeps anything from a body Jackson refuses.
 */
class ReplyShapeProperties {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String[] PATHS = {
    "model", "choices/0/message/content", "choices/0/message/args", "items/*/type", "usage/n"
  };
  private static final ReplyShape SHAPE = ReplyShape.of(PATHS);
  private static final Map<String, Object> SPEC = spec(PATHS);

  @Property(tries = 1000)
  void whatItKeepsIsWhatReadTreeBuildsOfTheNamedParts(
      @ForAll("replies") ObjectNode reply, @ForAll @IntRange(max = 2) int style) {
    String body = write(reply, style);
    JsonNode whole = Wire.parseOrNull(body); // its writer escapes lone surrogates it then refuses
    JsonNode expected = whole == null ? null : project(whole, SPEC);

    JsonNode kept = SHAPE.read(body);

    if (expected == null) {
      assertThat(kept).as("the shape does not fit %s", body).isNull();
    } else {
      assertThat(kept).as(body).isEqualTo(expected);
      assertThat(kept.toString()).as("the order of what is kept").isEqualTo(expected.toString());
    }
  }

  @Property(tries = 3000)
  void keepsNothingFromABodyJacksonRefuses(
      @ForAll("replies") ObjectNode reply,
      @ForAll @IntRange(max = 2) int style,
      @ForAll @IntRange(max = 3) int damage,
      @ForAll @IntRange(max = 100_000) int where,
      @ForAll("junk") String junk) {
    String body = write(reply, style);
    int at = where % (body.length() + 1);
    String mangled = switch (damage) {
      case 0 -> body.substring(0, at);
      case 1 -> body.substring(0, at) + junk + body.substring(at);
      case 2 -> at < body.length() ? body.substring(0, at) + body.substring(at + 1) : body + junk;
      default -> body.substring(0, at) + junk + body.substring(Math.min(body.length(), at + 1));
    };
    JsonNode whole = Wire.parseOrNull(mangled);

    JsonNode kept = SHAPE.read(mangled);

    if (whole == null || !whole.isObject()) {
      assertThat(kept).as("Jackson refuses %s", mangled).isNull();
    } else if (kept != null) {
      assertThat(kept).as(mangled).isEqualTo(project(whole, SPEC));
    }
  }

  @Provide
  Arbitrary<String> junk() {
    return Arbitraries.of(
        "\"", "\\", ",", ":", "{", "}", "[", "]", "0", "-", "e", ".", "x", "\u0001", "/", "t",
        " ", "01", "1.", "\\u12", "\\x", "nul", "1e", ",}", "NaN", "\t", "\ufeff");
  }

  @Provide
  Arbitrary<ObjectNode> replies() {
    Arbitrary<JsonNode> any = JsonTrees.trees(3, true);
    Arbitrary<Map<String, JsonNode>> extra = Arbitraries.maps(JsonTrees.texts(), any).ofMaxSize(3);
    Arbitrary<JsonNode> message = Arbitraries.oneOf(any,
        Combinators.combine(any, any, extra).as((content, args, more) -> {
          ObjectNode m = F.objectNode();
          more.forEach(m::set);
          m.set("content", content);
          m.set("args", args);
          return m;
        }));
    Arbitrary<JsonNode> choice = Combinators.combine(message, extra).as((m, more) -> {
      ObjectNode c = F.objectNode();
      c.set("message", m);
      more.forEach(c::set);
      return c;
    });
    Arbitrary<JsonNode> choices = Arbitraries.oneOf(any, choice.list().ofMaxSize(3).map(list -> {
      ArrayNode a = F.arrayNode();
      list.forEach(a::add);
      return a;
    }));
    Arbitrary<JsonNode> item = Arbitraries.oneOf(any, Combinators.combine(any, extra).as((t, more) -> {
      ObjectNode i = F.objectNode();
      more.forEach(i::set);
      i.set("type", t);
      return i;
    }));
    Arbitrary<JsonNode> items = Arbitraries.oneOf(any, item.list().ofMaxSize(4).map(list -> {
      ArrayNode a = F.arrayNode();
      list.forEach(a::add);
      return a;
    }));
    Arbitrary<JsonNode> usage = Combinators.combine(any, extra).as((n, more) -> {
      ObjectNode u = F.objectNode();
      u.set("n", n);
      more.forEach(u::set);
      return u;
    });
    return Combinators.combine(any, choices, items, usage, extra, extra)
        .as((model, cs, is, u, before, after) -> {
          ObjectNode reply = F.objectNode();
          before.forEach(reply::set);
          reply.set("model", model);
          reply.set("choices", cs);
          reply.set("items", is);
          reply.set("usage", u);
          after.forEach(reply::set);
          return reply;
        });
  }

  /** Compact, pretty (white space everywhere), or with every non-ASCII character escaped. */
  private static String write(JsonNode reply, int style) {
    return switch (style) {
      case 0 -> Mapper.JSON.writeValueAsString(reply);
      case 1 -> Mapper.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(reply);
      default -> Mapper.JSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII)
          .writeValueAsString(reply);
    };
  }

  /** The paths as a tree of names: an empty map keeps the value whole. */
  private static Map<String, Object> spec(String... paths) {
    Map<String, Object> root = new LinkedHashMap<>();
    for (String path : paths) {
      Map<String, Object> level = root;
      for (String name : path.split("/")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> next =
            (Map<String, Object>) level.computeIfAbsent(name, n -> new LinkedHashMap<>());
        level = next;
      }
    }
    return root;
  }

  /** The named parts of a whole tree, as the shape keeps them; null where the shape cannot fit. */
  @SuppressWarnings("unchecked")
  private static JsonNode project(JsonNode node, Map<String, Object> spec) {
    if (spec.isEmpty()) {
      return node;
    }
    boolean elements = spec.containsKey("0") || spec.containsKey("*");
    if (node.isObject()) {
      if (elements) {
        return null;
      }
      ObjectNode out = F.objectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        Object sub = spec.get(e.getKey());
        if (sub != null) {
          JsonNode part = project(e.getValue(), (Map<String, Object>) sub);
          if (part == null) {
            return null;
          }
          out.set(e.getKey(), part);
        }
      }
      return out;
    }
    if (node.isArray()) {
      if (!elements) {
        return null;
      }
      boolean first = spec.containsKey("0");
      Map<String, Object> sub = (Map<String, Object>) spec.get(first ? "0" : "*");
      ArrayNode out = F.arrayNode();
      for (JsonNode item : List.copyOf(node.valueStream().toList())) {
        JsonNode part = project(item, sub);
        if (part == null) {
          return null;
        }
        out.add(part);
        if (first) {
          break;
        }
      }
      return out;
    }
    return node;
  }
}
