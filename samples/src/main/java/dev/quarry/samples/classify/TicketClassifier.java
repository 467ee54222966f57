package dev.quarry.samples.classify;

import dev.quarry.Extraction;
import dev.quarry.LlmExtract;
import dev.quarry.Prompt;

/** Routes support tickets. */
@LlmExtract(system = "You route customer support tickets to the right team.")
public interface TicketClassifier {
  @Prompt("Classify this support ticket.\n\nSubject: {{subject}}\n\n{{body}}")
  Extraction<Classification> classify(String subject, String body);
}
