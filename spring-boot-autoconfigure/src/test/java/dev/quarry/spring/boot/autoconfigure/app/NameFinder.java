package dev.quarry.spring.boot.autoconfigure.app;

import dev.quarry.LlmExtract;
import dev.quarry.Prompt;

@LlmExtract(model = "gpt-4o-mini")
public interface NameFinder {
  @Prompt("Who signed this? {{text}}")
  PersonName signer(String text);
}
