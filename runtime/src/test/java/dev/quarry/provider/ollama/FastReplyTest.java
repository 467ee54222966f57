package dev.quarry.provider.ollama;

import static dev.quarry.provider.FastReplies.assertSameReply;
import static dev.quarry.provider.FastReplies.files;
import static dev.quarry.provider.FastReplies.ok;
import static dev.quarry.provider.FastReplies.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ollama's recorded replies read the same through the streaming reader as the tree. */
class FastReplyTest {
  private final OllamaProvider ollama = OllamaProvider.ollama();

  @Test
  void recordedRepliesReadTheSameOnBothPaths() {
    int fast = 0;
    for (Path file : files(Path.of("src/test/resources/ollama"), ".response.json")) {
      String body = read(file);
      assertThat(OllamaProvider.SHAPE.read(body)).as(file + " takes the fast path").isNotNull();
      assertSameReply(file.toString(), ollama, ollama::reply, ok(body));
      fast++;
    }
    assertThat(fast).isGreaterThanOrEqualTo(5);
  }

  @Test
  void oddRepliesGiveTheSameOutcomeOnBothPaths() {
    for (Path file : files(Path.of("src/test/resources/ollama"), ".json")) {
      assertSameReply(file.toString(), ollama, ollama::reply, ok(read(file)));
    }
    for (String body : List.of("{\"error\":\"model not found\"}", "{\"message\":\"text\"}",
        "{\"message\":{\"tool_calls\":[{\"function\":{\"name\":\"f\",\"arguments\":"
            + "{\"a\":1.25}}}]},\"eval_count\":3.5}", "{}", "")) {
      assertSameReply(body, ollama, ollama::reply, ok(body));
    }
  }
}
