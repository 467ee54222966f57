package dev.quarry.samples.review;

import dev.quarry.Extraction;
import dev.quarry.LlmExtract;
import dev.quarry.Prompt;

/** Summarises a text. */
@LlmExtract(system = "You summarise texts faithfully.")
public interface Summarizer {
  @Prompt("Summarise the incident report below in two sentences.\n\n{{text}}")
  Extraction<Summary> summarize(String text);
}
