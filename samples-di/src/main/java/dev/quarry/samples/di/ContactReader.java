package dev.quarry.samples.di;

import dev.quarry.LlmExtract;
import dev.quarry.Prompt;

/**
 * Reads contact details. Compiled with jakarta.inject on the class path, so the generated {@code
 * ContactReaderImpl} is a {@code @Singleton} with an {@code @Inject} constructor taking {@code
 * Quarry}: Dagger, Guice, CDI and Micronaut can construct it.
 */
@LlmExtract(system = "You extract contact details. Never invent values.", model = "gpt-4o-mini")
public interface ContactReader {
  @Prompt("Extract the contact from this signature:\n\n{{text}}")
  Contact read(String text);
}
