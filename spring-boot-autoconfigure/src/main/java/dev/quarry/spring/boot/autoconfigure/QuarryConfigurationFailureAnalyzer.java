package dev.quarry.spring.boot.autoconfigure;

import dev.quarry.ConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a Quarry {@link ConfigurationException} at start-up (no API key, an unknown provider, a
 * mode the provider lacks, a missing generated class) into Spring Boot's "APPLICATION FAILED TO
 * START" report, with Quarry's message and the {@code quarry.*} properties that fix it.
 */
class QuarryConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ConfigurationException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
    return new FailureAnalysis(
        "Quarry could not be configured: " + cause.getMessage(),
        "Check the quarry.* properties (quarry.provider, quarry.model, quarry.api-key,"
            + " quarry.base-url, quarry.mode), or the provider's environment variable for its"
            + " API key, such as OPENAI_API_KEY or ANTHROPIC_API_KEY.",
        cause);
  }
}
