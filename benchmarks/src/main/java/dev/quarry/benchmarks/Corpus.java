package dev.quarry.benchmarks;

import dev.quarry.parse.ParseException;
import dev.quarry.parse.SchemaAlignedParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The development corpus of real model-output quirks, {@code testdata/corpus/parsing-dev.jsonl}
 * in the repository.
 *
 * <p>Found at the path in the system property {@code quarry.corpus} (the file), else under
 * {@code quarry.testdata} (the testdata/ folder), else as {@code testdata/corpus/parsing-dev.jsonl}
 * in the working directory or any folder above it (so running from anywhere in the checkout needs
 * no setting). JMH forks inherit the working
 * directory but not {@code -D} settings: pass those with {@code -jvmArgsAppend}.
 */
final class Corpus {
  private Corpus() {}

  record Case(String id, String source, String raw, JsonNode schema, boolean partial) {}

  static final JsonMapper STRICT = JsonMapper.builder().build();

  /** Jackson with every leniency it has switched on. */
  static final JsonMapper LENIENT = lenient();

  private static JsonMapper lenient() {
    JsonMapper.Builder b = JsonMapper.builder();
    for (JsonReadFeature f : JsonReadFeature.values()) {
      if (f.name().startsWith("ALLOW_")) {
        b.enable(f); // comments (// /* # ), single quotes, unquoted names, trailing commas,
        // missing values, NaN/Infinity, leading zeros / plus / decimal point, control chars...
      }
    }
    b.disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    return b.build();
  }

  static Path locate() {
    String file = System.getProperty("quarry.corpus");
    if (file != null) {
      return Path.of(file);
    }
    String testdata = System.getProperty("quarry.testdata");
    if (testdata != null) {
      return Path.of(testdata, "corpus", "parsing-dev.jsonl");
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path p = dir.resolve("testdata").resolve("corpus").resolve("parsing-dev.jsonl");
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IllegalStateException("testdata/corpus/parsing-dev.jsonl not found above "
        + Path.of("").toAbsolutePath() + "; set -Dquarry.corpus=/path/to/parsing-dev.jsonl");
  }

  static List<Case> load() {
    Path path = locate();
    List<Case> cases = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode c = STRICT.readTree(line);
        JsonNode schema = c.get("schema");
        cases.add(new Case(c.get("id").asString(), c.get("source").asString(),
            c.get("raw").asString(), schema == null || schema.isNull() ? null : schema,
            "baml_partial_streaming".equals(c.path("file").asString())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cases;
  }

  /** Quarry on one case: the value, or the exception when it honestly refuses. */
  static Object quarry(Case c) {
    SchemaAlignedParser p = SchemaAlignedParser.lenient();
    try {
      return c.partial() ? p.parsePartial(c.raw(), c.schema()) : p.parse(c.raw(), c.schema());
    } catch (ParseException e) {
      return e;
    }
  }

  /** Jackson on one case: the tree, or null when it cannot read the text at all. */
  static JsonNode jackson(JsonMapper mapper, String raw) {
    try {
      return mapper.readTree(raw);
    } catch (JacksonException e) {
      return null;
    }
  }

  static List<Case> readableBy(JsonMapper mapper, List<Case> cases) {
    List<Case> out = new ArrayList<>();
    for (Case c : cases) {
      JsonNode n = jackson(mapper, c.raw());
      if (n != null && !n.isMissingNode()) {
        out.add(c);
      }
    }
    return out;
  }
}
