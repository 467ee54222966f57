package dev.quarry.samples.batch;

import dev.quarry.LlmExtract;
import dev.quarry.Prompt;

/** Reads short internal memos. */
@LlmExtract(system = "You read internal memos. Never invent values.")
public interface MemoReader {
  @Prompt("Read the memo's number, subject and cost in euros.\n\n{{text}}")
  Memo read(String text);
}
