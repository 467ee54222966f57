package dev.quarry.testing;

import dev.quarry.Mode;
import dev.quarry.spi.ExtractMethod;
import java.util.List;
import java.util.stream.IntStream;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * The batch tests' method and model: {@link #DOC} reads a document's title and page count; {@link
 * #answer} answers as a model would, except that document 2's first answer breaks {@link Doc}'s
 * Java check (so it is re-asked).
 */
public final class BatchDocs {
  private BatchDocs() {}

  /** What the method returns; a negative page count breaks its check. */
  public record Doc(String title, int pages) {
    public Doc {
      if (pages < 0) {
        throw new IllegalArgumentException("pages must be >= 0, got " + pages);
      }
    }
  }

  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"title\":{\"type\":"
      + "\"string\"},\"pages\":{\"type\":\"integer\"}},\"required\":[\"title\",\"pages\"],"
      + "\"additionalProperties\":false}";

  public static final ExtractMethod<Doc> DOC =
      ExtractMethod.builder(BatchDocs.class, "doc", new TypeReference<Doc>() {})
          .toolName("Doc")
          .system("You read the title and page count of a document.")
          .schema(SCHEMA)
          .strictSchema(SCHEMA)
          .mode(Mode.JSON_SCHEMA)
          .build();

  /** {@code n} documents: "Document i has i+1 pages." */
  public static List<String> docs(int n) {
    return IntStream.range(0, n).mapToObj(i -> "Document " + i + " has " + (i + 1) + " pages.").toList();
  }

  /** The model's answer to a chat completion (or Responses API) request body. */
  public static String answer(String customId, JsonNode body) {
    JsonNode messages = body.has("messages") ? body.path("messages") : body.path("input");
    String user = null;
    int users = 0;
    for (JsonNode message : messages) {
      if (message.path("role").asString().equals("user")) {
        users++;
        if (user == null) {
          JsonNode content = message.path("content");
          user = content.isString() ? content.asString() : content.path(0).path("text").asString();
        }
      }
    }
    int number = Integer.parseInt(user.replaceAll("\\D+", " ").trim().split(" ")[0]);
    boolean reask = users > 1 || messages.size() > 2 && body.has("messages");
    int pages = number == 2 && !reask ? -1 : number + 1;
    return "{\"title\":\"Document " + number + "\",\"pages\":" + pages + "}";
  }
}
