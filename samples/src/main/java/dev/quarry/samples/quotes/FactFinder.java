package dev.quarry.samples.quotes;

import dev.quarry.Extraction;
import dev.quarry.LlmExtract;
import dev.quarry.Prompt;

/** Finds facts and cites them; Quarry checks every citation against the text. */
@LlmExtract(system = "You find the facts a text states and cite each one exactly.")
public interface FactFinder {
  @Prompt("List the facts the text states about the company, each with the passage that states"
      + " it, copied word for word.\n\n{{text}}")
  Extraction<Facts> facts(String text);
}
