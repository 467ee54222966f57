package dev.quarry.validate;

import dev.quarry.Violation;
import java.util.List;

/**
 * The default texts Quarry adds to a conversation. Each can be replaced on {@link
 * dev.quarry.Quarry.Builder}; all of them are visible in {@link dev.quarry.Extraction.Attempt#messages()}.
 */
public final class Feedback {
  private Feedback() {}

  /**
   * The re-ask message: every violation of the previous answer, each with its JSON pointer, and a
   * request for the whole corrected answer.
   */
  public static String reask(List<Violation> violations) {
    StringBuilder text = new StringBuilder();
    text.append(violations.size() == 1 ? "Your answer has 1 problem" : "Your answer has " + violations.size() + " problems")
        .append(". Fix ")
        .append(violations.size() == 1 ? "it" : "all of them")
        .append(" and answer again with the complete corrected result:\n");
    for (Violation violation : violations) {
      text.append("- ").append(violation).append('\n');
    }
    return text.toString().stripTrailing();
  }

  /**
   * The instruction of the prompt-based modes ({@code JSON}, {@code MD_JSON}): the schema, and
   * for {@code MD_JSON} where to put the answer.
   */
  public static String schemaInstruction(String schema, boolean fenced) {
    return "Answer with a JSON value that conforms to this JSON schema:\n"
        + schema
        + (fenced
            ? "\nWrite the JSON in a ```json fenced code block and nothing else."
            : "\nAnswer with the JSON only.");
  }
}
