package dev.quarry.samples.graph;

import dev.quarry.Extraction;
import dev.quarry.LlmExtract;
import dev.quarry.Prompt;

/** Turns prose into a knowledge graph. */
@LlmExtract(system = "You build knowledge graphs from text. Only state relations the text states.")
public interface GraphExtractor {
  @Prompt("Extract the people, organisations, places and things in the text below, and the"
      + " relations between them.\n\n{{text}}")
  Extraction<KnowledgeGraph> extract(String text);
}
