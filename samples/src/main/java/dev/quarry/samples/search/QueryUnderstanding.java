package dev.quarry.samples.search;

import dev.quarry.Extraction;
import dev.quarry.LlmExtract;
import dev.quarry.Prompt;
import java.time.LocalDate;

/** Turns a user's question into a typed search request, with relative dates resolved. */
@LlmExtract(system = "You turn questions into search requests for a document index. Resolve"
    + " relative dates (\"last week\", \"in March\") against today's date. A week runs from"
    + " Monday to Sunday.")
public interface QueryUnderstanding {
  @Prompt("Today is {{today}}, a {{today.dayOfWeek}}.\n\nQuestion: {{question}}")
  Extraction<SearchRequest> understand(String question, LocalDate today);
}
