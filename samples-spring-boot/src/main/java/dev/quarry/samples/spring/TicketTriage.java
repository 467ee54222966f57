package dev.quarry.samples.spring;

import dev.quarry.LlmExtract;
import dev.quarry.Prompt;

/**
 * The generated {@code TicketTriageImpl} becomes a bean through Quarry's Spring Boot
 * auto-configuration, because this interface is in the application's package.
 */
@LlmExtract(system = "You triage customer support messages for a SaaS company.")
public interface TicketTriage {
  @Prompt("Triage this message:\n\n{{message}}")
  Triage triage(String message);
}
