package dev.quarry.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.parse.IncrementalJsonParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class IncrementalJsonParserTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static List<String> snapshots(IncrementalJsonParser parser, String text) {
    List<String> snapshots = new ArrayList<>();
    for (int i = 0; i < text.length(); i++) {
      long before = parser.version();
      parser.feed(text.substring(i, i + 1));
      if (parser.version() != before && parser.snapshot() != null) {
        snapshots.add(parser.snapshot().toString());
      }
    }
    return snapshots;
  }

  @Test
  void fieldsFillInAndNumbersAppearWhole() {
    List<String> snapshots = snapshots(IncrementalJsonParser.create(), "{\"name\": \"Ada\", \"age\": 36}");
    assertThat(snapshots).containsExactly(
        "{}", "{\"name\":\"\"}", "{\"name\":\"A\"}", "{\"name\":\"Ad\"}", "{\"name\":\"Ada\"}",
        "{\"name\":\"Ada\"}", "{\"name\":\"Ada\",\"age\":36}");
  }

  @Test
  void enumStringsAppearOnlyWhole() {
    JsonNode schema = JSON.readTree("{\"type\":\"object\",\"properties\":{\"unit\":{\"$ref\":\"#/$defs/Unit\"},"
        + "\"note\":{\"type\":\"string\"}},\"$defs\":{\"Unit\":{\"enum\":[\"celsius\",\"fahrenheit\"]}}}");
    List<String> snapshots =
        snapshots(IncrementalJsonParser.forSchema(schema), "{\"unit\": \"celsius\", \"note\": \"ok\"}");
    assertThat(snapshots).noneMatch(s -> s.contains("\"cel\""));
    assertThat(snapshots).contains("{\"unit\":\"celsius\"}", "{\"unit\":\"celsius\",\"note\":\"o\"}");
  }

  @Test
  void proseFencesAndBracketsBeforeTheValueAreSkipped() {
    IncrementalJsonParser parser = IncrementalJsonParser.create();
    parser.feed("Sure [see below]! Here it is:\n```json\n{\"a\": [1, 2,], \"b\": \"}{\",}\n```\nDone {x}.");
    assertThat(parser.isComplete()).isTrue();
    assertThat(parser.value()).isEqualTo(JSON.readTree("{\"a\":[1,2],\"b\":\"}{\"}"));
  }

  @Test
  void escapesSplitAcrossChunks() {
    IncrementalJsonParser parser = IncrementalJsonParser.create();
    for (String chunk : List.of("{\"s\": \"a\\", "u00", "e9\\", "\"b\\ud83d", "\\ude00\"}")) {
      parser.feed(chunk);
    }
    assertThat(parser.value().get("s").stringValue()).isEqualTo("aé\"b😀");
  }

  /**
   * The linear-time claim, by counting: 100 KB fed in 10-character chunks costs the parser at
   * most twice the characters, where re-parsing every prefix (instructor's way) would examine
   * about n²/20 = 500 million.
   */
  @Test
  void aHundredKilobytesInTenCharacterChunksIsLinearWork() {
    StringBuilder json = new StringBuilder("{\"value\": [");
    for (int i = 0; json.length() < 100_000; i++) {
      json.append(i == 0 ? "" : ", ").append("{\"name\": \"person ").append(i)
          .append(" {with} [brackets]\", \"age\": ").append(i % 90).append(", \"tags\": [\"a\", \"b\"]}");
    }
    json.append("]}");
    String text = json.toString();
    List<Integer> indexes = new ArrayList<>();
    IncrementalJsonParser parser =
        IncrementalJsonParser.create("/value", null, (index, element) -> indexes.add(index));
    long quadratic = 0;
    for (int at = 0; at < text.length(); at += 10) {
      parser.feed(text.substring(at, Math.min(text.length(), at + 10)));
      quadratic += Math.min(text.length(), at + 10);
    }
    assertThat(parser.value()).isEqualTo(JSON.readTree(text));
    assertThat(parser.consumed()).isEqualTo(text.length());
    assertThat(parser.work()).isLessThanOrEqualTo(2L * text.length());
    assertThat(quadratic).isGreaterThan(200L * parser.work());
    assertThat(indexes).hasSize(parser.value().get("value").size());
  }

  @Test
  void snapshotsStayFrequentForShortAnswersAndFewForLongOnes() {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < 2_000; i++) {
      json.append(i == 0 ? "" : ",").append("{\"name\":\"item ").append(i).append("\",\"n\":").append(i).append('}');
    }
    String text = json.append(']').toString();
    IncrementalJsonParser parser = IncrementalJsonParser.create();
    int chunks = 0;
    int snapshots = 0;
    int early = 0;
    for (int i = 0; i < text.length(); i += 10) {
      parser.feed(text.substring(i, Math.min(text.length(), i + 10)));
      chunks++;
      if (parser.snapshotIfDue() != null) {
        snapshots++;
        if (i < 300) {
          early++;
        }
      }
    }
    assertThat(early).as("while the answer is short, every chunk that changes it").isGreaterThan(20);
    assertThat(snapshots).as("of " + chunks + " chunks").isLessThan(chunks / 10).isGreaterThan(100);
    assertThat(parser.value().size()).isEqualTo(2_000);
  }
}
